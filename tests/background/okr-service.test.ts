/**
 * The background service end to end below the browser: the real store on WXT's fake browser
 * storage, the real adapters against the contract-checked fake Jira and Linear over HTTP.
 */
import { fetchWithSessionCookie } from '../trackers/jira/helpers';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createOkrService, FRESH_FOR_MS } from '../../entrypoints/background/okr-service';
import { createCache } from '../../lib/cache';
import { handleServiceMessage } from '../../lib/messaging-host';
import { readSettings, writeSettings } from '../../lib/settings';
import { confirmImport, getActiveSelection, parseOkrFile } from '../../lib/store';
import { createJiraAdapter } from '../../lib/trackers/jira/client';
import { createLinearAdapter } from '../../lib/trackers/linear/client';
import { SetupNeeded } from '../../lib/trackers/registry';
import type { OverlayResult, OverlayView } from '../../lib/view/types';
import { startFakeJira, type RunningFakeJira } from '../sandbox/jira/server';
import { ACME_USERS } from '../sandbox/jira/seed';
import { DANA_API_KEY, LINEAR_WORKSPACE, startFakeLinear, type RunningFakeLinear } from '../sandbox/linear';

const EXAMPLE = readFileSync(new URL('../../public/examples/acme.okr.json', import.meta.url), 'utf8');
const TODAY_NOON = Date.parse('2026-11-21T12:00:00Z');

let jira: RunningFakeJira;
let linear: RunningFakeLinear;
let now = TODAY_NOON;

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
  const parsed = parseOkrFile(EXAMPLE, 'acme.okr.json');
  if (!parsed.ok) throw new Error('the example set must parse');
  const imported = await confirmImport(parsed.set, { today: '2026-11-21' });
  expect(imported.ok).toBe(true);
});
afterEach(() => {
  expect(jira.violations).toEqual([]);
  expect(linear.violations).toEqual([]);
});

function makeService(options: { linearKey?: boolean } = {}) {
  const area = fakeBrowser.storage.local;
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
      if (options.linearKey === false) throw new SetupNeeded('Add a Linear API key in KR Lens Options to see key results on Linear.');
      return createLinearAdapter({ workspace: site, apiKey: DANA_API_KEY, apiUrl: linear.url, retry: { baseDelayMs: 5, maxAttempts: 2 } });
    },
    cache: createCache(area),
    now: () => now,
    settings: { read: () => readSettings(area), write: (s) => writeSettings(area, s) },
  });
}

const jiraIssue = (key: string) => ({ tracker: 'jira' as const, site: jira.url, key });
const linearIssue = (key: string) => ({ tracker: 'linear' as const, site: LINEAR_WORKSPACE, key });

function okView(result: OverlayResult): OverlayView {
  expect(result.state).toBe('ok');
  return (result as Extract<OverlayResult, { state: 'ok' }>).view;
}

describe('issue overlay', () => {
  it('shows the KR an issue serves through its epic, with progress from the whole contributing set', async () => {
    const view = okView(await makeService().getIssueOverlay({ ...jiraIssue('PLAT-2'), fresh: false }));
    expect(view.classification).toBe('aligned');
    const card = view.krs.find((kr) => kr.krId === 'kr-plat-p95-checkout')!;
    expect(card.via).toBe('PLAT-1');
    expect(card.direct).toBe(false);
    // Leaves under PLAT-1: PLAT-3 and PLAT-18 done; PLAT-4, PLAT-9 in progress; PLAT-6, PLAT-17 to do;
    // PLAT-7 (Won't Do) and PLAT-8 (Rejected) canceled; no in-progress credit → 2 of 6.
    expect(card.progressText).toBe('33%');
    expect(card.explanation.issues.map((issue) => issue.key).sort()).toEqual([
      'PLAT-17',
      'PLAT-18',
      'PLAT-3',
      'PLAT-4',
      'PLAT-6',
      'PLAT-9',
    ]);
    expect(card.objectiveTitle).not.toBe('');
  });

  it('shows both KRs for a child linked to a different KR than its epic', async () => {
    const view = okView(await makeService().getIssueOverlay({ ...jiraIssue('PLAT-9'), fresh: false }));
    expect(view.krs.map((kr) => [kr.krId, kr.direct]).sort()).toEqual([
      ['kr-grow-activation', true],
      ['kr-plat-p95-checkout', false],
    ]);
  });

  it.each([
    ['PLAT-11', 'unaligned'],
    ['PLAT-13', 'run'],
  ] as const)('classifies %s as %s', async (key, classification) => {
    const view = okView(await makeService().getIssueOverlay({ ...jiraIssue(key), fresh: false }));
    expect(view.classification).toBe(classification);
    expect(view.krs).toEqual([]);
  });

  it('answers a warm page from the cache with no request, and says when it is stale', async () => {
    const service = makeService();
    okView(await service.getIssueOverlay({ ...jiraIssue('PLAT-2'), fresh: false }));
    const before = jira.requests.length;
    const warm = okView(await service.getIssueOverlay({ ...jiraIssue('PLAT-2'), fresh: false }));
    expect(jira.requests.length).toBe(before);
    expect(warm.stale).toBe(false);
    now += FRESH_FOR_MS + 1;
    expect(okView(await service.getIssueOverlay({ ...jiraIssue('PLAT-2'), fresh: false })).stale).toBe(true);
    expect(jira.requests.length).toBe(before);
  });

  it('answers the next pages under the same epic and KR from the cached pieces, with no request', async () => {
    const service = makeService();
    const first = okView(await service.getIssueOverlay({ ...jiraIssue('PLAT-2'), fresh: false }));
    // PLAT-3 is new to the cache but sits in the KR's linked tree: the tree is read once, links checked.
    const sibling = okView(await service.getIssueOverlay({ ...jiraIssue('PLAT-3'), fresh: false }));
    const before = jira.requests.length;
    for (const key of ['PLAT-4', 'PLAT-1', 'PLAT-5']) {
      const view = okView(await service.getIssueOverlay({ ...jiraIssue(key), fresh: false }));
      expect(view.krs.map((kr) => kr.krId)).toEqual(first.krs.map((kr) => kr.krId));
      expect(view.stale).toBe(false);
    }
    expect(jira.requests.length).toBe(before);
    expect(sibling.krs.map((kr) => [kr.krId, kr.progressText])).toEqual(first.krs.map((kr) => [kr.krId, kr.progressText]));
  });

  it('reads the pieces again once they are no longer fresh', async () => {
    const service = makeService();
    okView(await service.getIssueOverlay({ ...jiraIssue('PLAT-2'), fresh: false }));
    now += FRESH_FOR_MS + 1;
    const before = jira.requests.length;
    okView(await service.getIssueOverlay({ ...jiraIssue('PLAT-4'), fresh: false }));
    expect(jira.requests.length).toBeGreaterThan(before);
  });

  it('keeps the last good view under an error when the tracker fails', async () => {
    const service = makeService();
    okView(await service.getIssueOverlay({ ...jiraIssue('PLAT-2'), fresh: false }));
    jira.faults.add({ path: /^\/rest\//, fault: { kind: 'status', status: 500 }, times: 10 });
    const result = await service.getIssueOverlay({ ...jiraIssue('PLAT-2'), fresh: true });
    expect(result.state).toBe('error');
    if (result.state !== 'error') return;
    expect(result.error.message).toMatch(/Jira/);
    expect(result.cached?.krs.length).toBeGreaterThan(0);
  });

  it('says what to do when the issue does not exist', async () => {
    const result = await makeService().getIssueOverlay({ ...jiraIssue('PLAT-999'), fresh: true });
    expect(result).toMatchObject({ state: 'error', error: { kind: 'not-found' } });
  });

  it('asks for an OKR set before anything else', async () => {
    fakeBrowser.reset();
    const result = await makeService().getIssueOverlay({ ...jiraIssue('PLAT-2'), fresh: false });
    expect(result).toMatchObject({ state: 'setup' });
  });

  it('asks for a Linear key when there is none', async () => {
    const result = await makeService({ linearKey: false }).getIssueOverlay({ ...linearIssue('MOB-1'), fresh: false });
    expect(result.state).toBe('setup');
    if (result.state === 'setup') expect(result.error.message).toMatch(/Linear API key/);
  });
});

describe('linking from the page', () => {
  it('links and unlinks a Jira issue, and the answer shows the tracker state', async () => {
    const service = makeService();
    const linked = okView(await service.linkIssue({ ...jiraIssue('PLAT-15'), setId: 'acme', krId: 'kr-plat-p95-checkout' }));
    expect(linked.krs.map((kr) => kr.krId)).toEqual(['kr-plat-p95-checkout']);
    expect(jira.state.issues.get('PLAT-15')!.remoteLinks.map((link) => link.globalId)).toEqual(['kr-lens:acme:kr-plat-p95-checkout']);
    const unlinked = okView(await service.unlinkIssue({ ...jiraIssue('PLAT-15'), setId: 'acme', krId: 'kr-plat-p95-checkout' }));
    expect(unlinked.krs).toEqual([]);
    expect(jira.state.issues.get('PLAT-15')!.remoteLinks).toEqual([]);
  });

  it('links a Linear issue with an attachment at the KR link URL', async () => {
    const service = makeService();
    const view = okView(await service.linkIssue({ ...linearIssue('MOB-1'), setId: 'acme', krId: 'kr-mob-offline' }));
    expect(view.krs.map((kr) => kr.krId)).toContain('kr-mob-offline');
    const selection = await getActiveSelection({ today: '2026-11-21' });
    const url = selection!.set.keyResults.find((kr) => kr.id === 'kr-mob-offline')!.url;
    expect(linear.state.workspace.attachments.filter((a) => a.url === url).length).toBeGreaterThan(0);
  });

  it('refuses a KR that is not in the active set', async () => {
    const result = await makeService().linkIssue({ ...jiraIssue('PLAT-15'), setId: 'acme', krId: 'kr-nope' });
    expect(result).toMatchObject({ state: 'error', error: { kind: 'invalid' } });
    expect(jira.requests).toEqual([]);
  });

  it('offers every KR of the active cycle, the epic’s KR first', async () => {
    const service = makeService();
    okView(await service.getIssueOverlay({ ...jiraIssue('PLAT-6'), fresh: false }));
    const options = await service.getPickerOptions(jiraIssue('PLAT-6'));
    expect(options[0]).toMatchObject({ krId: 'kr-plat-p95-checkout', suggested: true });
    const selection = await getActiveSelection({ today: '2026-11-21' });
    const activeObjectives = new Set(selection!.set.objectives.filter((o) => o.cycleId === '2026-q4').map((o) => o.id));
    expect(options.length).toBe(selection!.set.keyResults.filter((kr) => activeObjectives.has(kr.objectiveId)).length);
  });
});

describe('board markers', () => {
  it('classifies a page of cards in batched reads, not one request per card', async () => {
    const keys = ['PLAT-2', 'PLAT-3', 'PLAT-4', 'PLAT-11', 'PLAT-12', 'PLAT-13', 'PLAT-14', 'PLAT-15'];
    const markers = await makeService().getBoardMarkers({ tracker: 'jira', site: jira.url, keys, fresh: false });
    const byKey = Object.fromEntries(markers.map((m) => [m.key, m.classification]));
    expect(byKey).toEqual({
      'PLAT-2': 'aligned',
      'PLAT-3': 'aligned',
      'PLAT-4': 'aligned',
      'PLAT-11': 'unaligned',
      'PLAT-12': 'unaligned',
      'PLAT-13': 'run',
      'PLAT-14': 'run',
      'PLAT-15': 'unaligned',
    });
    // Cards, then their parents, then grandparents: one bulk read per level at most.
    expect(jira.requests.filter((r) => r.path === '/rest/api/3/issue/bulkfetch').length).toBeLessThanOrEqual(3);
    expect(jira.requests.length).toBeLessThan(keys.length);
  });
});

describe('board markers across batches', () => {
  it('does not read the same epic again for the next batch of cards', async () => {
    const service = makeService();
    await service.getBoardMarkers({ tracker: 'jira', site: jira.url, keys: ['PLAT-2', 'PLAT-5'], fresh: false });
    const bulkReads = () => jira.requests.filter((r) => r.path === '/rest/api/3/issue/bulkfetch');
    const before = bulkReads().length;
    const markers = await service.getBoardMarkers({ tracker: 'jira', site: jira.url, keys: ['PLAT-6', 'PLAT-18'], fresh: false });
    expect(markers.map((m) => m.classification)).toEqual(['aligned', 'aligned']);
    // The cards themselves: one read. Their epic PLAT-1 came with the first batch.
    expect(bulkReads().length - before).toBe(1);
  });
});

describe('page check', () => {
  it('keeps the last report per tracker for Options', async () => {
    const service = makeService();
    expect(await service.getPageHealth({})).toEqual([]);
    const entries = [
      { name: 'issue summary', required: true, found: false, fallbackIndex: null },
      { name: 'breadcrumbs', required: false, found: true, fallbackIndex: 1 },
    ];
    await service.reportPageHealth({ tracker: 'jira', page: 'issue', entries });
    expect(await service.getPageHealth({})).toEqual([{ tracker: 'jira', page: 'issue', entries, checkedAt: now }]);
  });

  it.each([
    ['too many entries', Array.from({ length: 31 }, () => ({ name: 'x', required: true, found: true, fallbackIndex: 0 }))],
    ['a field we do not know', [{ name: 'x', required: true, found: true, fallbackIndex: 0, html: '<img>' }]],
  ])('refuses a report with %s', async (_name, entries) => {
    const reply = await handleServiceMessage(makeService(), {
      krLens: 1,
      method: 'reportPageHealth',
      params: { tracker: 'jira', page: 'issue', entries },
    });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid' } });
  });
});

describe('messages', () => {
  it.each([
    ['an unknown method', { krLens: 1, method: 'deleteEverything', params: {} }],
    [
      'a key that is not an issue key',
      { krLens: 1, method: 'getIssueOverlay', params: { tracker: 'jira', site: 'x', key: '../../etc', fresh: false } },
    ],
    [
      'extra fields',
      {
        krLens: 1,
        method: 'getIssueOverlay',
        params: { tracker: 'jira', site: 'x', key: 'A-1', fresh: false, url: 'https://evil.example' },
      },
    ],
    [
      'a tracker we do not know',
      { krLens: 1, method: 'getIssueOverlay', params: { tracker: 'github', site: 'x', key: 'A-1', fresh: false } },
    ],
  ])('rejects %s without calling the service', async (_name, message) => {
    const reply = await handleServiceMessage(makeService(), message);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(jira.requests).toEqual([]);
  });

  it('ignores messages that are not ours', async () => {
    expect(await handleServiceMessage(makeService(), { type: 'something-else' })).toBeUndefined();
  });

  it('never sends secrets back to a page', async () => {
    const service = makeService();
    const saved = await service.saveSettings({
      jira: [{ site: 'https://acme.atlassian.net', auth: { type: 'basic', email: 'dana@acme.example', apiToken: 'secret-token' } }],
      linear: { apiKey: 'lin_api_secret' },
    });
    expect(JSON.stringify(saved)).not.toMatch(/secret/);
    // Leaving the token out keeps the stored one.
    await service.saveSettings({
      jira: [{ site: 'https://acme.atlassian.net', auth: { type: 'basic', email: 'dana@acme.example' } }],
      linear: { keepKey: true },
    });
    const stored = await readSettings(fakeBrowser.storage.local);
    expect(stored.jira[0]!.auth).toEqual({ type: 'basic', email: 'dana@acme.example', apiToken: 'secret-token' });
    expect(stored.linear?.apiKey).toBe('lin_api_secret');
    // The check the new key started, finished here rather than in a later test's requests.
    await service.testConnection({ tracker: 'linear' });
  });
});

describe('Linear workspace', () => {
  it('is learned from the key when the key is saved, so pages and the dashboard name it', async () => {
    const area = fakeBrowser.storage.local;
    const service = createOkrService({
      sets: { getActiveSelection: () => getActiveSelection({ today: '2026-11-21' }) },
      adapterFor: async (_tracker, site) => createLinearAdapter({ workspace: site, apiKey: DANA_API_KEY, apiUrl: linear.url }),
      cache: createCache(area),
      now: () => now,
      settings: { read: () => readSettings(area), write: (s) => writeSettings(area, s) },
    });
    const saved = await service.saveSettings({ jira: [], linear: { apiKey: DANA_API_KEY } });
    // The save answers before Linear does; the check it started learns the workspace, and a
    // connection test asked meanwhile (what Options does after a save) joins that check.
    expect(saved.linear).toEqual({ connected: true });
    await expect(service.testConnection({ tracker: 'linear' })).resolves.toMatchObject({ ok: true, site: LINEAR_WORKSPACE });
    expect((await service.getSettings({})).linear).toEqual({ connected: true, workspace: LINEAR_WORKSPACE });
    expect(linear.requests.filter((r) => r.operationName === 'KrLensViewer' && r.apiKey === DANA_API_KEY)).toHaveLength(1);
  });
});
