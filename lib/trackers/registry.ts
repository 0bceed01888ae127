/**
 * Every tracker's descriptor, in one exhaustive record, and which adapter serves which tracker
 * site, built from the stored connections. Adding a tracker means one more entry here and one
 * more folder beside `jira/` and `linear/` (docs/adding-a-tracker.md). Background only: the
 * descriptors pull in the API clients; pages use `catalog.ts`.
 */
import type { TrackerId } from '../okr/model';
import type { StorageArea } from '../settings';
import { jiraTracker } from './jira';
import { linearTracker } from './linear';
import { TrackerError, type TrackerAdapter, type TrackerDescriptor } from './tracker';

export { SetupNeeded } from './tracker';

export const TRACKERS: { readonly [Id in TrackerId]: TrackerDescriptor<Id> } = {
  jira: jiraTracker,
  linear: linearTracker,
};

/** Every tracker, in the order answers list them. */
export const TRACKER_LIST: ReadonlyArray<TrackerDescriptor> = Object.values(TRACKERS);

export interface RegistryOptions {
  /** Overrides for the local sandbox and tests, e.g. Linear's API at http://localhost. */
  linearApiUrl?: string;
}

/**
 * Adapters are kept per site so discovered fields (Jira's story-point field) are not asked for
 * again; secrets are not kept in them where they can be read at request time instead (Linear),
 * and Jira token adapters are made per call for the same reason.
 */
export function createAdapterRegistry(area: StorageArea, options: RegistryOptions = {}) {
  const kept = new Map<string, TrackerAdapter>();
  return {
    adapterFor: async (tracker: TrackerId, site: string): Promise<TrackerAdapter> => {
      // Ids are validated at the message edge; anything else is refused, never served by another tracker.
      if (!Object.hasOwn(TRACKERS, tracker)) throw new TrackerError('invalid', `KR Lens does not know the tracker “${String(tracker)}”.`);
      return TRACKERS[tracker].createAdapter({ area, site, kept, ...(options.linearApiUrl ? { linearApiUrl: options.linearApiUrl } : {}) });
    },
    /** Credentials changed: forget adapters that may hold what they learned with the old ones. */
    forget: () => kept.clear(),
  };
}
