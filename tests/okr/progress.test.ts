import { describe, expect, it } from 'vitest';
import { buildIssueGraph } from '../../lib/okr/issue-graph';
import { resolvePlaybook } from '../../lib/okr/playbook';
import {
  allKrProgress,
  allObjectiveProgress,
  contributingIssues,
  indexLinks,
  krProgress,
  linkKey,
  objectiveProgress,
  type KrProgress,
} from '../../lib/okr/progress';
import { SET_ID, checkIn, graphOf, idOf, issue, keyResult, objective, okrSet, playbook, type IssueSpec } from './factories';

const keysOf = (graph: ReturnType<typeof graphOf>, ids: Iterable<string>) => [...ids].map((id) => graph.byId.get(id)!.ref.key).sort();

describe('Rule 1 — contributing set', () => {
  it.each<[string, IssueSpec[], string[]]>([
    ['a linked leaf counts itself', [{ key: 'A-1', krRefs: ['kr1'] }], ['A-1']],
    [
      'a linked epic counts through its children, not itself',
      [
        { key: 'A-1', kind: 'epic', krRefs: ['kr1'] },
        { key: 'A-2', parent: 'A-1' },
        { key: 'A-3', parent: 'A-1' },
      ],
      ['A-2', 'A-3'],
    ],
    [
      'epic → story → sub-tasks: only the sub-tasks count',
      [
        { key: 'A-1', kind: 'epic', krRefs: ['kr1'] },
        { key: 'A-2', parent: 'A-1' },
        { key: 'A-3', parent: 'A-2', kind: 'subtask' },
        { key: 'A-4', parent: 'A-2', kind: 'subtask' },
        { key: 'A-5', parent: 'A-1' },
      ],
      ['A-3', 'A-4', 'A-5'],
    ],
    [
      'an epic and its own story both linked: the story is counted once',
      [
        { key: 'A-1', kind: 'epic', krRefs: ['kr1'] },
        { key: 'A-2', parent: 'A-1', krRefs: ['kr1'] },
      ],
      ['A-2'],
    ],
    [
      'diamond: epic, story and sub-task all linked reach the sub-task three ways, counted once',
      [
        { key: 'A-1', kind: 'epic', krRefs: ['kr1'] },
        { key: 'A-2', parent: 'A-1', krRefs: ['kr1'] },
        { key: 'A-3', parent: 'A-2', kind: 'subtask', krRefs: ['kr1', 'kr1'] },
      ],
      ['A-3'],
    ],
    [
      'Linear canceled is left out',
      [
        { key: 'ENG-1', tracker: 'linear', category: 'canceled', krRefs: ['kr1'] },
        { key: 'ENG-2', tracker: 'linear', krRefs: ['kr1'] },
      ],
      ['ENG-2'],
    ],
    [
      "Jira done with resolution Won't Do is left out, done with Done stays",
      [
        { key: 'A-1', category: 'done', resolution: "Won't Do", krRefs: ['kr1'] },
        { key: 'A-2', category: 'done', resolution: 'Done', krRefs: ['kr1'] },
      ],
      ['A-2'],
    ],
    [
      'Jira status Rejected is left out',
      [
        { key: 'A-1', category: 'done', status: 'Rejected', krRefs: ['kr1'] },
        { key: 'A-2', krRefs: ['kr1'] },
      ],
      ['A-2'],
    ],
    [
      'a canceled epic takes its children out with it',
      [
        { key: 'A-1', kind: 'epic', category: 'canceled', krRefs: ['kr1'] },
        { key: 'A-2', parent: 'A-1' },
        { key: 'A-3', krRefs: ['kr1'] },
      ],
      ['A-3'],
    ],
    [
      'a child of a canceled epic that is linked itself still counts',
      [
        { key: 'A-1', kind: 'epic', category: 'canceled', krRefs: ['kr1'] },
        { key: 'A-2', parent: 'A-1' },
        { key: 'A-3', parent: 'A-1', krRefs: ['kr1'] },
      ],
      ['A-3'],
    ],
    [
      'a story whose only sub-task was canceled is a leaf again',
      [
        { key: 'A-1', category: 'done', krRefs: ['kr1'] },
        { key: 'A-2', parent: 'A-1', kind: 'subtask', category: 'canceled' },
      ],
      ['A-1'],
    ],
    [
      'a parent loop in tracker data ends, and its issues (all parents) do not count',
      [
        { key: 'A-1', parent: 'A-2', krRefs: ['kr1'] },
        { key: 'A-2', parent: 'A-1' },
        { key: 'A-3', krRefs: ['kr1'] },
      ],
      ['A-3'],
    ],
    [
      'a link to another set is not this KR',
      [
        { key: 'A-1', krRefs: [{ setId: 'other-set', krId: 'kr1' }] },
        { key: 'A-2', krRefs: ['kr1'] },
      ],
      ['A-2'],
    ],
    ['a link to another KR is not this KR', [{ key: 'A-1', krRefs: ['kr2'] }], []],
  ])('%s', (_name, specs, expected) => {
    const graph = graphOf(...specs);
    const { leaves } = contributingIssues('kr1', SET_ID, graph, playbook);
    expect(
      keysOf(
        graph,
        leaves.map((leaf) => leaf.id),
      ),
    ).toEqual(expected);
    expect(new Set(leaves.map((leaf) => leaf.id)).size).toBe(leaves.length);
  });

  it('the same key on two Jira sites is two issues', () => {
    const graph = graphOf({ key: 'A-1', krRefs: ['kr1'] }, { key: 'A-1', site: 'https://other.atlassian.net', krRefs: ['kr1'] });
    expect(contributingIssues('kr1', SET_ID, graph, playbook).leaves).toHaveLength(2);
  });

  it('a child linked to a different KR than its epic counts for both', () => {
    const graph = graphOf(
      { key: 'A-1', kind: 'epic', krRefs: ['kr1'] },
      { key: 'A-2', parent: 'A-1', krRefs: ['kr2'] },
      { key: 'A-3', parent: 'A-1' },
    );
    expect(
      keysOf(
        graph,
        contributingIssues('kr1', SET_ID, graph, playbook).leaves.map((l) => l.id),
      ),
    ).toEqual(['A-2', 'A-3']);
    expect(
      keysOf(
        graph,
        contributingIssues('kr2', SET_ID, graph, playbook).leaves.map((l) => l.id),
      ),
    ).toEqual(['A-2']);
  });

  it.each([
    ['a leaf under a linked story under a linked epic comes via the story', 'A-3', 'A-2'],
    ['a leaf under the linked epic only comes via the epic', 'A-4', 'A-1'],
    ['a linked leaf comes through itself', 'A-5', 'A-5'],
  ])('%s', (_name, leafKey, rootKey) => {
    const graph = graphOf(
      { key: 'A-1', kind: 'epic', krRefs: ['kr1'] },
      { key: 'A-2', parent: 'A-1', krRefs: ['kr1'] },
      { key: 'A-3', parent: 'A-2', kind: 'subtask' },
      { key: 'A-4', parent: 'A-1' },
      { key: 'A-5', parent: 'A-1', krRefs: ['kr1'] },
    );
    const leaf = contributingIssues('kr1', SET_ID, graph, playbook).leaves.find((l) => l.id === idOf(leafKey));
    expect(leaf?.root).toBe(idOf(rootKey));
  });

  it('honours a playbook with its own canceled statuses', () => {
    const graph = graphOf({ key: 'A-1', status: 'Parked', krRefs: ['kr1'] }, { key: 'A-2', krRefs: ['kr1'] });
    const custom = resolvePlaybook({ canceledStatuses: ['Parked'] });
    expect(
      keysOf(
        graph,
        contributingIssues('kr1', SET_ID, graph, custom).leaves.map((l) => l.id),
      ),
    ).toEqual(['A-2']);
    expect(
      keysOf(
        graph,
        contributingIssues('kr1', SET_ID, graph, playbook).leaves.map((l) => l.id),
      ),
    ).toEqual(['A-1', 'A-2']);
  });

  it('indexLinks lists each linked issue once per KR and agrees with the scan', () => {
    const graph = graphOf({ key: 'A-1', krRefs: ['kr1', 'kr1', 'kr2'] }, { key: 'A-2', krRefs: ['kr2'] });
    const links = indexLinks(graph);
    expect(links.get(linkKey(SET_ID, 'kr1'))).toEqual([idOf('A-1')]);
    expect(links.get(linkKey(SET_ID, 'kr2'))).toEqual([idOf('A-1'), idOf('A-2')]);
    expect(contributingIssues('kr2', SET_ID, graph, playbook, { links }).leaves.map((l) => l.id)).toEqual(
      contributingIssues('kr2', SET_ID, graph, playbook).leaves.map((l) => l.id),
    );
  });
});

const issuesKr = (measure: object = { type: 'issues' }) =>
  okrSet({
    objectives: [objective({ id: 'o1' })],
    keyResults: [
      keyResult({ id: 'kr1', objectiveId: 'o1', measure }),
      keyResult({ id: 'kr2', objectiveId: 'o1', measure: { type: 'milestone' } }),
    ],
  }).keyResults[0]!;

function progressOf(measure: object, specs: IssueSpec[]): KrProgress {
  const set = okrSet({ objectives: [objective({ id: 'o1' })], keyResults: [keyResult({ id: 'kr1', objectiveId: 'o1', measure })] });
  return krProgress(set.keyResults[0]!, { set, graph: graphOf(...specs), playbook });
}

const linked = (key: string, category: IssueSpec['category'], estimate?: number): IssueSpec => ({
  key,
  category,
  krRefs: ['kr1'],
  ...(estimate === undefined ? {} : { estimate }),
});

describe('Rule 2 — issues progress', () => {
  const eight = [
    linked('A-1', 'done'),
    linked('A-2', 'done'),
    linked('A-3', 'done'),
    linked('A-4', 'in_progress'),
    linked('A-5', 'in_progress'),
    linked('A-6', 'todo'),
    linked('A-7', 'todo'),
    linked('A-8', 'todo'),
  ];

  it.each<[string, object, IssueSpec[], number]>([
    ['count with half credit for work in progress', { type: 'issues', inProgressCredit: 0.5 }, eight, (3 + 0.5 * 2) / 8],
    ['count without credit: in progress earns nothing', { type: 'issues' }, eight, 3 / 8],
    [
      'estimate weighting uses the estimates',
      { type: 'issues', weighting: 'estimate' },
      [linked('A-1', 'done', 5), linked('A-2', 'in_progress', 3), linked('A-3', 'todo', 2)],
      5 / 10,
    ],
    [
      'an unestimated issue weighs the mean estimate of the estimated ones (not 0, not 1)',
      { type: 'issues', weighting: 'estimate' },
      [linked('A-1', 'done', 2), linked('A-2', 'done', 4), linked('A-3', 'todo')],
      6 / 9,
    ],
    [
      'with no estimate at all every issue weighs 1',
      { type: 'issues', weighting: 'estimate' },
      [linked('A-1', 'done'), linked('A-2', 'todo'), linked('A-3', 'todo')],
      1 / 3,
    ],
    [
      'all estimates 0: the issues are counted instead of dividing 0 by 0',
      { type: 'issues', weighting: 'estimate' },
      [linked('A-1', 'done', 0), linked('A-2', 'todo', 0)],
      1 / 2,
    ],
    [
      'a linked epic that is done does not count next to its open children',
      { type: 'issues' },
      [
        { key: 'A-1', kind: 'epic', category: 'done', krRefs: ['kr1'] },
        { key: 'A-2', parent: 'A-1' },
        { key: 'A-3', parent: 'A-1' },
      ],
      0,
    ],
    [
      "an epic's estimate is not added to its children's",
      { type: 'issues', weighting: 'estimate' },
      [
        { key: 'A-1', kind: 'epic', estimate: 100, krRefs: ['kr1'] },
        { key: 'A-2', parent: 'A-1', category: 'done', estimate: 1 },
        { key: 'A-3', parent: 'A-1', estimate: 3 },
      ],
      1 / 4,
    ],
    [
      'canceled work is neither done nor remaining',
      { type: 'issues' },
      [
        linked('A-1', 'done'),
        linked('A-2', 'canceled'),
        { key: 'A-3', category: 'done', resolution: 'Duplicate', krRefs: ['kr1'] },
        linked('A-4', 'todo'),
      ],
      1 / 2,
    ],
  ])('%s', (_name, measure, specs, expected) => {
    expect(progressOf(measure, specs).progress).toBeCloseTo(expected, 10);
  });

  it.each<[string, IssueSpec[]]>([
    ['nothing linked', []],
    ['only other KRs linked', [{ key: 'A-1', category: 'done', krRefs: ['kr9'] }]],
    ['everything linked was canceled', [linked('A-1', 'canceled'), { key: 'A-2', category: 'done', status: 'Rejected', krRefs: ['kr1'] }]],
  ])('an empty set is unknown (null), never 0: %s', (_name, specs) => {
    const result = progressOf({ type: 'issues' }, specs);
    expect(result.progress).toBeNull();
    expect(result.explanation.formula).toMatch(/unknown/);
  });

  it.each<[string, object, IssueSpec[], string, string | null]>([
    ['count', { type: 'issues', inProgressCredit: 0.5 }, eight, '3 done + 0.5 × 2 in progress of 8 issues = 50%', null],
    [
      'estimate with an imputed weight',
      { type: 'issues', weighting: 'estimate' },
      [linked('A-1', 'done', 2), linked('A-2', 'done', 4), linked('A-3', 'todo'), linked('A-4', 'todo')],
      '6 points done of 12 points (4 issues) = 50%',
      '2 issues without an estimate weigh the mean estimate 3',
    ],
    [
      'no estimates',
      { type: 'issues', weighting: 'estimate' },
      [linked('A-1', 'todo')],
      '0 done of 1 issue = 0%',
      'no issue has an estimate, so every issue weighs 1',
    ],
    [
      'zero estimates',
      { type: 'issues', weighting: 'estimate' },
      [linked('A-1', 'done', 0), linked('A-2', 'todo', 0)],
      '1 done of 2 issues = 50%',
      'every estimate is 0, so each issue counts once instead',
    ],
  ])('Rule 7 — the formula reads as a sentence (%s)', (_name, measure, specs, formula, note) => {
    const { explanation } = progressOf(measure, specs);
    expect(explanation.formula).toBe(formula);
    if (note !== null) expect(explanation.notes).toContain(note);
  });

  it('Rule 7 — lists each counted issue with its weight, category and the link it came through', () => {
    const { explanation } = progressOf({ type: 'issues', weighting: 'estimate' }, [
      { key: 'A-1', kind: 'epic', krRefs: ['kr1'] },
      { key: 'A-2', parent: 'A-1', category: 'done', estimate: 5, title: 'Checkout form' },
      { key: 'A-3', parent: 'A-1', category: 'in_progress', status: 'In Review' },
      linked('A-4', 'todo', 1),
    ]);
    expect(explanation.measure).toBe('issues');
    expect(
      explanation.issues?.map(({ key, counted, weight, via, estimated, status }) => ({ key, counted, weight, via, estimated, status })),
    ).toEqual([
      { key: 'A-2', counted: 'done', weight: 5, via: 'A-1', estimated: true, status: 'Done' },
      { key: 'A-3', counted: 'in_progress', weight: 3, via: 'A-1', estimated: false, status: 'In Review' },
      { key: 'A-4', counted: 'todo', weight: 1, via: undefined, estimated: true, status: 'To Do' },
    ]);
    expect(explanation.issues?.[0]).toMatchObject({
      title: 'Checkout form',
      url: 'https://acme.atlassian.net/browse/A-2',
      id: idOf('A-2'),
    });
    expect(explanation.notes).toContain('1 linked issue with children count through their children');
  });
});

function metricProgress(measure: object, checkIns: Array<{ at: string; value?: number; krId?: string }>): KrProgress {
  const set = okrSet({
    objectives: [objective({ id: 'o1' })],
    keyResults: [keyResult({ id: 'kr1', objectiveId: 'o1', measure })],
    checkIns: checkIns.map((c, index) => checkIn({ krId: 'kr1', id: `ci${index}`, ...c })),
  });
  return krProgress(set.keyResults[0]!, { set, graph: buildIssueGraph([]), playbook });
}

describe('Rule 3 — metric and milestone progress', () => {
  const upward = { type: 'metric', start: 10, target: 20 };
  const downward = { type: 'metric', start: 80, target: 40, unit: 'ms' };

  it.each<[string, object, Array<{ at: string; value?: number; krId?: string }>, number]>([
    ['rising metric halfway', upward, [{ at: '2025-05-01T00:00:00Z', value: 15 }], 0.5],
    ['decreasing metric halfway (target below start)', downward, [{ at: '2025-05-01T00:00:00Z', value: 60 }], 0.5],
    ['decreasing metric past its target is clamped to 1', downward, [{ at: '2025-05-01T00:00:00Z', value: 30 }], 1],
    ['decreasing metric that got worse is clamped to 0', downward, [{ at: '2025-05-01T00:00:00Z', value: 95 }], 0],
    ['no check-in: current is the start value', upward, [], 0],
    [
      'the latest check-in by time wins, not the last in the file',
      upward,
      [
        { at: '2025-05-10T00:00:00Z', value: 18 },
        { at: '2025-05-01T00:00:00Z', value: 12 },
      ],
      0.8,
    ],
    [
      'time zone offsets are honoured (23:00 at UTC−5 is after 01:00 UTC the next day)',
      upward,
      [
        { at: '2025-05-01T23:00:00-05:00', value: 19 },
        { at: '2025-05-02T01:00:00Z', value: 11 },
      ],
      0.9,
    ],
    [
      'a later confidence-only check-in keeps the last value',
      upward,
      [{ at: '2025-05-01T00:00:00Z', value: 14 }, { at: '2025-05-08T00:00:00Z' }],
      0.4,
    ],
    ['another KR’s check-ins are not this one’s', upward, [{ at: '2025-05-01T00:00:00Z', value: 20, krId: 'kr2' }], 0],
    ['milestone without check-ins is not reached', { type: 'milestone' }, [], 0],
    ['milestone reached at value 1', { type: 'milestone' }, [{ at: '2025-05-01T00:00:00Z', value: 1 }], 1],
    ['milestone at 0.9 is not reached (no partial credit)', { type: 'milestone' }, [{ at: '2025-05-01T00:00:00Z', value: 0.9 }], 0],
    [
      'milestone reopened: the latest value 0 wins over an earlier 1',
      { type: 'milestone' },
      [
        { at: '2025-05-01T00:00:00Z', value: 1 },
        { at: '2025-05-20T00:00:00Z', value: 0 },
      ],
      0,
    ],
  ])('%s', (_name, measure, checkIns, expected) => {
    expect(metricProgress(measure, checkIns).progress).toBeCloseTo(expected, 10);
  });

  it('Rule 7 — a metric explains its current value, the formula and the check-ins, oldest first', () => {
    const result = metricProgress(downward, [
      { at: '2025-05-10T00:00:00Z', value: 60 },
      { at: '2025-05-01T00:00:00Z', value: 70 },
    ]);
    expect(result.explanation).toMatchObject({
      measure: 'metric',
      formula: 'current 60 ms (check-in of 2025-05-10), down from start 80 ms toward target 40 ms: (60 − 80) / (40 − 80) = 50%',
    });
    expect(result.explanation.checkIns?.map((c) => c.value)).toEqual([70, 60]);
  });

  it.each([
    ['past the target', 30, 'past the target (125%), counted as 100%'],
    ['moved away', 100, 'moved away from the target (-50%), counted as 0%'],
  ])('Rule 7 — clamping is said out loud (%s)', (_name, value, note) => {
    expect(metricProgress(downward, [{ at: '2025-05-01T00:00:00Z', value }]).explanation.notes).toContain(note);
  });

  it('Rule 7 — a milestone without check-ins says why it is 0', () => {
    expect(metricProgress({ type: 'milestone' }, []).explanation.formula).toBe('no check-in with a value yet: not reached = 0%');
  });
});

describe('Rule 4 — objective progress', () => {
  const set = okrSet({
    objectives: [objective({ id: 'o1' }), objective({ id: 'o2' })],
    keyResults: [
      keyResult({ id: 'kr1', objectiveId: 'o1' }),
      keyResult({ id: 'kr2', objectiveId: 'o1', weight: 3 }),
      keyResult({ id: 'kr3', objectiveId: 'o1' }),
      keyResult({ id: 'kr4', objectiveId: 'o2' }),
    ],
  });
  const results = (values: Record<string, number | null>) =>
    new Map(
      Object.entries(values).map(([krId, progress]) => [
        krId,
        { krId, progress, explanation: { formula: '', measure: 'issues' as const, notes: [] } },
      ]),
    );

  it.each<[string, Record<string, number | null>, number | null]>([
    ['weighted mean with weight defaulting to 1', { kr1: 0.5, kr2: 1, kr3: 0 }, (0.5 + 3 + 0) / 5],
    ['an unknown KR is left out, not averaged in as 0', { kr1: 0.6, kr2: null, kr3: null }, 0.6],
    ['a KR missing from the results is unknown too', { kr1: 0.2, kr3: 0.4 }, 0.3],
    ['every KR unknown → unknown', { kr1: null, kr2: null, kr3: null }, null],
  ])('%s', (_name, values, expected) => {
    const result = objectiveProgress('o1', results(values), set);
    if (expected === null) expect(result.progress).toBeNull();
    else expect(result.progress).toBeCloseTo(expected, 10);
  });

  it('an objective without KRs is unknown', () => {
    expect(objectiveProgress('o-none', results({}), set).progress).toBeNull();
  });

  it('Rule 7 — lists the KRs, their weights, and which were left out', () => {
    const { explanation } = objectiveProgress('o1', results({ kr1: 0.5, kr2: 1, kr3: null }), set);
    expect(explanation.formula).toBe('(1 × 50% + 3 × 100%) / 4 = 88%');
    expect(explanation.keyResults.map(({ krId, weight, counted }) => ({ krId, weight, counted }))).toEqual([
      { krId: 'kr1', weight: 1, counted: true },
      { krId: 'kr2', weight: 3, counted: true },
      { krId: 'kr3', weight: 1, counted: false },
    ]);
    expect(explanation.notes).toEqual(['"Key result kr3" has no known progress and is left out']);
  });

  it('allObjectiveProgress agrees with objectiveProgress and accepts a result list', () => {
    const list = [...results({ kr1: 0.5, kr2: 1, kr3: 0, kr4: null }).values()];
    const all = allObjectiveProgress(set, list);
    expect(all.get('o1')?.progress).toBeCloseTo(objectiveProgress('o1', list, set).progress!, 10);
    expect(all.get('o2')?.progress).toBeNull();
  });
});

describe('allKrProgress — every KR in one pass', () => {
  it('gives the same results as krProgress one by one, for every measure', () => {
    const set = okrSet({
      objectives: [objective({ id: 'o1' })],
      keyResults: [
        keyResult({ id: 'kr1', objectiveId: 'o1', measure: { type: 'issues', inProgressCredit: 0.25 } }),
        keyResult({ id: 'kr2', objectiveId: 'o1', measure: { type: 'issues', weighting: 'estimate' } }),
        keyResult({ id: 'kr3', objectiveId: 'o1', measure: { type: 'metric', start: 0, target: 4 } }),
        keyResult({ id: 'kr4', objectiveId: 'o1', measure: { type: 'milestone' } }),
      ],
      checkIns: [checkIn({ krId: 'kr3', at: '2025-05-01T00:00:00Z', value: 3 })],
    });
    const graph = graphOf(
      { key: 'A-1', kind: 'epic', krRefs: ['kr1'] },
      { key: 'A-2', parent: 'A-1', category: 'done', estimate: 2, krRefs: ['kr2'] },
      { key: 'A-3', parent: 'A-1', category: 'in_progress' },
      { key: 'A-4', estimate: 6, krRefs: ['kr2'] },
    );
    const all = allKrProgress(set, graph, playbook);
    expect([...all.keys()]).toEqual(['kr1', 'kr2', 'kr3', 'kr4']);
    for (const kr of set.keyResults) expect(all.get(kr.id)).toEqual(krProgress(kr, { set, graph, playbook }));
    expect(all.get('kr1')?.progress).toBeCloseTo((1 + 0.25) / 2, 10);
    expect(all.get('kr2')?.progress).toBeCloseTo(2 / 8, 10);
    expect(all.get('kr3')?.progress).toBeCloseTo(0.75, 10);
    expect(all.get('kr4')?.progress).toBe(0);
  });

  it('a long parent chain and a parent loop neither overflow nor hang', () => {
    const chain: IssueSpec[] = Array.from({ length: 20_000 }, (_, index) => ({
      key: `A-${index}`,
      ...(index > 0 ? { parent: `A-${index - 1}` } : {}),
      category: index === 19_999 ? 'done' : 'todo',
      krRefs: index === 0 ? ['kr1'] : [],
    }));
    const loop: IssueSpec[] = [
      { key: 'B-1', parent: 'B-2', krRefs: ['kr1'] },
      { key: 'B-2', parent: 'B-1' },
    ];
    const graph = buildIssueGraph([...chain, ...loop].map(issue));
    expect(krProgress(issuesKr(), { set: okrSet({}), graph, playbook }).progress).toBe(1);
  });
});
