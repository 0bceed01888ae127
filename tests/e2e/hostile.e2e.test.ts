/**
 * Hostile content where users see it: an OKR set imported through Options whose every title,
 * name, owner and check-in note is an HTML, script or `javascript:` payload, and tracker issues
 * and links carrying the same. Each payload would set `window.__pwned` and leaves a
 * `data-pwned` element behind if it ever became markup; on every page (issue pages, the board,
 * the picker, Options, the dashboard, the popup) the test reads the text back (the payloads
 * are there, as text), then checks that no script ran and no element was injected, in the page
 * or in any shadow root. Also: malformed tracker answers, messages from the page, messages that
 * aim the background at other hosts, and where the tokens go.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConsoleMessage, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OkrSetInput } from '../../lib/okr/model';
import { SANDBOX_LINEAR_KEY } from '../sandbox';
import { findIssueByIdentifier } from '../sandbox/linear';
import { EXAMPLE_SET, EXTENSION_DIR, optionsUrl, saveLinearKey, startE2E, type E2E } from './harness';

const JIRA = 'https://acme.atlassian.net';
const LINEAR = 'https://linear.app/acme';
const JIRA_TOKEN = 'jira-token-e2e-7f3a9c1d5b';

/** Six ways text could become code; `tag` names the field so a failure says which one. */
const PAYLOADS = [
  (tag: string) => `${tag} <img src=x data-pwned onerror="window.__pwned='${tag}'">`,
  (tag: string) => `${tag} <script data-pwned>window.__pwned='${tag}'</script>`,
  (tag: string) => `${tag} "><svg data-pwned onload="window.__pwned='${tag}'"></svg>`,
  (tag: string) => `javascript:window.__pwned='${tag}'//${tag}`,
  (tag: string) => `${tag} </style><iframe data-pwned srcdoc="<script>parent.__pwned='${tag}'</script>"></iframe>`,
  (tag: string) => `${tag} <a data-pwned href="javascript:window.__pwned='${tag}'">{{constructor.constructor('window.__pwned=1')()}}</a>`,
];
let next = 0;
const hostile = (tag: string) => PAYLOADS[next++ % PAYLOADS.length]!(tag);

/** The example set with every free-text field replaced by a payload; ids stay, so tracker links still match. */
function hostileSet(): OkrSetInput {
  const set = JSON.parse(readFileSync(EXAMPLE_SET, 'utf8')) as OkrSetInput;
  set.name = hostile('set-name');
  for (const cycle of set.cycles) {
    cycle.name = hostile(`cycle-${cycle.id}`);
    if (cycle.review) cycle.review.learnings = cycle.review.learnings.map((_, i) => hostile(`learning-${i}`));
  }
  for (const objective of set.objectives) {
    objective.title = hostile(objective.id);
    objective.description = hostile(`${objective.id}-description`);
    objective.owner = hostile(`${objective.id}-owner`);
    if (objective.team) objective.team = hostile(`${objective.id}-team`);
  }
  for (const kr of set.keyResults) {
    kr.title = hostile(kr.id);
    kr.owner = hostile(`${kr.id}-owner`);
    if (kr.teams) kr.teams = kr.teams.map((_, i) => hostile(`${kr.id}-team-${i}`));
    if (kr.measure.type === 'metric') kr.measure.unit = '<b data-pwned>u</b>';
  }
  for (const checkIn of set.checkIns) {
    checkIn.note = hostile(`${checkIn.id}-note`);
    checkIn.author = hostile(`${checkIn.id}-author`);
  }
  return set;
}

const SET = hostileSet();
const krTitle = (id: string) => SET.keyResults.find((kr) => kr.id === id)!.title;
const objectiveTitle = (id: string) => SET.objectives.find((o) => o.id === id)!.title;

let e2e: E2E;
let dir: string;
const browserRequests: Request[] = [];
const consoleLines: string[] = [];

function watchConsole(page: Page): void {
  page.on('console', (message: ConsoleMessage) => void consoleLines.push(message.text()));
  page.on('pageerror', (error) => void consoleLines.push(`pageerror: ${error.message}`));
}

async function newPage(): Promise<Page> {
  const { page } = await e2e.newPage();
  watchConsole(page);
  return page;
}

/** Options, as a user: import the hostile file (preview, confirm), then the Linear key. */
async function configureWithHostileSet(): Promise<void> {
  const page = await newPage();
  await page.goto(optionsUrl(e2e));
  // A hostile file name too: it is shown while the file is read.
  const file = join(dir, `<img src=x data-pwned onerror="window.__pwned='file'">.okr.json`);
  writeFileSync(file, JSON.stringify(SET, null, 2));
  await page.getByTestId('kr-lens-import-file').setInputFiles(file);
  await page.getByTestId('kr-lens-import-preview').waitFor();
  await assertInert(page, 'the import preview');
  await page.getByTestId('kr-lens-import-confirm').click();
  await page.getByTestId('kr-lens-import-done').waitFor();
  await saveLinearKey(page);
  await page.close();
}

/** Issue titles in both trackers, and a KR link in Jira whose own title and URL are payloads. */
function seedHostileTrackers(): void {
  const jira = e2e.sandbox.jira.state;
  for (const key of ['PLAT-1', 'PLAT-2', 'PLAT-3', 'PLAT-4', 'PLAT-6', 'PLAT-17', 'PLAT-18', 'PLAT-15', 'PLAT-9'])
    jira.issues.get(key)!.summary = hostile(key);
  const link = jira.issues.get('PLAT-1')!.remoteLinks[0]!;
  link.object = {
    ...link.object,
    title: hostile('remote-link-title'),
    summary: hostile('remote-link-summary'),
    url: "javascript:window.__pwned='remote-link-url'",
  };
  const workspace = e2e.sandbox.linear.state.workspace;
  for (const key of ['MOB-10', 'MOB-11', 'MOB-12', 'MOB-13', 'MOB-15', 'MOB-16'])
    findIssueByIdentifier(workspace, key)!.title = hostile(key);
  // "KR: " as KR Lens writes it, which is how its links are told from other attachments.
  for (const attachment of workspace.attachments) {
    attachment.title = `KR: ${hostile(`attachment-${attachment.id}`)}`;
    attachment.subtitle = hostile(`attachment-subtitle-${attachment.id}`);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kr-lens-hostile-'));
  e2e = await startE2E({ configure: false, processes: 'site-per-process' });
  e2e.browser.context.on('request', (request) => void browserRequests.push(request));
  e2e.browser.serviceWorker.on('console', (message) => void consoleLines.push(`worker: ${message.text()}`));
  seedHostileTrackers();
  await configureWithHostileSet();
}, 180_000);
afterAll(async () => {
  await e2e?.close();
});

// ---------------------------------------------------------------------------------------------

interface Inspection {
  /** Text of the page and of every open shadow root. */
  text: string;
  shadowRoots: number;
}

/**
 * No payload ran (window.__pwned untouched in the page's own world, where an inline handler or
 * injected script would run), no element carries data-pwned, and no href/src is a script URL,
 * in the document and in every open shadow root. Waits a moment first: an image's onerror fires
 * after its load fails.
 */
async function assertInert(page: Page, where: string): Promise<Inspection> {
  await page.waitForTimeout(800);
  const found = await page.evaluate(() => {
    const roots: Array<Document | ShadowRoot> = [document];
    const elements: Element[] = [];
    for (let i = 0; i < roots.length; i++) {
      for (const element of roots[i]!.querySelectorAll('*')) {
        elements.push(element);
        if (element.shadowRoot) roots.push(element.shadowRoot);
      }
    }
    const urls = elements.flatMap((element) =>
      ['href', 'src', 'action', 'formaction', 'srcdoc', 'xlink:href'].map((name) => element.getAttribute(name) ?? ''),
    );
    return {
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      injected: elements.filter((element) => element.hasAttribute('data-pwned')).map((element) => element.outerHTML.slice(0, 120)),
      scriptUrls: urls.filter((url) => /^\s*(javascript|vbscript|data):/i.test(url) || url.includes('__pwned')),
      text: roots.map((root) => (root instanceof Document ? (root.body?.textContent ?? '') : (root.textContent ?? ''))).join('\n'),
      shadowRoots: roots.length - 1,
    };
  });
  expect(found.pwned, where).toBeNull();
  expect(found.injected, where).toEqual([]);
  expect(found.scriptUrls, where).toEqual([]);
  return { text: found.text, shadowRoots: found.shadowRoots };
}

const overlay = (page: Page) => page.locator('kr-lens-overlay');

async function cardFor(page: Page, title: string) {
  const card = overlay(page)
    .getByTestId('kr-lens-kr-card')
    .filter({ has: page.getByTestId('kr-lens-kr').filter({ hasText: title }) })
    .first();
  await card.waitFor();
  return card;
}

// ---------------------------------------------------------------------------------------------

describe('hostile OKR titles, names and notes, and hostile issue titles, render as text', () => {
  it('on a Jira issue: KR card, objective, chain and the explanation of the contributing issues', async () => {
    const page = await newPage();
    await page.goto(`${JIRA}/browse/PLAT-2`);
    const card = await cardFor(page, 'kr-plat-p95-checkout');
    expect(await card.getByTestId('kr-lens-kr').textContent()).toBe(krTitle('kr-plat-p95-checkout'));
    expect(await card.getByTestId('kr-lens-objective').textContent()).toContain(objectiveTitle('obj-plat-fast-checkout'));
    expect(await card.getByTestId('kr-lens-chain-item').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining(krTitle('kr-acme-checkout-speed')),
        expect.stringContaining(objectiveTitle('obj-acme-checkout')),
      ]),
    );
    await card.getByTestId('kr-lens-why').click();
    await expect.poll(() => card.textContent()).toContain(e2e.sandbox.jira.state.issues.get('PLAT-3')!.summary);
    const seen = await assertInert(page, 'Jira issue page');
    expect(seen.shadowRoots).toBeGreaterThan(0);
    // The link's own title and URL in Jira are not what the overlay shows: the set's KR is.
    expect(seen.text).not.toContain('remote-link-title');
    await page.close();
  });

  it('in the picker, and in a metric KR’s check-in notes after linking it', async () => {
    const page = await newPage();
    await page.goto(`${JIRA}/browse/PLAT-15`);
    await overlay(page).getByTestId('kr-lens-link-button').click();
    const search = overlay(page).getByTestId('kr-lens-picker-search');
    await search.fill('kr-plat-error-rate');
    await expect
      .poll(() => overlay(page).getByTestId('kr-lens-picker-option').first().textContent())
      .toContain(krTitle('kr-plat-error-rate'));
    await assertInert(page, 'the picker');
    await search.press('Enter');
    const card = await cardFor(page, 'kr-plat-error-rate');
    await card.getByTestId('kr-lens-why').click();
    const note = SET.checkIns.find((c) => c.krId === 'kr-plat-error-rate')!.note!;
    await expect.poll(() => card.textContent()).toContain(note);
    await assertInert(page, 'check-in notes');
    await card.getByTestId('kr-lens-unlink').click();
    await overlay(page).getByTestId('kr-lens-unaligned').waitFor();
    await page.close();
  });

  it('on board markers', async () => {
    const page = await newPage();
    await page.goto(`${JIRA}/jira/software/projects/PLAT/boards/1`);
    const marker = page.getByTestId('kr-lens-marker-kr').filter({ hasText: 'kr-plat-p95-checkout' }).first();
    await marker.waitFor();
    // Cut to fit the card (the whole title is the tooltip), as text either way.
    const shown = (await marker.textContent())!.replace(/…$/, '');
    expect(shown.length).toBeGreaterThan(20);
    expect(krTitle('kr-plat-p95-checkout').startsWith(shown)).toBe(true);
    expect(await marker.getAttribute('title')).toContain(krTitle('kr-plat-p95-checkout'));
    await assertInert(page, 'Jira board');
    await page.close();
  });

  it('on a Linear issue, with hostile issue and attachment titles', async () => {
    const page = await newPage();
    await page.goto(`${LINEAR}/issue/MOB-12/null-pointer`);
    const card = await cardFor(page, 'kr-mob-crash-free');
    await card.getByTestId('kr-lens-why').click();
    const workspace = e2e.sandbox.linear.state.workspace;
    await expect.poll(() => card.textContent()).toContain(findIssueByIdentifier(workspace, 'MOB-11')!.title);
    await assertInert(page, 'Linear issue page');
    await page.close();
  });

  it('in Options, the dashboard (tree and a KR’s check-ins) and the popup', async () => {
    const page = await newPage();
    await page.goto(optionsUrl(e2e));
    await page.getByTestId('kr-lens-active-set').waitFor();
    expect((await assertInert(page, 'Options')).text).toContain('set-name');

    await page.goto(`chrome-extension://${e2e.browser.extensionId}/dashboard.html`);
    await page.getByTestId('kr-lens-dashboard-tree').waitFor();
    expect((await assertInert(page, 'dashboard tree')).text).toContain(objectiveTitle('obj-plat-fast-checkout'));
    await page.goto(`chrome-extension://${e2e.browser.extensionId}/dashboard.html#/kr/kr-plat-error-rate`);
    await page.getByTestId('kr-lens-dashboard-kr-detail').waitFor();
    const note = SET.checkIns.find((c) => c.krId === 'kr-plat-error-rate')!.note!;
    await expect.poll(async () => (await assertInert(page, 'dashboard KR detail')).text).toContain(note);

    await page.goto(`chrome-extension://${e2e.browser.extensionId}/popup.html`);
    await page.waitForLoadState('networkidle');
    await assertInert(page, 'popup');
    await page.close();
  });

  it('an import with a javascript: link URL is refused at its path, with nothing written', async () => {
    const page = await newPage();
    await page.goto(optionsUrl(e2e));
    const bad = structuredClone(SET);
    bad.keyResults[2]!.url = "javascript:window.__pwned='kr-url'";
    const file = join(dir, 'bad.okr.json');
    writeFileSync(file, JSON.stringify(bad));
    await page.getByTestId('kr-lens-import-file').setInputFiles(file);
    const errors = page.getByTestId('kr-lens-import-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('keyResults[2].url');
    await assertInert(page, 'import errors');
    expect(await page.getByTestId('kr-lens-import-confirm').count()).toBe(0);
    await page.close();
  });
});

describe('malformed tracker answers are refused, not rendered', () => {
  it('Jira answers an issue in the wrong shape: a sentence, no card, nothing of the answer on the page', async () => {
    e2e.sandbox.jira.faults.add({
      path: '/rest/api/3/issue/PLAT-11',
      method: 'GET',
      times: Infinity,
      fault: {
        kind: 'status',
        status: 200,
        body: { id: 7, key: ['<img src=x data-pwned onerror="window.__pwned=1">'], fields: '<svg data-pwned onload="window.__pwned=2">' },
      },
    });
    const page = await newPage();
    await page.goto(`${JIRA}/browse/PLAT-11`);
    const error = overlay(page).getByTestId('kr-lens-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^Jira answered issue PLAT-11 in a form KR Lens does not understand \(/);
    expect(await error.textContent()).not.toContain('<');
    expect(await overlay(page).getByTestId('kr-lens-kr-card').count()).toBe(0);
    await assertInert(page, 'malformed Jira answer');
    e2e.sandbox.jira.faults.clear();
    await page.close();
  });

  it('Linear answers with an HTML page instead of JSON: a sentence, no card', async () => {
    e2e.sandbox.linear.faults.inject({ kind: 'status', status: 200 }, { times: Infinity });
    const page = await newPage();
    await page.goto(`${LINEAR}/issue/MOB-20/settings`);
    const error = overlay(page).getByTestId('kr-lens-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toMatch(/Linear/);
    expect(await overlay(page).getByTestId('kr-lens-kr-card').count()).toBe(0);
    await assertInert(page, 'malformed Linear answer');
    e2e.sandbox.linear.faults.clear();
    await page.close();
  });
});

describe('the page cannot drive KR Lens', () => {
  /** A Jira issue page whose script records every window message, as a hostile page script could. */
  async function listeningPage(): Promise<Page> {
    const page = await newPage();
    await page.addInitScript(() => {
      const seen: unknown[] = [];
      (window as unknown as { __seen: unknown[] }).__seen = seen;
      window.addEventListener('message', (event) => seen.push(event.data));
    });
    await page.goto(`${JIRA}/browse/PLAT-2`);
    await cardFor(page, 'kr-plat-p95-checkout');
    await page.waitForTimeout(1_500);
    return page;
  }

  /** Posts `messages` (and fires them as document events); returns whatever else reached the window. */
  function post(page: Page, messages: unknown[]): Promise<unknown[]> {
    return page.evaluate(async (list) => {
      const seen = (window as unknown as { __seen: unknown[] }).__seen;
      const before = seen.length;
      for (const message of list) {
        window.postMessage(message, '*');
        const type = (message as { type?: unknown }).type;
        if (typeof type === 'string') document.dispatchEvent(new CustomEvent(type, { detail: message }));
      }
      await new Promise((r) => setTimeout(r, 1_500));
      // Anything on the window beyond what the page itself posted would be an answer.
      const posted = new Set(list.map((message) => JSON.stringify(message)));
      return seen.slice(before).filter((data) => !posted.has(JSON.stringify(data)));
    }, messages);
  }

  interface Observed {
    requests: number;
    links: number[];
    settings: unknown;
  }
  const observe = async (): Promise<Observed> => ({
    requests: e2e.sandbox.jira.requests.length + e2e.sandbox.linear.requests.length,
    links: [...e2e.sandbox.jira.state.issues.values()].map((i) => i.remoteLinks.length),
    settings: await settings(),
  });

  const issue = { tracker: 'jira', site: JIRA, key: 'PLAT-2' };
  const LOOKALIKES = [
    { krLens: 1, method: 'linkIssue', params: { ...issue, setId: 'acme', krId: 'kr-grow-activation' } },
    { krLens: 1, method: 'unlinkIssue', params: { ...issue, setId: 'acme', krId: 'kr-plat-p95-checkout' } },
    { krLens: 1, method: 'saveSettings', params: { jira: [], linear: null } },
    { krLens: 1, method: 'getIssueOverlay', params: { ...issue, fresh: true } },
    { krLens: 1, method: 'getSettings', params: {} },
    { type: 'kr-lens', krLens: 1, method: 'getSettings', params: {} },
  ];

  it('messages that look like KR Lens’s change nothing: no answer, no request, no link, no setting, and the overlay still works', async () => {
    const page = await listeningPage();
    const before = await observe();
    expect(await post(page, LOOKALIKES)).toEqual([]);
    expect(await observe()).toEqual(before);
    await overlay(page).getByTestId('kr-lens-refresh').click();
    await expect.poll(async () => (await observe()).requests).toBeGreaterThan(before.requests);
    await assertInert(page, 'after the look-alike messages');
    await page.close();
  });

  it('replaying WXT’s “content script started” announcement (which WXT posts on the window) gets no answer, request, link or setting', async () => {
    const page = await listeningPage();
    const announced = (await page.evaluate(() => (window as unknown as { __seen: Array<{ type?: unknown }> }).__seen)).find(
      (data) => typeof data?.type === 'string' && data.type.endsWith('wxt:content-script-started'),
    );
    // Not vacuous: the page did learn the event name.
    expect(announced).toBeDefined();
    const before = await observe();
    expect(await post(page, [{ ...announced, messageId: 'from-the-page' }])).toEqual([]);
    expect(await observe()).toEqual(before);
    // WXT takes the replay for a newer copy of the content script and ends its context; KR Lens
    // stops only when its extension is really gone (tests/e2e/trust.e2e.test.ts: the overlay stays).
    await assertInert(page, 'after the replayed announcement');
    await page.close();
  });
});

/** The stored settings, read in the service worker from the credential store (only the background opens it). */
async function settings(): Promise<unknown> {
  const worker = e2e.browser.context.serviceWorkers()[0] ?? e2e.browser.serviceWorker;
  return worker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('kr-lens-credentials', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('items');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const read = db.transaction('items', 'readonly').objectStore('items').get('kr-lens:settings');
    const value = await new Promise<unknown>((resolve) => (read.onsuccess = () => resolve(read.result)));
    db.close();
    return value;
  });
}

describe('the background calls no host but the trackers', () => {
  it('messages from an extension page naming other sites get a sentence, and no request leaves for them', async () => {
    const page = await newPage();
    await page.goto(optionsUrl(e2e));
    const before = browserRequests.length;
    const settingsBefore = await settings();
    // Not vacuous: the settings are read where the background keeps them.
    expect(JSON.stringify(settingsBefore)).toContain(SANDBOX_LINEAR_KEY);
    const replies = await page.evaluate(async () => {
      const send = (message: unknown) =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(
          message,
        );
      const evil = 'https://evil.example';
      const calls = [
        { method: 'noteJiraSite', params: { site: evil } },
        { method: 'getIssueOverlay', params: { tracker: 'jira', site: evil, key: 'PLAT-2', fresh: true } },
        { method: 'linkIssue', params: { tracker: 'jira', site: evil, key: 'PLAT-2', setId: 'acme', krId: 'kr-plat-p95-checkout' } },
        { method: 'getBoardMarkers', params: { tracker: 'jira', site: evil, keys: ['PLAT-2'], fresh: true } },
        { method: 'testConnection', params: { tracker: 'jira', site: evil } },
        { method: 'listJiraBoards', params: { site: evil } },
        {
          method: 'runActivityReport',
          params: { scopes: [{ tracker: 'jira', site: evil, scope: { type: 'assigned-to-me' } }], fresh: true },
        },
        {
          method: 'getIssueOverlay',
          params: { tracker: 'jira', site: 'https://acme.atlassian.net.evil.example', key: 'PLAT-2', fresh: true },
        },
        { method: 'getIssueOverlay', params: { tracker: 'jira', site: 'http://acme.atlassian.net', key: 'PLAT-2', fresh: true } },
      ];
      const answers = [];
      for (const call of calls) answers.push(await send({ krLens: 1, ...call }));
      // The recorder sees a request to that host when one is made: the page makes one itself.
      await fetch(`${evil}/from-the-page`).catch(() => undefined);
      return answers;
    });
    await page.waitForTimeout(1_000);
    for (const reply of replies) expect(JSON.stringify(reply)).toMatch(/"ok":false|"error"|"problems":\[\{|"state":"setup"/);
    const later = browserRequests.slice(before);
    expect(later.filter((r) => r.url().startsWith('https://evil.example/from-the-page')).length).toBe(1);
    const fromWorker = later.filter((r) => r.serviceWorker() !== null).map((r) => new URL(r.url()));
    expect(
      fromWorker
        .filter((url) => !(url.protocol === 'https:' && (url.hostname.endsWith('.atlassian.net') || url.hostname === 'api.linear.app')))
        .map(String),
    ).toEqual([]);
    expect(fromWorker.filter((url) => url.hostname.includes('evil'))).toEqual([]);
    expect(await settings()).toEqual(settingsBefore);
    await page.close();
  });
});

describe('tokens stay in the background', () => {
  it('appear in no page, no content script’s view, no log and no built file; each goes only to its own tracker', async () => {
    const page = await newPage();
    await page.goto(optionsUrl(e2e));
    const saved = await page.evaluate(async (token) => {
      const send = (message: unknown) =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(
          message,
        );
      const current = (await send({ krLens: 1, method: 'getSettings', params: {} })) as {
        value: { jira: Array<{ site: string; auth: string }> };
      };
      const jira = [
        ...current.value.jira.map((c) => ({ site: c.site, auth: { type: 'session' } })),
        { site: 'https://globex.atlassian.net', auth: { type: 'basic', email: 'dana@acme.example', apiToken: token } },
      ];
      return send({ krLens: 1, method: 'saveSettings', params: { jira, linear: { keepKey: true } } });
    }, JIRA_TOKEN);
    expect(JSON.stringify(saved)).not.toContain(JIRA_TOKEN);
    await page.reload();
    await page.getByTestId('kr-lens-linear-state').waitFor();

    const pages: Array<[string, string]> = [
      [optionsUrl(e2e), 'kr-lens-save'],
      [`${JIRA}/browse/PLAT-2`, 'kr-lens-overlay'],
      [`https://globex.atlassian.net/browse/PLAT-2`, 'kr-lens-overlay'],
      [`${LINEAR}/issue/MOB-12/x`, 'kr-lens-overlay'],
      [`chrome-extension://${e2e.browser.extensionId}/dashboard.html`, 'kr-lens-dashboard'],
      [`chrome-extension://${e2e.browser.extensionId}/popup.html`, ''],
    ];
    const secrets = [SANDBOX_LINEAR_KEY, JIRA_TOKEN, Buffer.from(`dana@acme.example:${JIRA_TOKEN}`).toString('base64')];
    for (const [url, testId] of pages) {
      await page.goto(url);
      if (testId) await page.getByTestId(testId).first().waitFor();
      await page.waitForTimeout(1_000);
      const everything = await page.evaluate(() => {
        const roots: Array<Document | ShadowRoot> = [document];
        for (let i = 0; i < roots.length; i++)
          for (const el of roots[i]!.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
        const inputs = [...document.querySelectorAll('input')].map((input) => input.value);
        return [
          ...roots.map((root) => (root instanceof Document ? root.documentElement.outerHTML : root.innerHTML)),
          ...inputs,
          JSON.stringify(localStorage),
          document.cookie,
        ].join('\n');
      });
      for (const secret of secrets) expect(everything, url).not.toContain(secret);
    }
    await page.close();

    for (const secret of secrets) expect(consoleLines.join('\n')).not.toContain(secret);
    const withKey = browserRequests.filter((r) => Object.values(r.headers()).some((value) => value.includes(SANDBOX_LINEAR_KEY)));
    expect(withKey.length).toBeGreaterThan(0);
    expect([...new Set(withKey.map((r) => new URL(r.url()).origin))]).toEqual(['https://api.linear.app']);
    const basic = `Basic ${secrets[2]}`;
    const withToken = browserRequests.filter((r) => r.headers().authorization === basic);
    expect([...new Set(withToken.map((r) => new URL(r.url()).origin))]).toEqual(
      withToken.length > 0 ? ['https://globex.atlassian.net'] : [],
    );
    expect(builtFilesContaining(secrets.concat(['dana-session', 'dana-api-token']))).toEqual([]);
  });
});

function builtFilesContaining(needles: string[]): string[] {
  const files = (dir_: string): string[] =>
    readdirSync(dir_).flatMap((name) => {
      const path = join(dir_, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
  return files(resolve(EXTENSION_DIR)).filter((file) => {
    const text = readFileSync(file, 'latin1');
    return needles.some((needle) => text.includes(needle));
  });
}
