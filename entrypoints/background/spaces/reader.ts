/**
 * Reading a space through the extension's copy: a copy younger than FRESH_FOR_MS answers with no
 * request at all; an older one is refreshed with only what changed since its cursor
 * (`readSpace(cursor)` folded in with `mergeSpaceRead`); when the tracker cannot be reached the
 * copy answers, saying when it was read.
 */
import type { OkrSet } from '../../../lib/okr/model';
import { entriesOf, mergeSpaceRead } from '../../../lib/space/merge';
import { recordKey, setFromRecords } from '../../../lib/space/record';
import type { SpaceRead } from '../../../lib/space/space-store';
import type { CachedSpace, SpaceCache, SpaceRef } from '../../../lib/store/space-cache';
import type { SpaceStoreFor } from './stores';

/** A space's copy younger than this is used as it is. */
export const SPACE_FRESH_FOR_MS = 60_000;

export interface SpaceSnapshot {
  ref: SpaceRef;
  set: OkrSet;
  /** The rev of each record (`kind/id`), to save edits against. */
  revs: Record<string, number>;
  /** Sentences about records and check-ins that could not be read. */
  skipped: string[];
  /** When the tracker last answered (ms since epoch). */
  readAt: number;
  /** Set when the tracker could not be reached and the copy answered: the sentence why. */
  offline?: string;
}

export interface SpaceReaderDeps {
  cache: SpaceCache;
  storeFor: SpaceStoreFor;
  now(): number;
}

const spaceHome = (ref: SpaceRef) => ({ home: ref.home, setId: ref.setId });

/** The set a read holds, with the revs of its records; null when it has no readable set record. */
export function snapshotOf(cached: CachedSpace, offline?: string): SpaceSnapshot | null {
  const entries = entriesOf(cached.read);
  const assembled = setFromRecords(entries.records, entries.checkIns, { setId: cached.ref.setId });
  if (!assembled.set) return null;
  const revs: Record<string, number> = {};
  for (const located of cached.read.records) revs[recordKey(located.record)] = located.record.rev;
  return {
    ref: { ...cached.ref, name: assembled.set.name },
    set: assembled.set,
    revs,
    skipped: [...new Set([...cached.read.skipped, ...assembled.skipped])],
    readAt: cached.fetchedAt,
    ...(offline ? { offline } : {}),
  };
}

export function createSpaceReader(deps: SpaceReaderDeps) {
  const inFlight = new Map<string, Promise<CachedSpace>>();

  async function refresh(ref: SpaceRef, previous: CachedSpace | null): Promise<CachedSpace> {
    const store = await deps.storeFor(ref.tracker, ref.site);
    const delta = await store.readSpace(spaceHome(ref), previous?.read.cursor);
    const read: SpaceRead = previous ? mergeSpaceRead(previous.read, delta) : delta;
    const entry: CachedSpace = { ref, read, fetchedAt: deps.now() };
    await deps.cache.put(entry);
    return entry;
  }

  /** One refresh per space at a time: pages asking at once share it (no request storm). */
  function refreshOnce(ref: SpaceRef, previous: CachedSpace | null): Promise<CachedSpace> {
    const key = `${ref.tracker}|${ref.site}|${ref.home}/${ref.setId}`;
    let running = inFlight.get(key);
    if (!running) {
      running = refresh(ref, previous).finally(() => inFlight.delete(key));
      inFlight.set(key, running);
    }
    return running;
  }

  return {
    /** The space's copy, refreshed first when `fresh` or older than SPACE_FRESH_FOR_MS. Throws when there is no copy and no answer. */
    async read(ref: SpaceRef, options: { fresh?: boolean } = {}): Promise<{ cached: CachedSpace; offline?: string }> {
      const cached = await deps.cache.get(ref);
      if (cached && !options.fresh && deps.now() - cached.fetchedAt <= SPACE_FRESH_FOR_MS) return { cached };
      try {
        return { cached: await refreshOnce(ref, cached) };
      } catch (error) {
        if (!cached) throw error;
        return { cached, offline: error instanceof Error ? error.message : String(error) };
      }
    },
    /** Puts a write this client made into the copy, so the next read shows it with no request. */
    async amend(ref: SpaceRef, change: (read: SpaceRead) => SpaceRead): Promise<void> {
      const cached = await deps.cache.get(ref);
      if (cached) await deps.cache.put({ ...cached, read: change(cached.read) });
    },
  };
}

export type SpaceReader = ReturnType<typeof createSpaceReader>;
