/**
 * The extension's copy of team spaces (SPEC "Where data lives" → Team spaces): per space its last
 * read with the cursor the next refresh starts from, which space is the active set, and which
 * space the user chose on each site. Kept in `storage.local` so pages work offline from it and a
 * warm page costs no request; the background writes it, extension pages may read it.
 */
import { trackerIdSchema } from '../okr/model';
import type { TrackerId } from '../okr/model';
import type { StorageArea } from '../settings';
import type { SpaceRead } from '../space/space-store';
import { storageKeys } from './records';

/** A space as the extension names it: where it lives and which set it holds. */
export interface SpaceRef {
  tracker: TrackerId;
  /** The Jira site origin or the Linear workspace. */
  site: string;
  /** The Jira project key or Linear team key. */
  home: string;
  setId: string;
  /** The set's name, as last read. */
  name: string;
}

export interface CachedSpace {
  ref: SpaceRef;
  read: SpaceRead;
  /** When the tracker last answered (ms since epoch); the read's own `readAt` is when it started. */
  fetchedAt: number;
}

export interface ActiveSpace {
  ref: SpaceRef;
  /** The cycle the user chose, or null for the one containing today. */
  cycleId: string | null;
}

export const spaceStorageKeys = {
  active: storageKeys.activeSpace,
  space: (ref: Pick<SpaceRef, 'tracker' | 'site' | 'home' | 'setId'>) =>
    `krLens:space:${ref.tracker}|${ref.site}|${ref.home.toUpperCase()}/${ref.setId}`,
  choice: (tracker: TrackerId, site: string) => `krLens:spaceChoice:${tracker}|${site}`,
};

export const sameSpace = (a: Omit<SpaceRef, 'name'>, b: Omit<SpaceRef, 'name'>): boolean =>
  spaceStorageKeys.space(a) === spaceStorageKeys.space(b);

function isRef(value: unknown): value is SpaceRef {
  if (typeof value !== 'object' || value === null) return false;
  const ref = value as Record<string, unknown>;
  return trackerIdSchema.safeParse(ref.tracker).success && ['site', 'home', 'setId', 'name'].every((k) => typeof ref[k] === 'string');
}

function isCached(value: unknown): value is CachedSpace {
  if (typeof value !== 'object' || value === null) return false;
  const cached = value as Record<string, unknown>;
  const read = cached.read as Record<string, unknown> | undefined;
  return isRef(cached.ref) && typeof cached.fetchedAt === 'number' && !!read && Array.isArray(read.records) && Array.isArray(read.checkIns);
}

export interface SpaceCache {
  get(ref: Omit<SpaceRef, 'name'>): Promise<CachedSpace | null>;
  put(entry: CachedSpace): Promise<void>;
  getActive(): Promise<ActiveSpace | null>;
  setActive(active: ActiveSpace | null): Promise<void>;
  getChoice(tracker: TrackerId, site: string): Promise<SpaceRef | null>;
  setChoice(ref: SpaceRef): Promise<void>;
}

/** A damaged entry reads as absent: the space is read again rather than every page breaking. */
export function createSpaceCache(area: StorageArea): SpaceCache {
  // The hot path (every issue page) reads the active space's copy: kept in memory once read.
  const memory = new Map<string, CachedSpace>();
  async function one(key: string): Promise<unknown> {
    return (await area.get(key))[key];
  }
  return {
    async get(ref) {
      const key = spaceStorageKeys.space(ref);
      const known = memory.get(key);
      if (known) return known;
      const value = await one(key);
      if (!isCached(value)) return null;
      memory.set(key, value);
      return value;
    },
    async put(entry) {
      const key = spaceStorageKeys.space(entry.ref);
      memory.set(key, entry);
      await area.set({ [key]: entry });
    },
    async getActive() {
      const value = (await one(spaceStorageKeys.active)) as { ref?: unknown; cycleId?: unknown } | undefined;
      if (!value || !isRef(value.ref)) return null;
      return { ref: value.ref, cycleId: typeof value.cycleId === 'string' ? value.cycleId : null };
    },
    async setActive(active) {
      if (active === null) await area.remove(spaceStorageKeys.active);
      else await area.set({ [spaceStorageKeys.active]: active });
    },
    async getChoice(tracker, site) {
      const value = await one(spaceStorageKeys.choice(tracker, site));
      return isRef(value) ? value : null;
    },
    async setChoice(ref) {
      await area.set({ [spaceStorageKeys.choice(ref.tracker, ref.site)]: ref });
    },
  };
}
