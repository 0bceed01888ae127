/**
 * The space store of each tracker site, made from the adapter the registry holds for it, so a
 * space store shares the adapter's credentials, retry policy and time limits.
 */
import type { TrackerId } from '../../../lib/okr/model';
import type { SpaceStore } from '../../../lib/space/space-store';
import { TRACKERS } from '../../../lib/trackers/registry';
import type { TrackerAdapter } from '../../../lib/trackers/tracker';

export type SpaceStoreFor = (tracker: TrackerId, site: string) => Promise<SpaceStore>;

/** Space stores per adapter: a new adapter (credentials changed) gets a new store. */
export function createSpaceStores(adapterFor: (tracker: TrackerId, site: string) => Promise<TrackerAdapter>): SpaceStoreFor {
  const stores = new WeakMap<TrackerAdapter, SpaceStore>();
  return async (tracker, site) => {
    const adapter = await adapterFor(tracker, site);
    const known = stores.get(adapter);
    if (known) return known;
    const store = TRACKERS[tracker].createSpaceStore(adapter);
    stores.set(adapter, store);
    return store;
  };
}
