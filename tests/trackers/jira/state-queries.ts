/**
 * Expectations computed from the fake's own data, so tests state *what* must come back (the
 * descendants of an epic, the issues of a sprint) without copying the seed's answers.
 */
import type { FakeIssue, FakeJiraState } from '../../sandbox/jira/state';

export function childrenInState(state: FakeJiraState, key: string): FakeIssue[] {
  return [...state.issues.values()].filter((issue) => issue.parent === key);
}

export function descendantKeysInState(state: FakeJiraState, keys: string[]): string[] {
  const found = new Set<string>();
  const stack = [...keys];
  while (stack.length > 0) {
    for (const child of childrenInState(state, stack.pop()!)) {
      if (found.has(child.key) || keys.includes(child.key)) continue;
      found.add(child.key);
      stack.push(child.key);
    }
  }
  return [...found].sort();
}

export function ancestorKeysInState(state: FakeJiraState, key: string): string[] {
  const chain: string[] = [];
  let parent = state.issues.get(key)?.parent;
  while (parent !== undefined && !chain.includes(parent)) {
    chain.push(parent);
    parent = state.issues.get(parent)?.parent;
  }
  return chain;
}

export function keysLinkedInState(state: FakeJiraState, globalIds: Iterable<string>): string[] {
  const wanted = new Set(globalIds);
  return [...state.issues.values()]
    .filter((issue) => issue.remoteLinks.some((link) => link.globalId !== undefined && wanted.has(link.globalId)))
    .map((issue) => issue.key)
    .sort();
}

export const isSubtaskInState = (state: FakeJiraState, key: string) =>
  state.issueTypes.find((t) => t.name === state.issues.get(key)?.type)?.subtask === true;

/** How many `parent in (…)` searches a level-by-level walk below these roots takes, 100 parents per search. */
export function descendantSearchesInState(state: FakeJiraState, roots: string[], perSearch = 100): number {
  const known = new Set(roots);
  let level = roots.filter((key) => !isSubtaskInState(state, key));
  let searches = 0;
  while (level.length > 0) {
    searches += Math.ceil(level.length / perSearch);
    const next = level.flatMap((key) => childrenInState(state, key).map((c) => c.key)).filter((key) => !known.has(key));
    next.forEach((key) => known.add(key));
    level = next.filter((key) => !isSubtaskInState(state, key));
  }
  return searches;
}

export const keys = (issues: Array<{ ref: { key: string } }>) => issues.map((i) => i.ref.key).sort();
