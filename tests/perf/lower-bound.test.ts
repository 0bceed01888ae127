/**
 * The request lower bound the benchmarks compare KR Lens with, on small literal trees where the
 * fewest requests can be counted by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  emptyKnowledge,
  issuePageRequests,
  JIRA_LIMITS,
  LINEAR_LIMITS,
  linkedRequests,
  scopeRequests,
  truthOf,
  type ApiLimits,
  type TruthIssue,
} from '../../scripts/bench/lower-bound';

const issue = (key: string, parent?: string, krIds: string[] = [], mayHaveChildren = true): TruthIssue => ({
  key,
  ...(parent ? { parent } : {}),
  krIds,
  mayHaveChildren,
});

/** Epic E serves KR a; stories S1, S2; S1 has sub-tasks T1, T2 (which cannot have children). */
const epicTree = truthOf([
  issue('E', undefined, ['set:a']),
  issue('S1', 'E'),
  issue('S2', 'E'),
  issue('T1', 'S1', [], false),
  issue('T2', 'S1', [], false),
]);

/** A Linear-like chain six deep, A linked: A → B → C → D → E → F. */
const chain = truthOf(
  ['A', 'B', 'C', 'D', 'E', 'F'].map((key, i, all) =>
    issue(key, i > 0 ? all[i - 1] : undefined, i === 0 ? ['set:a'] : [], i < all.length - 1),
  ),
);

const manyLinked = (count: number) => truthOf(Array.from({ length: count }, (_, i) => issue(`L-${i}`, undefined, ['set:a'], false)));

describe('linked work of KRs', () => {
  it.each([
    // field list, the linked search, E's children, S1's and S2's children; sub-tasks are not asked.
    ['Jira, an epic three levels deep', epicTree, JIRA_LIMITS, 4],
    // One query: the linked epic and three levels under it.
    ['Linear, the same tree', epicTree, LINEAR_LIMITS, 1],
    // The linked query reaches D; D has children, so one more round for E and F.
    ['Linear, a chain six deep', chain, LINEAR_LIMITS, 2],
    // 250 linked issues are three pages of 100, plus the field list.
    ['Jira, 250 linked leaves', manyLinked(250), JIRA_LIMITS, 4],
    ['Linear, 250 linked leaves', manyLinked(250), LINEAR_LIMITS, 1],
  ] as const)('%s', (_name, truth, limits: ApiLimits, expected) => {
    expect(linkedRequests(truth, limits, ['set:a'], emptyKnowledge())).toBe(expected);
  });

  it('asks nothing for KRs whose linked set is already known', () => {
    const knowledge = emptyKnowledge();
    linkedRequests(epicTree, JIRA_LIMITS, ['set:a'], knowledge);
    expect(linkedRequests(epicTree, JIRA_LIMITS, ['set:a'], knowledge)).toBe(0);
  });

  it('batches KRs by the ids one search may name', () => {
    const krIds = Array.from({ length: 150 }, (_, i) => `set:kr${i}`);
    const truth = truthOf(krIds.map((kr, i) => issue(`L-${i}`, undefined, [kr], false)));
    // Field list, then two searches (100 ids and 50 ids), each one page, and (the links being the
    // truth, not a mirror) one search telling the KRs of the matches apart.
    expect(linkedRequests(truth, JIRA_LIMITS, krIds, emptyKnowledge())).toBe(4);
  });
});

describe('a scope and the ancestors outside it', () => {
  const scope = truthOf([
    issue('I', undefined),
    ...['E1', 'E2', 'E3'].map((key) => issue(key, 'I')),
    ...Array.from({ length: 250 }, (_, i) => issue(`S-${i}`, `E${(i % 3) + 1}`, [], false)),
  ]);
  const scopeKeys = Array.from({ length: 250 }, (_, i) => `S-${i}`);

  it.each([
    // field list, 2 board reads, 3 pages of 100, the epics, the initiative above them, and one
    // search for the KR links (Jira's reads carry none).
    ['Jira', JIRA_LIMITS, 2, 9],
    // 1 page of 250, the parents, the grandparent.
    ['Linear', LINEAR_LIMITS, 0, 3],
  ] as const)('%s', (_name, limits: ApiLimits, fixed, expected) => {
    expect(scopeRequests(scope, limits, scopeKeys, fixed, emptyKnowledge())).toBe(expected);
  });
});

describe('issue pages in a row', () => {
  const krIds = new Set(['set:a']);

  it.each([
    // field list, S1, E above it, one search for the KR links, the linked search, E's children,
    // S1's and S2's children.
    ['Jira', JIRA_LIMITS, ['S1', 'T1', 'E', 'S1'], [7, 0, 0, 0]],
    // The issue read brings E and S1's sub-tasks; the linked query brings E's tree.
    ['Linear', LINEAR_LIMITS, ['S1', 'T1', 'E', 'S1'], [2, 0, 0, 0]],
  ] as const)('%s: the first page pays, the family it brought costs nothing after', (_name, limits: ApiLimits, keys, expected) => {
    const knowledge = emptyKnowledge();
    expect(keys.map((key) => issuePageRequests(epicTree, limits, key, krIds, knowledge))).toEqual(expected);
  });

  it('Jira with a link index: the index brings the linked epic, so neither it nor the linked search is read', () => {
    const knowledge = emptyKnowledge();
    // field list, S1, the index (one page; with one KR in the universe nothing to tell apart),
    // E's children, S1's and S2's children.
    expect(['S1', 'T1', 'E', 'S1'].map((key) => issuePageRequests(epicTree, JIRA_LIMITS, key, krIds, knowledge, ['set:a']))).toEqual([
      5, 0, 0, 0,
    ]);
  });

  it('Jira with a link index of several KRs: one request more tells them apart', () => {
    const knowledge = emptyKnowledge();
    expect(issuePageRequests(epicTree, JIRA_LIMITS, 'S1', krIds, knowledge, ['set:a', 'set:b'])).toBe(6);
  });

  it('Linear with a link index: links come with the issues, so nothing changes', () => {
    const knowledge = emptyKnowledge();
    expect(issuePageRequests(epicTree, LINEAR_LIMITS, 'S1', krIds, knowledge, ['set:a', 'set:b'])).toBe(2);
  });

  it('still reads an issue outside everything seen so far', () => {
    const truth = truthOf([...epicTree.issues.values(), issue('X', undefined, [], true)]);
    const knowledge = emptyKnowledge();
    issuePageRequests(truth, JIRA_LIMITS, 'S1', krIds, knowledge);
    // X itself, and a search for its children (it may have some).
    expect(issuePageRequests(truth, JIRA_LIMITS, 'X', krIds, knowledge)).toBe(2);
  });
});
