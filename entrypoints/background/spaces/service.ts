/**
 * The background's team-space module: the active-set source the overlay reads through, and the
 * calls Options and the dashboard make (see lib/space-messages.ts).
 */
import type { OkrServiceImpl } from '../../../lib/messaging-host';
import type { OkrSet, TrackerId } from '../../../lib/okr/model';
import type { ActiveSpaceView, SpaceListEntry, SpaceServiceProtocol } from '../../../lib/space-messages';
import type { SpaceCache, SpaceRef } from '../../../lib/store/space-cache';
import type { Settings } from '../../../lib/settings';
import type { TrackerAdapter } from '../../../lib/trackers/tracker';
import { TrackerError } from '../../../lib/trackers/tracker';
import { TRACKER_LIST, TRACKERS } from '../../../lib/trackers/registry';
import { createActiveSetSource, spacePlace, type ActiveSetDeps } from './active';
import { createDiscovery } from './discovery';
import { createPublishing } from './publishing';
import { createSpaceReader, snapshotOf } from './reader';
import { markChosen } from './site-choice';
import { createSpaceStores } from './stores';
import { createEditSaving, viewOf } from './edits';

export { conflictView, viewOf } from './edits';

export interface SpacesDeps {
  adapterFor(tracker: TrackerId, site: string): Promise<TrackerAdapter>;
  cache: SpaceCache;
  readSettings(): Promise<Settings>;
  /** The active local set (storage.local), as before spaces. */
  local(): Promise<{ set: OkrSet; cycleId: string | null } | null>;
  subscription?: ActiveSetDeps['subscription'];
  now(): number;
}

type SpaceMethods = Pick<OkrServiceImpl, keyof SpaceServiceProtocol>;

async function connectedSites(settings: Settings): Promise<Array<{ tracker: TrackerId; site: string }>> {
  return TRACKER_LIST.flatMap((tracker) => tracker.connection.sites(settings).map((site) => ({ tracker: tracker.id, site })));
}

export function createSpaces(deps: SpacesDeps) {
  const storeFor = createSpaceStores(deps.adapterFor);
  const reader = createSpaceReader({ cache: deps.cache, storeFor, now: deps.now });
  const discovery = createDiscovery({ storeFor, adapterFor: deps.adapterFor, now: deps.now });
  const source = createActiveSetSource({
    local: deps.local,
    subscription: deps.subscription,
    cache: deps.cache,
    reader,
    discovery,
    now: deps.now,
  });

  async function activate(ref: Omit<SpaceRef, 'name'>, cycleId: string | null = null): Promise<ActiveSpaceView> {
    const { cached, offline } = await reader.read({ ...ref, name: ref.setId }, { fresh: true });
    const snapshot = snapshotOf(cached, offline);
    if (!snapshot) throw new TrackerError('invalid', `${spacePlace(cached.ref)} holds no readable record of the set “${ref.setId}”.`);
    await deps.cache.setActive({ ref: snapshot.ref, cycleId });
    await deps.cache.setChoice(snapshot.ref);
    return viewOf(snapshot, cycleId);
  }

  const publishing = createPublishing({
    storeFor,
    localSet: async () => (await deps.local())?.set ?? null,
    sitesFor: async (tracker) => {
      const sites = (await connectedSites(await deps.readSettings())).filter((s) => s.tracker === tracker);
      if (!sites[0]) throw new TrackerError('auth', TRACKERS[tracker].space.noConnection);
      return sites.map((s) => s.site);
    },
    activate: (ref) => activate(ref),
  });

  async function listSpaces(fresh: boolean) {
    const active = await deps.cache.getActive();
    const spaces: SpaceListEntry[] = [];
    const problems: string[] = [];
    for (const { tracker, site } of await connectedSites(await deps.readSettings())) {
      try {
        for (const summary of await discovery.spacesOn(tracker, site, fresh)) {
          const ref: SpaceRef = { tracker, site: summary.site, home: summary.home, setId: summary.setId, name: summary.name };
          const isActive =
            !!active &&
            active.ref.tracker === tracker &&
            active.ref.site === ref.site &&
            active.ref.home.toUpperCase() === ref.home.toUpperCase() &&
            active.ref.setId === ref.setId;
          spaces.push({ ...ref, issueKey: summary.issueKey, place: spacePlace(ref), active: isActive });
        }
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
    return { spaces: await markChosen(deps.cache, spaces), problems };
  }

  const methods: SpaceMethods = {
    listSpaces: ({ fresh }) => listSpaces(fresh),
    useSpace: async (ref) => ({ state: 'ok', space: await activate(ref) }),
    leaveSpace: () => deps.cache.setActive(null),
    getActiveSpace: async ({ fresh }) => {
      const active = await deps.cache.getActive();
      if (!active) return { state: 'none' };
      try {
        const snapshot = await source.activeSpace(fresh);
        if (!snapshot) return { state: 'error', message: `${spacePlace(active.ref)} holds no readable record of its set.` };
        return { state: 'ok', space: viewOf(snapshot, active.cycleId) };
      } catch (error) {
        return { state: 'error', message: error instanceof Error ? error.message : String(error) };
      }
    },
    planSpacePublish: (target) => publishing.plan(target),
    publishSpace: (target) => publishing.publish(target),
    getPublishProgress: () => publishing.progress(),
    saveSpaceEdits: createEditSaving({ cache: deps.cache, storeFor, reader }),
  };

  return { methods, source };
}

/** For a service made without spaces (tools, tests of other parts): every space call says so. */
export function withoutSpaces(): SpaceMethods {
  const refuse = () => {
    throw new TrackerError('unsupported', 'Team spaces are not available in this KR Lens service.');
  };
  return {
    listSpaces: refuse,
    useSpace: refuse,
    leaveSpace: refuse,
    getActiveSpace: refuse,
    planSpacePublish: refuse,
    publishSpace: refuse,
    getPublishProgress: refuse,
    saveSpaceEdits: refuse,
  };
}
