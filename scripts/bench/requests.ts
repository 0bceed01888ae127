/**
 * Requests against the lower bound, on the contract-checked fakes over HTTP in Node:
 * - refreshing the progress of every issues KR of the example set (adapter `findLinkedIssues`);
 * - an activity report's scope of 2,000 Jira and 2,000 Linear issues (adapter `listScope`);
 * - 20 issue pages in a row through the background service with its cache.
 * Each count stands beside its lower bound (lower-bound.ts) and beside the naive strategy
 * (naive.ts), both measured in the same run against the same data.
 */
import type { OkrSet } from '../../lib/okr/model';
import { createJiraAdapter } from '../../lib/trackers/jira/client';
import { createLinearAdapter } from '../../lib/trackers/linear/client';
import type { TrackerAdapter } from '../../lib/trackers/tracker';
import { startFakeJira, type RunningFakeJira } from '../../tests/sandbox/jira/server';
import { ACME_USERS } from '../../tests/sandbox/jira/seed';
import { DANA_API_KEY, LINEAR_WORKSPACE, startFakeLinear, type RunningFakeLinear } from '../../tests/sandbox/linear';
import {
  emptyKnowledge,
  issuePageRequests,
  JIRA_LIMITS,
  LINEAR_LIMITS,
  linkedRequests,
  scopeRequests,
  type ApiLimits,
  type Truth,
} from './lower-bound';
import { naiveJiraClient, naiveLinearClient, naivePage, naiveScope, naiveSubtree, type NaiveClient } from './naive';
import { addJiraBoardScope, addLinearTeamScope, jiraTruth, linearTruth, SCOPE_2000 } from './scale-seed';
import { loadServiceEnvironment, type ServiceEnvironment } from './service-env';
import type { BenchRow } from './stats';

/** The issue's goal: no more than 10 % above the fewest requests the work needs. */
export const REQUEST_RATIO_GOAL = 1.1;

type Tracker = 'jira' | 'linear';

/** 20 pages as someone browses: down an epic, back to a story, across teams and trackers. */
export const ISSUE_WALK: ReadonlyArray<readonly [Tracker, string]> = [
  ['jira', 'PLAT-2'],
  ['jira', 'PLAT-3'],
  ['jira', 'PLAT-4'],
  ['jira', 'PLAT-2'],
  ['jira', 'PLAT-1'],
  ['jira', 'PLAT-5'],
  ['jira', 'PLAT-9'],
  ['jira', 'PLAT-11'],
  ['jira', 'PLAT-13'],
  ['jira', 'GROW-2'],
  ['jira', 'GROW-3'],
  ['jira', 'GROW-6'],
  ['jira', 'GROW-7'],
  ['jira', 'GROW-2'],
  ['linear', 'MOB-12'],
  ['linear', 'MOB-10'],
  ['linear', 'MOB-3'],
  ['linear', 'MOB-7'],
  ['linear', 'MOB-16'],
  ['linear', 'MOB-12'],
];

interface Fakes {
  jira: RunningFakeJira;
  linear: RunningFakeLinear;
}

const sessionCookie = `cloud.session.token=${ACME_USERS.dana.sessionToken}`;

/** The browser's fetch on a signed-in Jira site: the session cookie goes along. */
function sessionFetch(): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    request.headers.set('cookie', sessionCookie);
    return fetch(request);
  };
}

const jiraAdapter = (fakes: Fakes) => createJiraAdapter({ site: fakes.jira.url, auth: { type: 'session' }, fetch: sessionFetch() });
const linearAdapter = (fakes: Fakes) =>
  createLinearAdapter({ workspace: LINEAR_WORKSPACE, apiKey: DANA_API_KEY, apiUrl: fakes.linear.url });

const requestCount = (fakes: Fakes, tracker: Tracker) => (tracker === 'jira' ? fakes.jira.requests.length : fakes.linear.requests.length);

async function counted(fakes: Fakes, tracker: Tracker, action: () => Promise<unknown>): Promise<number> {
  const before = requestCount(fakes, tracker);
  await action();
  return requestCount(fakes, tracker) - before;
}

function assertNoViolations(fakes: Fakes, scenario: string): void {
  const violations = [...fakes.jira.violations, ...fakes.linear.violations.map((v) => `${v.kind}: ${v.message}`)];
  if (violations.length > 0) throw new Error(`${scenario}: the fakes recorded contract violations:\n${violations.slice(0, 5).join('\n')}`);
}

function naiveClient(fakes: Fakes, tracker: Tracker, set: OkrSet) {
  return tracker === 'jira'
    ? naiveJiraClient({ site: fakes.jira.url, sessionCookie, state: () => fakes.jira.state })
    : naiveLinearClient({
        apiUrl: fakes.linear.url,
        apiKey: DANA_API_KEY,
        urlOfKr: (id) => set.keyResults.find((kr) => `${set.id}:${kr.id}` === id)?.url ?? id,
      });
}

export interface RequestFigure {
  name: string;
  measured: number;
  lowerBound: number;
  naive: number;
  /** What the lower bound assumed, for the reader. */
  note?: string;
}

export function requestRow(section: string, figure: RequestFigure): BenchRow {
  const ratio = figure.measured / figure.lowerBound;
  return {
    section,
    name: figure.name,
    value: figure.measured,
    unit: 'requests',
    goal: `≤ ${REQUEST_RATIO_GOAL} × lower bound`,
    met: ratio <= REQUEST_RATIO_GOAL,
    detail: `lower bound ${figure.lowerBound}, ratio ${ratio.toFixed(2)}; naive ${figure.naive} (${(figure.naive / figure.lowerBound).toFixed(1)}× the bound)${figure.note ? `; ${figure.note}` : ''}`,
  };
}

const issuesKrIds = (set: OkrSet) => set.keyResults.filter((kr) => kr.measure.type === 'issues').map((kr) => `${set.id}:${kr.id}`);
/** The KRs whose links a read must get right, as the background passes them: the whole set's. */
const readerKrs = (set: OkrSet) => set.keyResults.map((kr) => ({ setId: set.id, krId: kr.id, url: kr.url }));

// ---- 1. refresh every issues KR of the example set ---------------------------------------------

async function refreshAllKrs(fakes: Fakes, set: OkrSet): Promise<RequestFigure[]> {
  fakes.jira.reset();
  fakes.linear.reset();
  const krs = set.keyResults.filter((kr) => kr.measure.type === 'issues').map((kr) => ({ setId: set.id, krId: kr.id, url: kr.url }));
  const figures: RequestFigure[] = [];
  for (const [tracker, adapter, truth, limits] of [
    ['jira', jiraAdapter(fakes), jiraTruth(fakes.jira.state), JIRA_LIMITS],
    ['linear', linearAdapter(fakes), linearTruth(fakes.linear.state.workspace), LINEAR_LIMITS],
  ] as Array<[Tracker, TrackerAdapter, Truth, ApiLimits]>) {
    let found = 0;
    const measured = await counted(fakes, tracker, async () => {
      found = (await adapter.findLinkedIssues(krs)).issues.length;
    });
    const client = naiveClient(fakes, tracker, set);
    const naive = await counted(fakes, tracker, async () => naiveSubtree(client, await client.linkedKeys(issuesKrIds(set))));
    figures.push({
      name: `refresh all ${krs.length} issues KRs of the example set, ${tracker} (${found} contributing issues)`,
      measured,
      lowerBound: linkedRequests(truth, limits, issuesKrIds(set), emptyKnowledge()),
      naive,
      ...(tracker === 'jira' ? { note: 'both count the field list a fresh adapter reads once' } : {}),
    });
  }
  assertNoViolations(fakes, 'refresh');
  return figures;
}

// ---- 2. an activity report's scope of 2,000 issues per tracker --------------------------------

async function activityScopes(fakes: Fakes, set: OkrSet): Promise<RequestFigure[]> {
  fakes.jira.reset();
  fakes.linear.reset();
  const jiraScope = addJiraBoardScope(fakes.jira.state, { projectKey: 'BIG', boardId: 3, sprintId: 31, shape: SCOPE_2000 });
  const linearScope = addLinearTeamScope(fakes.linear.state.workspace, { teamKey: 'BIG', shape: SCOPE_2000 });
  const figures: RequestFigure[] = [];

  let jiraListed = 0;
  const jiraMeasured = await counted(fakes, 'jira', async () => {
    jiraListed = (await jiraAdapter(fakes).listScope({ type: 'jira-boards', boardIds: [3] }, { krs: readerKrs(set) })).length;
  });
  const jiraNaive = naiveJiraClient({ site: fakes.jira.url, sessionCookie, state: () => fakes.jira.state });
  figures.push({
    name: `activity report scope: a board's sprint of ${jiraScope.scopeKeys.length.toLocaleString('en')} Jira issues (+${jiraListed - jiraScope.scopeKeys.length} epics above)`,
    measured: jiraMeasured,
    // The board's configuration and its active sprints are two reads the scope needs before the search.
    lowerBound: scopeRequests(jiraTruth(fakes.jira.state), JIRA_LIMITS, jiraScope.scopeKeys, 2, emptyKnowledge()),
    naive: await counted(fakes, 'jira', () => naiveScope(jiraNaive, () => jiraNaive.keys('sprint in (31)'))),
  });

  let linearListed = 0;
  const linearMeasured = await counted(fakes, 'linear', async () => {
    linearListed = (await linearAdapter(fakes).listScope({ type: 'linear-teams', teamKeys: ['BIG'] }, { krs: readerKrs(set) })).length;
  });
  const linearNaive = naiveLinearClient({ apiUrl: fakes.linear.url, apiKey: DANA_API_KEY, urlOfKr: (id) => id });
  figures.push({
    name: `activity report scope: a team's cycle of ${linearScope.scopeKeys.length.toLocaleString('en')} Linear issues (+${linearListed - linearScope.scopeKeys.length} parents above)`,
    measured: linearMeasured,
    lowerBound: scopeRequests(linearTruth(fakes.linear.state.workspace), LINEAR_LIMITS, linearScope.scopeKeys, 0, emptyKnowledge()),
    naive: await counted(fakes, 'linear', () =>
      naiveScope(linearNaive, () => linearNaive.keys({ team: { key: { in: ['BIG'] } }, cycle: { isActive: { eq: true } } })),
    ),
  });
  assertNoViolations(fakes, 'activity scope');
  return figures;
}

// ---- 3. twenty issue pages through the background service -------------------------------------

export interface WalkResult {
  figures: RequestFigure[];
  cacheHits: number;
  cacheMisses: number;
  pagesWithoutRequests: number;
  idealPagesWithoutRequests: number;
}

interface PageCount {
  tracker: Tracker;
  key: string;
  measured: number;
  lowerBound: number;
  naive: number;
}

const sumOf = (pages: readonly PageCount[], field: 'measured' | 'lowerBound' | 'naive') =>
  pages.reduce((total, page) => total + page[field], 0);

async function issueWalk(fakes: Fakes, env: ServiceEnvironment): Promise<WalkResult> {
  fakes.jira.reset();
  fakes.linear.reset();
  const set = env.set;
  const adapters = { jira: jiraAdapter(fakes), linear: linearAdapter(fakes) };
  const { service, cache } = env.service({ adapterFor: (tracker) => adapters[tracker] });
  const site = { jira: fakes.jira.url, linear: LINEAR_WORKSPACE };
  const measured: number[] = [];
  for (const [tracker, key] of ISSUE_WALK) {
    measured.push(
      await counted(fakes, tracker, async () => {
        const result = await service.getIssueOverlay({ tracker, site: site[tracker], key, fresh: false });
        if (result.state !== 'ok') throw new Error(`walk: ${tracker} ${key} answered ${result.state}`);
      }),
    );
  }

  const krIds = new Set(issuesKrIds(set));
  const bounds = walkBounds(fakes, set, krIds);
  const clients = { jira: naiveClient(fakes, 'jira', set), linear: naiveClient(fakes, 'linear', set) };
  const pages: PageCount[] = [];
  for (const [index, [tracker, key]] of ISSUE_WALK.entries()) {
    pages.push({
      tracker,
      key,
      measured: measured[index]!,
      lowerBound: bounds[index]!,
      naive: await counted(fakes, tracker, () => naivePage(clients[tracker] as NaiveClient, key, krIds)),
    });
  }
  assertNoViolations(fakes, 'issue walk');

  const stats = cache.stats();
  const figures: RequestFigure[] = [];
  for (const tracker of ['jira', 'linear'] as const) {
    const first = pages.find((page) => page.tracker === tracker)!;
    figures.push({
      name: `one cold ${tracker} issue page (${first.key}, empty cache), through the service`,
      measured: first.measured,
      lowerBound: first.lowerBound,
      naive: first.naive,
      ...(tracker === 'jira' ? { note: 'both count the field list' } : {}),
    });
  }
  for (const tracker of ['jira', 'linear'] as const) {
    const ofTracker = pages.filter((page) => page.tracker === tracker);
    figures.push({
      name: `${ofTracker.length} ${tracker} issue pages of the 20-page walk, through the service and its cache`,
      measured: sumOf(ofTracker, 'measured'),
      lowerBound: sumOf(ofTracker, 'lowerBound'),
      naive: sumOf(ofTracker, 'naive'),
      note: `bound: a client that keeps every issue, child list and linked set it was sent; per page ${ofTracker.map((page) => `${page.key} ${page.measured}/${page.lowerBound}`).join(', ')}`,
    });
  }
  return {
    figures,
    cacheHits: stats.hits,
    cacheMisses: stats.misses,
    pagesWithoutRequests: pages.filter((page) => page.measured === 0).length,
    idealPagesWithoutRequests: pages.filter((page) => page.lowerBound === 0).length,
  };
}

/**
 * The walk's bound per page, for the cheaper of two ideal clients per tracker: one that learns
 * links by a search when a page first needs them, one that reads a link index of the whole set
 * (lower-bound.ts indexRequests). Neither is cheaper on every site (an index of a site with many
 * linked issues costs more pages), so the bound is the smaller total.
 */
function walkBounds(fakes: Fakes, set: OkrSet, krIds: ReadonlySet<string>): number[] {
  const truth = { jira: jiraTruth(fakes.jira.state), linear: linearTruth(fakes.linear.state.workspace) };
  const limits = { jira: JIRA_LIMITS, linear: LINEAR_LIMITS };
  const universe = set.keyResults.map((kr) => `${set.id}:${kr.id}`);
  const walk = (withIndex: boolean) => {
    const knowledge = { jira: emptyKnowledge(), linear: emptyKnowledge() };
    return ISSUE_WALK.map(([tracker, key]) =>
      issuePageRequests(truth[tracker], limits[tracker], key, krIds, knowledge[tracker], withIndex ? universe : undefined),
    );
  };
  const [searched, indexed] = [walk(false), walk(true)];
  const total = (bounds: number[], tracker: Tracker) =>
    bounds.reduce((sum, bound, index) => sum + (ISSUE_WALK[index]![0] === tracker ? bound : 0), 0);
  const cheaper = (tracker: Tracker) => (total(indexed, tracker) < total(searched, tracker) ? indexed : searched);
  return ISSUE_WALK.map(([tracker], index) => cheaper(tracker)[index]!);
}

export function walkCacheRows(walk: WalkResult): BenchRow[] {
  const lookups = walk.cacheHits + walk.cacheMisses;
  return [
    {
      section: 'cache',
      name: 'cache hit rate over the 20-page walk (service cache lookups)',
      value: Math.round((100 * walk.cacheHits) / lookups),
      unit: '%',
      goal: 'reported',
      met: true,
      detail: `${walk.cacheHits} hits of ${lookups} lookups; ${walk.pagesWithoutRequests} of ${ISSUE_WALK.length} pages sent no request, an ideal client ${walk.idealPagesWithoutRequests}`,
    },
  ];
}

export async function benchRequests(): Promise<BenchRow[]> {
  const env = await loadServiceEnvironment();
  const fakes: Fakes = await Promise.all([startFakeJira(), startFakeLinear()]).then(([jira, linear]) => ({ jira, linear }));
  try {
    const refresh = await refreshAllKrs(fakes, env.set);
    const scopes = await activityScopes(fakes, env.set);
    const walk = await issueWalk(fakes, env);
    return [...[...refresh, ...scopes, ...walk.figures].map((figure) => requestRow('requests', figure)), ...walkCacheRows(walk)];
  } finally {
    await Promise.all([fakes.jira.close(), fakes.linear.close()]);
  }
}
