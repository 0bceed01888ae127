/**
 * Markers for a page of cards (boards, backlogs, lists): cached ones as they are, the rest in one
 * batched read of the cards' issues and their ancestors. Their links come from the set's link
 * index (link-index.ts), read beside the first batch and shared by the batches of its freshness
 * window, so a batch costs its reads and no check of its own; without an index each batch checks
 * its links.
 */
import type { OkrServiceImpl } from '../../../lib/messaging-host';
import type { IssueSnapshot, TrackerId } from '../../../lib/okr/model';
import { buildMarkers } from '../../../lib/view/overlay';
import type { MarkerView } from '../../../lib/view/types';
import { createIssuePieces } from './issue-pieces';
import { readerKrs, type ServiceCore } from './shared';

type MarkerParams = { tracker: TrackerId; site: string; keys: string[]; fresh: boolean };

const markerCacheKey = (tracker: TrackerId, site: string, key: string) => `marker:${tracker}:${site}:${key}`;
const recentKey = (tracker: TrackerId, site: string, key: string) => `${tracker}\u0000${site}\u0000${key}`;

export function createMarkerHandlers({ deps, context, isFresh }: ServiceCore): Pick<OkrServiceImpl, 'getBoardMarkers'> {
  // Issues read for markers while this worker runs: the epics of one batch of cards are usually
  // the epics of the next, and asking for them again would double a board's requests.
  const recentIssues = new Map<string, { issue: IssueSnapshot; at: number }>();
  let markerQueue: Promise<unknown> = Promise.resolve();
  const pieces = createIssuePieces(deps.cache, isFresh);

  function recentlyRead(tracker: TrackerId, site: string): ReadonlyMap<string, IssueSnapshot> {
    const fresh = new Map<string, IssueSnapshot>();
    for (const { issue, at } of recentIssues.values()) {
      if (issue.ref.tracker === tracker && issue.ref.site === site && isFresh(at)) fresh.set(issue.ref.key, issue);
    }
    return fresh;
  }

  async function cachedLineages(params: MarkerParams, keys: readonly string[]): Promise<Map<string, IssueSnapshot[]>> {
    const known = new Map<string, IssueSnapshot[]>();
    if (params.fresh) return known;
    for (const key of keys) {
      const entry = await deps.cache.get<IssueSnapshot[]>(markerCacheKey(params.tracker, params.site, key));
      if (entry && isFresh(entry.fetchedAt)) known.set(key, entry.value);
    }
    return known;
  }

  async function boardMarkers(params: MarkerParams): Promise<MarkerView[]> {
    const ctx = await context();
    if (!ctx) return [];
    const keys = [...new Set(params.keys)];
    const known = await cachedLineages(params, keys);
    const missing = keys.filter((key) => !known.has(key));
    if (missing.length > 0) {
      const adapter = await deps.adapterFor(params.tracker, params.site);
      const parents = params.fresh ? new Map<string, IssueSnapshot>() : recentlyRead(params.tracker, params.site);
      const index = pieces.linkIndex(adapter, params, ctx.set, { reuse: !params.fresh, now: deps.now(), repairMirrors: false });
      const linkIndex = index.then((piece) => piece?.value ?? null);
      const fetched = await adapter.getIssuesWithAncestors(missing, { known: parents, krs: readerKrs(ctx.set), linkIndex });
      // Links from the index are as old as the index.
      const at = Math.min(deps.now(), (await index)?.fetchedAt ?? Number.POSITIVE_INFINITY);
      const byKey = new Map(fetched.map((issue) => [issue.ref.key, issue]));
      for (const issue of fetched) recentIssues.set(recentKey(params.tracker, params.site, issue.ref.key), { issue, at });
      for (const key of missing) {
        const lineage = lineageOf(byKey, key);
        if (lineage.length === 0) continue;
        known.set(key, lineage);
        await deps.cache.put(markerCacheKey(params.tracker, params.site, key), lineage, at);
      }
    }
    return buildMarkers(ctx, keys, [...known.values()].flat());
  }

  return {
    getBoardMarkers: (params) => {
      // One marker batch at a time: a batch asked while another is in flight then reuses the
      // epics that one read, instead of both asking for them.
      const run = markerQueue.then(() => boardMarkers(params));
      markerQueue = run.catch(() => undefined);
      return run;
    },
  };
}

/** An issue and its ancestors, nearest first, as far as they are known. */
function lineageOf(byKey: ReadonlyMap<string, IssueSnapshot>, key: string): IssueSnapshot[] {
  const lineage: IssueSnapshot[] = [];
  const seen = new Set<string>();
  for (
    let current = byKey.get(key);
    current && !seen.has(current.ref.key);
    current = current.parent ? byKey.get(current.parent) : undefined
  ) {
    seen.add(current.ref.key);
    lineage.push(current);
  }
  return lineage;
}
