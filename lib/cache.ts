/**
 * Stale-while-revalidate cache for tracker data, kept in `storage.local` so a page can render
 * from it after the service worker restarts, with an in-memory layer so the hot path (an issue
 * page opening) costs no storage read once warm.
 */
import type { StorageArea } from './settings';

export interface CacheEntry<T> {
  value: T;
  /** ms since epoch when the value came from the tracker. */
  fetchedAt: number;
}

export interface Cache {
  get<T>(key: string): Promise<CacheEntry<T> | null>;
  put<T>(key: string, value: T, fetchedAt: number): Promise<void>;
  remove(key: string): Promise<void>;
  /** Drops entries older than `maxAgeMs`; run at worker start so storage does not grow forever. */
  sweep(now: number, maxAgeMs: number): Promise<number>;
  stats(): { hits: number; misses: number };
}

const PREFIX = 'kr-lens:cache:';

function isEntry(value: unknown): value is CacheEntry<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as CacheEntry<unknown>).fetchedAt === 'number' && 'value' in value;
}

export function createCache(area: StorageArea, options: { memoryEntries?: number } = {}): Cache {
  const memoryLimit = options.memoryEntries ?? 500;
  // A Map keeps insertion order, which makes it a small LRU: re-insert on use, evict the first.
  const memory = new Map<string, CacheEntry<unknown>>();
  let hits = 0;
  let misses = 0;

  function remember(key: string, entry: CacheEntry<unknown>) {
    memory.delete(key);
    memory.set(key, entry);
    if (memory.size > memoryLimit) memory.delete(memory.keys().next().value!);
  }

  return {
    async get<T>(key: string) {
      const inMemory = memory.get(key);
      if (inMemory) {
        hits++;
        remember(key, inMemory);
        return inMemory as CacheEntry<T>;
      }
      const stored = (await area.get(PREFIX + key))[PREFIX + key];
      if (!isEntry(stored)) {
        misses++;
        return null;
      }
      hits++;
      remember(key, stored);
      return stored as CacheEntry<T>;
    },
    async put<T>(key: string, value: T, fetchedAt: number) {
      const entry: CacheEntry<T> = { value, fetchedAt };
      remember(key, entry);
      await area.set({ [PREFIX + key]: entry });
    },
    async remove(key: string) {
      memory.delete(key);
      await area.remove(PREFIX + key);
    },
    async sweep(now: number, maxAgeMs: number) {
      const all = await area.get(null);
      const old = Object.entries(all)
        .filter(([key, value]) => key.startsWith(PREFIX) && (!isEntry(value) || now - value.fetchedAt > maxAgeMs))
        .map(([key]) => key);
      for (const key of old) memory.delete(key.slice(PREFIX.length));
      if (old.length > 0) await area.remove(old);
      return old.length;
    },
    stats: () => ({ hits, misses }),
  };
}
