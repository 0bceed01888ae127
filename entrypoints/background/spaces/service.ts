/**
 * The background's team-space module: the active-set source the overlay reads through, and the
 * calls Options and the dashboard make (see lib/space-messages.ts).
 */
import type { OkrServiceImpl } from '../../../lib/messaging-host';
import type { OkrSet, TrackerId } from '../../../lib/okr/model';
import { withCheckIn, withRecord } from '../../../lib/space/merge';
import type { ActiveSpaceView, ConflictView, SpaceSaveResult, SpaceListEntry, SpaceServiceProtocol } from '../../../lib/space-messages';
import { recordTitle, type RecordDraft } from '../../../lib/space/record';
import type { SpaceHome, WriteConflict } from '../../../lib/space/space-store';
import type { SpaceCache, SpaceRef } from '../../../lib/store/space-cache';
import type { Settings } from '../../../lib/settings';
import type { TrackerAdapter } from '../../../lib/trackers/tracker';
import { TrackerError } from '../../../lib/trackers/tracker';
import { TRACKER_LIST, TRACKERS } from '../../../lib/trackers/registry';
import { createActiveSetSource, sourceOf, spacePlace, type ActiveSetDeps } from './active';
import { createDiscovery } from './discovery';
import { createPublishing } from './publishing';
import { createSpaceReader, snapshotOf, type SpaceSnapshot } from './reader';
import { createSpaceStores } from './stores';

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

const homeOf = (ref: Pick<SpaceRef, 'home' | 'setId'>): SpaceHome => ({ home: ref.home, setId: ref.setId });

export function viewOf(snapshot: SpaceSnapshot, cycleId: string | null): ActiveSpaceView {
  return { ref: snapshot.ref, set: snapshot.set, cycleId, revs: snapshot.revs, source: sourceOf(snapshot), skipped: snapshot.skipped };
}

/** Who changed what and when, for `kr-lens-conflict`. */
export function conflictView(conflict: WriteConflict, typed: RecordDraft): ConflictView {
  const title = recordTitle(conflict.current);
  const when = conflict.updatedAt.slice(0, 16).replace('T', ' ');
  const renamed = title !== recordTitle(typed) ? ` It is now “${title}”.` : '';
  return {
    title,
    where: conflict.where,
    updatedBy: conflict.updatedBy,
    updatedAt: conflict.updatedAt,
    message: `${conflict.updatedBy} changed this on ${when} UTC (${conflict.where}, rev ${conflict.current.rev}) after you opened it, so nothing was saved.${renamed} Your text is kept: save again to apply it over theirs.`,
  };
}

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
    siteFor: async (tracker) => {
      const sites = (await connectedSites(await deps.readSettings())).filter((s) => s.tracker === tracker);
      if (!sites[0]) throw new TrackerError('auth', TRACKERS[tracker].space.noConnection);
      return sites[0].site;
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
    return { spaces, problems };
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
    saveSpaceEdits: (params) => saveEdits(params),
  };

  async function saveEdits(params: Parameters<SpaceMethods['saveSpaceEdits']>[0]): Promise<SpaceSaveResult> {
    const active = await deps.cache.getActive();
    const ref: SpaceRef = { ...params.ref, name: active?.ref.name ?? params.ref.setId };
    const store = await storeFor(ref.tracker, ref.site);
    for (const { draft, baseRev } of params.records) {
      if (baseRev === null) {
        const created = await store.createRecord(homeOf(ref), draft);
        await reader.amend(ref, (read) => withRecord(read, created.record));
        continue;
      }
      const result = await store.updateRecord(homeOf(ref), draft, baseRev);
      if (!result.ok) {
        // The copy takes their version, so the page's next save is based on it.
        const { where, current } = result.conflict;
        await reader.amend(ref, (read) => {
          const issueId = read.records.find((located) => located.where === where)?.issueId ?? where;
          return withRecord(read, { where, issueId, record: current });
        });
        const conflict = conflictView(result.conflict, draft);
        const { cached } = await reader.read(ref);
        const snapshot = snapshotOf(cached);
        return {
          ok: false,
          conflict,
          message: conflict.message,
          ...(snapshot ? { space: viewOf(snapshot, active?.cycleId ?? null) } : {}),
        };
      }
      await reader.amend(ref, (read) => withRecord(read, result.record));
    }
    for (const checkIn of params.checkIns) {
      const appended = await store.appendCheckIn(homeOf(ref), checkIn);
      await reader.amend(ref, (read) => withCheckIn(read, appended.checkIn));
    }
    const { cached, offline } = await reader.read(ref);
    const snapshot = snapshotOf(cached, offline);
    if (!snapshot) throw new TrackerError('invalid', 'The space no longer holds its set record.');
    return { ok: true, space: viewOf(snapshot, active?.cycleId ?? null) };
  }

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
