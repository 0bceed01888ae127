/**
 * Contract checks for GraphQL: every document the project sends to Linear must validate against
 * Linear's published schema (shared/contracts/linear.schema.graphql), and must stay under Linear's
 * documented per-query complexity ceiling. The fake Linear server and the adapter's own unit test
 * both use these functions, so a document that drifts from the schema fails in two places.
 */
import { readFileSync } from 'node:fs';
import { contractFile } from './contracts-dir';
import {
  assertValidSchema,
  buildSchema,
  getNamedType,
  isLeafType,
  isObjectType,
  isInterfaceType,
  Kind,
  parse,
  validate,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** Linear's schema file, wherever the contracts are (see contracts-dir.ts). */
export function linearSchemaPath(): string {
  return contractFile('linear.schema.graphql')[0]!;
}

let cachedSchema: GraphQLSchema | undefined;

/** Built once per process: the schema is 1.2 MB and takes a few hundred ms to build. */
export function linearSchema(): GraphQLSchema {
  // The SDL is Linear's own published schema: checking it again on every build is wasted time.
  cachedSchema ??= buildSchema(readFileSync(linearSchemaPath(), 'utf8'), { assumeValidSDL: true });
  return cachedSchema;
}

/**
 * The schema built and through graphql-js's one-time schema validation (which `validate` would
 * otherwise run inside the first request): together seconds of blocked event loop on a busy machine.
 */
export function prepareLinearSchema(): void {
  assertValidSchema(linearSchema());
}

export type DocumentCheck =
  | { ok: true; document: DocumentNode; operation: OperationDefinitionNode; operationName: string | undefined }
  | { ok: false; errors: string[]; operationName: string | undefined };

/** Parses and validates one document; syntax errors and schema errors both come back as messages. */
export function checkLinearDocument(source: string, operationName?: string): DocumentCheck {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    return { ok: false, errors: [(error as Error).message], operationName };
  }
  const errors = validate(linearSchema(), document).map((error) => error.message);
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName ? operations.find((op) => op.name?.value === operationName) : operations[0];
  const name = operation?.name?.value ?? operationName;
  if (!operation) errors.push(operationName ? `No operation named "${operationName}".` : 'The document has no operation.');
  if (!operationName && operations.length > 1) errors.push('Several operations were sent without an operationName.');
  if (errors.length > 0 || !operation) return { ok: false, errors, operationName: name };
  return { ok: true, document, operation, operationName: name };
}

/** Linear's documented ceiling for a single query (developers docs, "Rate limiting"). */
export const LINEAR_MAX_COMPLEXITY = 10_000;
/** Linear's default connection page size when neither `first` nor `last` is given. */
export const LINEAR_DEFAULT_PAGE_SIZE = 50;

/**
 * An estimate of Linear's query complexity, after its documented rule: each scalar property
 * costs 0.1, each object 1, and a connection multiplies what is under it by its page size
 * (`first`/`last`, 50 when absent). Only an approximation of the real server's count — good
 * enough to catch a document that nests connections and would be refused in production.
 */
export function estimateComplexity(document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string): number {
  const schema = linearSchema();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName),
  );
  if (!operation) return 0;
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;

  const pageSize = (args: ReadonlyArray<{ name: { value: string }; value: import('graphql').ValueNode }>): number | undefined => {
    for (const name of ['first', 'last']) {
      const arg = args.find((a) => a.name.value === name);
      if (arg) {
        const value = valueFromASTUntyped(arg.value, variables);
        if (typeof value === 'number') return value;
      }
    }
    return undefined;
  };

  const costOf = (selectionSet: SelectionSetNode, type: GraphQLNamedType, depth: number): number => {
    if (depth > 50) return Infinity;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) cost += costOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? type, depth + 1);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        cost += costOf(selection.selectionSet, condition ?? type, depth + 1);
        continue;
      }
      if (!(isObjectType(type) || isInterfaceType(type))) continue;
      const field = type.getFields()[selection.name.value];
      if (!field) continue;
      const named = getNamedType(field.type);
      if (isLeafType(named) || !selection.selectionSet) {
        cost += 0.1;
        continue;
      }
      if (named.name.endsWith('Connection')) {
        const size = pageSize(selection.arguments ?? []) ?? LINEAR_DEFAULT_PAGE_SIZE;
        cost += 1 + connectionCost(selection.selectionSet, named, size, depth + 1);
      } else {
        cost += 1 + costOf(selection.selectionSet, named, depth + 1);
      }
    }
    return cost;
  };

  /** A connection's `nodes`/`edges` are paid once per item of the page; `pageInfo` once. */
  const connectionCost = (selectionSet: SelectionSetNode, type: GraphQLNamedType, size: number, depth: number): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind !== Kind.FIELD || !selection.selectionSet || !isObjectType(type)) {
        cost += costOf({ kind: Kind.SELECTION_SET, selections: [selection] }, type, depth);
        continue;
      }
      const field = type.getFields()[selection.name.value];
      const item = field ? getNamedType(field.type) : undefined;
      if (item && (selection.name.value === 'nodes' || selection.name.value === 'edges')) {
        cost += size * (1 + costOf(selection.selectionSet, item, depth + 1));
      } else {
        cost += costOf({ kind: Kind.SELECTION_SET, selections: [selection] }, type, depth);
      }
    }
    return cost;
  };
  return Math.ceil(costOf(operation.selectionSet, root, 0));
}
