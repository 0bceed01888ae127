/**
 * The issue page's tracker data, cached the way the trackers hold it rather than one entry per
 * page: each issue read with its links checked (and the keys of its ancestors), the descendants
 * read below an issue, and each KR's linked set (its linked issues and everything below them).
 * Each entry has its own `fetchedAt`, under the one freshness policy (shared.ts), so the pages of
 * one epic or KR share what the first of them read.
 */
import type { Cache, CacheEntry } from '../../../lib/cache';
import type { IssueAddress } from '../../../lib/messaging';
import type { IssueSnapshot, KrRef } from '../../../lib/okr/model';
import { createLinkIndexes, type LinkIndexes } from './link-index';

export type TrackerSite = Pick<IssueAddress, 'tracker' | 'site'>;

/** A KR's linked issues and all their descendants, as `findLinkedIssues` answers for it alone. */
export interface LinkedSet {
  issues: IssueSnapshot[];
  notice?: string;
  /**
   * Set when the answer had every issue's links to all the active set's KRs (`linksComplete`):
   * those links by issue key (issues with none left out). Each issue of the tree is then known
   * with its links checked, as an issue read would know it.
   */
  linksOf?: Record<string, KrRef[]>;
}

/** An issue as a page read it: its links checked, and which ancestors it sits under. */
interface IssueRead {
  issue: IssueSnapshot;
  /** Keys of the ancestors read with it, nearest first. */
  above: string[];
}

export interface Piece<T> {
  value: T;
  fetchedAt: number;
}

const issueKey = (s: TrackerSite, key: string) => `issue-read:${s.tracker}:${s.site}:${key}`;
const descendantsKey = (s: TrackerSite, key: string) => `descendants:${s.tracker}:${s.site}:${key}`;
const linkedKey = (s: TrackerSite, kr: KrRef) => `linked:${s.tracker}:${s.site}:${kr.setId}:${kr.krId}`;

export interface IssuePieces extends LinkIndexes {
  /** Whether a piece read at `fetchedAt` is still fresh. */
  isFresh(fetchedAt: number): boolean;
  /** The issue and its ancestors, nearest first; null when one of them is missing (or not fresh). */
  chain(site: TrackerSite, key: string, freshOnly: boolean): Promise<Piece<IssueSnapshot[]> | null>;
  putChain(site: TrackerSite, chain: readonly IssueSnapshot[], fetchedAt: number): Promise<void>;
  /** One issue read at `fetchedAt`, under the ancestors `above` (keys, nearest first). */
  putIssue(site: TrackerSite, issue: IssueSnapshot, above: string[], fetchedAt: number): Promise<void>;
  descendants(site: TrackerSite, key: string, freshOnly: boolean): Promise<Piece<IssueSnapshot[]> | null>;
  putDescendants(site: TrackerSite, key: string, descendants: IssueSnapshot[], fetchedAt: number): Promise<void>;
  linked(site: TrackerSite, kr: KrRef, freshOnly: boolean): Promise<Piece<LinkedSet> | null>;
  putLinked(site: TrackerSite, kr: KrRef, set: LinkedSet, fetchedAt: number): Promise<void>;
  /** After a link change: the KR's linked set and the set's link index are read again by the next page that needs them. */
  forgetLinked(site: TrackerSite, kr: KrRef): Promise<void>;
}

export function createIssuePieces(cache: Cache, isFresh: (fetchedAt: number) => boolean): IssuePieces {
  const usable = <T>(entry: CacheEntry<T> | null, freshOnly: boolean): CacheEntry<T> | null =>
    entry && (!freshOnly || isFresh(entry.fetchedAt)) ? entry : null;
  const putIssue = (site: TrackerSite, issue: IssueSnapshot, above: string[], fetchedAt: number) =>
    cache.put<IssueRead>(issueKey(site, issue.ref.key), { issue, above }, fetchedAt);
  const indexes = createLinkIndexes(cache, isFresh);
  return {
    isFresh,
    ...indexes,
    async chain(site, key, freshOnly) {
      const own = usable(await cache.get<IssueRead>(issueKey(site, key)), freshOnly);
      if (!own) return null;
      // The ancestors at once: after a worker restart each is a storage read.
      const above = await Promise.all(
        own.value.above.map(async (key) => usable(await cache.get<IssueRead>(issueKey(site, key)), freshOnly)),
      );
      if (above.some((entry) => entry === null)) return null;
      const chain = [own.value.issue, ...above.map((entry) => entry!.value.issue)];
      const fetchedAt = Math.min(own.fetchedAt, ...above.map((entry) => entry!.fetchedAt));
      return { value: chain, fetchedAt };
    },
    async putChain(site, chain, fetchedAt) {
      const keys = chain.map((issue) => issue.ref.key);
      await Promise.all(chain.map((issue, index) => putIssue(site, issue, keys.slice(index + 1), fetchedAt)));
    },
    putIssue,
    descendants: async (site, key, freshOnly) => usable(await cache.get<IssueSnapshot[]>(descendantsKey(site, key)), freshOnly),
    putDescendants: (site, key, descendants, fetchedAt) => cache.put(descendantsKey(site, key), descendants, fetchedAt),
    linked: async (site, kr, freshOnly) => usable(await cache.get<LinkedSet>(linkedKey(site, kr)), freshOnly),
    putLinked: (site, kr, set, fetchedAt) => cache.put(linkedKey(site, kr), set, fetchedAt),
    forgetLinked: async (site, kr) => {
      await Promise.all([cache.remove(linkedKey(site, kr)), indexes.forgetIndex(site, kr.setId)]);
    },
  };
}

// ---- pure helpers over tracker data ----------------------------------------------------------

/** Everything below `key` among `issues` (by parent pointers); null when `key` is not among them. */
export function subtreeOf(key: string, issues: readonly IssueSnapshot[]): IssueSnapshot[] | null {
  if (!issues.some((issue) => issue.ref.key === key)) return null;
  const children = new Map<string, IssueSnapshot[]>();
  for (const issue of issues) {
    if (issue.parent !== undefined) children.set(issue.parent, [...(children.get(issue.parent) ?? []), issue]);
  }
  const found: IssueSnapshot[] = [];
  const seen = new Set([key]);
  for (let level = children.get(key) ?? []; level.length > 0; ) {
    const next: IssueSnapshot[] = [];
    for (const issue of level) {
      if (seen.has(issue.ref.key)) continue;
      seen.add(issue.ref.key);
      found.push(issue);
      next.push(...(children.get(issue.ref.key) ?? []));
    }
    level = next;
  }
  return found;
}

/**
 * One KR's share of a `findLinkedIssues` answer for several: the issues linked to it and their
 * subtrees, each issue carrying only its link to this KR (the other KRs' sets carry theirs); with
 * `linksComplete`, every link of each issue kept apart in `linksOf`.
 */
export function linkedSetOf(kr: KrRef, issues: readonly IssueSnapshot[], notice?: string, linksComplete = false): LinkedSet {
  const holds = (issue: IssueSnapshot) => issue.krRefs.some((ref) => ref.setId === kr.setId && ref.krId === kr.krId);
  const byKey = new Map<string, IssueSnapshot>();
  for (const root of issues.filter(holds)) {
    for (const issue of [root, ...(subtreeOf(root.ref.key, issues) ?? [])]) byKey.set(issue.ref.key, issue);
  }
  const own = [...byKey.values()].map((issue) => ({ ...issue, krRefs: holds(issue) ? [{ setId: kr.setId, krId: kr.krId }] : [] }));
  const linksOf = Object.fromEntries(
    [...byKey.values()].filter((issue) => issue.krRefs.length > 0).map((issue) => [issue.ref.key, issue.krRefs]),
  );
  return { issues: own, ...(notice ? { notice } : {}), ...(linksComplete ? { linksOf } : {}) };
}

/** Several KRs' linked sets as one list, each issue once with all its links among them. */
export function mergeLinkedSets(sets: readonly LinkedSet[]): LinkedSet {
  const byKey = new Map<string, IssueSnapshot>();
  for (const issue of sets.flatMap((set) => set.issues)) {
    const seen = byKey.get(issue.ref.key);
    const krRefs = [...(seen?.krRefs ?? []), ...issue.krRefs.filter((ref) => !seen?.krRefs.some((s) => s.krId === ref.krId))];
    byKey.set(issue.ref.key, { ...issue, krRefs });
  }
  const notice = sets.find((set) => set.notice)?.notice;
  return { issues: [...byKey.values()], ...(notice ? { notice } : {}) };
}
