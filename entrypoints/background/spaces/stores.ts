/**
 * The space store of each tracker site, made from the adapter the registry holds for it, so a
 * space store shares the adapter's credentials, retry policy and time limits.
 */
import type { TrackerId } from '../../../lib/okr/model';
import type { SpaceStore } from '../../../lib/space/space-store';
import { JiraAdapter } from '../../../lib/trackers/jira/client';
import { createJiraSpaceStore } from '../../../lib/trackers/jira/space';
import { LinearAdapter } from '../../../lib/trackers/linear/client';
import { createLinearSpaceStore } from '../../../lib/trackers/linear/space';
import { TrackerError, type TrackerAdapter } from '../../../lib/trackers/tracker';

export type SpaceStoreFor = (tracker: TrackerId, site: string) => Promise<SpaceStore>;

/** Space stores per adapter: a new adapter (credentials changed) gets a new store. */
export function createSpaceStores(adapterFor: (tracker: TrackerId, site: string) => Promise<TrackerAdapter>): SpaceStoreFor {
  const stores = new WeakMap<TrackerAdapter, SpaceStore>();
  return async (tracker, site) => {
    const adapter = await adapterFor(tracker, site);
    const known = stores.get(adapter);
    if (known) return known;
    let store: SpaceStore;
    if (adapter instanceof JiraAdapter) store = createJiraSpaceStore(adapter);
    else if (adapter instanceof LinearAdapter) store = createLinearSpaceStore(adapter);
    else throw new TrackerError('unsupported', `KR Lens cannot keep a team space on ${site}.`);
    stores.set(adapter, store);
    return store;
  };
}
