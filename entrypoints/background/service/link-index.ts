/**
 * The active set's link index per tracker site (lib/trackers/tracker.ts `LinkIndex`): every issue
 * linked to one of the set's KRs, with exactly its links, read once per freshness window and
 * shared by every reader in the worker (issue pages, the trees they read, board markers), so their
 * reads take links from it instead of checking them one batch at a time.
 *
 * - Fresh: the same `isFresh` as every cached piece (60 s). A link deleted or made elsewhere is
 *   seen by the next index read, so never later than the window, as with any cached piece.
 * - Our own link or unlink forgets it (`forgetIndex`, through `IssuePieces.forgetLinked`); an
 *   index read that was under way while a link changed is not kept.
 * - A tracker with none for the set (too many linked issues, no link search; the adapter answers
 *   null) is remembered for `NONE_FOR_MS`, so a large site does not pay for trying every minute.
 * - A failed read answers null: the readers then check their own links, as without an index.
 */
import type { Cache } from '../../../lib/cache';
import type { OkrSet } from '../../../lib/okr/model';
import { indexCovers, type LinkIndex, type TrackerAdapter } from '../../../lib/trackers/tracker';
import type { Piece, TrackerSite } from './issue-pieces';
import { FRESH_FOR_MS, readerKrs } from './shared';

/** How long "this site has no index for the set" is believed. */
export const NONE_FOR_MS = 10 * 60_000;

interface Stored {
  /** Null: the tracker answered that it has none for this set. */
  index: LinkIndex | null;
}

interface InFlight {
  generation: number;
  reading: Promise<Piece<LinkIndex> | null>;
}

/** What every reader over the same cache shares: reads under way, and links changed since. */
interface Shared {
  generations: Map<string, number>;
  inFlight: Map<string, InFlight>;
}

const sharedByCache = new WeakMap<Cache, Shared>();

function sharedOf(cache: Cache): Shared {
  let shared = sharedByCache.get(cache);
  if (!shared) sharedByCache.set(cache, (shared = { generations: new Map(), inFlight: new Map() }));
  return shared;
}

const indexKey = (site: TrackerSite, setId: string) => `link-index:${site.tracker}:${site.site}:${setId}`;

/** How a reader asks for the index. */
export interface IndexRead {
  /** False: read it again even when a fresh one is cached (a page asked for fresh data). */
  reuse: boolean;
  /** The reader's clock: a new index counts as read at this time. */
  now: number;
  /** An issue page writes back the mirrors the index found wrong; markers only read. */
  repairMirrors: boolean;
}

export interface LinkIndexes {
  /**
   * The set's index on the site, with when it was read: fresh from the cache or a read under way
   * (with `reuse`), else read now. Null when the tracker has none or the read failed. Never
   * rejects. What is read with its links must be counted as old as the index.
   */
  linkIndex(adapter: TrackerAdapter, site: TrackerSite, set: OkrSet, read: IndexRead): Promise<Piece<LinkIndex> | null>;
  /** A link of the set changed on the site: the next reader reads the index again. */
  forgetIndex(site: TrackerSite, setId: string): Promise<void>;
}

export function createLinkIndexes(cache: Cache, isFresh: (fetchedAt: number) => boolean): LinkIndexes {
  const shared = sharedOf(cache);
  const generation = (key: string) => shared.generations.get(key) ?? 0;

  /** The cached answer: a fresh index, or a recent "none" (null); undefined when there is neither. */
  async function cached(site: TrackerSite, set: OkrSet): Promise<Piece<LinkIndex> | null | undefined> {
    const entry = await cache.get<Stored>(indexKey(site, set.id));
    if (!entry) return undefined;
    const { index } = entry.value;
    // "None" is believed NONE_FOR_MS instead of the freshness window, on the same clock.
    if (index === null) return isFresh(entry.fetchedAt + NONE_FOR_MS - FRESH_FOR_MS) ? null : undefined;
    return isFresh(entry.fetchedAt) && indexCovers(index, readerKrs(set)) ? { value: index, fetchedAt: entry.fetchedAt } : undefined;
  }

  function read(adapter: TrackerAdapter, site: TrackerSite, set: OkrSet, how: IndexRead): Promise<Piece<LinkIndex> | null> {
    const startedAt = how.now;
    const key = indexKey(site, set.id);
    const startedIn = generation(key);
    const reading = (async () => {
      const index = await adapter.readLinkIndex!(readerKrs(set), { repairMirrors: how.repairMirrors });
      // A link changed while it was read: answer this reader, keep nothing.
      if (generation(key) === startedIn) await cache.put<Stored>(key, { index }, startedAt);
      return index ? { value: index, fetchedAt: startedAt } : null;
    })().catch(() => null);
    const flight = { generation: startedIn, reading };
    shared.inFlight.set(key, flight);
    void reading.finally(() => {
      if (shared.inFlight.get(key) === flight) shared.inFlight.delete(key);
    });
    return reading;
  }

  return {
    async linkIndex(adapter, site, set, how) {
      if (!adapter.readLinkIndex) return null;
      const key = indexKey(site, set.id);
      if (how.reuse) {
        const flight = shared.inFlight.get(key);
        if (flight && flight.generation === generation(key)) return flight.reading;
        const stored = await cached(site, set).catch(() => undefined);
        if (stored !== undefined) return stored;
      }
      return read(adapter, site, set, how);
    },
    async forgetIndex(site, setId) {
      const key = indexKey(site, setId);
      shared.generations.set(key, generation(key) + 1);
      shared.inFlight.delete(key);
      await cache.remove(key);
    },
  };
}
