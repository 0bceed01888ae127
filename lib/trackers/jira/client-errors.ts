/**
 * Jira's failures as TrackerErrors with a sentence the user can act on, and the per-attempt
 * signal (caller's abort or a time limit) every request runs under.
 */
import { hostOf } from '../../util/host';
import { TrackerError } from '../tracker';
import type { JiraAuthConfig } from './client-transport';

export interface ErrorContext {
  site: string;
  auth: JiraAuthConfig;
  /** What we were doing, for permission sentences: "read PLAT-1", "link PLAT-1 to a key result". */
  action: string;
  /** What a 404 is about: "Issue PLAT-1", "Board 12". */
  subject: string;
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorMessages(data: unknown): string {
  if (typeof data === 'string') return data.trim().slice(0, 300);
  if (!data || typeof data !== 'object') return '';
  const body = data as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  const messages = Array.isArray(body.errorMessages) ? body.errorMessages.map(String) : [];
  const errors = body.errors && typeof body.errors === 'object' ? Object.values(body.errors as Record<string, unknown>).map(String) : [];
  const all = [...messages, ...errors, ...(typeof body.message === 'string' ? [body.message] : [])];
  return all.join(' ').trim().slice(0, 300);
}

interface HttpFailure {
  status?: number;
  data?: unknown;
  retryAfter?: string;
}

/** Reads jira.js's HttpException (which wraps the AxiosError) or a bare AxiosError without importing axios. */
function readHttpFailure(error: unknown): HttpFailure | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as { status?: unknown; response?: unknown; cause?: unknown; isAxiosError?: unknown };
  const axiosError = (e.isAxiosError ? e : e.cause) as { response?: { status?: number; data?: unknown; headers?: unknown } } | undefined;
  const response = axiosError?.response;
  const headers = response?.headers as { get?: (name: string) => unknown; [key: string]: unknown } | undefined;
  const retryAfter = headers ? (typeof headers.get === 'function' ? headers.get('retry-after') : headers['retry-after']) : undefined;
  if (response?.status !== undefined) {
    return {
      status: response.status,
      data: response.data,
      retryAfter: retryAfter === undefined || retryAfter === null ? undefined : String(retryAfter),
    };
  }
  const wrapped = e.response as { status?: unknown; data?: unknown } | undefined;
  if (typeof e.status === 'number' && wrapped && typeof wrapped === 'object' && typeof wrapped.status === 'number') {
    return { status: wrapped.status, data: wrapped.data };
  }
  return { status: undefined };
}

export function toTrackerError(error: unknown, context: ErrorContext): TrackerError {
  if (error instanceof TrackerError) return error;
  const host = hostOf(context.site);
  const failure = readHttpFailure(error);
  const status = failure?.status;
  const details = { tracker: 'jira' as const, status, cause: error };
  const said = errorMessages(failure?.data);
  if (status === 401) {
    return new TrackerError(
      'auth',
      context.auth.type === 'basic'
        ? `Jira rejected the API token for ${context.auth.email} — check it in Options.`
        : `Sign in to Jira at ${host}, then reload.`,
      details,
    );
  }
  if (status === 403) return new TrackerError('permission', `You don't have permission to ${context.action} on Jira at ${host}.`, details);
  if (status === 404)
    return new TrackerError('not-found', `${context.subject} was not found on Jira at ${host}, or you can't see it.`, details);
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(failure?.retryAfter);
    const wait = retryAfterMs === undefined ? 'in a minute' : `in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s`;
    return new TrackerError('rate-limit', `Jira at ${host} is limiting requests; try again ${wait}.`, { ...details, retryAfterMs });
  }
  if (status !== undefined && status >= 500) {
    return new TrackerError('network', `Jira at ${host} is having trouble (HTTP ${status}). Try again in a few minutes.`, details);
  }
  if (status !== undefined && status >= 400) {
    return new TrackerError('invalid', `Jira at ${host} refused to ${context.action}${said ? `: ${said}` : '.'}`, details);
  }
  return new TrackerError('network', `Can't reach Jira at ${host}. Check your connection, then try again.`, details);
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}

/**
 * One attempt's signal: aborted by the caller or after `timeoutMs`. A controller and a timer
 * rather than AbortSignal.any, which Firefox gained only in version 124.
 */
export function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`No answer within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const forward = () => controller.abort(caller?.reason);
  if (caller?.aborted) forward();
  caller?.addEventListener('abort', forward, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', forward);
    },
  };
}

/**
 * A site without the function answers like any unknown function ("Unable to find JQL function
 * 'issuesWithRemoteLinksByGlobalId(…)'."). Other 400s about it (too many ids) are our bug and
 * must surface, not be papered over by the slower fallback.
 */
export const isRefusedRemoteLinkFunction = (error: TrackerError) =>
  error.details.status === 400 &&
  /issuesWithRemoteLinksByGlobalId/i.test(error.message) &&
  /unable to find|not (available|supported|enabled)|does not exist|unknown function/i.test(error.message);

/**
 * The site will not take the links mirror: the user may not edit the issue (403), the issue is
 * gone (404), or the site has no issue properties (501). Not worth a retry or a sentence: the
 * link itself stands, and reads find it from the remote links.
 */
export const isRefusedMirrorWrite = (error: unknown) =>
  error instanceof TrackerError && [403, 404, 501].includes(error.details.status ?? 0);
