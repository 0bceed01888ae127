/**
 * A contract-checked fake of Linear's GraphQL API (POST /graphql), as a host-agnostic request
 * handler plus state, so the same handler can sit behind a plain HTTP server in unit tests and
 * behind one HTTPS server routed by Host (api.linear.app) in end-to-end tests and the demo.
 *
 * Every request: recorded → document parsed and validated against Linear's published schema (an
 * invalid one is a violation, answered 400 like Linear) → complexity estimated (over Linear's
 * 10,000 ceiling is a violation) → authenticated by personal API key → rate limit and injected
 * faults → executed by graphql-js against the same schema over the in-memory workspace.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { execute, type GraphQLError } from 'graphql';
import { checkLinearDocument, estimateComplexity, LINEAR_MAX_COMPLEXITY, linearSchema } from '../contract/graphql';
import { createRootValue, type ResolverContext } from './resolvers';
import { createSpaceRootValue } from './space-resolvers';
import { createAcmeWorkspace, type LinearWorkspace, type SeedOptions } from './seed';

export interface RecordedRequest {
  /** `Date.now()` when the request arrived. */
  at: number;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  query: string;
  /** Which API key was presented (without "Bearer "), if any. */
  apiKey: string | undefined;
  /** The HTTP status answered; undefined while pending or when the connection was dropped. */
  status?: number;
}

export type ViolationKind = 'invalid-document' | 'too-complex' | 'page-size' | 'unsupported' | 'bad-request' | 'early-retry';

export interface Violation {
  kind: ViolationKind;
  message: string;
  operationName?: string;
  query?: string;
}

export type Fault =
  /** Linear's rate limit: HTTP 400, `RATELIMITED`, and a reset time; every request before it is refused too. */
  | { kind: 'ratelimited'; resetAfterMs: number }
  /** A server or proxy fault: 500 answers GraphQL-shaped JSON, 502/503/504 an HTML page as a proxy would. */
  | { kind: 'status'; status: number }
  /** The answer comes, but only after `delayMs`. */
  | { kind: 'slow'; delayMs: number }
  /** Linear's FORBIDDEN: the key may not do this. */
  | { kind: 'forbidden' }
  /** The connection is dropped without an answer. */
  | { kind: 'reset' };

interface FaultRule {
  fault: Fault;
  remaining: number;
  when?: (request: RecordedRequest) => boolean;
}

export class FaultQueue {
  private rules: FaultRule[] = [];

  /** Applies `fault` to the next `times` requests (Infinity: forever) that `when` accepts. */
  inject(fault: Fault, options: { times?: number; when?: (request: RecordedRequest) => boolean } = {}): void {
    this.rules.push({ fault, remaining: options.times ?? 1, when: options.when });
  }

  clear(): void {
    this.rules = [];
  }

  /** Takes the faults that apply to this request; a slow fault can combine with one that answers. */
  take(request: RecordedRequest): Fault[] {
    const taken: Fault[] = [];
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || (rule.when && !rule.when(request))) continue;
      if (rule.fault.kind !== 'slow' && taken.some((f) => f.kind !== 'slow')) continue;
      rule.remaining -= 1;
      taken.push(rule.fault);
    }
    this.rules = this.rules.filter((rule) => rule.remaining > 0);
    return taken;
  }
}

export interface FakeLinearOptions {
  /** Seed options for the acme workspace, or a factory for a workspace of your own (called again on reset). */
  seed?: SeedOptions | (() => LinearWorkspace);
  /** The HTTP status of an authentication failure; Linear has been seen answering both 400 and 401. */
  authErrorStatus?: 400 | 401;
}

export interface FakeLinearState {
  workspace: LinearWorkspace;
  authErrorStatus: 400 | 401;
  /** Until when (epoch ms) requests are refused with RATELIMITED. */
  rateLimitedUntil: number | undefined;
  /** The complexity above which a query is refused; Linear's documented 10,000 unless a test lowers it. */
  maxComplexity: number;
}

export interface FakeLinear {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  state: FakeLinearState;
  requests: RecordedRequest[];
  violations: Violation[];
  faults: FaultQueue;
  /** Operation names of the recorded requests, in order: handy for counting. */
  operations(): Array<string | undefined>;
  /** Reseeds the workspace and clears requests, violations, faults and the rate limit. */
  reset(): void;
}

const RATE_LIMIT = { requests: 2500, complexity: 3_000_000 };
const JSON_TYPE = 'application/json; charset=utf-8';

const checkedDocuments = new Map<string, ReturnType<typeof checkLinearDocument>>();

/** Clients send the same few documents over and over; each is validated once per process. */
function checkDocumentOnce(query: string, operationName: string | undefined) {
  const key = `${operationName ?? ''}\u0000${query}`;
  let check = checkedDocuments.get(key);
  if (!check) {
    check = checkLinearDocument(query, operationName);
    if (checkedDocuments.size > 500) checkedDocuments.clear();
    checkedDocuments.set(key, check);
  }
  return check;
}

function seedWorkspace(seed: FakeLinearOptions['seed']): LinearWorkspace {
  return typeof seed === 'function' ? seed() : createAcmeWorkspace(seed);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function apiKeyOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization?.trim();
  if (!header) return undefined;
  // Personal API keys are sent bare; OAuth tokens (and keys, which Linear also accepts) as Bearer.
  return header.replace(/^Bearer\s+/i, '');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createFakeLinear(options: FakeLinearOptions = {}): FakeLinear {
  const state: FakeLinearState = {
    workspace: seedWorkspace(options.seed),
    authErrorStatus: options.authErrorStatus ?? 401,
    rateLimitedUntil: undefined,
    maxComplexity: LINEAR_MAX_COMPLEXITY,
  };
  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  const faults = new FaultQueue();

  const rateLimitHeaders = (remaining: number, resetAt: number): Record<string, string> => ({
    'x-ratelimit-requests-limit': String(RATE_LIMIT.requests),
    'x-ratelimit-requests-remaining': String(remaining),
    'x-ratelimit-requests-reset': String(resetAt),
    'x-ratelimit-complexity-limit': String(RATE_LIMIT.complexity),
    'x-ratelimit-complexity-remaining': String(RATE_LIMIT.complexity),
    'x-ratelimit-complexity-reset': String(resetAt),
  });

  const send = (
    res: ServerResponse,
    record: RecordedRequest | undefined,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (record) record.status = status;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : JSON_TYPE,
      'access-control-allow-origin': '*',
      ...headers,
    });
    res.end(text);
  };

  const errorBody = (message: string, extensions: Record<string, unknown>) => ({
    errors: [{ message, extensions: { userError: true, ...extensions } }],
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'authorization, content-type',
      });
      res.end();
      return;
    }
    if (path !== '/graphql' || req.method !== 'POST') {
      violations.push({ kind: 'bad-request', message: `${req.method} ${path} is not Linear's API (POST /graphql)` });
      send(res, undefined, 404, errorBody('Not found', { code: 'NOT_FOUND' }));
      return;
    }

    const raw = await readBody(req);
    let payload: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      payload = JSON.parse(raw) as typeof payload;
    } catch {
      violations.push({ kind: 'bad-request', message: 'The body is not JSON' });
      send(res, undefined, 400, errorBody('Body is not valid JSON', { type: 'graphql error', code: 'BAD_REQUEST' }));
      return;
    }
    const query = typeof payload.query === 'string' ? payload.query : '';
    const variables = (payload.variables ?? {}) as Record<string, unknown>;
    const requestedName = typeof payload.operationName === 'string' ? payload.operationName : undefined;
    const check = checkDocumentOnce(query, requestedName);
    const record: RecordedRequest = {
      at: Date.now(),
      operationName: check.operationName,
      variables,
      query,
      apiKey: apiKeyOf(req),
    };
    requests.push(record);

    if (!check.ok) {
      for (const message of check.errors) {
        violations.push({ kind: 'invalid-document', message, operationName: check.operationName, query });
      }
      send(res, record, 400, {
        errors: check.errors.map((message) => ({
          message,
          extensions: { type: 'graphql error', code: 'GRAPHQL_VALIDATION_FAILED', statusCode: 400, userError: false },
        })),
      });
      return;
    }
    const complexity = estimateComplexity(check.document, variables, check.operationName);
    if (complexity > state.maxComplexity) {
      const message = `Query too complex: estimated ${complexity} points, the limit is ${state.maxComplexity}`;
      violations.push({ kind: 'too-complex', message, operationName: check.operationName, query });
      send(res, record, 400, errorBody(message, { type: 'invalid input', code: 'INPUT_ERROR', statusCode: 400 }));
      return;
    }

    const apiKey = record.apiKey;
    const viewerId = apiKey ? state.workspace.apiKeys.get(apiKey) : undefined;
    const viewer = state.workspace.users.find((u) => u.id === viewerId);
    if (!viewer) {
      send(
        res,
        record,
        state.authErrorStatus,
        errorBody('Authentication required, not authenticated', {
          type: 'authentication error',
          code: 'AUTHENTICATION_ERROR',
          statusCode: 401,
          userPresentableMessage: 'You need to authenticate to access this operation.',
        }),
      );
      return;
    }

    const now = Date.now();
    if (state.rateLimitedUntil !== undefined && now < state.rateLimitedUntil) {
      violations.push({
        kind: 'early-retry',
        message: `A request came ${state.rateLimitedUntil - now} ms before the rate limit's reset`,
        operationName: record.operationName,
      });
      sendRateLimited(res, record, state.rateLimitedUntil);
      return;
    }

    for (const fault of faults.take(record)) {
      switch (fault.kind) {
        case 'slow':
          await sleep(fault.delayMs);
          if (res.destroyed || req.socket.destroyed) return;
          break;
        case 'ratelimited':
          state.rateLimitedUntil = Date.now() + fault.resetAfterMs;
          sendRateLimited(res, record, state.rateLimitedUntil);
          return;
        case 'status':
          send(
            res,
            record,
            fault.status,
            fault.status === 500
              ? errorBody('Internal server error', {
                  type: 'internal error',
                  code: 'INTERNAL_SERVER_ERROR',
                  statusCode: 500,
                  userError: false,
                })
              : `<html><head><title>${fault.status}</title></head><body>${fault.status} Bad Gateway</body></html>`,
          );
          return;
        case 'forbidden':
          send(
            res,
            record,
            403,
            errorBody('Forbidden', {
              type: 'forbidden',
              code: 'FORBIDDEN',
              statusCode: 403,
              userPresentableMessage: 'You do not have access to this resource.',
            }),
          );
          return;
        case 'reset':
          req.socket.destroy();
          return;
      }
    }

    const unsupportedMarker = 'FAKE_LINEAR_UNSUPPORTED';
    const context: ResolverContext = {
      workspace: state.workspace,
      viewer,
      unsupported(message) {
        violations.push({
          kind: 'unsupported',
          message: `The fake does not emulate ${message}`,
          operationName: record.operationName,
          query,
        });
        throw new Error(`${unsupportedMarker}: ${message}`);
      },
      violation(kind, message) {
        violations.push({ kind, message, operationName: record.operationName, query });
      },
    };
    const result = await execute({
      schema: linearSchema(),
      document: check.document,
      rootValue: { ...createRootValue(context), ...createSpaceRootValue(context) },
      contextValue: context,
      variableValues: variables,
      operationName: check.operationName,
    });
    if (!('data' in result) || result.data === undefined) {
      // Variables that do not fit the operation's declared types: the document is valid, the request is not.
      for (const error of result.errors ?? []) {
        violations.push({ kind: 'invalid-document', message: error.message, operationName: record.operationName, query });
      }
      send(res, record, 400, {
        errors: (result.errors ?? []).map((error) => ({
          message: error.message,
          extensions: { type: 'graphql error', code: 'GRAPHQL_VALIDATION_FAILED', statusCode: 400, userError: false },
        })),
      });
      return;
    }
    for (const error of result.errors ?? []) {
      if (!isIntended(error) && !error.message.startsWith(unsupportedMarker)) {
        // A field the fake left out, or a resolver bug: the answer would not be Linear's.
        violations.push({ kind: 'unsupported', message: error.message, operationName: record.operationName, query });
      }
    }
    send(res, record, 200, result, rateLimitHeaders(Math.max(0, RATE_LIMIT.requests - requests.length), Date.now() + 3_600_000));
  }

  function sendRateLimited(res: ServerResponse, record: RecordedRequest, resetAt: number) {
    const message = `Rate limit exceeded. Only ${RATE_LIMIT.requests} requests are allowed per 1 hour.`;
    send(
      res,
      record,
      400,
      errorBody(message, { type: 'ratelimited', code: 'RATELIMITED', statusCode: 429, userPresentableMessage: message }),
      rateLimitHeaders(0, resetAt),
    );
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      violations.push({ kind: 'bad-request', message: `The fake failed: ${(error as Error).stack ?? String(error)}` });
      if (!res.headersSent) send(res, undefined, 500, errorBody('Fake Linear crashed', { code: 'INTERNAL_SERVER_ERROR' }));
    });
  };

  return {
    handler,
    state,
    requests,
    violations,
    faults,
    operations: () => requests.map((r) => r.operationName),
    reset() {
      state.workspace = seedWorkspace(options.seed);
      state.rateLimitedUntil = undefined;
      state.maxComplexity = LINEAR_MAX_COMPLEXITY;
      requests.length = 0;
      violations.length = 0;
      faults.clear();
    },
  };
}

function isIntended(error: GraphQLError): boolean {
  return typeof error.extensions?.code === 'string';
}

export interface RunningFakeLinear extends FakeLinear {
  /** `http://127.0.0.1:PORT/graphql`. */
  url: string;
  /** The same server as `http://localhost:PORT/graphql`, the form @linear/sdk users configure. */
  localhostUrl: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 on a free port. */
export async function startFakeLinear(options: FakeLinearOptions = {}): Promise<RunningFakeLinear> {
  const fake = createFakeLinear(options);
  const sockets = new Set<Socket>();
  const server = createServer(fake.handler);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    ...fake,
    url: `http://127.0.0.1:${port}/graphql`,
    localhostUrl: `http://localhost:${port}/graphql`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
