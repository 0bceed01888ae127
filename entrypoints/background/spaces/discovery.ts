/**
 * Zero setup: on a tracker site with no active set, find the spaces it holds (Jira:
 * `labels = kr-lens-set`; Linear: issues labelled kr-lens-set) and pick one — the only one, or
 * the one whose set the issue's links name (`kr-lens:<setId>:<krId>`). Answers, empty ones too,
 * are kept a while so pages of a site with no space do not ask on every load.
 */
import type { TrackerId } from '../../../lib/okr/model';
import type { SpaceSummary } from '../../../lib/space/space-store';
import type { SpaceRef } from '../../../lib/store/space-cache';
import type { TrackerAdapter } from '../../../lib/trackers/tracker';
import type { SpaceStoreFor } from './stores';

/** How long a site's list of spaces is trusted before it is asked again. */
export const DISCOVERY_FRESH_FOR_MS = 10 * 60_000;

export interface DiscoveryDeps {
  storeFor: SpaceStoreFor;
  adapterFor(tracker: TrackerId, site: string): Promise<TrackerAdapter>;
  now(): number;
}

export const refOf = (summary: SpaceSummary): SpaceRef => ({
  tracker: summary.tracker,
  site: summary.site,
  home: summary.home,
  setId: summary.setId,
  name: summary.name,
});

export function createDiscovery(deps: DiscoveryDeps) {
  const known = new Map<string, { at: number; spaces: Promise<SpaceSummary[]> }>();

  function spacesOn(tracker: TrackerId, site: string, fresh = false): Promise<SpaceSummary[]> {
    const key = `${tracker}|${site}`;
    const entry = known.get(key);
    if (entry && !fresh && deps.now() - entry.at <= DISCOVERY_FRESH_FOR_MS) return entry.spaces;
    const spaces = deps.storeFor(tracker, site).then((store) => store.discover());
    known.set(key, { at: deps.now(), spaces });
    spaces.catch(() => known.get(key)?.spaces === spaces && known.delete(key));
    return spaces;
  }

  /** The sets an issue and its ancestors are linked to, from their links' globalIds. */
  async function linkedSetIds(tracker: TrackerId, site: string, issueKey: string): Promise<Set<string>> {
    const family = await (await deps.adapterFor(tracker, site)).getIssueWithFamily(issueKey);
    const issues = family ? [family.issue, ...family.ancestors] : [];
    return new Set(issues.flatMap((issue) => issue.krRefs.map((ref) => ref.setId)));
  }

  return {
    spacesOn,
    /** The space to use on this site: the only one, or the one the issue's links lead to; null when none or it is unclear. */
    async pick(tracker: TrackerId, site: string, issueKey?: string): Promise<SpaceRef | null> {
      const spaces = await spacesOn(tracker, site);
      if (spaces.length === 1) return refOf(spaces[0]!);
      if (spaces.length === 0 || !issueKey) return null;
      const wanted = await linkedSetIds(tracker, site, issueKey);
      const matching = spaces.filter((space) => wanted.has(space.setId));
      return matching.length === 1 ? refOf(matching[0]!) : null;
    },
  };
}

export type Discovery = ReturnType<typeof createDiscovery>;
