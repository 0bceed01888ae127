/**
 * A fake Jira Cloud site over real HTTP, checked against the official OpenAPI contracts.
 *
 * `createFakeJira()` gives a request handler plus its state, so several fakes can be mounted
 * behind one HTTPS server routed by Host header (e2e, demo); `startFakeJira()` listens on
 * 127.0.0.1 for unit suites. Every request is recorded; every /rest/ request is checked against
 * the Jira platform and Jira Software specs before anything else, and a violation is recorded and
 * answered with 400 so the test fails (assert `violations` is empty in afterEach).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contractFile } from '../contract/contracts-dir';
import { getOpenApiChecker, type OpenApiChecker } from '../contract/openapi';
import { createFaultInjector, type FaultInjector } from './faults';
import { jiraRoutes, type Route, type RouteContext } from './routes';
import { jiraSpaceRoutes } from './space-routes';
import { acmeSeed, ACME_SITE } from './seed';
import { createState, type FakeJiraOptions, type FakeJiraSeed, type FakeJiraState, type FakeUser } from './state';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingMessage['headers'];
  /** Arrival time, ms since the epoch. */
  time: number;
  /** The status answered, once answered. */
  status?: number;
}

export interface FakeJira {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  state: FakeJiraState;
  requests: RecordedRequest[];
  violations: string[];
  faults: FaultInjector;
  /** The route table; push rows to serve more paths (HTML pages). */
  routes: Route[];
  /** Back to the seed: state, recorded requests, violations and faults. */
  reset(): void;
}

export interface CreateFakeJiraOptions {
  seed?: FakeJiraSeed;
  site?: string;
  options?: Partial<FakeJiraOptions>;
}

const CONTRACT_FILES = ['jira-platform.openapi.json', 'jira-software.openapi.json'];

export function jiraContractChecker(): OpenApiChecker {
  return getOpenApiChecker(contractFile(...CONTRACT_FILES));
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
  specificity: number[];
}

function compileRoute(route: Route): CompiledRoute {
  const names: string[] = [];
  const specificity: number[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{([^}]+)\}$/.exec(segment);
      specificity.push(param ? 0 : 1);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names, specificity };
}

function matchRoute(routes: Route[], method: string, path: string): { route: Route; params: Record<string, string> } | null {
  const candidates = routes
    .filter((r) => r.method === method)
    .map(compileRoute)
    .filter((c) => c.pattern.test(path))
    .sort((a, b) => {
      for (let i = 0; i < Math.min(a.specificity.length, b.specificity.length); i++) {
        if (a.specificity[i] !== b.specificity[i]) return b.specificity[i]! - a.specificity[i]!;
      }
      return 0;
    });
  const best = candidates[0];
  if (!best) return null;
  const values = best.pattern.exec(path)!.slice(1);
  return { route: best.route, params: Object.fromEntries(best.names.map((n, i) => [n, decodeURIComponent(values[i]!)])) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  return cookies;
}

type Authentication = { user: FakeUser; via: 'session' | 'basic' } | { user: null; reason: string };

function authenticate(state: FakeJiraState, req: IncomingMessage): Authentication {
  const authorization = req.headers.authorization;
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    const email = decoded.slice(0, separator);
    const token = decoded.slice(separator + 1);
    const user = state.users.find((u) => u.emailAddress === email && u.apiToken !== undefined && u.apiToken === token);
    return user
      ? { user, via: 'basic' }
      : { user: null, reason: 'Basic authentication with passwords is deprecated or the API token is invalid.' };
  }
  const session = parseCookies(req.headers.cookie).get('cloud.session.token');
  if (session) {
    const user = state.users.find((u) => u.sessionToken !== undefined && u.sessionToken === session);
    return user ? { user, via: 'session' } : { user: null, reason: 'Your session has expired.' };
  }
  return { user: null, reason: 'You are not authenticated. Authentication required to perform this operation.' };
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

export function createFakeJira(options: CreateFakeJiraOptions = {}): FakeJira {
  const site = options.site ?? ACME_SITE;
  const seed = options.seed ?? acmeSeed();
  const checker = jiraContractChecker();
  const fake: FakeJira = {
    handler: () => undefined,
    state: createState(seed, site, options.options),
    requests: [],
    violations: [],
    faults: createFaultInjector(),
    routes: [...jiraRoutes(), ...jiraSpaceRoutes()],
    reset() {
      fake.state = createState(seed, site, options.options);
      fake.requests.length = 0;
      fake.violations.length = 0;
      fake.faults.clear();
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    let body: unknown;
    let bodyParseError: string | undefined;
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch (error) {
        bodyParseError = (error as Error).message;
      }
    }
    const recorded: RecordedRequest = { method, path: url.pathname, query: url.searchParams, body, headers: req.headers, time: Date.now() };
    fake.requests.push(recorded);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      recorded.status = status;
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      res.writeHead(status, {
        'content-type': typeof payload === 'string' ? 'text/plain;charset=UTF-8' : 'application/json;charset=UTF-8',
        ...headers,
      });
      res.end(text);
    };
    const error = (status: number, messages: string[], errors: Record<string, string> = {}) =>
      send(status, { errorMessages: messages, errors });

    if (url.pathname.startsWith('/rest/')) {
      const { violations } = checker.check({ method, path: url.pathname, query: url.searchParams, body, bodyParseError });
      if (violations.length > 0) {
        fake.violations.push(...violations);
        return error(
          400,
          violations.map((v) => `contract violation: ${v}`),
        );
      }
    }

    const fault = fake.faults.take(method, url.pathname);
    if (fault?.kind === 'reset') {
      recorded.status = 0;
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
      return send(fault.status, fault.body ?? { errorMessages: [`Injected fault: HTTP ${fault.status}`], errors: {} }, headers);
    }

    const matched = matchRoute(fake.routes, method, url.pathname);
    if (!matched) {
      if (url.pathname.startsWith('/rest/')) {
        fake.violations.push(`${method} ${url.pathname}: in the contract but not implemented by the fake`);
        return error(501, ['Not implemented by the fake Jira.']);
      }
      return send(404, 'Not found');
    }

    let viewer: FakeUser | null = null;
    if (matched.route.auth !== false) {
      const auth = authenticate(fake.state, req);
      if (!auth.user) return error(401, [auth.reason]);
      if (auth.via === 'session' && WRITE_METHODS.has(method) && req.headers['x-atlassian-token'] !== 'no-check') {
        return send(403, 'XSRF check failed');
      }
      viewer = auth.user;
    }

    const context: RouteContext = {
      req,
      res,
      state: fake.state,
      params: matched.params,
      query: url.searchParams,
      body,
      viewer,
      json: send,
      error,
      violation: (message) => fake.violations.push(`${method} ${url.pathname}: ${message}`),
    };
    const originalWriteHead = res.writeHead.bind(res);
    // Routes that answer without `json` (204s) still get their status recorded.
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      recorded.status = status;
      return (originalWriteHead as (...args: unknown[]) => ServerResponse)(status, ...rest);
    }) as ServerResponse['writeHead'];
    await matched.route.handle(context);
  }

  fake.handler = (req, res) => {
    handle(req, res).catch((error: unknown) => {
      fake.violations.push(`fake Jira crashed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorMessages: ['Internal server error'], errors: {} }));
    });
  };
  return fake;
}

export interface RunningFakeJira extends FakeJira {
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

export async function startFakeJira(options: CreateFakeJiraOptions = {}): Promise<RunningFakeJira> {
  const fake = createFakeJira(options);
  const server = createServer((req, res) => fake.handler(req, res));
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  });
}
