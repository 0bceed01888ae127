import { describe, expect, it } from 'vitest';
import { activityReport, classifyIssue, createIssueClassifier, type ActivityContext, type WorkClass } from '../../lib/okr/activity';
import { buildIssueGraph, type IssueGraph } from '../../lib/okr/issue-graph';
import type { IssueKind, IssueSnapshot, KrRef, OkrSet, StatusCategory } from '../../lib/okr/model';
import { DEFAULT_PLAYBOOK, resolvePlaybook } from '../../lib/okr/playbook';

const SITE = 'https://acme.atlassian.net';

/** One active and one closed cycle, a KR in each. */
const set: Pick<OkrSet, 'id' | 'objectives' | 'keyResults'> = {
  id: 'acme',
  objectives: [
    { id: 'o-now', cycleId: 'q-active', title: 'Now', level: 'team', commitment: 'committed', alignment: { supports: [] } },
    { id: 'o-old', cycleId: 'q-closed', title: 'Before', level: 'team', commitment: 'committed', alignment: { supports: [] } },
  ],
  keyResults: [
    { id: 'kr-now', objectiveId: 'o-now', title: 'Now KR', measure: { type: 'milestone' }, url: 'https://x.example#kr-now' },
    { id: 'kr-old', objectiveId: 'o-old', title: 'Old KR', measure: { type: 'milestone' }, url: 'https://x.example#kr-old' },
  ],
};

const NOW: KrRef = { setId: 'acme', krId: 'kr-now' };
const OLD: KrRef = { setId: 'acme', krId: 'kr-old' };

interface IssueOptions {
  kind?: IssueKind;
  parent?: string;
  krRefs?: KrRef[];
  labels?: string[];
  estimate?: number;
  team?: string;
  assignee?: string;
  status?: StatusCategory;
  statusName?: string;
  resolution?: string;
  site?: string;
}

function issue(key: string, o: IssueOptions = {}): IssueSnapshot {
  const site = o.site ?? SITE;
  return {
    ref: { tracker: 'jira', site, key },
    title: `Issue ${key}`,
    url: `${site}/browse/${key}`,
    kind: o.kind ?? 'story',
    status: {
      name: o.statusName ?? 'In Progress',
      category: o.status ?? 'in_progress',
      ...(o.resolution === undefined ? {} : { resolution: o.resolution }),
    },
    ...(o.estimate === undefined ? {} : { estimate: o.estimate }),
    ...(o.parent === undefined ? {} : { parent: o.parent }),
    ...(o.assignee === undefined ? {} : { assignee: { id: o.assignee.toLowerCase(), name: o.assignee } }),
    ...(o.team === undefined ? {} : { team: o.team }),
    labels: o.labels ?? [],
    updatedAt: '2026-11-20T10:00:00Z',
    krRefs: o.krRefs ?? [],
  };
}

function contextFor(issues: IssueSnapshot[], graph: IssueGraph = buildIssueGraph(issues)): ActivityContext {
  return { set, graph, playbook: resolvePlaybook(undefined), activeCycleIds: new Set(['q-active']) };
}

/** Ancestors every case can use: epics linked to each KR, a story under the active one, a plain epic. */
const ancestors = [
  issue('EP-NOW', { kind: 'epic', krRefs: [NOW] }),
  issue('EP-OLD', { kind: 'epic', krRefs: [OLD] }),
  issue('EP-PLAIN', { kind: 'epic' }),
  issue('ST-UNDER-NOW', { parent: 'EP-NOW' }),
  issue('LOOP-A', { parent: 'LOOP-B' }),
  issue('LOOP-B', { parent: 'LOOP-A' }),
  issue('EP-ELSEWHERE', { kind: 'epic', krRefs: [NOW], site: 'https://other.atlassian.net' }),
];

const cases: Array<{ name: string; issue: IssueSnapshot; expected: WorkClass }> = [
  { name: 'a story linked to an active KR', issue: issue('S-1', { krRefs: [NOW] }), expected: 'aligned' },
  { name: 'a story aligned only through its epic', issue: issue('S-2', { parent: 'EP-NOW' }), expected: 'aligned' },
  {
    name: 'a sub-task aligned through its story’s epic',
    issue: issue('S-3', { kind: 'subtask', parent: 'ST-UNDER-NOW' }),
    expected: 'aligned',
  },
  { name: 'a story linked only to a KR of a closed cycle', issue: issue('S-4', { krRefs: [OLD] }), expected: 'unaligned' },
  { name: 'a story under an epic of a closed cycle’s KR', issue: issue('S-5', { parent: 'EP-OLD' }), expected: 'unaligned' },
  { name: 'a linked bug is aligned, not run', issue: issue('S-6', { kind: 'bug', krRefs: [NOW] }), expected: 'aligned' },
  { name: 'a bug under a linked epic is aligned, not run', issue: issue('S-7', { kind: 'bug', parent: 'EP-NOW' }), expected: 'aligned' },
  { name: 'an unlinked bug is run work', issue: issue('S-8', { kind: 'bug', parent: 'EP-PLAIN' }), expected: 'run' },
  { name: 'an on-call task is run work (label, any case)', issue: issue('S-9', { kind: 'task', labels: ['On-Call'] }), expected: 'run' },
  { name: 'an unlinked story under a plain epic', issue: issue('S-10', { parent: 'EP-PLAIN' }), expected: 'unaligned' },
  {
    name: 'a link to the same KR id in another set',
    issue: issue('S-11', { krRefs: [{ setId: 'other', krId: 'kr-now' }] }),
    expected: 'unaligned',
  },
  {
    name: 'a link to a KR the set no longer has',
    issue: issue('S-12', { krRefs: [{ setId: 'acme', krId: 'kr-gone' }] }),
    expected: 'unaligned',
  },
  { name: 'a story under a parent loop (no hang)', issue: issue('S-13', { parent: 'LOOP-A' }), expected: 'unaligned' },
  { name: 'a story whose parent key exists only on another site', issue: issue('S-14', { parent: 'EP-ELSEWHERE' }), expected: 'unaligned' },
  { name: 'a story whose epic is not in the graph', issue: issue('S-15', { parent: 'EP-MISSING' }), expected: 'unaligned' },
];

describe('Rule 8 — aligned work: classifyIssue', () => {
  it.each(cases)('$name → $expected', ({ issue: subject, expected }) => {
    expect(classifyIssue(subject, contextFor([...ancestors, subject]))).toBe(expected);
  });

  it.each(cases)('$name → $expected, also when the issue itself is not in the graph', ({ issue: subject, expected }) => {
    expect(classifyIssue(subject, contextFor(ancestors))).toBe(expected);
  });

  it.each(cases)('$name → $expected, with the memoizing classifier', ({ issue: subject, expected }) => {
    const classify = createIssueClassifier(contextFor([...ancestors, ...cases.map((c) => c.issue)]));
    // Classify everything else first so the cache is warm when the subject is asked about.
    for (const other of cases) classify(other.issue);
    expect(classify(subject)).toBe(expected);
  });

  it('a link to a planned cycle’s KR starts to count once that cycle is active', () => {
    const subject = issue('S-1', { krRefs: [OLD] });
    const ctx = contextFor([subject]);
    expect(classifyIssue(subject, ctx)).toBe('unaligned');
    expect(classifyIssue(subject, { ...ctx, activeCycleIds: new Set(['q-active', 'q-closed']) })).toBe('aligned');
  });

  it('run labels come from the playbook', () => {
    const subject = issue('S-1', { labels: ['toil'] });
    const ctx = contextFor([subject]);
    expect(classifyIssue(subject, ctx)).toBe('unaligned');
    expect(classifyIssue(subject, { ...ctx, playbook: resolvePlaybook({ runLabels: ['toil'] }) })).toBe('run');
  });
});

describe('Rule 8 — aligned work: activityReport', () => {
  // Hand-counted scope: 7 listed, one canceled (left out), one listed twice (counted once).
  const epic = issue('EP-1', { kind: 'epic', krRefs: [NOW] });
  const scope = [
    issue('PLAT-1', { krRefs: [NOW], estimate: 5, team: 'Platform', assignee: 'Ann' }),
    issue('PLAT-2', { parent: 'EP-1', estimate: 3, team: 'Platform', assignee: 'Bob' }),
    issue('GROW-1', { kind: 'bug', estimate: 2, team: 'Growth', assignee: 'Ann' }),
    issue('GROW-2', { estimate: 8, team: 'Growth' }),
    issue('PLAT-3', { team: 'Platform', assignee: 'Bob' }),
    issue('PLAT-4', { parent: 'EP-1', estimate: 1, team: 'Platform', assignee: 'Cy', status: 'done', statusName: 'Done' }),
    issue('PLAT-5', { estimate: 13, team: 'Platform', assignee: 'Ann', status: 'done', statusName: 'Done', resolution: "Won't Do" }),
  ];
  const report = activityReport([...scope, scope[0]!], contextFor([epic, ...scope]));

  it('totals count every issue once, done included, canceled left out', () => {
    expect(report.total).toEqual({ count: 6, estimate: 19, unestimated: 1 });
  });

  it.each([
    { workClass: 'aligned', count: 3, estimate: 9 },
    { workClass: 'run', count: 1, estimate: 2 },
    { workClass: 'unaligned', count: 2, estimate: 8 },
  ] as const)('$workClass: $count issues, estimate $estimate', ({ workClass, count, estimate }) => {
    const share = report.shares[workClass];
    expect(share.count).toBe(count);
    expect(share.estimate).toBe(estimate);
    expect(share.countShare).toBeCloseTo(count / 6, 10);
    expect(share.estimateShare).toBeCloseTo(estimate / 19, 10);
  });

  it('breaks down per team, largest first', () => {
    expect(report.byTeam.map((t) => [t.team, t.shares.aligned.count, t.shares.run.count, t.shares.unaligned.count])).toEqual([
      ['Platform', 3, 0, 1],
      ['Growth', 0, 1, 1],
    ]);
  });

  it('breaks down per assignee, with the unassigned bucket last', () => {
    expect(report.byAssignee.map((a) => [a.assignee?.name ?? null, a.total.count, a.total.estimate])).toEqual([
      ['Ann', 2, 7],
      ['Bob', 2, 3],
      ['Cy', 1, 1],
      [null, 1, 8],
    ]);
  });

  it('lists the unaligned issues, largest estimate first and unestimated last', () => {
    expect(report.unaligned.map((i) => i.ref.key)).toEqual(['GROW-2', 'PLAT-3']);
  });

  it('orders unaligned issues of equal estimate by key in natural order', () => {
    const keys = ['PLAT-10', 'PLAT-9', 'PLAT-100', 'GROW-2'];
    const issues = keys.map((key) => issue(key, { estimate: 3 }));
    const sorted = activityReport(issues, contextFor(issues)).unaligned.map((i) => i.ref.key);
    expect(sorted).toEqual(['GROW-2', 'PLAT-9', 'PLAT-10', 'PLAT-100']);
  });

  it.each([
    { name: 'an empty scope', issues: [] as IssueSnapshot[] },
    { name: 'a scope of canceled work only', issues: [issue('X-1', { status: 'canceled', statusName: 'Canceled', estimate: 3 })] },
  ])('$name has null shares, never NaN', ({ issues }) => {
    const empty = activityReport(issues, contextFor(issues));
    expect(empty.total).toEqual({ count: 0, estimate: 0, unestimated: 0 });
    for (const share of Object.values(empty.shares)) {
      expect(share).toEqual({ count: 0, estimate: 0, countShare: null, estimateShare: null });
    }
    expect(empty.byTeam).toEqual([]);
    expect(empty.unaligned).toEqual([]);
  });

  it('a scope without estimates has count shares and null estimate shares', () => {
    const issues = [issue('X-1', { krRefs: [NOW] }), issue('X-2')];
    const shares = activityReport(issues, contextFor(issues)).shares;
    expect(shares.aligned.countShare).toBe(0.5);
    expect(shares.aligned.estimateShare).toBeNull();
  });

  it('survives JSON, as extension messages need', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

/** A graph whose lookups are counted, to prove the report walks each chain once. */
function countingGraph(issues: IssueSnapshot[]): { graph: IssueGraph; lookups: () => number } {
  const base = buildIssueGraph(issues);
  let count = 0;
  class CountingMap extends Map<string, IssueSnapshot> {
    override get(key: string) {
      count++;
      return super.get(key);
    }
  }
  return { graph: { byId: new CountingMap(base.byId), childrenOf: base.childrenOf }, lookups: () => count };
}

describe('Rule 8 — aligned work: the report is linear in the scope', () => {
  it.each([
    {
      name: '50,000 sub-tasks under stories under 4 epics',
      build: () => {
        const epics = [0, 1, 2, 3].map((e) => issue(`EP-${e}`, { kind: 'epic', krRefs: e === 0 ? [NOW] : [] }));
        const stories = Array.from({ length: 1000 }, (_, s) => issue(`ST-${s}`, { parent: `EP-${s % 4}` }));
        const subtasks = Array.from({ length: 50_000 }, (_, t) => issue(`SUB-${t}`, { kind: 'subtask', parent: `ST-${t % 1000}` }));
        return { graphIssues: [...epics, ...stories, ...subtasks], scope: subtasks, aligned: 12_500 };
      },
    },
    {
      // Re-walking each chain would cost 3,000 · 3,001 / 2 ≈ 4.5 million lookups.
      name: 'a 3,000-deep parent chain, deepest issue first',
      build: () => {
        const chain = Array.from({ length: 3000 }, (_, i) => issue(`C-${i}`, i === 0 ? { krRefs: [NOW] } : { parent: `C-${i - 1}` }));
        return { graphIssues: chain, scope: [...chain].reverse(), aligned: 3000 };
      },
    },
  ])('$name', ({ build }) => {
    const { graphIssues, scope, aligned } = build();
    const { graph, lookups } = countingGraph(graphIssues);
    const report = activityReport(scope, { set, graph, playbook: DEFAULT_PLAYBOOK, activeCycleIds: new Set(['q-active']) });
    expect(report.shares.aligned.count).toBe(aligned);
    expect(lookups()).toBeLessThanOrEqual(3 * graphIssues.length);
  });
});
