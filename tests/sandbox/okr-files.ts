/**
 * A fake file host for OKRs kept as code (a repository's raw file URL): it serves whatever files
 * a test puts there with an ETag and a Last-Modified, answers 304 to a matching If-None-Match or
 * If-Modified-Since as raw-file hosts do, and can be told to fail (404, 500) or go offline. One
 * answer function serves both the HTTPS sandbox (e2e) and a fetch for unit tests.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The host the sandbox answers for, as a repository's raw files are served from their own host. */
export const OKR_FILES_HOST = 'okrs.acme-code.dev';

interface StoredFile {
  body: string;
  contentType: string;
  etag: string;
  lastModified: string;
}

export interface FileRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
}

export interface FakeOkrFiles {
  /** Puts (or replaces) a file; each version gets a new ETag and a later Last-Modified. */
  put(path: string, body: string, contentType?: string): void;
  /** Every request answered until now, with the headers that matter for validators. */
  requests: FileRequest[];
  /** Answers every request with this status until cleared (null). */
  failWith: number | null;
  answer(request: FileRequest): { status: number; headers: Record<string, string>; body: string };
  handler(req: IncomingMessage, res: ServerResponse): void;
  /** A fetch that reaches this host only; `offline` makes it fail as a dropped network does. */
  fetch(state?: { offline: boolean }): (url: string, init: RequestInit) => Promise<Response>;
}

export function createFakeOkrFiles(start = Date.UTC(2026, 10, 20, 9, 0, 0)): FakeOkrFiles {
  const files = new Map<string, StoredFile>();
  let version = 0;
  const fake: FakeOkrFiles = {
    requests: [],
    failWith: null,
    put(path, body, contentType = 'text/plain; charset=utf-8') {
      version += 1;
      const etag = `"${createHash('sha1').update(`${version}:${body}`).digest('hex').slice(0, 16)}"`;
      const lastModified = new Date(start + version * 60_000).toUTCString();
      files.set(path, { body, contentType, etag, lastModified });
    },
    answer(request) {
      fake.requests.push(request);
      if (fake.failWith !== null) return { status: fake.failWith, headers: { 'content-type': 'text/plain' }, body: 'Server trouble' };
      const file = request.method === 'GET' ? files.get(request.path) : undefined;
      if (!file) return { status: 404, headers: { 'content-type': 'text/plain' }, body: '404: Not Found' };
      const validators = { etag: file.etag, 'last-modified': file.lastModified };
      const ifNoneMatch = request.headers['if-none-match'];
      const ifModifiedSince = request.headers['if-modified-since'];
      // RFC 9110: If-None-Match wins when both are sent.
      const notModified =
        ifNoneMatch !== undefined
          ? ifNoneMatch.split(/\s*,\s*/).includes(file.etag)
          : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(file.lastModified);
      if (notModified) return { status: 304, headers: validators, body: '' };
      return { status: 200, headers: { ...validators, 'content-type': file.contentType, 'cache-control': 'max-age=300' }, body: file.body };
    },
    handler(req, res) {
      const headers = { 'if-none-match': header(req, 'if-none-match'), 'if-modified-since': header(req, 'if-modified-since') };
      const {
        status,
        headers: out,
        body,
      } = fake.answer({ method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'https://x').pathname, headers });
      res.writeHead(status, out).end(status === 304 ? undefined : body);
    },
    fetch(state = { offline: false }) {
      return async (url, init) => {
        if (state.offline) throw new TypeError('Failed to fetch');
        const target = new URL(url);
        if (target.host !== OKR_FILES_HOST) throw new TypeError('Failed to fetch');
        const sent = new Headers(init.headers);
        const { status, headers, body } = fake.answer({
          method: init.method ?? 'GET',
          path: target.pathname,
          headers: {
            'if-none-match': sent.get('if-none-match') ?? undefined,
            'if-modified-since': sent.get('if-modified-since') ?? undefined,
          },
        });
        return new Response(status === 304 ? null : body, { status, headers });
      };
    },
  };
  return fake;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
