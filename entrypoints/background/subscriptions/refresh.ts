/**
 * Keeping a subscribed file's last good copy: a read that brings a valid set replaces it, a 304
 * confirms it, and anything else (offline, 404, 5xx, a file that no longer validates) keeps it and
 * says why beside it. One read per URL is in flight at a time: pages opening together share it.
 */
import type { SubscriptionRecord, SubscriptionStore } from '../../../lib/store/subscriptions';
import { createSingleFlight, type SingleFlight } from '../../../lib/single-flight';
import { readOkrFile, type FetchLike, type FileRead } from './read-file';

/** A copy older than this is read again when a page asks for the active set. */
export const SUBSCRIPTION_FRESH_FOR_MS = 10 * 60_000;

export interface RefreshDeps {
  store: SubscriptionStore;
  fetch: FetchLike;
  now(): number;
}

/** "2026-12-02 13:15 UTC": the same in every page and in the stored sentence. */
export function readTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The copy after one read: replaced, confirmed, or kept with the reason beside it. */
export function applyRead(record: SubscriptionRecord, read: FileRead, now: number): SubscriptionRecord {
  const { problem: _dropped, ...rest } = record;
  if (read.kind === 'changed') {
    const { etag, lastModified } = read;
    return { url: record.url, set: read.set, fetchedAt: now, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
  }
  if (read.kind === 'unchanged') return { ...rest, fetchedAt: now };
  const verb = read.kind === 'invalid' ? 'Couldn’t use' : 'Couldn’t read';
  const message = `${verb} ${record.url}: ${read.reason}; showing the copy read at ${readTime(record.fetchedAt)}`;
  return { ...rest, problem: { message, errors: read.kind === 'invalid' ? read.errors : [], at: now } };
}

/** When the copy was last checked with the server, whatever the answer. */
const lastAttempt = (record: SubscriptionRecord): number => Math.max(record.fetchedAt, record.problem?.at ?? 0);

export function createSubscriptionRefresh(deps: RefreshDeps) {
  const inFlight = new Map<string, SingleFlight<SubscriptionRecord | null>>();

  async function readNow(url: string): Promise<SubscriptionRecord | null> {
    const record = await deps.store.get(url);
    if (!record) return null;
    const validators = {
      ...(record.etag ? { etag: record.etag } : {}),
      ...(record.lastModified ? { lastModified: record.lastModified } : {}),
    };
    const read = await readOkrFile(deps.fetch, url, validators, record.set);
    // Removed while the read was under way: it stays removed.
    if (!(await deps.store.get(url))) return null;
    const next = applyRead(record, read, deps.now());
    await deps.store.put(next);
    return next;
  }

  function flightFor(url: string): SingleFlight<SubscriptionRecord | null> {
    let flight = inFlight.get(url);
    if (!flight) {
      flight = createSingleFlight();
      inFlight.set(url, flight);
    }
    return flight;
  }

  return {
    /** Reads the file again now (the Refresh button), joining a read already under way. */
    refresh(url: string): Promise<SubscriptionRecord | null> {
      return flightFor(url).join(() => readNow(url));
    },
    /** The copy, read again first when it was last checked more than 10 minutes ago. */
    async current(url: string): Promise<SubscriptionRecord | null> {
      const record = await deps.store.get(url);
      if (!record || deps.now() - lastAttempt(record) < SUBSCRIPTION_FRESH_FOR_MS) return record;
      return flightFor(url).join(() => readNow(url));
    },
  };
}

export type SubscriptionRefresh = ReturnType<typeof createSubscriptionRefresh>;
