/**
 * The background calls the dashboard and popup make, below the browser: the real service and
 * store on WXT's fake browser storage, the real adapters against the contract-checked fake Jira
 * and Linear over HTTP.
 */
import { fetchWithSessionCookie } from '../trackers/jira/helpers';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createOkrService, FRESH_FOR_MS } from '../../entrypoints/background/okr-service';
import { createCache } from '../../lib/cache';
import { handleServiceMessage } from '../../lib/messaging-host';
import type { Settings } from '../../lib/settings';
import { confirmImport, getActiveSelection, parseOkrFile } from '../../lib/store';
import { createJiraAdapter } from '../../lib/trackers/jira/client';
import { createLinearAdapter } from '../../lib/trackers/linear/client';
import type { ActivityResultView, LinkedWork } from '../../lib/messaging';
import { startFakeJira, type RunningFakeJira } from '../sandbox/jira/server';
import { ACME_USERS } from '../sandbox/jira/seed';
import { DANA_API_KEY, LINEAR_WORKSPACE, startFakeLinear, type RunningFakeLinear } from '../sandbox/linear';

const EXAMPLE = readFileSync(new URL('../../public/examples/acme.okr.json', import.meta.url), 'utf8');
const TODAY_NOON = Date.parse('2026-11-21T12:00:00Z');

let jira: RunningFakeJira;
let linear: RunningFakeLinear;
let now = TODAY_NOON;
let settings: Settings;

beforeAll(async () => {
  [jira, linear] = await Promise.all([startFakeJira(), startFakeLinear()]);
});
afterAll(async () => {
  await Promise.all([jira.close(), linear.close()]);
});
beforeEach(async () => {
  fakeBrowser.reset();
  jira.reset();
  linear.reset();
  now = TODAY_NOON;
  // The fake Jira answers on http://127.0.0.1, which stored settings (https only) refuse, so the
  // service reads these settings as they are.
  settings = { jira: [{ site: jira.url, auth: { type: 'session' } }], linear: { apiKey: DANA_API_KEY } };
  const parsed = parseOkrFile(EXAMPLE, 'acme.okr.json');
  if (!parsed.ok) throw new Error('the example set must parse');
  expect((await confirmImport(parsed.set, { today: '2026-11-21' })).ok).toBe(true);
});
afterEach(() => {
  expect(jira.violations).toEqual([]);
  expect(linear.violations).toEqual([]);
});

function makeService() {
  return createOkrService({
    sets: { getActiveSelection: () => getActiveSelection({ today: '2026-11-21' }) },
    async adapterFor(tracker, site) {
      if (tracker === 'jira') {
        return createJiraAdapter({
          site,
          auth: { type: 'session' },
          fetch: fetchWithSessionCookie(ACME_USERS.dana.sessionToken),
          retry: { baseDelayMs: 5, maxAttempts: 2 },
        });
      }
      return createLinearAdapter({ workspace: site, apiKey: DANA_API_KEY, apiUrl: linear.url, retry: { baseDelayMs: 5, maxAttempts: 2 } });
    },
    cache: createCache(fakeBrowser.storage.local),
    now: () => now,
    settings: {
      read: async () => structuredClone(settings),
      write: async (next) => {
        settings = structuredClone(next);
      },
    },
  });
}

function okWork(result: Awaited<ReturnType<ReturnType<typeof makeService>['getLinkedWork']>>): LinkedWork {
  if (result.state !== 'ok') throw new Error(`expected linked work, got ${JSON.stringify(result)}`);
  return result.work;
}

function okReport(result: Awaited<ReturnType<ReturnType<typeof makeService>['runActivityReport']>>): ActivityResultView {
  if (result.state !== 'ok') throw new Error(`expected a report, got ${JSON.stringify(result)}`);
  return result.result;
}

const keys = (issues: ReadonlyArray<{ ref: { key: string } }>) => issues.map((issue) => issue.ref.key).sort();

describe('getLinkedWork', () => {
  it('reads the work linked to the asked KRs from both trackers', async () => {
    const work = okWork(
      await makeService().getLinkedWork({ setId: 'acme', krIds: ['kr-plat-p95-checkout', 'kr-mob-crash-free'], fresh: false }),
    );
    expect(work.problems, JSON.stringify(work.problems)).toEqual([]);
    const jiraKeys = keys(work.issues.filter((issue) => issue.ref.tracker === 'jira'));
    const linearKeys = keys(work.issues.filter((issue) => issue.ref.tracker === 'linear'));
    // PLAT-1 and its whole subtree; PLAT-9 links another KR but sits under PLAT-1.
    expect(jiraKeys).toEqual(expect.arrayContaining(['PLAT-1', 'PLAT-2', 'PLAT-3', 'PLAT-9', 'PLAT-17', 'PLAT-18']));
    expect(jiraKeys).not.toContain('PLAT-10');
    // MOB-10 with its sub-issues, MOB-16 and WEB-6 (horizontal alignment from another team).
    expect(linearKeys).toEqual(expect.arrayContaining(['MOB-10', 'MOB-11', 'MOB-12', 'MOB-16', 'WEB-6']));
    expect(linearKeys).not.toContain('MOB-1');
    expect(work.sources).toEqual([`Jira ${new URL(jira.url).host}`, 'Linear']);
  });

  it('answers again from the cache with no request, and says when that answer is stale', async () => {
    const service = makeService();
    const params = { setId: 'acme', krIds: ['kr-plat-p95-checkout'], fresh: false };
    okWork(await service.getLinkedWork(params));
    const before = jira.requests.length + linear.requests.length;
    expect(okWork(await service.getLinkedWork(params)).stale).toBe(false);
    now += FRESH_FOR_MS + 1;
    expect(okWork(await service.getLinkedWork(params)).stale).toBe(true);
    expect(jira.requests.length + linear.requests.length).toBe(before);
    expect(okWork(await service.getLinkedWork({ ...params, fresh: true })).stale).toBe(false);
    expect(jira.requests.length + linear.requests.length).toBeGreaterThan(before);
  });

  it('names the Linear workspace once settings know it', async () => {
    settings = { jira: [], linear: { apiKey: DANA_API_KEY, workspace: LINEAR_WORKSPACE } };
    const work = okWork(await makeService().getLinkedWork({ setId: 'acme', krIds: ['kr-mob-offline'], fresh: false }));
    expect(work.sources).toEqual([`Linear ${LINEAR_WORKSPACE}`]);
    expect(new Set(work.issues.map((issue) => issue.ref.site))).toEqual(new Set([LINEAR_WORKSPACE]));
  });

  it('keeps the other tracker’s work when one cannot be read', async () => {
    settings = { jira: [{ site: jira.url, auth: { type: 'session' } }], linear: { apiKey: 'lin_api_not_a_known_key_000000000000000000' } };
    const service = createOkrService({
      sets: { getActiveSelection: () => getActiveSelection({ today: '2026-11-21' }) },
      adapterFor: async (tracker, site) =>
        tracker === 'jira'
          ? createJiraAdapter({
              site,
              auth: { type: 'session' },
              fetch: fetchWithSessionCookie(ACME_USERS.dana.sessionToken),
              retry: { baseDelayMs: 5, maxAttempts: 1 },
            })
          : createLinearAdapter({
              workspace: site,
              apiKey: 'lin_api_not_a_known_key_000000000000000000',
              apiUrl: linear.url,
              retry: { baseDelayMs: 5, maxAttempts: 1 },
            }),
      cache: createCache(fakeBrowser.storage.local),
      now: () => now,
      settings: { read: async () => structuredClone(settings), write: async () => undefined },
    });
    const work = okWork(await service.getLinkedWork({ setId: 'acme', krIds: ['kr-plat-p95-checkout'], fresh: true }));
    expect(work.issues.length).toBeGreaterThan(0);
    expect(work.problems).toHaveLength(1);
    expect(work.problems[0]).toMatchObject({ tracker: 'linear', error: { kind: 'auth' } });
  });

  it('asks the page to reload when another set became active', async () => {
    const result = await makeService().getLinkedWork({ setId: 'another-set', krIds: ['kr-plat-p95-checkout'], fresh: false });
    expect(result.state).toBe('setup');
  });
});

describe('runActivityReport', () => {
  it('gives the shares of a Jira board’s open sprint, with the epics read but not counted', async () => {
    const result = okReport(
      await makeService().runActivityReport({
        scopes: [{ tracker: 'jira', site: jira.url, scope: { type: 'jira-boards', boardIds: [1] } }],
        fresh: false,
      }),
    );
    const { report } = result;
    expect(result.problems).toEqual([]);
    // Sprint 14: PLAT-2…6, 9, 17, 18 serve the checkout KR (through PLAT-1, which is not in the sprint);
    // PLAT-13 (bug) and PLAT-14 (on-call) are run work; PLAT-11, 12, 15 are unaligned.
    expect(report.total.count).toBe(13);
    expect([report.shares.aligned.count, report.shares.run.count, report.shares.unaligned.count]).toEqual([8, 2, 3]);
    expect(keys(report.unaligned)).toEqual(['PLAT-11', 'PLAT-12', 'PLAT-15']);
    expect(result.scopes[0]).toContain('board 1');
  });

  it('gives the shares of a Linear team’s active cycle, with parents outside the cycle not counted', async () => {
    const { report } = okReport(
      await makeService().runActivityReport({
        scopes: [{ tracker: 'linear', scope: { type: 'linear-teams', teamKeys: ['MOB'] } }],
        fresh: false,
      }),
    );
    // In the cycle: MOB-2, 3, 4, 6, 7 (offline, via MOB-1), 11, 12, 15 (crash-free, via MOB-10), 16 aligned;
    // MOB-22 (on-call) and MOB-23 (Bug) run; MOB-20 and MOB-21 unaligned. MOB-1 and MOB-10 are ancestors only.
    expect([report.shares.aligned.count, report.shares.run.count, report.shares.unaligned.count]).toEqual([9, 2, 2]);
    expect(keys(report.unaligned)).toEqual(['MOB-20', 'MOB-21']);
    expect(report.byTeam.map((team) => team.team)).toEqual(['Mobile']);
  });

  it('adds scopes of both trackers into one report and names what each read', async () => {
    const result = okReport(
      await makeService().runActivityReport({
        scopes: [
          { tracker: 'jira', site: jira.url, scope: { type: 'jira-boards', boardIds: [1] } },
          { tracker: 'linear', scope: { type: 'linear-teams', teamKeys: ['MOB'] } },
        ],
        fresh: false,
      }),
    );
    expect(result.report.total.count).toBe(26);
    expect(result.scopes).toHaveLength(2);
  });

  it('reports a scope that fails beside the ones that worked', async () => {
    const result = okReport(
      await makeService().runActivityReport({
        scopes: [
          { tracker: 'jira', site: jira.url, scope: { type: 'jira-boards', boardIds: [999] } },
          { tracker: 'linear', scope: { type: 'linear-teams', teamKeys: ['MOB'] } },
        ],
        fresh: false,
      }),
    );
    expect(result.problems.map((problem) => problem.scope)).toEqual([expect.stringContaining('board 999')]);
    expect(result.report.total.count).toBe(13);
  });
});

describe('listJiraBoards', () => {
  it('lists the boards of a Jira site', async () => {
    const boards = await makeService().listJiraBoards({ site: jira.url });
    expect(boards.map((board) => [board.id, board.name])).toEqual([
      [1, 'PLAT board'],
      [2, 'GROW board'],
    ]);
  });
});

describe('request validation', () => {
  it.each([
    ['getLinkedWork', { setId: 'acme', krIds: ['bad id!'], fresh: false }],
    ['getLinkedWork', { setId: 'acme', krIds: [], fresh: 'yes' }],
    ['runActivityReport', { scopes: [], fresh: false }],
    [
      'runActivityReport',
      { scopes: [{ tracker: 'jira', site: 'http://acme.atlassian.net', scope: { type: 'assigned-to-me' } }], fresh: false },
    ],
    ['runActivityReport', { scopes: [{ tracker: 'linear', scope: { type: 'jira-jql', jql: 'x' } }], fresh: false }],
    [
      'runActivityReport',
      { scopes: [{ tracker: 'jira', site: 'https://acme.atlassian.net', scope: { type: 'jira-boards', boardIds: [-1] } }], fresh: false },
    ],
    ['listJiraBoards', { site: 'javascript:alert(1)' }],
  ])('refuses %s with %j', async (method, params) => {
    const reply = await handleServiceMessage(makeService(), { krLens: 1, method, params });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid' } });
  });
});
