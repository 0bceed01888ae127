/**
 * Which set the overlay and pages show: the active space when one is chosen, else the subscribed
 * OKR file when one is chosen, else the active local set, else (zero setup) a space found on the tracker site of the page asking, which is then
 * remembered for that site and becomes the active set.
 */
import { TRACKER_INFO } from '../../../lib/trackers/catalog';
import type { OkrSet, TrackerId } from '../../../lib/okr/model';
import { shownCycleId } from '../../../lib/store/cycle';
import { sameSpace, type SpaceCache, type SpaceRef } from '../../../lib/store/space-cache';
import { localDate } from '../../../lib/util/date';
import type { SourceView } from '../../../lib/view/types';
import type { Discovery } from './discovery';
import { snapshotOf, type SpaceReader, type SpaceSnapshot } from './reader';
import { createSiteChoice } from './site-choice';

export interface ActiveSet {
  set: OkrSet;
  cycleId: string | null;
  /** Where the set comes from when it is a space: its name, place and when it was read. */
  source?: SourceView;
}

/** The page asking: its tracker site and, on an issue page, the issue. */
export interface PageHint {
  tracker: TrackerId;
  site: string;
  key?: string;
}

export interface ActiveSetDeps {
  local(): Promise<{ set: OkrSet; cycleId: string | null } | null>;
  /** The subscribed OKR file chosen as the active set, if any (entrypoints/background/subscriptions). */
  subscription?: (() => Promise<ActiveSet | null>) | undefined;
  cache: SpaceCache;
  reader: SpaceReader;
  discovery: Discovery;
  now(): number;
}

/** "Jira acme.atlassian.net, project OKR" / "Linear acme, team OKR". */
export function spacePlace(ref: SpaceRef): string {
  return TRACKER_INFO[ref.tracker].space.place(ref.site, ref.home);
}

export function sourceOf(snapshot: SpaceSnapshot): SourceView {
  return {
    name: snapshot.set.name,
    place: spacePlace(snapshot.ref),
    readAt: snapshot.readAt,
    ...(snapshot.offline ? { offline: snapshot.offline } : {}),
  };
}

export function createActiveSetSource(deps: ActiveSetDeps) {
  const siteChoice = createSiteChoice(deps);

  async function snapshot(ref: SpaceRef, fresh = false): Promise<SpaceSnapshot | null> {
    const { cached, offline } = await deps.reader.read(ref, { fresh });
    return snapshotOf(cached, offline);
  }

  function fromSnapshot(found: SpaceSnapshot, cycleId: string | null): ActiveSet {
    const chosen = shownCycleId(found.set.cycles, cycleId, localDate(deps.now()));
    return { set: found.set, cycleId: chosen, source: sourceOf(found) };
  }

  /** A space found on the page's site with nothing else active: remembered for the site, and made active. */
  async function zeroSetup(hint: PageHint): Promise<ActiveSet | null> {
    const ref =
      (await deps.cache.getChoice(hint.tracker, hint.site)) ??
      (await deps.discovery.pick(hint.tracker, hint.site, hint.key).catch(() => null));
    if (!ref) return null;
    const found = await snapshot(ref).catch(() => null);
    if (!found) return null;
    await deps.cache.setChoice(found.ref);
    await deps.cache.setActive({ ref: found.ref, cycleId: null });
    return fromSnapshot(found, null);
  }

  return {
    /** The active space's snapshot, or null when the active set is local. */
    async activeSpace(fresh = false): Promise<SpaceSnapshot | null> {
      const active = await deps.cache.getActive();
      return active ? snapshot(active.ref, fresh) : null;
    },
    async getActiveSelection(hint?: PageHint): Promise<ActiveSet | null> {
      const active = await deps.cache.getActive();
      if (active) {
        // A page reads the space chosen for its site; the active space is read when that fails.
        const ref = hint ? await siteChoice.forPage(hint, active) : active.ref;
        const chosen = sameSpace(ref, active.ref) ? null : await snapshot(ref).catch(() => null);
        if (chosen) return fromSnapshot(chosen, null);
        const found = await snapshot(active.ref).catch(() => null);
        if (found) return fromSnapshot(found, active.cycleId);
      }
      const subscribed = await deps.subscription?.();
      if (subscribed) return subscribed;
      const local = await deps.local();
      if (local) return local;
      return hint ? zeroSetup(hint) : null;
    },
  };
}

export type ActiveSetSourceImpl = ReturnType<typeof createActiveSetSource>;
