/**
 * An issue that sits in a KR's linked tree read moments ago is known but for its links: the tree's
 * descendants carry none (only `findLinkedIssues`'s matches do). The first page of such an issue
 * reads the whole tree once, with the ancestors above it, their links checked together
 * (`getIssuesWithAncestors`: on Jira a bulk read per 100 issues and level, and one check), so the
 * next pages of the same epic or KR cost no request at all.
 */
import type { IssueSnapshot } from '../../../lib/okr/model';
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
  const checked = await rc.adapter.getIssuesWithAncestors(
    tree.map((issue) => issue.ref.key),
    { krs: readerKrs(rc.set) },
  );
  const byKey = new Map(checked.map((issue) => [issue.ref.key, issue]));
  await Promise.all(checked.map(async (issue) => putWithChain(rc, address, issue, byKey)));
  return rc.pieces.chain(address, address.key, true);
}

async function freshTreeHolding(rc: IssueReadContext, address: TrackerSite & { key: string }): Promise<IssueSnapshot[] | null> {
  for (const kr of rc.set.keyResults) {
    if (kr.measure.type !== 'issues') continue;
    const linked = await rc.pieces.linked(address, { setId: rc.set.id, krId: kr.id }, true);
    if (linked?.value.issues.some((issue) => issue.ref.key === address.key)) return linked.value.issues;
  }
  return null;
}

/** Stores the issue with the keys above it, following parents among the issues read together. */
async function putWithChain(
  rc: IssueReadContext,
  site: TrackerSite,
  issue: IssueSnapshot,
  read: ReadonlyMap<string, IssueSnapshot>,
): Promise<void> {
  const above: string[] = [];
  let parent = issue.parent;
  while (parent !== undefined && read.has(parent) && parent !== issue.ref.key && !above.includes(parent)) {
    above.push(parent);
    parent = read.get(parent)!.parent;
  }
  await rc.pieces.putIssue(site, issue, above, rc.now);
}
