/**
 * A stopped service worker (Chrome stops it after 30 s idle): the issue page paints the last answer
 * kept for the issue in storage.session at once, marked as kept, and the live answer replaces it
 * when the woken worker has it. The worker's tracker cache is emptied and Jira made slow, so the
 * worker cannot answer before the tracker does: what shows first can only be the kept answer.
 */
import type { CDPSession, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness';

const ISSUE = 'https://acme.atlassian.net/browse/PLAT-2';
const JIRA_ISSUE_PATH = '/rest/api/3/issue/PLAT-2';
const SLOW_MS = 3_000;

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const overlay = (page: Page) => page.locator('kr-lens-overlay');
const progress = (page: Page) => overlay(page).getByTestId('kr-lens-progress').first();
const keptMark = (page: Page) => overlay(page).getByTestId('kr-lens-cached');

function workers(): Worker[] {
  return e2e.browser.context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${e2e.browser.extensionId}/`));
}
const worker = (): Worker => workers().at(-1) ?? e2e.browser.serviceWorker;

/** Stops the worker and proves it: a mark set in the running worker is gone from the next one. */
async function stopWorker(cdp: CDPSession): Promise<() => Promise<boolean>> {
  for (const w of workers()) await w.evaluate(() => void ((self as unknown as { __krLensAlive: boolean }).__krLensAlive = true));
  await cdp.send('ServiceWorker.stopAllWorkers');
  return async () => {
    const marks = await Promise.all(
      workers().map((w) => w.evaluate(() => (self as unknown as { __krLensAlive?: boolean }).__krLensAlive === true).catch(() => false)),
    );
    return marks.length > 0 && marks.every((alive) => !alive);
  };
}

/** The worker's own tracker cache emptied, so its first answer needs the tracker. */
async function emptyTrackerCache(): Promise<number> {
  return worker().evaluate(async () => {
    type Area = { get(keys: null): Promise<Record<string, unknown>>; remove(keys: string[]): Promise<void> };
    const storage = (globalThis as unknown as { chrome: { storage: { local: Area } } }).chrome.storage.local;
    const keys = Object.keys(await storage.get(null)).filter((key) => key.startsWith('kr-lens:cache:'));
    await storage.remove(keys);
    return keys.length;
  });
}

describe('a page opened while the service worker is stopped', () => {
  it('paints the kept answer before the worker answers, marked, then the live answer replaces it', async () => {
    const { page, pageErrors } = await e2e.newPage();
    const cdp = await e2e.browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await page.goto(ISSUE);
    await expect.poll(() => progress(page).textContent()).toMatch(/%/);
    const before = await progress(page).textContent();
    await expect(keptMark(page).count()).resolves.toBe(0);

    // The tracker moves on (a sub-task is done), and the worker will have to ask it, slowly.
    const subtask = e2e.sandbox.jira.state.issues.get('PLAT-4')!;
    subtask.status = 'Done';
    subtask.resolution = 'Done';
    expect(await emptyTrackerCache()).toBeGreaterThan(0);
    e2e.sandbox.jira.faults.add({ path: JIRA_ISSUE_PATH, method: 'GET', times: 1, fault: { kind: 'delay', ms: SLOW_MS } });
    const restarted = await stopWorker(cdp);

    const started = Date.now();
    await page.goto(ISSUE, { waitUntil: 'commit' });
    await keptMark(page).waitFor({ timeout: SLOW_MS });
    const keptAfter = Date.now() - started;
    // The kept answer: the old figure, read-only while it waits.
    expect(await progress(page).textContent()).toBe(before);
    expect(await overlay(page).getByTestId('kr-lens-link-button').count()).toBe(0);
    expect(await overlay(page).locator('[data-kr-lens-cached]').count()).toBe(1);

    // The live answer replaces it, and it differs: the live one wins.
    await keptMark(page).waitFor({ state: 'detached', timeout: 20_000 });
    const liveAfter = Date.now() - started;
    expect(liveAfter).toBeGreaterThanOrEqual(SLOW_MS);
    expect(keptAfter).toBeLessThan(liveAfter);
    await expect.poll(() => progress(page).textContent()).not.toBe(before);
    await overlay(page).getByTestId('kr-lens-link-button').waitFor();
    expect(await restarted()).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('paints nothing kept for an issue it has never answered', async () => {
    const { page } = await e2e.newPage();
    const cdp = await e2e.browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await stopWorker(cdp);
    // A probe from the first byte: did a kept answer ever show on this page?
    await page.addInitScript(() => {
      const seen = { kept: false };
      (window as unknown as { __kept: typeof seen }).__kept = seen;
      const watched = new WeakSet<ShadowRoot>();
      const check = () => {
        for (const host of document.querySelectorAll('kr-lens-overlay')) {
          const root = host.shadowRoot;
          if (!root) continue;
          if (root.querySelector('[data-testid="kr-lens-cached"]')) seen.kept = true;
          if (!watched.has(root)) {
            watched.add(root);
            new MutationObserver(check).observe(root, { childList: true, subtree: true });
          }
        }
      };
      new MutationObserver(check).observe(document, { childList: true, subtree: true });
    });
    await page.goto('https://acme.atlassian.net/browse/PLAT-5');
    await expect.poll(() => progress(page).textContent()).toMatch(/%/);
    expect(await page.evaluate(() => (window as unknown as { __kept: { kept: boolean } }).__kept.kept)).toBe(false);
    await page.close();
  });
});
