/** The dashboard's pure parts, from literal data: routes, forms, scopes, the tree's shape, merges. */
import { describe, expect, it } from 'vitest';
import { newCheckInId, parseCheckInForm } from '../../entrypoints/dashboard/state/check-in-form';
import { parseRoute, routeHash, type Route } from '../../lib/view/dashboard-routes';
import { buildScopes, EMPTY_SCOPE } from '../../entrypoints/dashboard/state/scope-form';
import type { AssigneeBreakdown } from '../../lib/okr/activity';
import { okrSetSchema, assignLinkUrls, type KeyResult, type OkrSet } from '../../lib/okr/model';
import { peopleByName } from '../../lib/view/activity';
import { valueProgress } from '../../lib/view/kr-detail';
import { dashboardContext } from '../../lib/view/okr-context';
import { buildOkrTree, flattenTree } from '../../lib/view/okr-tree';
import { splitLinearScope } from '../../lib/trackers/linear/scopes';
import { issue, ME, OTHER } from './harness';

describe('routes', () => {
  it.each<[string, Route]>([
    ['', { view: 'tree' }],
    ['#/tree', { view: 'tree' }],
    ['#/tree/obj-1', { view: 'tree', objectiveId: 'obj-1' }],
    ['#/kr/kr-1', { view: 'kr', krId: 'kr-1' }],
    ['#/kr/kr%20odd', { view: 'kr', krId: 'kr odd' }],
    ['#/kr', { view: 'tree' }],
    ['#/lint', { view: 'lint' }],
    ['#/review', { view: 'review' }],
    ['#/activity', { view: 'activity' }],
    ['#/nonsense/x', { view: 'tree' }],
    ['#/kr/%E0%A4%A', { view: 'tree' }],
  ])('%j → %j, and back', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    expect(parseRoute(routeHash(route))).toEqual(route);
  });
});

const METRIC: KeyResult['measure'] = { type: 'metric', start: 70, target: 30, unit: 's' };

describe('parseCheckInForm', () => {
  it.each([
    [{ value: '45', confidence: '7', note: ' On track. ' }, METRIC, { ok: true, value: 45, confidence: 7, note: 'On track.' }],
    [{ value: '', confidence: '0', note: '' }, METRIC, { ok: true, confidence: 0 }],
    [{ value: '3,5', confidence: '10', note: '' }, METRIC, { ok: true, value: 3.5, confidence: 10 }],
    [{ value: '1', confidence: '6', note: '' }, { type: 'milestone' } as const, { ok: true, value: 1, confidence: 6 }],
    // Issues KRs measure themselves: a typed value is not theirs to take.
    [
      { value: '9', confidence: '5', note: '' },
      { type: 'issues', weighting: 'count', inProgressCredit: 0 } as const,
      { ok: true, confidence: 5 },
    ],
  ])('%j on %j → %j', (form, measure, expected) => {
    expect(parseCheckInForm(form, measure)).toEqual(expected);
  });

  it.each([
    [{ value: '45', confidence: '', note: '' }, METRIC, 'Confidence must be a whole number from 0 to 10.'],
    [{ value: '45', confidence: '-1', note: '' }, METRIC, 'Confidence must be a whole number from 0 to 10.'],
    [{ value: 'fast', confidence: '5', note: '' }, METRIC, '“fast” is not a number.'],
    [{ value: '0.5', confidence: '5', note: '' }, { type: 'milestone' } as const, 'A milestone is reached (1) or not (0).'],
    [{ value: '', confidence: '5', note: 'x'.repeat(5001) }, METRIC, 'Keep the note under 5,000 characters.'],
  ])('refuses %j on %j', (form, measure, message) => {
    expect(parseCheckInForm(form, measure)).toEqual({ ok: false, errors: [message] });
  });
});

describe('newCheckInId', () => {
  it('makes a valid id that is new in the set, even for the longest KR ids', () => {
    const krId = 'k'.repeat(120);
    const first = newCheckInId({ checkIns: [] }, krId, 1_700_000_000_000);
    const second = newCheckInId({ checkIns: [{ id: first, krId, at: '2026-11-21T00:00:00Z', confidence: 5 }] }, krId, 1_700_000_000_000);
    expect(first.length).toBeLessThanOrEqual(120);
    expect(second).not.toBe(first);
    expect(second).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
  });
});

describe('buildScopes', () => {
  const site = 'https://acme.atlassian.net';
  it.each([
    [
      { jiraSite: site, jiraMode: 'boards' as const, boardIds: [1, 2] },
      [{ tracker: 'jira', site, scope: { type: 'jira-boards', boardIds: [1, 2] } }],
    ],
    [
      { jiraSite: site, jiraMode: 'jql' as const, jql: ' project = PLAT ' },
      [{ tracker: 'jira', site, scope: { type: 'jira-jql', jql: 'project = PLAT' } }],
    ],
    [
      { jiraSite: site, jiraMode: 'me' as const, linearMode: 'me' as const },
      [
        { tracker: 'jira', site, scope: { type: 'assigned-to-me' } },
        { tracker: 'linear', scope: { type: 'assigned-to-me' } },
      ],
    ],
    [
      { linearMode: 'teams' as const, teamKeys: 'mob, web MOB' },
      [{ tracker: 'linear', scope: { type: 'linear-teams', teamKeys: ['MOB', 'WEB'] } }],
    ],
  ])('%j → %j', (patch, scopes) => {
    expect(buildScopes({ ...EMPTY_SCOPE, ...patch })).toEqual({ ok: true, scopes });
  });

  it.each([
    [{}, 'Choose what to look at'],
    [{ jiraMode: 'boards' as const }, 'Choose the Jira site first.'],
    [{ linearMode: 'teams' as const, teamKeys: ' , ' }, 'Enter the keys of the Linear teams'],
    [{ linearMode: 'teams' as const, teamKeys: 'MOB, ../x' }, '“../X” is not a Linear team key'],
  ])('refuses %j', (patch, message) => {
    const built = buildScopes({ ...EMPTY_SCOPE, ...patch });
    expect(built.ok).toBe(false);
    expect(built.ok ? '' : built.message).toContain(message);
  });
});

describe('splitLinearScope', () => {
  // MOB-1 is a parent outside any cycle; MOB-3 is in the cycle and a parent of MOB-6; OLD-1 is
  // another team's parent; MOB-9 is a parent from a past cycle.
  const listed = [
    issue('linear', { key: 'MOB-2', parent: 'MOB-1', sprint: 'c11', assignee: ME }),
    issue('linear', { key: 'MOB-3', parent: 'MOB-1', sprint: 'c11', assignee: ME }),
    issue('linear', { key: 'MOB-6', parent: 'MOB-3', sprint: 'c11', assignee: OTHER }),
    issue('linear', { key: 'MOB-7', parent: 'MOB-9', sprint: 'c11', assignee: ME, category: 'in_progress' }),
    issue('linear', { key: 'MOB-1', parent: 'OLD-1' }),
    issue('linear', { key: 'MOB-9', sprint: 'c10', assignee: ME }),
    issue('linear', { key: 'OLD-1', assignee: ME, category: 'done' }),
  ];
  const keys = (issues: ReadonlyArray<{ ref: { key: string } }>) => issues.map((i) => i.ref.key).sort();

  it.each([
    [{ type: 'linear-teams' as const, teamKeys: ['mob'] }, ['MOB-2', 'MOB-3', 'MOB-6', 'MOB-7'], ['MOB-1', 'MOB-9', 'OLD-1']],
    // For "me": MOB-3 and MOB-9 are open and mine; OLD-1 is done; MOB-1 is nobody's.
    [{ type: 'assigned-to-me' as const }, ['MOB-2', 'MOB-3', 'MOB-6', 'MOB-7', 'MOB-9'], ['MOB-1', 'OLD-1']],
  ])('%j: scope %j, ancestors %j', (scope, issues, ancestors) => {
    const split = splitLinearScope(listed, scope);
    expect(keys(split.issues)).toEqual(issues);
    expect(keys(split.ancestors)).toEqual(ancestors);
  });
});

function tinySet(
  objectives: Array<{ id: string; level?: string; inherits?: string; supports?: string[]; team?: string; owner?: string }>,
  krs: Array<{ id: string; objectiveId: string }>,
): OkrSet {
  return assignLinkUrls(
    okrSetSchema.parse({
      schemaVersion: 1,
      id: 'tiny',
      name: 'Tiny',
      cycles: [{ id: 'c', name: 'C', start: '2026-10-01', end: '2026-12-31', state: 'active' }],
      objectives: objectives.map((o) => ({
        id: o.id,
        cycleId: 'c',
        title: `Objective ${o.id}`,
        level: o.level ?? 'team',
        commitment: 'committed',
        ...(o.team ? { team: o.team } : {}),
        ...(o.owner ? { owner: o.owner } : {}),
        alignment: { ...(o.inherits ? { inherits: o.inherits } : {}), supports: o.supports ?? [] },
      })),
      keyResults: krs.map((kr) => ({ ...kr, title: `KR ${kr.id}`, measure: { type: 'metric', start: 0, target: 10 } })),
      checkIns: [{ id: 'ci', krId: 'k1', at: '2026-11-01T00:00:00Z', value: 5, confidence: 6 }],
    }),
  );
}

describe('buildOkrTree', () => {
  it('survives an alignment loop by making the looping objective a root', () => {
    const set = tinySet(
      [
        { id: 'a', supports: ['b'] },
        { id: 'b', supports: ['a'] },
      ],
      [{ id: 'k1', objectiveId: 'a' }],
    );
    const { ctx } = dashboardContext(set, [], '2026-11-21');
    const tree = buildOkrTree(ctx, 'c');
    expect(
      flattenTree(tree.roots)
        .map((node) => node.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(tree.roots.length).toBeGreaterThan(0);
  });

  it('orders roots company first, and reads the objective’s progress from its KRs', () => {
    const set = tinySet(
      [
        { id: 't', level: 'team', team: 'Mobile', owner: 'Ines' },
        { id: 'co', level: 'company' },
        { id: 'ind', level: 'individual', inherits: 'k1' },
      ],
      [{ id: 'k1', objectiveId: 'co' }],
    );
    const { ctx } = dashboardContext(set, [], '2026-11-21');
    const tree = buildOkrTree(ctx, 'c');
    expect(tree.roots.map((node) => node.id)).toEqual(['co', 't']);
    expect(tree.roots[0]!.children.map((node) => [node.id, node.link?.kind])).toEqual([['ind', 'inherits']]);
    expect(tree.roots[0]!.progressText).toBe('50%');
    expect(tree.roots[0]!.krs[0]!.inheritedBy).toEqual([{ id: 'ind', title: 'Objective ind' }]);
    expect(tree.teams).toEqual(['Mobile']);
    expect(tree.owners).toEqual(['Ines']);
  });
});

describe('valueProgress', () => {
  it.each([
    [METRIC, 50, 0.5],
    [METRIC, 90, 0],
    [METRIC, 10, 1],
    [{ type: 'milestone' } as const, 1, 1],
    [{ type: 'milestone' } as const, 0, 0],
    [METRIC, undefined, undefined],
  ])('%j with %j → %j', (measure, value, progress) => {
    expect(valueProgress(measure, value)).toBe(progress);
  });
});

describe('peopleByName', () => {
  const row = (id: string, name: string | null, aligned: number, unaligned: number): AssigneeBreakdown => ({
    assignee: name === null ? null : { id, name },
    total: { count: aligned + unaligned, estimate: 0, unestimated: aligned + unaligned },
    shares: {
      aligned: { count: aligned, estimate: 0, countShare: aligned / (aligned + unaligned), estimateShare: null },
      run: { count: 0, estimate: 0, countShare: 0, estimateShare: null },
      unaligned: { count: unaligned, estimate: 0, countShare: unaligned / (aligned + unaligned), estimateShare: null },
    },
  });

  it('adds up one person known by a Jira and a Linear id, and keeps unassigned work last', () => {
    const people = peopleByName([
      row('jira-dana', 'Dana', 3, 1),
      row(null as unknown as string, null, 5, 5),
      row('lin-dana', 'Dana', 1, 1),
      row('omar', 'Omar', 1, 0),
    ]);
    expect(people.map((p) => [p.name, p.total.count, p.shares.unaligned.count, p.shares.unaligned.countShare])).toEqual([
      ['Dana', 6, 2, 2 / 6],
      ['Omar', 1, 0, 0],
      [null, 10, 5, 0.5],
    ]);
  });
});
