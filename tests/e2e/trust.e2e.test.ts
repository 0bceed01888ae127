/**
 * What a content script (and so a compromised tracker page) can reach, tried as a security
 * reviewer does: code evaluated through the DevTools protocol in KR Lens's own content-script
 * world (the isolated world named after the extension) on a Jira and a Linear issue page. It finds
 * no credential in storage, cannot write storage, and is refused the settings methods. Also: an
 * install from before the credential store keeps every setting, and a page replaying WXT's
 * "content script started" announcement does not take the overlay off.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CDPSession, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_LINEAR_KEY } from '../sandbox';
import { EXTENSION_DIR, optionsUrl, startE2E, type E2E } from './harness';

const JIRA = 'https://acme.atlassian.net';
const LINEAR = 'https://linear.app/acme';
const JIRA_TOKEN = 'jira-token-trust-4d9e2b7a1c';
const SETTINGS_KEY = 'kr-lens:settings';
const PAGES = [
  { name: 'Jira', url: `${JIRA}/browse/PLAT-2`, next: `${JIRA}/browse/PLAT-1`, script: 'jira' },
  { name: 'Linear', url: `${LINEAR}/issue/MOB-12/null-pointer-in-the-image-cache`, next: null, script: 'linear' },
] as const;

let e2e: E2E;
const secrets = () => [SANDBOX_LINEAR_KEY, JIRA_TOKEN];

beforeAll(async () => {
  e2e = await startE2E({ processes: 'site-per-process' });
  // A Jira connection with an API token too, saved through the background as Options does.
  const { page } = await e2e.newPage();
  await page.goto(optionsUrl(e2e));
  const reply = await page.evaluate(async (token) => {
    const send = (message: unknown) =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(message);
    const jira = [
      { site: 'https://acme.atlassian.net', auth: { type: 'session' } },
      { site: 'https://globex.atlassian.net', auth: { type: 'basic', email: 'dana@acme.example', apiToken: token } },
    ];
    return send({ krLens: 1, method: 'saveSettings', params: { jira, linear: { keepKey: true } } });
  }, JIRA_TOKEN);
  expect(reply).toMatchObject({ ok: true });
  await page.close();
});

afterAll(async () => {
  await e2e?.close();
});

const overlay = (page: Page) => page.locator('kr-lens-overlay');
const card = (page: Page) => overlay(page).getByTestId('kr-lens-kr-card').first();

/** The extension's service worker as it runs now (a restarted worker is a new one). */
function worker(): Worker {
  const workers = e2e.browser.context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${e2e.browser.extensionId}/`));
  return workers[workers.length - 1] ?? e2e.browser.serviceWorker;
}

/** Everything stored: storage.local, and the credential store (the extension origin's IndexedDB). */
async function stored(): Promise<{ local: Record<string, unknown>; credentials: Record<string, unknown> }> {
  return worker().evaluate(async () => {
    const chromeApi = (globalThis as unknown as { chrome: { storage: { local: { get(keys: null): Promise<Record<string, unknown>> } } } })
      .chrome;
    const local = await chromeApi.storage.local.get(null);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('kr-lens-credentials', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('items');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const store = db.transaction('items', 'readonly').objectStore('items');
    const [keys, values] = await Promise.all(
      [store.getAllKeys(), store.getAll()].map(
        (request) => new Promise<unknown[]>((resolve) => (request.onsuccess = () => resolve(request.result as unknown[]))),
      ),
    );
    db.close();
    return { local, credentials: Object.fromEntries(keys!.map((key, i) => [String(key), values![i]])) };
  });
}

/** Evaluates JavaScript in KR Lens's content-script world of `page`, through the DevTools protocol. */
async function contentScriptWorld(page: Page): Promise<{ evaluate(expression: string): Promise<unknown>; cdp: CDPSession }> {
  const cdp = await e2e.browser.context.newCDPSession(page);
  const contexts: Array<{ id: number; name: string; auxData?: { type?: string } }> = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => void contexts.push(context));
  await cdp.send('Runtime.enable');
  const isOurs = (context: (typeof contexts)[number]) => context.name === 'KR Lens' && context.auxData?.type === 'isolated';
  for (let waited = 0; !contexts.some(isOurs); waited += 100) {
    if (waited > 10_000) throw new Error(`No "KR Lens" isolated world on ${page.url()}: ${contexts.map((c) => c.name).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const world = contexts.find(isOurs)!;
  return {
    cdp,
    async evaluate(expression) {
      const answer = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
      if (answer.exceptionDetails)
        throw new Error(`${answer.exceptionDetails.text} ${answer.exceptionDetails.exception?.description ?? ''}`);
      return answer.result.value;
    },
  };
}

/** Runs `body` (an async function body) in the world; returns its value, or what it threw. */
const attempt = (body: string) =>
  `(async () => { try { return { value: await (async () => { ${body} })() }; } catch (error) { return { threw: String(error && error.message || error) }; } })()`;

describe.each(PAGES)('in the content-script world on a $name issue page', ({ url }) => {
  let page: Page;
  let world: Awaited<ReturnType<typeof contentScriptWorld>>;

  beforeAll(async () => {
    ({ page } = await e2e.newPage());
    await page.goto(url);
    await card(page).waitFor();
    world = await contentScriptWorld(page);
    // Not vacuous: this is KR Lens's world, with the extension's runtime in it.
    expect(await world.evaluate('chrome.runtime.id')).toBe(e2e.browser.extensionId);
  });

  afterAll(async () => {
    await page.close();
  });

  it('reads no credential from storage: every read is refused', async () => {
    for (const read of [
      `return chrome.storage.local.get('${SETTINGS_KEY}')`,
      'return chrome.storage.local.get(null)',
      'return chrome.storage.sync.get(null)',
      'return chrome.storage.session.get(null)',
    ]) {
      const result = (await world.evaluate(attempt(read))) as { value?: unknown; threw?: string };
      const text = JSON.stringify(result);
      for (const secret of secrets()) expect(text, read).not.toContain(secret);
      if (read.includes('local')) expect(result.threw, read).toMatch(/not allowed/i);
      // storage.session is open for the render cache: overlay views and nothing else.
      if (read.includes('session')) {
        const keys = Object.keys((result.value ?? {}) as Record<string, unknown>);
        expect(keys.length, read).toBeGreaterThan(0);
        for (const key of keys) expect(key, read).toMatch(/^krLensRender:(issue|scope|order)\b/);
      }
    }
    // Its own indexedDB is the page's, not the extension's: the credential store is not there.
    const names = (await world.evaluate(attempt('return (await indexedDB.databases()).map((d) => d.name)'))) as { value?: string[] };
    expect(names.value ?? []).not.toContain('kr-lens-credentials');
    // And the credentials are where the background keeps them, not in storage.local.
    const all = await stored();
    expect(JSON.stringify(all.credentials)).toContain(SANDBOX_LINEAR_KEY);
    expect(JSON.stringify(all.credentials)).toContain(JIRA_TOKEN);
    for (const secret of secrets()) expect(JSON.stringify(all.local)).not.toContain(secret);
  });

  it('cannot write or remove anything in storage', async () => {
    const before = await stored();
    const keys = Object.keys(before.local);
    expect(keys.length).toBeGreaterThan(0);
    const writes = [
      `return chrome.storage.local.set({ '${SETTINGS_KEY}': { jira: [], linear: { apiKey: 'lin_api_attacker' } } })`,
      `return chrome.storage.local.set({ 'krLens:active': null })`,
      `return chrome.storage.local.remove(${JSON.stringify(keys)})`,
      'return chrome.storage.local.clear()',
    ];
    for (const write of writes) expect(((await world.evaluate(attempt(write))) as { threw?: string }).threw, write).toMatch(/not allowed/i);
    expect(await stored()).toEqual(before);
  });

  it('hears no storage change, and is refused the settings methods', async () => {
    await world.evaluate(
      `(() => { window.__heard = []; try { chrome.storage.onChanged.addListener((changes) => window.__heard.push(changes)); } catch (error) { window.__heard.push('listener refused: ' + error.message); } })()`,
    );
    const before = await stored();
    const calls = [
      { method: 'saveSettings', params: { jira: [], linear: { apiKey: 'lin_api_attacker_0123456789' } } },
      { method: 'saveSettings', params: { jira: [], linear: null } },
      { method: 'testConnection', params: { tracker: 'linear' } },
      { method: 'testConnection', params: { tracker: 'jira', site: 'https://globex.atlassian.net' } },
      { method: 'getSettings', params: {} },
      { method: 'getLinkedWork', params: { setId: 'acme', krIds: ['kr-plat-p95-checkout'], fresh: true } },
      { method: 'getIssueOverlay', params: { tracker: 'jira', site: 'https://globex.atlassian.net', key: 'PLAT-2', fresh: true } },
    ];
    const requests = e2e.sandbox.jira.requests.length + e2e.sandbox.linear.requests.length;
    for (const call of calls) {
      const reply = (await world.evaluate(attempt(`return chrome.runtime.sendMessage(${JSON.stringify({ krLens: 1, ...call })})`))) as {
        value?: unknown;
      };
      expect(reply.value, call.method).toMatchObject({ ok: false, error: { kind: 'permission' } });
      for (const secret of secrets()) expect(JSON.stringify(reply)).not.toContain(secret);
    }
    expect(e2e.sandbox.jira.requests.length + e2e.sandbox.linear.requests.length).toBe(requests);
    expect(await stored()).toEqual(before);

    // A change Options makes (the settings, and the active cycle in storage.local) reaches no listener here.
    const options = await e2e.newPage();
    await options.page.goto(optionsUrl(e2e));
    await options.page.getByTestId('kr-lens-linear-key').fill(SANDBOX_LINEAR_KEY);
    await options.page.getByTestId('kr-lens-save').click();
    await options.page
      .getByTestId('kr-lens-linear-state')
      .filter({ hasText: /A key is stored/ })
      .waitFor();
    await worker().evaluate(async () => {
      const local = (globalThis as unknown as { chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } } })
        .chrome.storage.local;
      await local.set({ 'kr-lens:trust-probe': Date.now() });
    });
    await options.page.close();
    await page.waitForTimeout(500);
    const heard = JSON.stringify(await world.evaluate('window.__heard'));
    for (const secret of secrets()) expect(heard).not.toContain(secret);
    expect(heard).not.toContain('trust-probe');
  });

  it('still gets its own issue: the overlay answers a refresh', async () => {
    const answered = e2e.sandbox.jira.requests.length + e2e.sandbox.linear.requests.length;
    await overlay(page).getByTestId('kr-lens-refresh').click();
    await expect.poll(() => e2e.sandbox.jira.requests.length + e2e.sandbox.linear.requests.length).toBeGreaterThan(answered);
    await card(page).waitFor();
  });
});

describe('the content scripts as built', () => {
  it('use no storage but the render cache in storage.session: everything else comes through messages', () => {
    const dir = resolve(EXTENSION_DIR, 'content-scripts');
    const scripts = readdirSync(dir).filter((name) => name.endsWith('.js'));
    expect(scripts.sort()).toEqual(['jira.js', 'linear.js']);
    for (const name of scripts) {
      const code = readFileSync(resolve(dir, name), 'utf8');
      expect(code, name).toContain('sendMessage');
      // Changed with the render cache: the one storage a content script touches is storage.session.
      expect(code.match(/\.storage\??\.session\b/g)?.length ?? 0, name).toBe(1);
      const withoutSession = code.replace(/\.storage\??\.session\b/g, '');
      expect(withoutSession.match(/\.storage\b|indexedDB|localStorage|sessionStorage/g) ?? [], name).toEqual([]);
    }
  });
});

describe('a page replaying WXT’s “content script started” announcement', () => {
  it.each(PAGES)('leaves the overlay on the $name page, which still follows navigation', async ({ url, next, script }) => {
    const { page } = await e2e.newPage();
    // The page listens to window messages from its first byte, as a hostile page script could.
    await page.addInitScript(() => {
      const seen: unknown[] = [];
      (window as unknown as { __seen: unknown[] }).__seen = seen;
      window.addEventListener('message', (event) => seen.push(event.data));
    });
    await page.goto(url);
    await card(page).waitFor();
    const type = await page.evaluate(() => {
      const seen = (window as unknown as { __seen: Array<{ type?: unknown }> }).__seen;
      return seen.map((data) => data?.type).find((t): t is string => typeof t === 'string' && t.endsWith('wxt:content-script-started'));
    });
    // Not vacuous: the page learnt the announcement's exact name, and its replay reaches KR Lens's world.
    expect(type).toBeDefined();
    const world = await contentScriptWorld(page);
    await world.evaluate(
      `(() => { window.__replayHeard = []; document.addEventListener(${JSON.stringify(type)}, (event) => window.__replayHeard.push(event.detail && event.detail.contentScriptName)); })()`,
    );

    await page.evaluate(
      ({ type: name, script: contentScriptName }) => {
        const detail = { contentScriptName, messageId: 'from-the-page' };
        window.postMessage({ type: name, ...detail }, '*');
        document.dispatchEvent(new CustomEvent(name, { detail }));
      },
      { type: type!, script },
    );
    expect(await world.evaluate('window.__replayHeard')).toEqual([script]);

    await page.waitForTimeout(1_500);
    expect(await overlay(page).count()).toBe(1);
    await card(page).waitFor({ timeout: 1_000 });
    if (next) {
      await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
      await page
        .locator(`a[href$="${new URL(next).pathname}"]`)
        .first()
        .click();
      await expect.poll(() => page.url()).toBe(next);
      await expect.poll(() => overlay(page).getAttribute('data-kr-lens-key')).toBe(new URL(next).pathname.split('/').pop());
      expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
      await card(page).waitFor();
    }
    await page.close();
  });
});

describe('an install from before the credential store', () => {
  it('keeps every setting: the worker moves them out of storage.local on its next start, and the overlay still works', async () => {
    const { page } = await e2e.newPage();
    await page.goto(optionsUrl(e2e));
    const read = () =>
      page.evaluate(() =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
          krLens: 1,
          method: 'getSettings',
          params: {},
        }),
      );
    const settingsBefore = await read();
    // What an earlier version left: the settings in storage.local, nothing in the credential store.
    const legacy = (await stored()).credentials[SETTINGS_KEY];
    expect(JSON.stringify(legacy)).toContain(JIRA_TOKEN);
    await worker().evaluate(async (value) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('kr-lens-credentials', 1);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction('items', 'readwrite');
      tx.objectStore('items').delete('kr-lens:settings');
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
      const local = (globalThis as unknown as { chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } } })
        .chrome.storage.local;
      await local.set({ 'kr-lens:settings': value });
    }, legacy);
    expect((await stored()).credentials[SETTINGS_KEY]).toBeUndefined();

    await worker().evaluate(() => void ((self as unknown as { __beforeRestart: boolean }).__beforeRestart = true));
    const cdp = await e2e.browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');

    // The next message starts a new worker, which moves the settings before answering.
    expect(await read()).toEqual(settingsBefore);
    const restarted = async () => {
      for (const candidate of e2e.browser.context.serviceWorkers()) {
        const fresh = await Promise.race([
          candidate.evaluate(() => (self as unknown as { __beforeRestart?: boolean }).__beforeRestart !== true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_000)),
        ]).catch(() => false);
        if (fresh) return candidate;
      }
      return null;
    };
    await expect.poll(async () => (await restarted()) !== null, { timeout: 15_000 }).toBe(true);
    const after = await stored();
    expect(after.credentials[SETTINGS_KEY]).toEqual(legacy);
    expect(after.local[SETTINGS_KEY]).toBeUndefined();
    await page.close();

    // The Linear key came through the move: a fresh Linear read still works.
    const linear = await e2e.newPage();
    await linear.page.goto(PAGES[1].url);
    await card(linear.page).waitFor();
    const requests = e2e.sandbox.linear.requests.length;
    await overlay(linear.page).getByTestId('kr-lens-refresh').click();
    await expect.poll(() => e2e.sandbox.linear.requests.length).toBeGreaterThan(requests);
    await card(linear.page).waitFor();
    expect(await overlay(linear.page).getByTestId('kr-lens-error').count()).toBe(0);
    await linear.page.close();
  });
});
