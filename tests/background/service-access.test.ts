/**
 * Least privilege per sender: extension pages may call every method; a content script only what
 * an issue page or list needs, and only for its own tab's tracker site; anything else nothing.
 * Refusals are checked to change nothing: no request, no stored byte (storage.local and the
 * credential store), no link.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createOkrService } from '../../entrypoints/background/okr-service';
import { createCache } from '../../lib/cache';
import { handleServiceMessage } from '../../lib/messaging-host';
import { callerOf, REFUSED, serviceAccess, type Caller, type MessageSenderLike } from '../../lib/service-access';
import { readSettings, writeSettings, type StorageArea } from '../../lib/settings';
import { confirmImport, getActiveSelection, parseOkrFile } from '../../lib/store';
import { createAdapterRegistry } from '../../lib/trackers/registry';

const EXAMPLE = readFileSync(new URL('../../public/examples/acme.okr.json', import.meta.url), 'utf8');
const EXTENSION = { id: 'kr-lens-test-id', baseUrl: 'chrome-extension://kr-lens-test-id/' };
const EXTENSION_ORIGIN = 'chrome-extension://kr-lens-test-id';
const JIRA = 'https://acme.atlassian.net';
const LINEAR_KEY = 'lin_api_access_0123456789abcdef';

const sender = (url: string, extra: Partial<MessageSenderLike> = {}): MessageSenderLike => ({
  id: EXTENSION.id,
  url,
  frameId: 0,
  tab: { id: 7 },
  ...extra,
});

describe('who the sender is, as the browser names it', () => {
  it.each<[string, MessageSenderLike | undefined, Caller | null]>([
    [
      'the options page',
      { id: EXTENSION.id, url: `${EXTENSION_ORIGIN}/options.html`, origin: EXTENSION_ORIGIN },
      { kind: 'extension-page', page: 'options.html' },
    ],
    ['the dashboard in a tab', sender(`${EXTENSION_ORIGIN}/dashboard.html#/kr/x`), { kind: 'extension-page', page: 'dashboard.html' }],
    ['a Jira issue page', sender(`${JIRA}/browse/PLAT-2`, { origin: JIRA }), { kind: 'content-script', tracker: 'jira', site: JIRA }],
    [
      'another Jira Cloud site',
      sender('https://globex.atlassian.net/jira/software/projects/G/boards/1'),
      { kind: 'content-script', tracker: 'jira', site: 'https://globex.atlassian.net' },
    ],
    ['a Linear page', sender('https://linear.app/acme/issue/MOB-12/x'), { kind: 'content-script', tracker: 'linear', site: null }],
    ['a frame inside a Jira page', sender(`${JIRA}/browse/PLAT-2`, { frameId: 4 }), null],
    ['a Jira page without a tab', sender(`${JIRA}/browse/PLAT-2`, { tab: undefined }), null],
    ['a page that is no tracker', sender('https://evil.example/'), null],
    ['a look-alike host', sender('https://acme.atlassian.net.evil.example/browse/PLAT-2'), null],
    ['Jira over http', sender('http://acme.atlassian.net/browse/PLAT-2'), null],
    ['an origin that disagrees with the URL', sender(`${JIRA}/browse/PLAT-2`, { origin: 'https://evil.example' }), null],
    ['another extension', { id: 'someone-else', url: `${EXTENSION_ORIGIN}/options.html` }, null],
    ['another extension’s page', sender('chrome-extension://someone-else/options.html'), null],
    [
      'an extension page whose origin disagrees',
      { id: EXTENSION.id, url: `${EXTENSION_ORIGIN}/options.html`, origin: 'https://evil.example' },
      null,
    ],
    ['no URL', { id: EXTENSION.id, frameId: 0, tab: {} }, null],
    ['nothing', undefined, null],
  ])('%s', (_name, from, expected) => {
    expect(callerOf(from, EXTENSION)).toEqual(expected);
  });

  it('moz-extension pages are extension pages in Firefox', () => {
    const firefox = { id: 'kr-lens@kr-lens.dev', baseUrl: 'moz-extension://0b2c6a5e-1111-4222-8333-944445555666/' };
    expect(callerOf({ id: firefox.id, url: `${firefox.baseUrl}popup.html` }, firefox)).toEqual({
      kind: 'extension-page',
      page: 'popup.html',
    });
    expect(callerOf({ id: firefox.id, url: 'moz-extension://0b2c6a5e-1111-4222-8333-944445555666.evil/popup.html' }, firefox)).toBeNull();
  });
});

describe('what each caller may call', () => {
  it('content scripts: the overlay, the picker, link and unlink, markers, page health and noting their Jira site; nothing else', () => {
    const forContentScripts = Object.entries(serviceAccess)
      .filter(([, access]) => access !== 'extension-pages' && access !== 'options-page')
      .map(([method]) => method)
      .sort();
    expect(forContentScripts).toEqual([
      'getBoardMarkers',
      'getIssueOverlay',
      'getPickerOptions',
      'linkIssue',
      'noteJiraSite',
      'reportPageHealth',
      'unlinkIssue',
    ]);
  });
});

// ---- through the real service --------------------------------------------------------------

let fetched: string[];

function memoryArea(): StorageArea & { dump(): unknown } {
  const items = new Map<string, unknown>();
  return {
    dump: () => structuredClone(Object.fromEntries(items)),
    async get(keys) {
      const wanted = keys === null ? [...items.keys()] : typeof keys === 'string' ? [keys] : keys;
      return Object.fromEntries(wanted.filter((key) => items.has(key)).map((key) => [key, structuredClone(items.get(key))]));
    },
    async set(values) {
      for (const [key, value] of Object.entries(values)) items.set(key, structuredClone(value));
    },
    async remove(keys) {
      for (const key of typeof keys === 'string' ? [keys] : keys) items.delete(key);
    },
  };
}

let credentials: ReturnType<typeof memoryArea>;

beforeEach(async () => {
  fakeBrowser.reset();
  fetched = [];
  credentials = memoryArea();
  const parsed = parseOkrFile(EXAMPLE, 'acme.okr.json');
  if (!parsed.ok) throw new Error('the example set must parse');
  expect(await confirmImport(parsed.set, { today: '2026-11-21' })).toMatchObject({ ok: true });
  await writeSettings(credentials, {
    jira: [{ site: JIRA, auth: { type: 'session' } }],
    linear: { apiKey: LINEAR_KEY, workspace: 'acme' },
  });
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    fetched.push(new Request(input, init).url);
    return new Response(JSON.stringify({ errorMessages: ['not signed in'] }), {
      status: 401,
      headers: { 'content-type': 'application/json' },
    });
  });
});

afterEach(() => vi.restoreAllMocks());

function makeService() {
  const area = fakeBrowser.storage.local;
  const registry = createAdapterRegistry(credentials);
  return createOkrService({
    sets: { getActiveSelection: () => getActiveSelection({ today: '2026-11-21' }) },
    adapterFor: registry.adapterFor,
    cache: createCache(area),
    now: () => Date.parse('2026-11-21T12:00:00Z'),
    settings: { read: () => readSettings(credentials), write: (s) => writeSettings(credentials, s) },
  });
}

const JIRA_PAGE: Caller = { kind: 'content-script', tracker: 'jira', site: JIRA };
const LINEAR_PAGE: Caller = { kind: 'content-script', tracker: 'linear', site: null };
const issue = { tracker: 'jira', site: JIRA, key: 'PLAT-2' };
const kr = { setId: 'acme', krId: 'kr-plat-p95-checkout' };

/** Settings, import of a set, and the dashboard's and Options' calls: extension pages only. */
const EXTENSION_PAGE_CALLS: Array<[string, unknown]> = [
  ['saveSettings', { jira: [], linear: null }],
  [
    'saveSettings',
    {
      jira: [{ site: 'https://evil.atlassian.net', auth: { type: 'basic', email: 'x@evil.example', apiToken: 'steal' } }],
      linear: { apiKey: 'lin_api_attacker' },
    },
  ],
  ['getSettings', {}],
  ['testConnection', { tracker: 'linear' }],
  ['testConnection', { tracker: 'jira', site: JIRA }],
  ['getPageHealth', {}],
  ['getLinkedWork', { setId: 'acme', krIds: ['kr-plat-p95-checkout'], fresh: true }],
  ['runActivityReport', { scopes: [{ tracker: 'jira', site: JIRA, scope: { type: 'assigned-to-me' } }], fresh: true }],
  ['listJiraBoards', { site: JIRA }],
];

/** The allowed methods, aimed at another site or tracker than the page's own. */
const OTHER_SITES: Array<[string, unknown]> = [
  ['getIssueOverlay', { ...issue, site: 'https://globex.atlassian.net', fresh: true }],
  ['getIssueOverlay', { tracker: 'linear', site: 'acme', key: 'MOB-12', fresh: true }],
  ['getPickerOptions', { ...issue, site: 'https://globex.atlassian.net' }],
  ['linkIssue', { ...issue, ...kr, site: 'https://globex.atlassian.net' }],
  ['unlinkIssue', { tracker: 'linear', site: 'acme', key: 'MOB-12', ...kr }],
  ['getBoardMarkers', { tracker: 'jira', site: 'https://globex.atlassian.net', keys: ['PLAT-2'], fresh: true }],
  ['getBoardMarkers', { tracker: 'linear', site: 'acme', keys: ['MOB-12'], fresh: true }],
  ['noteJiraSite', { site: 'https://globex.atlassian.net' }],
  ['reportPageHealth', { tracker: 'linear', page: 'issue', entries: [] }],
];

async function everythingStored() {
  return { local: structuredClone(await fakeBrowser.storage.local.get(null)), credentials: credentials.dump() };
}

describe('refusals change nothing', () => {
  it.each([...EXTENSION_PAGE_CALLS, ...OTHER_SITES])('a Jira page’s content script asking %s is refused', async (method, params) => {
    const service = makeService();
    const before = await everythingStored();
    expect(await handleServiceMessage(service, { krLens: 1, method, params }, JIRA_PAGE)).toEqual({ ok: false, error: REFUSED });
    expect(await everythingStored()).toEqual(before);
    expect(fetched).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['saveSettings', { jira: [], linear: null }],
    ['testConnection', { tracker: 'linear' }],
    ['getIssueOverlay', { ...issue, fresh: true }],
    ['linkIssue', { ...issue, ...kr }],
    ['noteJiraSite', { site: JIRA }],
    ['reportPageHealth', { tracker: 'jira', page: 'issue', entries: [] }],
  ])('a Linear page’s content script asking %s is refused', async (method, params) => {
    const service = makeService();
    const before = await everythingStored();
    expect(await handleServiceMessage(service, { krLens: 1, method, params }, LINEAR_PAGE)).toEqual({ ok: false, error: REFUSED });
    expect(await everythingStored()).toEqual(before);
    expect(fetched).toEqual([]);
  });
});

describe('what stays allowed', () => {
  it('a Jira page’s content script gets its own issue, picker, markers, and notes its own site', async () => {
    const service = makeService();
    const overlay = await handleServiceMessage(
      service,
      { krLens: 1, method: 'getIssueOverlay', params: { ...issue, fresh: true } },
      JIRA_PAGE,
    );
    // Answered by the service (the fake fetch says "signed out"), not refused.
    expect(overlay).toMatchObject({ ok: true, value: { state: 'error', error: { kind: 'auth' } } });
    expect(fetched.length).toBeGreaterThan(0);
    expect(await handleServiceMessage(service, { krLens: 1, method: 'getPickerOptions', params: issue }, JIRA_PAGE)).toMatchObject({
      ok: true,
    });
    // The tracker's "signed out", passed on: asked, not refused.
    expect(
      await handleServiceMessage(
        service,
        { krLens: 1, method: 'getBoardMarkers', params: { tracker: 'jira', site: JIRA, keys: ['PLAT-2'], fresh: false } },
        JIRA_PAGE,
      ),
    ).toMatchObject({ ok: false, error: { kind: 'auth' } });
    const health = { tracker: 'jira', page: 'issue', entries: [{ name: 'issue summary', required: true, found: true, fallbackIndex: 0 }] };
    expect(await handleServiceMessage(service, { krLens: 1, method: 'reportPageHealth', params: health }, JIRA_PAGE)).toEqual({
      ok: true,
      value: undefined,
    });

    const globexPage: Caller = { kind: 'content-script', tracker: 'jira', site: 'https://globex.atlassian.net' };
    expect(
      await handleServiceMessage(
        service,
        { krLens: 1, method: 'noteJiraSite', params: { site: 'https://globex.atlassian.net' } },
        globexPage,
      ),
    ).toEqual({ ok: true, value: undefined });
    expect((await readSettings(credentials)).jira.map((c) => c.site)).toEqual([JIRA, 'https://globex.atlassian.net']);
  });

  it('a Linear page’s content script gets Linear issues', async () => {
    const service = makeService();
    const reply = await handleServiceMessage(
      service,
      { krLens: 1, method: 'getIssueOverlay', params: { tracker: 'linear', site: 'acme', key: 'MOB-12', fresh: true } },
      LINEAR_PAGE,
    );
    expect(reply).toMatchObject({ ok: true });
    expect(fetched.some((url) => url.startsWith('https://api.linear.app/'))).toBe(true);
  });

  it('an extension page may save settings', async () => {
    const service = makeService();
    const reply = await handleServiceMessage(
      service,
      { krLens: 1, method: 'saveSettings', params: { jira: [], linear: { keepKey: true } } },
      { kind: 'extension-page' },
    );
    expect(reply).toEqual({ ok: true, value: { jira: [], linear: { connected: true, workspace: 'acme' } } });
    expect(await readSettings(credentials)).toEqual({ jira: [], linear: { apiKey: LINEAR_KEY, workspace: 'acme' } });
  });
});
