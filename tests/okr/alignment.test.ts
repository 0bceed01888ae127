import { describe, expect, it } from 'vitest';
import { findAlignmentCycles, issueAlignment, krChain, objectiveRelations } from '../../lib/okr/alignment';
import { activeCycleIds } from '../../lib/okr/cycle';
import { SET_ID, cycle, graphOf, idOf, keyResult, objective, okrSet, type IssueSpec } from './factories';

type ObjectiveSpec = Parameters<typeof objective>[0];
type KrSpec = Parameters<typeof keyResult>[0];

const setOf = (objectives: ObjectiveSpec[], keyResults: KrSpec[]) =>
  okrSet({
    cycles: [cycle('q1', '2025-01-01', '2025-03-31', 'closed'), cycle('q2', '2025-04-01', '2025-06-30', 'active')],
    objectives: objectives.map(objective),
    keyResults: keyResults.map(keyResult),
  });

/** A loop written from any starting point, as the same comparable value. */
function canonical(loop: readonly string[]): string {
  const open = loop.slice(0, -1);
  const start = open.indexOf([...open].sort()[0]!);
  return [...open.slice(start), ...open.slice(0, start)].join(' → ');
}

describe('Alignment loops (used by validation to reject a set)', () => {
  it.each<[string, ObjectiveSpec[], KrSpec[], string[][]]>([
    [
      'a company → team tree with implicit support has no loop',
      [
        { id: 'O1', level: 'company' },
        { id: 'O2', inherits: 'kr1' },
        { id: 'O3', supports: ['O1', 'kr3'] },
      ],
      [
        { id: 'kr1', objectiveId: 'O1' },
        { id: 'kr2', objectiveId: 'O1' },
        { id: 'kr3', objectiveId: 'O2' },
        { id: 'kr4', objectiveId: 'O3' },
      ],
      [],
    ],
    [
      'A inherits a KR of B, which inherits a KR of A',
      [
        { id: 'A', inherits: 'kb' },
        { id: 'B', inherits: 'ka' },
      ],
      [
        { id: 'ka', objectiveId: 'A' },
        { id: 'kb', objectiveId: 'B' },
      ],
      [['A', 'kb', 'B', 'ka', 'A']],
    ],
    ['an objective supporting itself', [{ id: 'A', supports: ['A'] }], [], [['A', 'A']]],
    ['an objective inheriting its own KR', [{ id: 'A', inherits: 'ka' }], [{ id: 'ka', objectiveId: 'A' }], [['A', 'ka', 'A']]],
    [
      'a loop through supports of objectives and KRs',
      [
        { id: 'A', supports: ['B'] },
        { id: 'B', supports: ['kc'] },
        { id: 'C', supports: ['A'] },
      ],
      [{ id: 'kc', objectiveId: 'C' }],
      [['A', 'B', 'kc', 'C', 'A']],
    ],
    [
      'two separate loops are both reported',
      [
        { id: 'A', supports: ['B'] },
        { id: 'B', supports: ['A'] },
        { id: 'C', inherits: 'kd' },
        { id: 'D', inherits: 'kc' },
      ],
      [
        { id: 'kc', objectiveId: 'C' },
        { id: 'kd', objectiveId: 'D' },
      ],
      [
        ['A', 'B', 'A'],
        ['C', 'kd', 'D', 'kc', 'C'],
      ],
    ],
    ['ids that name nothing are left to validation, not a loop', [{ id: 'A', inherits: 'nope', supports: ['gone'] }], [], []],
  ])('%s', (_name, objectives, keyResults, expected) => {
    const loops = findAlignmentCycles(setOf(objectives, keyResults));
    for (const loop of loops) expect(loop[0]).toBe(loop[loop.length - 1]);
    expect(loops.map(canonical).sort()).toEqual(expected.map(canonical).sort());
  });

  it('reports a loop once however many of its members start a walk', () => {
    const loops = findAlignmentCycles(
      setOf(
        [
          { id: 'C', supports: ['A'] },
          { id: 'B', supports: ['C'] },
          { id: 'A', supports: ['B'] },
        ],
        [],
      ),
    );
    expect(loops).toHaveLength(1);
  });

  it('handles thousands of objectives in a row without recursion limits', () => {
    const objectives = Array.from({ length: 5_000 }, (_, i) => ({ id: `o${i}`, supports: [`o${(i + 1) % 5_000}`] }));
    expect(findAlignmentCycles(setOf(objectives, []))).toHaveLength(1);
  });
});

const tree = setOf(
  [
    { id: 'company', level: 'company', title: 'Win the mid-market' },
    { id: 'sales', level: 'department', inherits: 'kr-revenue', title: 'Grow revenue' },
    { id: 'team', level: 'team', inherits: 'kr-deals', supports: ['company', 'kr-nps', 'nowhere'], title: 'Faster deals' },
    { id: 'helper', level: 'team', supports: ['kr-revenue'] },
    { id: 'old', cycleId: 'q1', level: 'team' },
  ],
  [
    { id: 'kr-revenue', objectiveId: 'company', title: 'Revenue 10M' },
    { id: 'kr-nps', objectiveId: 'company' },
    { id: 'kr-deals', objectiveId: 'sales', title: 'Close 40 deals' },
    { id: 'kr-cycle', objectiveId: 'team', title: 'Sales cycle under 30 days' },
    { id: 'kr-old', objectiveId: 'old' },
  ],
);

describe('KR chain (explicit alignment up to the top)', () => {
  it('climbs KR → objective → inherited KR → … to the company objective', () => {
    expect(krChain(tree, 'kr-cycle')).toEqual([
      { kind: 'kr', id: 'kr-cycle', title: 'Sales cycle under 30 days', level: 'team' },
      { kind: 'objective', id: 'team', title: 'Faster deals', level: 'team' },
      { kind: 'kr', id: 'kr-deals', title: 'Close 40 deals', level: 'department' },
      { kind: 'objective', id: 'sales', title: 'Grow revenue', level: 'department' },
      { kind: 'kr', id: 'kr-revenue', title: 'Revenue 10M', level: 'company' },
      { kind: 'objective', id: 'company', title: 'Win the mid-market', level: 'company' },
    ]);
  });

  it.each<[string, ObjectiveSpec[], KrSpec[], string, string[]]>([
    [
      'a loop stops instead of hanging',
      [
        { id: 'A', inherits: 'kb' },
        { id: 'B', inherits: 'ka' },
      ],
      [
        { id: 'ka', objectiveId: 'A' },
        { id: 'kb', objectiveId: 'B' },
      ],
      'ka',
      ['ka', 'A', 'kb', 'B'],
    ],
    [
      'an inherited KR that does not exist ends the chain',
      [{ id: 'A', inherits: 'gone' }],
      [{ id: 'ka', objectiveId: 'A' }],
      'ka',
      ['ka', 'A'],
    ],
    ['an unknown KR has no chain', [], [], 'nope', []],
  ])('%s', (_name, objectives, keyResults, krId, ids) => {
    expect(krChain(setOf(objectives, keyResults), krId).map((item) => item.id)).toEqual(ids);
  });
});

describe('Issue alignment (Rule 8: it or an ancestor links to a KR of an active cycle)', () => {
  const active = activeCycleIds(tree);

  it('activeCycleIds holds the active cycles only', () => {
    expect([...active]).toEqual(['q2']);
  });

  it.each<[string, IssueSpec[], string, { active: Array<[string, string | undefined]>; inactive?: string[]; aligned: boolean }]>([
    ['a direct link', [{ key: 'A-1', krRefs: ['kr-cycle'] }], 'A-1', { active: [['kr-cycle', undefined]], aligned: true }],
    [
      'through the epic, named as "via"',
      [
        { key: 'A-1', kind: 'epic', krRefs: ['kr-cycle'] },
        { key: 'A-2', parent: 'A-1' },
        { key: 'A-3', parent: 'A-2', kind: 'subtask' },
      ],
      'A-3',
      { active: [['kr-cycle', 'A-1']], aligned: true },
    ],
    [
      'a child linked to another KR than its epic serves both, its own first',
      [
        { key: 'A-1', kind: 'epic', krRefs: ['kr-cycle'] },
        { key: 'A-2', parent: 'A-1', krRefs: ['kr-deals'] },
      ],
      'A-2',
      {
        active: [
          ['kr-deals', undefined],
          ['kr-cycle', 'A-1'],
        ],
        aligned: true,
      },
    ],
    [
      'the same KR on the issue and its epic is served once, through the nearer link',
      [
        { key: 'A-1', kind: 'epic', krRefs: ['kr-cycle'] },
        { key: 'A-2', parent: 'A-1', krRefs: ['kr-cycle'] },
      ],
      'A-2',
      { active: [['kr-cycle', undefined]], aligned: true },
    ],
    [
      'a KR of a closed cycle is shown but is not alignment',
      [{ key: 'A-1', krRefs: ['kr-old'] }],
      'A-1',
      { active: [], inactive: ['kr-old'], aligned: false },
    ],
    [
      'a link to another set is not this set’s alignment',
      [{ key: 'A-1', krRefs: [{ setId: 'other-set', krId: 'kr-cycle' }] }],
      'A-1',
      { active: [], aligned: false },
    ],
    [
      'a parent loop in tracker data does not hang',
      [
        { key: 'A-1', parent: 'A-2' },
        { key: 'A-2', parent: 'A-1', krRefs: ['kr-deals'] },
      ],
      'A-1',
      { active: [['kr-deals', 'A-2']], aligned: true },
    ],
    ['an issue tied to nothing', [{ key: 'A-1' }], 'A-1', { active: [], aligned: false }],
  ])('%s', (_name, specs, key, expected) => {
    const result = issueAlignment(tree, graphOf(...specs), idOf(key), active);
    expect(result.aligned).toBe(expected.aligned);
    expect(result.active.map((served) => [served.krId, served.via])).toEqual(expected.active);
    expect(result.inactive.map((served) => served.krId)).toEqual(expected.inactive ?? []);
  });

  it('carries the chain and the issue holding the link', () => {
    const graph = graphOf({ key: 'A-1', kind: 'epic', krRefs: ['kr-deals'] }, { key: 'A-2', parent: 'A-1' });
    const [served] = issueAlignment(tree, graph, idOf('A-2'), ['q2']).active;
    expect(served).toMatchObject({ krId: 'kr-deals', objectiveId: 'sales', cycleId: 'q2', via: 'A-1', linkedIssueId: idOf('A-1') });
    expect(served?.chain.map((item) => item.id)).toEqual(['kr-deals', 'sales', 'kr-revenue', 'company']);
  });

  it('reports links to KRs that no longer exist', () => {
    const graph = graphOf({ key: 'A-1', krRefs: ['kr-deleted'] });
    expect(issueAlignment(tree, graph, idOf('A-1'), active).dangling).toEqual([
      { setId: SET_ID, krId: 'kr-deleted', linkedIssueId: idOf('A-1') },
    ]);
  });
});

describe('Objective relations (explicit and implicit, up and down)', () => {
  it('an objective in the middle: what it inherits and supports', () => {
    const relations = objectiveRelations(tree, 'team');
    expect(relations.inherits).toEqual({
      kr: { kind: 'kr', id: 'kr-deals', title: 'Close 40 deals' },
      objective: { kind: 'objective', id: 'sales', title: 'Grow revenue' },
    });
    expect(relations.supports.map((item) => [item.kind, item.id])).toEqual([
      ['objective', 'company'],
      ['kr', 'kr-nps'],
      ['missing', 'nowhere'],
    ]);
  });

  it('the top objective: who inherits its KRs and who supports it or its KRs', () => {
    const relations = objectiveRelations(tree, 'company');
    expect(relations.inherits).toBeNull();
    expect(relations.inheritedBy.map(({ objective: o, kr }) => [o.id, kr.id])).toEqual([['sales', 'kr-revenue']]);
    expect(relations.supportedBy.map(({ objective: o, target }) => [o.id, target.id])).toEqual([
      ['team', 'company'],
      ['team', 'kr-nps'],
      ['helper', 'kr-revenue'],
    ]);
  });
});
