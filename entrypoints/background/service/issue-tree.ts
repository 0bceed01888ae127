/**
 * An issue that sits in a KR's linked tree read moments ago is known but for its links: the tree's
 * descendants carry none (only `findLinkedIssues`'s matches do). The first page of such an issue
 * takes the links of the whole tree from the set's fresh link index (link-index.ts) and reads only
 * the ancestors above the tree that no fresh chain holds; without an index it reads the whole tree
 * once with the ancestors above it, their links checked together (`getIssuesWithAncestors`: on
 * Jira a bulk read per 100 issues and level, and one check). Either way the next pages of the same
 * epic or KR cost no request at all.
 */
import type { IssueSnapshot } from '../../../lib/okr/model';
import type { LinkIndex } from '../../../lib/trackers/tracker';
import type { IssueReadContext } from './issue-read';
import type { Piece, TrackerSite } from './issue-pieces';
import { readerKrs } from './shared';

/** The issue's chain, after reading the fresh linked tree that holds it; null when none holds it. */
export async function readTreeHolding(
  rc: IssueReadContext,
  address: TrackerSite & { key: string },
): Promise<Piece<IssueSnapshot[]> | null> {
  // An adapter that never leaves descendants out reads a family in one request (Linear): a tree
  // read would cost more than the page's own read.
  if (!rc.adapter.getDescendants) return null;
  const tree = await freshTreeHolding(rc, address);
  if (!tree) return null;
  const index = rc.index ? await rc.index() : null;
  // With the index, the tree's issues are as old as the tree and the index, whichever is older.
  const at = index ? Math.min(rc.now, tree.fetchedAt, index.fetchedAt) : rc.now;
  const { read, fresh } = index ? await treeFromIndex(rc, address, tree.value, index.value) : await treeChecked(rc, tree.value);
  const byKey = new Map(read.map((issue) => [issue.ref.key, issue]));
  await Promise.all(fresh.map(async (issue) => putWithChain(rc, address, issue, byKey, at)));
  return rc.pieces.chain(address, address.key, true);
}

/** What a tree read knows: every issue it can follow parents through, and those it read now. */
interface TreeRead {
  read: IssueSnapshot[];
  fresh: IssueSnapshot[];
}

async function treeChecked(rc: IssueReadContext, tree: readonly IssueSnapshot[]): Promise<TreeRead> {
  const checked = await rc.adapter.getIssuesWithAncestors(
    tree.map((issue) => issue.ref.key),
    { krs: readerKrs(rc.set) },
  );
  return { read: checked, fresh: checked };
}

/**
 * The tree's links from the index; the ancestors above it from fresh chains in the cache, and
 * those no chain holds read (with their links from the index too).
 */
async function treeFromIndex(rc: IssueReadContext, site: TrackerSite, tree: readonly IssueSnapshot[], index: LinkIndex): Promise<TreeRead> {
  const linked = new Map(index.issues.map((issue) => [issue.ref.key, issue.krRefs]));
  const issues = tree.map((issue) => ({ ...issue, krRefs: linked.get(issue.ref.key) ?? [] }));
  const inTree = new Set(issues.map((issue) => issue.ref.key));
  const parents = [...new Set(issues.flatMap((issue) => (issue.parent && !inTree.has(issue.parent) ? [issue.parent] : [])))];
  const chains = await Promise.all(parents.map((key) => rc.pieces.chain(site, key, true)));
  const cached = chains.flatMap((chain) => chain?.value ?? []);
  const unread = parents.filter((_, i) => chains[i] === null);
  const above =
    unread.length > 0
      ? await rc.adapter.getIssuesWithAncestors(unread, {
          krs: readerKrs(rc.set),
          linkIndex: Promise.resolve(index),
          known: new Map(cached.map((issue) => [issue.ref.key, issue])),
        })
      : [];
  const known = new Set([...inTree, ...cached.map((issue) => issue.ref.key)]);
  const read = above.filter((issue) => !known.has(issue.ref.key));
  return { read: [...issues, ...cached, ...read], fresh: [...issues, ...read] };
}

async function freshTreeHolding(rc: IssueReadContext, address: TrackerSite & { key: string }): Promise<Piece<IssueSnapshot[]> | null> {
  for (const kr of rc.set.keyResults) {
    if (kr.measure.type !== 'issues') continue;
    const linked = await rc.pieces.linked(address, { setId: rc.set.id, krId: kr.id }, true);
    if (linked?.value.issues.some((issue) => issue.ref.key === address.key))
      return { value: linked.value.issues, fetchedAt: linked.fetchedAt };
  }
  return null;
}

/** Stores the issue with the keys above it, following parents among the issues read together. */
async function putWithChain(
  rc: IssueReadContext,
  site: TrackerSite,
  issue: IssueSnapshot,
  read: ReadonlyMap<string, IssueSnapshot>,
  fetchedAt: number,
): Promise<void> {
  const above: string[] = [];
  let parent = issue.parent;
  while (parent !== undefined && read.has(parent) && parent !== issue.ref.key && !above.includes(parent)) {
    above.push(parent);
    parent = read.get(parent)!.parent;
  }
  await rc.pieces.putIssue(site, issue, above, fetchedAt);
}
