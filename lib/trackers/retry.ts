/**
 * Retry policy shared by the adapters: rate limits are honoured (never a request before
 * Retry-After elapses), idempotent reads are retried on 5xx and network faults with jittered
 * backoff a bounded number of times, and writes are never retried blindly.
 */
import { TrackerError } from './tracker';

export interface RetryOptions {
  /** Reads are idempotent; a write is retried only on a rate limit (the server refused it before doing it). */
  idempotent: boolean;
  /** Total attempts, the first included. */
  maxAttempts?: number;
  /** Base of the exponential backoff in ms. */
  baseDelayMs?: number;
  /** The longest rate-limit wait we accept before giving up and telling the user. */
  maxRateLimitWaitMs?: number;
  signal?: AbortSignal;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A server fault or a dropped connection: worth another try for a read. Not 501 (Not
 * Implemented): the server does not do that at all, and says so every time.
 */
function isTransient(error: TrackerError): boolean {
  if (error.details.status === 501) return false;
  return error.kind === 'network' || (error.details.status !== undefined && error.details.status >= 500);
}

/** The delay before attempt `attempt + 1`, or null when the error should not be retried. */
export function retryDelayMs(
  error: unknown,
  attempt: number,
  options: Pick<RetryOptions, 'idempotent' | 'maxAttempts' | 'baseDelayMs' | 'maxRateLimitWaitMs' | 'random'>,
): number | null {
  const maxAttempts = options.maxAttempts ?? 4;
  if (!(error instanceof TrackerError) || attempt >= maxAttempts) return null;
  if (error.kind === 'rate-limit') {
    const wait = error.details.retryAfterMs ?? (options.baseDelayMs ?? 500) * 2 ** attempt;
    return wait <= (options.maxRateLimitWaitMs ?? 60_000) ? wait : null;
  }
  if (!options.idempotent || !isTransient(error)) return null;
  const base = (options.baseDelayMs ?? 300) * 2 ** (attempt - 1);
  // Full jitter spreads the retries of many tabs hitting the same outage.
  return Math.round(base / 2 + (options.random ?? Math.random)() * (base / 2));
}

export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const delay = retryDelayMs(error, attempt, options);
      if (delay === null) throw error;
      await sleep(delay, options.signal);
    }
  }
}
