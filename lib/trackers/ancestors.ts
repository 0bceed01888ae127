/**
 * Issues with all their ancestors, read a level at a time (one batched read per level), for
 * board and list markers: a card is aligned through its epic, so the epic must be known too.
 */
import type { IssueSnapshot } from '../okr/model';

/** How far up a chain of parents is followed; tracker data is untrusted and may loop. */
const MAX_LEVELS = 5;

/**
 * `issues` and their missing parents, level by level. Parents in `known` (read moments ago, for
 * an earlier batch of cards) are taken as they are instead of being read again.
 */
export async function withAncestors(
  issues: readonly IssueSnapshot[],
  read: (keys: string[]) => Promise<IssueSnapshot[]>,
  known: ReadonlyMap<string, IssueSnapshot> = new Map(),
): Promise<IssueSnapshot[]> {
  const all = new Map(issues.map((issue) => [issue.ref.key, issue]));
  let wanted = missingParents(all, issues);
  for (let level = 0; wanted.length > 0 && level < MAX_LEVELS; level++) {
    const reused = wanted.flatMap((key) => known.get(key) ?? []);
    const toRead = wanted.filter((key) => !known.has(key));
    const parents = [...reused, ...(toRead.length > 0 ? await read(toRead) : [])];
    for (const parent of parents) all.set(parent.ref.key, parent);
    wanted = missingParents(all, parents);
  }
  return [...all.values()];
}

function missingParents(known: ReadonlyMap<string, IssueSnapshot>, issues: readonly IssueSnapshot[]): string[] {
  return [...new Set(issues.flatMap((issue) => (issue.parent && !known.has(issue.parent) ? [issue.parent] : [])))];
}
