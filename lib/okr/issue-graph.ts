/**
 * The issue hierarchy (epic → children → sub-tasks; Linear parent → sub-issues) built from
 * snapshots' parent pointers. Every walk is cycle-safe: tracker data is untrusted, and a parent
 * loop must never hang a page.
 */
import type { IssueRef, IssueSnapshot } from './model';

/** A global issue id: the same key on two sites or two trackers is two issues. */
export function issueId(ref: IssueRef): string {
  return `${ref.tracker}\u0000${ref.site}\u0000${ref.key}`;
}

/** The global id of an issue's parent, or undefined for a top-level issue. */
export function parentId(issue: IssueSnapshot): string | undefined {
  return issue.parent === undefined ? undefined : issueId({ ...issue.ref, key: issue.parent });
}

export interface IssueGraph {
  readonly byId: ReadonlyMap<string, IssueSnapshot>;
  readonly childrenOf: ReadonlyMap<string, readonly string[]>;
}

/** Later snapshots of the same issue replace earlier ones. */
export function buildIssueGraph(issues: Iterable<IssueSnapshot>): IssueGraph {
  const byId = new Map<string, IssueSnapshot>();
  for (const issue of issues) byId.set(issueId(issue.ref), issue);
  const childrenOf = new Map<string, string[]>();
  for (const [id, issue] of byId) {
    const parent = parentId(issue);
    if (parent === undefined || parent === id) continue;
    const siblings = childrenOf.get(parent);
    if (siblings) siblings.push(id);
    else childrenOf.set(parent, [id]);
  }
  return { byId, childrenOf };
}

/** The ids of an issue's ancestors, nearest first; stops at a missing parent or a loop. */
export function ancestorIds(graph: IssueGraph, id: string): string[] {
  const chain: string[] = [];
  const seen = new Set([id]);
  let current = graph.byId.get(id);
  while (current) {
    const parent = parentId(current);
    if (parent === undefined || seen.has(parent)) break;
    seen.add(parent);
    chain.push(parent);
    current = graph.byId.get(parent);
  }
  return chain;
}

/**
 * The ids of the given roots and everything below them, each once (roots that overlap, such as
 * an epic and its own story, are not counted twice). Iterative so deep trees cannot overflow.
 */
export function subtreeIds(graph: IssueGraph, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const child of graph.childrenOf.get(id) ?? []) if (!seen.has(child)) stack.push(child);
  }
  return seen;
}

export function hasChildren(graph: IssueGraph, id: string): boolean {
  return (graph.childrenOf.get(id)?.length ?? 0) > 0;
}
