/**
 * OKR sets subscribed read-only from an https URL (SPEC "Where data lives": OKRs as code in a
 * repository). Per URL the extension keeps the last good copy of the file with the validators the
 * server sent, so a page works from it while the file cannot be read or no longer validates, and
 * a refresh can ask "changed since?". Kept in `storage.local`; the background writes it.
 *
 *   krLens:subscriptions          SubscriptionRecord[]            every subscription, in the order added
 *   krLens:activeSubscription     { url, cycleId }                the subscription that is the active set
 */
import type { OkrSet } from '../okr/model';
import { parseOkrSet } from '../okr/validate';
import type { StorageArea } from '../settings';
import { storageKeys } from './records';

/** Why the last read of the file did not replace the copy: a sentence, and the invalid fields. */
export interface SubscriptionProblem {
  /** "Couldn't read <url>: HTTP 404; showing the copy read at 2026-12-02 13:15 UTC". */
  message: string;
  /** One line per invalid field, `keyResults[1].measure.type: …`, when the file did not validate. */
  errors: string[];
  at: number;
}

export interface SubscriptionRecord {
  url: string;
  /** The last good copy: validated, link URLs assigned. */
  set: OkrSet;
  /** When the server last answered with (or confirmed, by 304) the copy, ms since epoch. */
  fetchedAt: number;
  etag?: string;
  lastModified?: string;
  /** Set while the latest read failed; cleared by the next good one. */
  problem?: SubscriptionProblem;
}

export interface ActiveSubscription {
  url: string;
  /** The cycle the user chose, or null for the one containing today. */
  cycleId: string | null;
}

export const SUBSCRIPTIONS_KEY = 'krLens:subscriptions';

function isProblem(value: unknown): value is SubscriptionProblem {
  if (typeof value !== 'object' || value === null) return false;
  const problem = value as Record<string, unknown>;
  return typeof problem.message === 'string' && typeof problem.at === 'number' && Array.isArray(problem.errors);
}

function hasShape(value: unknown): value is SubscriptionRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const optionalText = (key: string) => record[key] === undefined || typeof record[key] === 'string';
  return (
    typeof record.url === 'string' &&
    typeof record.fetchedAt === 'number' &&
    optionalText('etag') &&
    optionalText('lastModified') &&
    (record.problem === undefined || isProblem(record.problem))
  );
}

/** Which version of a record this is: a copy is validated once per version, not on every page. */
const versionOf = (record: SubscriptionRecord) => `${record.fetchedAt}|${record.etag ?? ''}|${record.lastModified ?? ''}`;

export interface SubscriptionStore {
  list(): Promise<SubscriptionRecord[]>;
  get(url: string): Promise<SubscriptionRecord | null>;
  /** Adds the record, or replaces the one with its URL. */
  put(record: SubscriptionRecord): Promise<void>;
  /** Removes the subscription; when it was the active set, no subscription is active any more. */
  remove(url: string): Promise<void>;
  getActive(): Promise<ActiveSubscription | null>;
  setActive(active: ActiveSubscription | null): Promise<void>;
}

export function createSubscriptionStore(area: StorageArea): SubscriptionStore {
  // Validating a set costs ~10 ms for the example's size, and every issue page reads the active
  // copy: each URL's version is validated once, here or when it was read from the server.
  const validated = new Map<string, string>();
  /** A damaged entry is dropped rather than breaking every page: the file can be subscribed again. */
  function isRecord(value: unknown): value is SubscriptionRecord {
    if (!hasShape(value)) return false;
    if (validated.get(value.url) === versionOf(value)) return true;
    if (!parseOkrSet(value.set).ok) return false;
    validated.set(value.url, versionOf(value));
    return true;
  }
  async function list(): Promise<SubscriptionRecord[]> {
    const value = (await area.get(SUBSCRIPTIONS_KEY))[SUBSCRIPTIONS_KEY];
    return Array.isArray(value) ? value.filter(isRecord) : [];
  }
  async function getActive(): Promise<ActiveSubscription | null> {
    const value = (await area.get(storageKeys.activeSubscription))[storageKeys.activeSubscription] as
      | { url?: unknown; cycleId?: unknown }
      | null
      | undefined;
    if (!value || typeof value.url !== 'string') return null;
    return { url: value.url, cycleId: typeof value.cycleId === 'string' ? value.cycleId : null };
  }
  return {
    list,
    getActive,
    async get(url) {
      return (await list()).find((record) => record.url === url) ?? null;
    },
    async put(record) {
      const all = await list();
      const at = all.findIndex((known) => known.url === record.url);
      const next = at === -1 ? [...all, record] : all.map((known, i) => (i === at ? record : known));
      validated.set(record.url, versionOf(record));
      await area.set({ [SUBSCRIPTIONS_KEY]: next });
    },
    async remove(url) {
      const rest = (await list()).filter((record) => record.url !== url);
      const active = await getActive();
      await area.set({ [SUBSCRIPTIONS_KEY]: rest });
      if (active?.url === url) await area.remove(storageKeys.activeSubscription);
    },
    async setActive(active) {
      if (active === null) await area.remove(storageKeys.activeSubscription);
      else await area.set({ [storageKeys.activeSubscription]: active });
    },
  };
}
