/**
 * A request checker built from official OpenAPI 3 documents: every request a fake server gets is
 * matched to an operation (method + path template) and its query parameters and JSON body are
 * validated against the operation's schemas. Fakes answer violations with 400 and record them,
 * so a test that sends something the real API would not accept fails.
 *
 * Pragmatic choices, because the published specs are generated and have quirks:
 * - Ajv runs with `strict: false` (OpenAPI keywords such as `example`, `discriminator`, `xml`
 *   are ignored) and understands `nullable`; `readOnly` is an annotation only.
 * - Array query parameters accept both `a,b` (what Atlassian clients send) and repeated keys.
 * - A query parameter declared `type: object` without properties (the Jira Software spec says
 *   this of `state` and `type`, whose real values are strings) is accepted as a plain string.
 * - Responses are not validated: the specs' response schemas contradict their own examples.
 *
 * Documents are parsed once per process and validators compiled once per operation.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';

export interface CheckedRequest {
  method: string;
  /** The path without the query string, already percent-decoded per segment by the caller or not: both work. */
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body, or undefined when the request had none. */
  body?: unknown;
  /** Set when the body could not be parsed as JSON. */
  bodyParseError?: string;
  contentType?: string;
}

export interface MatchedOperation {
  documentId: string;
  template: string;
  method: string;
  operationId?: string;
  pathParams: Record<string, string>;
}

export interface CheckResult {
  operation: MatchedOperation | null;
  violations: string[];
}

export interface OpenApiChecker {
  check(request: CheckedRequest): CheckResult;
  /** The operation a method + path maps to, or null when the documents have none. */
  match(method: string, path: string): MatchedOperation | null;
}

type Json = Record<string, unknown>;

interface ParameterSpec {
  name: string;
  in: string;
  required?: boolean;
  schema?: Json;
  /** JSON pointer of the schema inside its document, for compiling with its $refs intact. */
  schemaPointer: string;
}

interface OperationSpec {
  documentId: string;
  template: string;
  method: string;
  operationId?: string;
  parameters: ParameterSpec[];
  bodyPointer?: string;
  bodyRequired: boolean;
  pattern: RegExp;
  /** 1 for a literal segment, 0 for a template; literal matches win over templated ones. */
  specificity: number[];
  paramNames: string[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

function resolveLocalRef(document: Json, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Json | undefined)?.[key];
  }
  if (!node || typeof node !== 'object') throw new Error(`unresolvable $ref ${ref}`);
  return node as Json;
}

function templatePattern(template: string): { pattern: RegExp; specificity: number[]; paramNames: string[] } {
  const paramNames: string[] = [];
  const specificity: number[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const param = /^\{([^}]+)\}$/.exec(segment);
      if (param) {
        paramNames.push(param[1]!);
        specificity.push(0);
        return '([^/]+)';
      }
      specificity.push(1);
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), specificity, paramNames };
}

function collectOperations(documentId: string, document: Json): OperationSpec[] {
  const operations: OperationSpec[] = [];
  const paths = (document.paths ?? {}) as Record<string, Json>;
  for (const [template, pathItem] of Object.entries(paths)) {
    const pathPointer = `#/paths/${escapePointer(template)}`;
    const shared = ((pathItem.parameters ?? []) as Json[]).map((p, i) => ({ p, pointer: `${pathPointer}/parameters/${i}` }));
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as Json | undefined;
      if (!operation) continue;
      const opPointer = `${pathPointer}/${method}`;
      const own = ((operation.parameters ?? []) as Json[]).map((p, i) => ({ p, pointer: `${opPointer}/parameters/${i}` }));
      const byKey = new Map<string, ParameterSpec>();
      for (const { p, pointer } of [...shared, ...own]) {
        const ref = p.$ref as string | undefined;
        const resolved = ref ? resolveLocalRef(document, ref) : p;
        const base = ref ?? pointer;
        byKey.set(`${String(resolved.in)}:${String(resolved.name)}`, {
          name: String(resolved.name),
          in: String(resolved.in),
          required: resolved.required === true,
          schema: resolved.schema as Json | undefined,
          schemaPointer: `${base}/schema`,
        });
      }
      const requestBody = operation.requestBody as Json | undefined;
      const resolvedBody = requestBody?.$ref ? resolveLocalRef(document, requestBody.$ref as string) : requestBody;
      const bodyBase = (requestBody?.$ref as string | undefined) ?? `${opPointer}/requestBody`;
      const hasJsonSchema = Boolean(((resolvedBody?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema);
      operations.push({
        documentId,
        template,
        method: method.toUpperCase(),
        operationId: operation.operationId as string | undefined,
        parameters: [...byKey.values()],
        bodyPointer: hasJsonSchema ? `${bodyBase}/content/application~1json/schema` : undefined,
        bodyRequired: resolvedBody?.required === true,
        ...templatePattern(template),
      });
    }
  }
  return operations;
}

function compareSpecificity(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return b[i]! - a[i]!;
  return 0;
}

/** Query values are strings; turn them into what the parameter's schema expects. */
function coerceQueryValue(values: string[], schema: Json | undefined): { value: unknown; freeForm: boolean } {
  const type = schema?.type;
  if (type === 'object' && !schema?.properties) return { value: values.join(','), freeForm: true };
  if (type === 'array') {
    const itemType = (schema?.items as Json | undefined)?.type;
    const items = values.flatMap((v) => v.split(',')).filter((v) => v !== '');
    return { value: items.map((item) => coerceScalar(item, itemType)), freeForm: false };
  }
  return { value: coerceScalar(values[values.length - 1]!, type), freeForm: false };
}

function coerceScalar(value: string, type: unknown): unknown {
  if (type === 'integer' || type === 'number') return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

function describeErrors(where: string, validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map(
      (e) =>
        `${where}${e.instancePath || ''} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    )
    .join('; ');
}

function createChecker(files: string[]): OpenApiChecker {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  const operations: OperationSpec[] = [];
  for (const [index, file] of files.entries()) {
    const document = JSON.parse(readFileSync(file, 'utf8')) as Json;
    const documentId = `openapi-${index}`;
    ajv.addSchema(document, documentId);
    operations.push(...collectOperations(documentId, document));
  }
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (documentId: string, pointer: string): ValidateFunction => {
    const key = `${documentId}${pointer}`;
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile({ $ref: `${documentId}${pointer}` });
      validators.set(key, validate);
    }
    return validate;
  };

  const findOperation = (method: string, path: string): { spec: OperationSpec; params: Record<string, string> } | null => {
    const candidates = operations
      .filter((op) => op.method === method.toUpperCase() && op.pattern.test(path))
      .sort((a, b) => compareSpecificity(a.specificity, b.specificity));
    const spec = candidates[0];
    if (!spec) return null;
    const values = spec.pattern.exec(path)!.slice(1);
    const params = Object.fromEntries(spec.paramNames.map((name, i) => [name, safeDecode(values[i]!)]));
    return { spec, params };
  };

  const toMatched = (spec: OperationSpec, pathParams: Record<string, string>): MatchedOperation => ({
    documentId: spec.documentId,
    template: spec.template,
    method: spec.method,
    operationId: spec.operationId,
    pathParams,
  });

  return {
    match(method, path) {
      const found = findOperation(method, path);
      return found ? toMatched(found.spec, found.params) : null;
    },
    check(request) {
      const found = findOperation(request.method, request.path);
      if (!found) {
        const otherMethods = operations.filter((op) => op.pattern.test(request.path)).map((op) => op.method);
        return {
          operation: null,
          violations: [
            otherMethods.length > 0
              ? `${request.method} ${request.path}: method not in the contract (allowed: ${[...new Set(otherMethods)].join(', ')})`
              : `${request.method} ${request.path}: no such path in the contract`,
          ],
        };
      }
      const { spec, params } = found;
      const label = `${spec.method} ${spec.template}`;
      const violations: string[] = [];
      for (const parameter of spec.parameters.filter((p) => p.in === 'path')) {
        const validate = validatorFor(spec.documentId, parameter.schemaPointer);
        const { value } = coerceQueryValue([params[parameter.name] ?? ''], parameter.schema);
        if (!validate(value)) violations.push(`${label}: ${describeErrors(`path parameter ${parameter.name}`, validate)}`);
      }
      const declaredQuery = new Map(spec.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
      for (const name of new Set(request.query.keys())) {
        const parameter = declaredQuery.get(name);
        if (!parameter) {
          violations.push(`${label}: query parameter "${name}" is not declared`);
          continue;
        }
        if (!parameter.schema) continue;
        const { value, freeForm } = coerceQueryValue(request.query.getAll(name), parameter.schema);
        if (freeForm) continue;
        const validate = validatorFor(spec.documentId, parameter.schemaPointer);
        if (!validate(value)) violations.push(`${label}: ${describeErrors(`query parameter ${name}`, validate)}`);
      }
      for (const parameter of declaredQuery.values()) {
        if (parameter.required && !request.query.has(parameter.name)) {
          violations.push(`${label}: required query parameter "${parameter.name}" is missing`);
        }
      }
      if (request.bodyParseError) violations.push(`${label}: body is not JSON (${request.bodyParseError})`);
      else if (request.body !== undefined) {
        if (!spec.bodyPointer) violations.push(`${label}: the operation takes no JSON body`);
        else {
          const validate = validatorFor(spec.documentId, spec.bodyPointer);
          if (!validate(request.body)) violations.push(`${label}: ${describeErrors('body', validate)}`);
        }
      } else if (spec.bodyRequired) violations.push(`${label}: a JSON body is required`);
      return { operation: toMatched(spec, params), violations };
    },
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const checkers = new Map<string, OpenApiChecker>();

/** The checker for these documents; built once per process (the Jira platform spec is 2.4 MB). */
export function getOpenApiChecker(files: string[]): OpenApiChecker {
  const key = files.join('\n');
  let checker = checkers.get(key);
  if (!checker) {
    checker = createChecker(files);
    checkers.set(key, checker);
  }
  return checker;
}
