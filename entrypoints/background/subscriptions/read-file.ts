/**
 * One read of a subscribed OKR file: a GET with the validators the server gave last time, then
 * the same parse path as Import (size guard, JSON or YAML syntax, migrations, the zod schema with
 * the exact path of every invalid field), and link URLs frozen against the previous copy.
 */
import type { OkrSet } from '../../../lib/okr/model';
import { formatFieldError, parseOkrFile } from '../../../lib/store';
import { freezeLinkUrls } from '../../../lib/store/records';
import { messageOf } from '../../../lib/util/error';

export { httpsProblem } from '../../../lib/util/https-url';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** What the server said about the file last time, to ask whether it changed since. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FileRead =
  | ({ kind: 'changed'; set: OkrSet } & Validators)
  /** 304: the copy held is still the file. */
  | { kind: 'unchanged' }
  /** The server could not be reached or did not give the file; `reason` ends without a full stop. */
  | { kind: 'unreadable'; reason: string }
  /** The file was read but is not a valid OKR set: one line per problem, with its path. */
  | { kind: 'invalid'; reason: string; errors: string[] };

/** A file server that does not answer in this time is treated as unreachable, as trackers are. */
export const FILE_TIMEOUT_MS = 20_000;

/** The file name decides JSON or YAML when it has a known extension; otherwise the content does. */
function fileNameOf(url: string): string | undefined {
  return new URL(url).pathname.split('/').pop() || undefined;
}

function requestHeaders(validators: Validators): Record<string, string> {
  return {
    accept: 'application/json, application/yaml, text/yaml, text/plain, */*',
    ...(validators.etag ? { 'if-none-match': validators.etag } : {}),
    ...(validators.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
  };
}

function statusReason(response: Response): string {
  const words: Record<number, string> = { 401: 'sign-in needed', 403: 'access refused', 404: 'not found', 410: 'gone' };
  const word = words[response.status] ?? (response.status >= 500 ? 'the server is having trouble' : response.statusText);
  return `the server answered HTTP ${response.status}${word ? ` (${word})` : ''}`;
}

function failureReason(error: unknown): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${FILE_TIMEOUT_MS / 1000} s`;
  }
  return `the server could not be reached (${messageOf(error)})`;
}

/** Reads the file at `url`; never throws. `previous` is the copy held, whose KR link URLs stay. */
export async function readOkrFile(fetchFn: FetchLike, url: string, validators: Validators, previous?: OkrSet): Promise<FileRead> {
  let response: Response;
  let text: string;
  try {
    // no-store: the validators are ours, so a 304 reaches us instead of the browser's cache.
    response = await fetchFn(url, { headers: requestHeaders(validators), cache: 'no-store', signal: AbortSignal.timeout(FILE_TIMEOUT_MS) });
    if (response.status === 304) return { kind: 'unchanged' };
    if (!response.ok) return { kind: 'unreadable', reason: statusReason(response) };
    text = await response.text();
  } catch (error) {
    return { kind: 'unreadable', reason: failureReason(error) };
  }
  const parsed = parseOkrFile(text, fileNameOf(url));
  const set = parsed.ok ? freezeLinkUrls(parsed.set, previous, {}) : parsed;
  if (!set.ok) {
    const errors = set.errors.map(formatFieldError);
    const what =
      set.kind === 'invalid'
        ? `the file is not a valid OKR set (${errors.length} invalid ${errors.length === 1 ? 'field' : 'fields'})`
        : 'the file could not be read as an OKR set';
    return { kind: 'invalid', reason: what, errors };
  }
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  return { kind: 'changed', set: set.set, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}
