/**
 * KR Lens in Firefox, as a Firefox user meets it: the Firefox build installed in firefox-esr, host
 * access not yet granted (MV3 host permissions are optional there), Options leading through the
 * grant, the example OKR set and the Linear key entered there, and the overlay on a Jira issue and
 * a Linear issue of the sandbox. `npm run test:firefox` builds first; `.ci/run` runs it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, SANDBOX_LINEAR_KEY, type Sandbox } from '../sandbox';
import {
  FIREFOX_PATH,
  firefoxAvailable,
  launchFirefoxWithExtension,
  setViewport,
  waitForPageState,
  type FirefoxWithExtension,
} from './firefox';

const ROOT = resolve(import.meta.dirname, '../..');
const FIREFOX_BUILD = resolve(ROOT, '.output/firefox-mv3');
const EXAMPLE_SET = resolve(ROOT, 'public/examples/acme.okr.json');
const SCREENSHOTS = resolve(ROOT, 'test-results/screenshots');
const JIRA_ISSUE = 'https://acme.atlassian.net/browse/PLAT-2';
const LINEAR_ISSUE = 'https://linear.app/acme/issue/MOB-12/null-pointer-in-the-image-cache';

const testId = (id: string) => `[data-testid="${id}"]`;
let sandbox: Sandbox;
let firefox: FirefoxWithExtension;

async function startSandboxOn443(): Promise<Sandbox> {
  try {
    return await startSandbox({ port: 443 });
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(
      `The sandbox must listen on 127.0.0.1:443 (Firefox resolves the tracker hosts there and has no port mapping): ${code ?? error}. ` +
        (code === 'EACCES' ? 'Run as root, or allow node to bind low ports.' : 'Stop whatever holds port 443.'),
    );
  }
}

beforeAll(async () => {
  if (!firefoxAvailable()) throw new Error(`Firefox is not installed at ${FIREFOX_PATH}: apt-get install -y firefox-esr`);
  if (!existsSync(resolve(FIREFOX_BUILD, 'manifest.json'))) throw new Error('The Firefox build is missing: npm run build:firefox');
  sandbox = await startSandboxOn443();
  firefox = await launchFirefoxWithExtension({ extensionDir: FIREFOX_BUILD, grantHostsAtInstall: false });
});

afterAll(async () => {
  await firefox?.close();
  await sandbox?.close();
});

/**
 * Texts of the elements with `id` inside `<kr-lens-overlay>`'s open shadow root. Read in the page's
 * own world: puppeteer's `>>>` runs in a sandbox realm that Firefox doesn't let see a shadow root a
 * content script attached.
 */
async function overlayTexts(page: Page, id: string): Promise<string[]> {
  return page.evaluate(
    (selector) =>
      [...(document.querySelector('kr-lens-overlay')?.shadowRoot?.querySelectorAll(selector) ?? [])].map((node) => node.textContent ?? ''),
    testId(id),
  );
}

/** Waits until some element `id` in the overlay reads `pattern`. */
async function waitInOverlay(page: Page, id: string, pattern: RegExp): Promise<void> {
  await waitForPageState(
    page,
    (selector, source) =>
      [...(document.querySelector('kr-lens-overlay')?.shadowRoot?.querySelectorAll(selector) ?? [])].some((node) =>
        new RegExp(source).test(node.textContent ?? ''),
      ),
    [testId(id), pattern.source],
    30_000,
  );
}

/** A tracker tab the size of the Chromium tests' (1280×860), recording the page's errors. */
async function trackerTab(): Promise<{ page: Page; pageErrors: Error[] }> {
  const page = await firefox.browser.newPage();
  await setViewport(page, { width: 1280, height: 860 });
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => void pageErrors.push(error as Error));
  return { page, pageErrors };
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`) });
}

describe('KR Lens in Firefox', () => {
  it('runs nowhere until the user grants the tracker hosts, and Options leads them there', async () => {
    const { page: jira } = await trackerTab();
    await jira.goto(JIRA_ISSUE, { waitUntil: 'load' });
    await jira.waitForSelector('h1');
    // Without host access Firefox injects no content script: the page stays KR Lens-free.
    await new Promise((resolveWait) => setTimeout(resolveWait, 2_000));
    expect(await jira.$('kr-lens-overlay')).toBeNull();
    await jira.close();

    const options = await firefox.openExtensionPage(firefox.optionsUrl, testId('kr-lens-host-access'));
    const missing = await options.$$eval(`${testId('kr-lens-host-access-missing')} li`, (items) => items.map((li) => li.textContent));
    expect(missing).toEqual(['Jira Cloud sites (*.atlassian.net)', 'Linear issue pages (linear.app)', 'the Linear API (api.linear.app)']);
    await setViewport(options, { width: 1280, height: 800 });
    await screenshot(options, 'firefox-options-host-access');
    await options.click(testId('kr-lens-host-access-grant'));
    await options.waitForSelector(testId('kr-lens-host-access'), { hidden: true, timeout: 10_000 });
    const granted = await options.evaluate(() =>
      browser.permissions.contains({ origins: ['https://*.atlassian.net/*', 'https://linear.app/*', 'https://api.linear.app/*'] }),
    );
    expect(granted).toBe(true);
    await options.close();
  });

  it('is connected through Options as a user does it: the example OKR set, then the Linear key', async () => {
    const options = await firefox.openExtensionPage(firefox.optionsUrl, testId('kr-lens-import-file'));
    const file = (await options.$(testId('kr-lens-import-file'))) as ElementHandle<HTMLInputElement> | null;
    await file!.uploadFile(EXAMPLE_SET);
    await options.waitForSelector(testId('kr-lens-import-preview'));
    await options.click(testId('kr-lens-import-confirm'));
    await options.waitForSelector(testId('kr-lens-import-done'));
    await options.type(testId('kr-lens-linear-key'), SANDBOX_LINEAR_KEY);
    await options.click(testId('kr-lens-save'));
    await waitForPageState(
      options,
      (selector) => /A key is stored/.test(document.querySelector(selector)?.textContent ?? ''),
      [testId('kr-lens-linear-state')],
      20_000,
    );
    await options.close();
  });

  it('shows the KR a Jira story serves through its epic, read from the Jira site with the browser session', async () => {
    const { page, pageErrors } = await trackerTab();
    const before = sandbox.jira.requests.length;
    await page.goto(JIRA_ISSUE);
    await waitInOverlay(page, 'kr-lens-kr', /Checkout API p95/);
    await waitInOverlay(page, 'kr-lens-via', /PLAT-1/);
    expect(await overlayTexts(page, 'kr-lens-kr-card')).toHaveLength(1);
    expect(await overlayTexts(page, 'kr-lens-progress')).toEqual(['33%']);
    await screenshot(page, 'firefox-jira-issue');
    // The background's own requests reached the fake Jira, and every one was in the contract.
    expect(sandbox.jira.requests.length).toBeGreaterThan(before);
    expect(sandbox.jira.violations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('shows the KR a Linear sub-issue serves through its parent, read from the Linear API with the stored key', async () => {
    const { page, pageErrors } = await trackerTab();
    const before = sandbox.linear.requests.length;
    await page.goto(LINEAR_ISSUE);
    await waitInOverlay(page, 'kr-lens-kr', /Crash-free/);
    await waitInOverlay(page, 'kr-lens-via', /MOB-10/);
    await screenshot(page, 'firefox-linear-issue');
    expect(sandbox.linear.requests.length).toBeGreaterThan(before);
    expect(sandbox.linear.violations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
