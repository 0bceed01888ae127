/** Linear's failures → TrackerError sentences, and how long a rate limit asks us to wait. */
import { TrackerError } from '../tracker';

interface LinearErrorEntry {
  message?: string;
  extensions?: { code?: string; type?: string; userPresentableMessage?: string };
}

interface LinearFailure {
  status?: number;
  headers?: { get(name: string): string | null };
  errors: LinearErrorEntry[];
}

/** The raw response behind an @linear/sdk error (LinearError.raw is its GraphQLClientError). */
function failureOf(error: unknown): LinearFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const response = (error as { raw?: { response?: unknown } }).raw?.response ?? (error as { response?: unknown }).response;
  if (typeof response !== 'object' || response === null) return undefined;
  const r = response as { status?: unknown; headers?: unknown; errors?: unknown };
  return {
    status: typeof r.status === 'number' ? r.status : undefined,
    headers:
      typeof r.headers === 'object' && r.headers !== null && typeof (r.headers as Headers).get === 'function'
        ? (r.headers as Headers)
        : undefined,
    errors: Array.isArray(r.errors) ? (r.errors as LinearErrorEntry[]) : [],
  };
}

/**
 * How long Linear wants us to wait: `X-RateLimit-Requests-Reset` (or the complexity one) is the
 * reset time in epoch milliseconds; `Retry-After` in seconds is honoured too.
 */
export function retryAfterMsFrom(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const resets = ['x-ratelimit-requests-reset', 'x-ratelimit-complexity-reset', 'x-ratelimit-endpoint-requests-reset']
    .map((name) => Number(headers.get(name) ?? NaN))
    .filter((value) => Number.isFinite(value) && value > 0)
    // A value this small is seconds since the epoch, not milliseconds.
    .map((value) => (value < 10_000_000_000 ? value * 1000 : value));
  const latestReset = resets.length > 0 ? Math.max(...resets) : undefined;
  if (latestReset !== undefined && latestReset > now) return latestReset - now;
  const retryAfter = Number(headers.get('retry-after') ?? NaN);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  return latestReset !== undefined ? 0 : undefined;
}

const RESET_MARGIN_MS = 100;

const tooComplexErrors = new WeakSet<TrackerError>();
export const isTooComplex = (error: unknown) => error instanceof TrackerError && tooComplexErrors.has(error);

const codeOf = (entry: LinearErrorEntry | undefined) => entry?.extensions?.code?.toUpperCase();
const typeOf = (entry: LinearErrorEntry | undefined) => entry?.extensions?.type?.toLowerCase();

/** Turns whatever a request threw into the one error type, with a sentence the user can act on. */
export function toTrackerError(error: unknown, now = Date.now()): TrackerError {
  if (error instanceof TrackerError) return error;
  const failure = failureOf(error);
  if (!failure) {
    return new TrackerError('network', 'Could not reach Linear — check your connection and try again.', {
      tracker: 'linear',
      cause: error,
    });
  }
  const { status, errors } = failure;
  const first = errors[0];
  const codes = errors.map(codeOf);
  const types = errors.map(typeOf);
  const details = { tracker: 'linear' as const, status, cause: error };

  if (codes.includes('RATELIMITED') || types.includes('ratelimited') || status === 429) {
    const announced = retryAfterMsFrom(failure.headers, now);
    // A little past the reset: Linear's clock and ours are not the same clock.
    const retryAfterMs = announced === undefined ? undefined : announced + RESET_MARGIN_MS;
    const wait = retryAfterMs === undefined ? 'in a minute' : `in about ${Math.max(1, Math.round(retryAfterMs / 1000))} s`;
    return new TrackerError('rate-limit', `Linear is rate-limiting this API key — try again ${wait}.`, {
      ...details,
      retryAfterMs,
    });
  }
  if (codes.includes('AUTHENTICATION_ERROR') || types.includes('authentication error') || status === 401) {
    return new TrackerError('auth', 'Linear rejected the API key — add a valid personal API key in Options.', details);
  }
  if (codes.includes('FORBIDDEN') || types.includes('forbidden') || status === 403) {
    return new TrackerError(
      'permission',
      'Your Linear API key may not do this — ask a Linear admin for access to the team, or use a key that can edit issues.',
      details,
    );
  }
  if (status !== undefined && status >= 500) {
    return new TrackerError('network', `Linear is having trouble right now (HTTP ${status}) — try again in a few minutes.`, details);
  }
  const message = first?.message ?? `HTTP ${status ?? '?'}`;
  if (errors.some((e) => /entity not found/i.test(e.message ?? '')) || codes.includes('ENTITY_NOT_FOUND')) {
    return new TrackerError('not-found', 'Linear has no such issue, or your API key cannot see it.', details);
  }
  const tracked = new TrackerError(
    'invalid',
    `Linear did not accept KR Lens's request (${first?.extensions?.userPresentableMessage ?? message}) — KR Lens may need an update.`,
    details,
  );
  if (errors.some((e) => /complex/i.test(e.message ?? ''))) tooComplexErrors.add(tracked);
  return tracked;
}
