/**
 * One sandbox and one Chromium with the built extension per test file, configured the way a
 * user does it: import the example OKR set and enter the Linear key in Options.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { startSandbox, SANDBOX_LINEAR_KEY, type Sandbox } from '../sandbox';
import { launchWithExtension, type ExtensionBrowser, type ProcessModel } from './chromium';
import { readOptionsState, waitForOptionsState } from './options-state';

const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = resolve(ROOT, '.output/chrome-mv3');
export const EXAMPLE_SET = resolve(ROOT, 'public/examples/acme.okr.json');
export const SCREENSHOTS = resolve(ROOT, 'test-results/screenshots');

export interface E2E {
  sandbox: Sandbox;
  browser: ExtensionBrowser;
  /** A new tab that records page errors (ours must never surface there). */
  newPage(): Promise<TrackedPage>;
  close(): Promise<void>;
}

export interface TrackedPage {
  page: Page;
  pageErrors: Error[];
  consoleErrors: string[];
}

export async function startE2E(
  options: { colorScheme?: 'light' | 'dark'; configure?: boolean; headless?: boolean; processes?: ProcessModel } = {},
): Promise<E2E> {
  if (!existsSync(resolve(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`The extension is not built: run "npm run build" first (looked in ${EXTENSION_DIR}).`);
  }
  const sandbox = await startSandbox();
  const browser = await launchWithExtension({
    extensionDir: EXTENSION_DIR,
    hostResolverRules: sandbox.hostResolverRules,
    ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
    ...(options.headless !== undefined ? { headless: options.headless } : {}),
    ...(options.processes ? { processes: options.processes } : {}),
  });
  const e2e: E2E = {
    sandbox,
    browser,
    async newPage() {
      const page = await browser.context.newPage();
      const tracked: TrackedPage = { page, pageErrors: [], consoleErrors: [] };
      page.on('pageerror', (error) => tracked.pageErrors.push(error));
      page.on('console', (message: ConsoleMessage) => {
        if (message.type() === 'error') tracked.consoleErrors.push(message.text());
      });
      return tracked;
    },
    async close() {
      await browser.close();
      await sandbox.close();
    },
  };
  if (options.configure !== false) await configureLikeAUser(e2e);
  return e2e;
}

export const optionsUrl = (e2e: E2E) => `chrome-extension://${e2e.browser.extensionId}/options.html`;

/** Options: import the example set (preview, confirm), then save the Linear key. */
export async function configureLikeAUser(e2e: E2E): Promise<void> {
  const { page } = await e2e.newPage();
  await page.goto(optionsUrl(e2e));
  await importExampleSet(page);
  await saveLinearKey(page);
  await page.close();
}

/** In an open Options page: import the example set (preview, confirm). */
export async function importExampleSet(page: Page): Promise<void> {
  await page.getByTestId('kr-lens-import-file').setInputFiles(EXAMPLE_SET);
  await page.getByTestId('kr-lens-import-preview').waitFor();
  await page.getByTestId('kr-lens-import-confirm').click();
  await page.getByTestId('kr-lens-import-done').waitFor();
}

/**
 * In an open Options page: enter the sandbox's Linear key and save. The key shows as stored at
 * once; then this waits for the connection check to say Linear accepts it, so the workspace is
 * learned before anything uses Linear, and fails with the check's own sentence when it does not.
 */
export async function saveLinearKey(page: Page): Promise<void> {
  await page.getByTestId('kr-lens-linear-key').fill(SANDBOX_LINEAR_KEY);
  await page.getByTestId('kr-lens-save').click();
  try {
    await waitForOptionsState(page, 'kr-lens-linear-state', ['stored']);
  } catch (error) {
    const said = await page
      .getByTestId('kr-lens-save-status')
      .textContent()
      .catch(() => null);
    throw new Error(`${(error as Error).message} Save connections said: "${said ?? '(nothing)'}".`, { cause: error });
  }
  // Longer than the stored wait: this one includes a request to the sandbox's Linear.
  const check = await waitForOptionsState(page, 'kr-lens-linear-connection', ['connected', 'error'], 60_000);
  if (check !== 'connected') {
    const seen = await readOptionsState(page, 'kr-lens-linear-connection');
    throw new Error(`kr-lens-linear-connection: the check of the saved Linear key ended in ${seen.state}: "${seen.text}"`);
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = resolve(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Requests the extension's service worker made to the trackers while `action` ran. */
export async function trackerRequestsDuring(e2e: E2E, action: () => Promise<void>): Promise<number> {
  const before = e2e.sandbox.jira.requests.length + e2e.sandbox.linear.requests.length;
  await action();
  return e2e.sandbox.jira.requests.length + e2e.sandbox.linear.requests.length - before;
}
