/**
 * rule 1: which issues contribute to a KR. Links are indexed once per graph (`indexLinks`) and
 * canceled-ness is decided once per distinct status, so each KR walks only its own linked subtrees.
 */
import type { IssueGraph } from './issue-graph';
import type { IssueSnapshot } from './model';
import { isCanceled, type ResolvedPlaybook } from './playbook';

/** Issue ids linked to each KR, keyed by `linkKey(setId, krId)`. */
export type LinkIndex = ReadonlyMap<string, readonly string[]>;

/** Ids cannot contain ":" (see `idSchema`), so the key is unambiguous. */
export const linkKey = (setId: string, krId: string): string => `${setId}:${krId}`;

/** One pass over the graph: which issues link to which KR. Build it once per graph and share it. */
export function indexLinks(graph: IssueGraph): Map<string, string[]> {
  const links = new Map<string, string[]>();
  for (const [id, issue] of graph.byId) {
    for (const ref of issue.krRefs) {
      const key = linkKey(ref.setId, ref.krId);
      const ids = links.get(key);
      if (!ids) links.set(key, [id]);
      else if (ids[ids.length - 1] !== id) ids.push(id); // the same link found twice on one issue
    }
  }
  return links;
}

// Graphs and playbooks are never mutated once built, so derived lookups are cached per object.
const linkIndexCache = new WeakMap<IssueGraph, LinkIndex>();
/** `indexLinks(graph)`, built once per graph. */
export function linksOf(graph: IssueGraph): LinkIndex {
  let links = linkIndexCache.get(graph);
  if (!links) linkIndexCache.set(graph, (links = indexLinks(graph)));
  return links;
}

export type CanceledTest = (issue: IssueSnapshot) => boolean;

const canceledTestCache = new WeakMap<ResolvedPlaybook, CanceledTest>();
/**
 * `isCanceled`, decided once per distinct (category, status, resolution): a tracker has a few
 * dozen statuses but may hand us hundreds of thousands of issues, and name matching is costly.
 */
export function canceledTest(playbook: ResolvedPlaybook): CanceledTest {
  const cached = canceledTestCache.get(playbook);
  if (cached) return cached;
  // Nested maps rather than a joined key: no string is built per issue.
  const verdicts = new Map<string, Map<string, Map<string | undefined, boolean>>>();
  const test: CanceledTest = (issue) => {
    const { category, name, resolution } = issue.status;
    let byName = verdicts.get(category);
    if (!byName) verdicts.set(category, (byName = new Map()));
    let byResolution = byName.get(name);
    if (!byResolution) byName.set(name, (byResolution = new Map()));
    let verdict = byResolution.get(resolution);
    if (verdict === undefined) byResolution.set(resolution, (verdict = isCanceled(issue, playbook)));
    return verdict;
  };
  canceledTestCache.set(playbook, test);
  return test;
}

export interface ContributingLeaf {
  id: string;
  issue: IssueSnapshot;
  /** The nearest linked issue at or above this leaf: the leaf itself when it is linked directly. */
  root: string;
}

export interface ContributingSet {
  /** Each contributing issue once, in walk order (grouped under the linked issue they came through). */
  leaves: ContributingLeaf[];
  /** The issues that link to the KR themselves. */
  linkedIds: string[];
  /** Canceled issues met on the way (left out, with everything below them). */
  canceledIds: string[];
}

export interface ContributingOptions {
  /** `indexLinks(graph)`, when the caller already has it. */
  links?: LinkIndex;
}

/**
 * rule 1. The linked issues and all their descendants, each once, canceled ones out, and only
 * leaves: an issue with children contributes through them alone.
 *
 * Decisions the rule leaves open:
 * - A canceled issue takes its whole subtree out: a canceled epic's remaining stories are
 *   abandoned work, not progress. A descendant that is itself linked to the KR still counts,
 *   because someone said explicitly that it serves the KR.
 * - "Has children" means children that still count: a story whose only sub-task was canceled is a
 *   leaf again, otherwise finished work would vanish from the KR.
 * - The leaf's `root` is its nearest linked ancestor (or itself), whichever linked issue the walk
 *   started from, so "via" names the most specific link.
 * - Parent loops in tracker data are walked once and never hang; issues inside a loop all have
 *   children, so none of them is a leaf.
 */
export function contributingIssues(
  krId: string,
  setId: string,
  graph: IssueGraph,
  playbook: ResolvedPlaybook,
  options: ContributingOptions = {},
): ContributingSet {
  const linkedIds = [...((options.links ?? linksOf(graph)).get(linkKey(setId, krId)) ?? [])];
  const linked = new Set(linkedIds);
  const canceled = canceledTest(playbook);
  const leaves: ContributingLeaf[] = [];
  const canceledIds = new Set<string>();
  const seen = new Set<string>();
  // Parallel arrays instead of tuples: this loop runs once per issue under every linked issue.
  // Roots are checked for canceled when popped; children are checked before they are pushed.
  const stackIds: string[] = [];
  const stackRoots: string[] = [];
  const stackChecked: boolean[] = [];
  for (let i = linkedIds.length - 1; i >= 0; i--) {
    stackIds.push(linkedIds[i]!);
    stackRoots.push(linkedIds[i]!);
    stackChecked.push(false);
  }

  while (stackIds.length > 0) {
    const id = stackIds.pop()!;
    const root = stackRoots.pop()!;
    const checked = stackChecked.pop()!;
    if (seen.has(id)) continue;
    const issue = graph.byId.get(id);
    if (!issue) continue;
    if (!checked && canceled(issue)) {
      // Not marked seen: a linked descendant reached later as its own root must still count.
      canceledIds.add(id);
      continue;
    }
    seen.add(id);
    const children = graph.childrenOf.get(id);
    let live = 0;
    if (children) {
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i]!;
        const childIssue = graph.byId.get(child);
        if (!childIssue) continue;
        if (canceled(childIssue)) {
          canceledIds.add(child);
          continue;
        }
        live += 1;
        if (seen.has(child)) continue;
        stackIds.push(child);
        stackRoots.push(linked.has(child) ? child : root);
        stackChecked.push(true);
      }
    }
    if (live === 0) leaves.push({ id, issue, root });
  }
  return { leaves, linkedIds, canceledIds: [...canceledIds] };
}
