/** The pure helpers of the cache shaped like the data: subtrees, one KR's share of a linked answer, merging. */
import { describe, expect, it } from 'vitest';
import { linkedSetOf, mergeLinkedSets, subtreeOf } from '../../entrypoints/background/service/issue-pieces';
import type { IssueSnapshot, KrRef } from '../../lib/okr/model';

const A: KrRef = { setId: 'acme', krId: 'kr-a' };
const B: KrRef = { setId: 'acme', krId: 'kr-b' };

function issue(key: string, parent?: string, krRefs: KrRef[] = []): IssueSnapshot {
  return {
    ref: { tracker: 'jira', site: 'https://acme.atlassian.net', key },
    title: key,
    url: `https://acme.atlassian.net/browse/${key}`,
    kind: 'story',
    status: { name: 'To Do', category: 'todo' },
    ...(parent ? { parent } : {}),
    labels: [],
    updatedAt: '2026-11-21T10:00:00.000Z',
    krRefs,
  };
}

const keys = (issues: readonly IssueSnapshot[] | null) => issues?.map((i) => i.ref.key).sort() ?? null;

// E-1 (linked to A) → S-1 → T-1; E-1 → S-2; E-2 (linked to A and B) → S-3; S-2 also linked to B.
const answer = [
  issue('E-1', undefined, [A]),
  issue('S-1', 'E-1'),
  issue('T-1', 'S-1'),
  issue('S-2', 'E-1', [B]),
  issue('E-2', undefined, [A, B]),
  issue('S-3', 'E-2'),
];

describe('subtreeOf', () => {
  it.each([
    ['E-1', ['S-1', 'S-2', 'T-1']],
    ['S-1', ['T-1']],
    ['T-1', []],
    ['X-9', null],
  ])('below %s', (key, expected) => {
    expect(keys(subtreeOf(key, answer))).toEqual(expected);
  });

  it('stops on a parent loop', () => {
    expect(keys(subtreeOf('L-1', [issue('L-1', 'L-2'), issue('L-2', 'L-1')]))).toEqual(['L-2']);
  });
});

describe('linkedSetOf', () => {
  it.each([
    [A, ['E-1', 'E-2', 'S-1', 'S-2', 'S-3', 'T-1'], ['E-1', 'E-2']],
    [B, ['E-2', 'S-2', 'S-3'], ['E-2', 'S-2']],
  ])('%j: its linked issues and their subtrees, each carrying only its link to that KR', (kr, expected, holders) => {
    const set = linkedSetOf(kr, answer);
    expect(keys(set.issues)).toEqual(expected);
    expect(keys(set.issues.filter((i) => i.krRefs.length > 0))).toEqual(holders);
    expect(set.issues.flatMap((i) => i.krRefs).every((ref) => ref.krId === kr.krId)).toBe(true);
  });

  it('keeps every link of each issue in its tree apart when the answer says they are complete', () => {
    expect(linkedSetOf(A, answer).linksOf).toBeUndefined();
    const set = linkedSetOf(A, answer, undefined, true);
    expect(set.linksOf).toEqual({ 'E-1': [A], 'S-2': [B], 'E-2': [A, B] });
    expect(set.issues.flatMap((i) => i.krRefs).every((ref) => ref.krId === A.krId)).toBe(true);
  });

  it('keeps the fallback notice', () => {
    expect(linkedSetOf(A, answer, 'looked only at recent issues').notice).toBe('looked only at recent issues');
  });
});

describe('mergeLinkedSets', () => {
  it('gives each issue once with its links to all the KRs merged', () => {
    const merged = mergeLinkedSets([linkedSetOf(A, answer), linkedSetOf(B, answer)]);
    expect(keys(merged.issues)).toEqual(['E-1', 'E-2', 'S-1', 'S-2', 'S-3', 'T-1']);
    const refsOf = (key: string) =>
      merged.issues
        .find((i) => i.ref.key === key)!
        .krRefs.map((r) => r.krId)
        .sort();
    expect(refsOf('E-2')).toEqual(['kr-a', 'kr-b']);
    expect(refsOf('S-2')).toEqual(['kr-b']);
    expect(refsOf('S-1')).toEqual([]);
  });
});
