/**
 * The link index on Jira (lib/trackers/tracker.ts `LinkIndex`): every issue linked to any KR of
 * the universe, found with one search (`issue in issuesWithRemoteLinksByGlobalId(…)`, 100 ids a
 * call, the issues with their fields and links mirror), then told apart by the exact check of
 * link-truth.ts on those candidates (`linked: true`): a second search finds the wrong mirrors
 * among them, and only those have their remote links read. So the index is exact at the time it
 * was read, whatever state the mirrors are in: an issue in it has exactly the links it lists, an
 * issue not in it has none to the universe.
 *
 * A site with more linked issues than `INDEX_MAX_PAGES` search pages gets no index: each read
 * then checks its own issues, as it does without one.
 */
import type { IssueSnapshot, KrRef } from '../../okr/model';
import type { LinkIndex, ReadOptions } from '../tracker';
import { indexCovers } from '../tracker';
import type { RawIssue } from './map';

/** Search pages (100 linked issues each) an index may take; beyond, reads check their own links. */
export const INDEX_MAX_PAGES = 5;

/** An index ready for lookups by a read's raw issues. */
export interface IndexLookup {
  /** The linked issues by key, as the index read them (their links exact). */
  byKey: ReadonlyMap<string, IssueSnapshot>;
  /** The issue's links to the universe: none when it is not in the index. */
  refsOf(raw: Pick<RawIssue, 'id' | 'key'>): KrRef[];
}

export function indexLookup(index: LinkIndex): IndexLookup {
  const byKey = new Map(index.issues.map((issue) => [issue.ref.key, issue]));
  return {
    byKey,
    refsOf: (raw) => byKey.get(index.ids[raw.id] ?? raw.key)?.krRefs ?? [],
  };
}

/**
 * The index a read was given, when it covers exactly the KRs the read must report; null when
 * there is none, it failed, or it is of other KRs (the read then checks its own links).
 */
export async function usableIndex(options: Pick<ReadOptions, 'linkIndex' | 'krs'>): Promise<IndexLookup | null> {
  if (!options.linkIndex || !options.krs) return null;
  const pending = typeof options.linkIndex === 'function' ? options.linkIndex() : options.linkIndex;
  const index = await Promise.resolve(pending).catch(() => null);
  return index && indexCovers(index, options.krs) ? indexLookup(index) : null;
}
