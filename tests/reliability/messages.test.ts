/**
 * Messages to the background come from content scripts running inside pages we do not control.
 * Whatever they say, the background calls no host but the configured trackers, sends each
 * credential only to the tracker it belongs to, and puts no secret in a reply or a log line.
 *
 * The real service, registry, store and cache run on WXT's fake browser storage; the global
 * fetch is replaced by a recorder that answers 401, so every request an adapter tries is seen
 * and none is retried.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createOkrService } from '../../entrypoints/background/okr-service';
import { createCache } from '../../lib/cache';
import { handleServiceMessage } from '../../lib/messaging-host';
import { readSettings, writeSettings } from '../../lib/settings';
import { confirmImport, getActiveSelection, parseOkrFile } from '../../lib/store';
import { createAdapterRegistry } from '../../lib/trackers/registry';

const EXAMPLE = readFileSync(new URL('../../public/examples/acme.okr.json', import.meta.url), 'utf8');
const LINEAR_KEY = 'lin_api_reliability_0123456789abcdef';
const JIRA_TOKEN = 'jira-token-reliability-0123456789';
const JIRA_SITE = 'https://acme.atlassian.net';
const JIRA_EMAIL = 'dana@acme.example';

interface SeenRequest {
  url: URL;
  authorization: string | null;
}

let seen: SeenRequest[];
let logged: string[];

beforeEach(async () => {
  fakeBrowser.reset();
  seen = [];
  logged = [];
  const parsed = parseOkrFile(EXAMPLE, 'acme.okr.json');
  if (!parsed.ok) throw new Error('the example set must parse');
  expect(await confirmImport(parsed.set, { today: '2026-11-21' })).toMatchObject({ ok: true });
  await writeSettings(fakeBrowser.storage.local, {
    jira: [{ site: JIRA_SITE, auth: { type: 'basic', email: JIRA_EMAIL, apiToken: JIRA_TOKEN } }],
    linear: { apiKey: LINEAR_KEY, workspace: 'acme' },
  });
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    seen.push({ url: new URL(request.url), authorization: request.headers.get('authorization') });
    return new Response(JSON.stringify({ errorMessages: ['not signed in'] }), {
      status: 401,
      headers: { 'content-type': 'application/json' },
    });
  });
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

function makeService() {
  const area = fakeBrowser.storage.local;
  const registry = createAdapterRegistry(area);
  return createOkrService({
    sets: { getActiveSelection: () => getActiveSelection({ today: '2026-11-21' }) },
    adapterFor: registry.adapterFor,
    cache: createCache(area),
    now: () => Date.parse('2026-11-21T12:00:00Z'),
    settings: { read: () => readSettings(area), write: (s) => writeSettings(area, s) },
  });
}

const send = (service: ReturnType<typeof makeService>, method: string, params: unknown) =>
  handleServiceMessage(service, { krLens: 1, method, params });

const isTrackerHost = (url: URL) =>
  url.protocol === 'https:' && url.port === '' && (url.hostname.endsWith('.atlassian.net') || url.hostname === 'api.linear.app');

/** Sites a hostile page might hand a content script, each aimed at a host that is not a tracker. */
const HOSTILE_SITES = [
  'https://evil.example',
  'https://acme.atlassian.net.evil.example',
  'https://acme.atlassian.net@evil.example',
  'https://evil.example#.atlassian.net',
  'https://evil.example\\.atlassian.net',
  'https://evil.example/.atlassian.net',
  'http://acme.atlassian.net',
  'https://acme.atlassian.net:8443',
  'javascript:alert(1)//.atlassian.net',
];

/** Every call that takes a site, aimed at `site`. */
function callsAt(site: string): Array<[string, unknown]> {
  const issue = { tracker: 'jira', site, key: 'PLAT-2' };
  return [
    ['getIssueOverlay', { ...issue, fresh: true }],
    ['getPickerOptions', issue],
    ['linkIssue', { ...issue, setId: 'acme', krId: 'kr-plat-p95-checkout' }],
    ['unlinkIssue', { ...issue, setId: 'acme', krId: 'kr-plat-p95-checkout' }],
    ['getBoardMarkers', { tracker: 'jira', site, keys: ['PLAT-2'], fresh: true }],
    ['testConnection', { tracker: 'jira', site }],
    ['listJiraBoards', { site }],
    ['runActivityReport', { scopes: [{ tracker: 'jira', site, scope: { type: 'assigned-to-me' } }], fresh: true }],
    ['getLinkedWork', { setId: 'acme', krIds: ['kr-plat-p95-checkout'], fresh: true }],
  ];
}

describe('messages cannot point the background at other hosts', () => {
  it.each(HOSTILE_SITES)('%s: noted as a site seen while browsing, then asked for by every call', async (site) => {
    const service = makeService();
    const settingsBefore = await readSettings(fakeBrowser.storage.local);
    await send(service, 'noteJiraSite', { site });
    for (const [method, params] of callsAt(site)) await send(service, method, params);
    expect(seen.filter((request) => !isTrackerHost(request.url)).map((r) => r.url.href)).toEqual([]);
    expect(await readSettings(fakeBrowser.storage.local)).toEqual(settingsBefore);
  });

  it('an Atlassian Cloud site seen while browsing is noted, and reached with the browser session only', async () => {
    const service = makeService();
    await send(service, 'noteJiraSite', { site: 'https://other.atlassian.net' });
    expect((await readSettings(fakeBrowser.storage.local)).jira.map((c) => c.site)).toEqual([JIRA_SITE, 'https://other.atlassian.net']);
    await send(service, 'getIssueOverlay', { tracker: 'jira', site: 'https://other.atlassian.net', key: 'PLAT-2', fresh: true });
    // Not vacuous: the request was made, and it carried no credential of another site.
    const toOther = seen.filter((request) => request.url.hostname === 'other.atlassian.net');
    expect(toOther.length).toBeGreaterThan(0);
    expect(toOther.map((request) => request.authorization)).toEqual(toOther.map(() => null));
  });
});

describe('credentials go to their own tracker and nowhere else', () => {
  it('the Jira token only to its site, the Linear key only to Linear’s API, and neither into a reply or a log', async () => {
    const service = makeService();
    const replies: unknown[] = [];
    const calls: Array<[string, unknown]> = [
      ...callsAt(JIRA_SITE),
      ...callsAt('https://other.atlassian.net'),
      ['getIssueOverlay', { tracker: 'linear', site: 'acme', key: 'MOB-12', fresh: true }],
      ['getBoardMarkers', { tracker: 'linear', site: 'acme', keys: ['MOB-12'], fresh: true }],
      ['testConnection', { tracker: 'linear' }],
      ['runActivityReport', { scopes: [{ tracker: 'linear', scope: { type: 'assigned-to-me' } }], fresh: true }],
      ['getSettings', {}],
      ['saveSettings', { jira: [{ site: JIRA_SITE, auth: { type: 'basic', email: JIRA_EMAIL } }], linear: { keepKey: true } }],
      ['getSettings', {}],
    ];
    for (const [method, params] of calls) replies.push(await send(service, method, params));

    const basic = `Basic ${Buffer.from(`${JIRA_EMAIL}:${JIRA_TOKEN}`).toString('base64')}`;
    const withJiraToken = seen.filter((request) => request.authorization === basic);
    const withLinearKey = seen.filter((request) => request.authorization?.includes(LINEAR_KEY));
    expect(withJiraToken.length).toBeGreaterThan(0);
    expect(withLinearKey.length).toBeGreaterThan(0);
    expect(new Set(withJiraToken.map((request) => request.url.origin))).toEqual(new Set([JIRA_SITE]));
    expect(new Set(withLinearKey.map((request) => request.url.origin))).toEqual(new Set(['https://api.linear.app']));

    const everythingShown = JSON.stringify(replies) + logged.join('\n');
    for (const secret of [JIRA_TOKEN, LINEAR_KEY, Buffer.from(`${JIRA_EMAIL}:${JIRA_TOKEN}`).toString('base64')]) {
      expect(everythingShown).not.toContain(secret);
    }
    // The save kept the stored secrets without anyone reading them back.
    expect(await readSettings(fakeBrowser.storage.local)).toMatchObject({
      jira: [{ site: JIRA_SITE, auth: { apiToken: JIRA_TOKEN } }],
      linear: { apiKey: LINEAR_KEY },
    });
  });
});
