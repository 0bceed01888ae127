/**
 * Debian's firefox-esr with the Firefox build installed as a temporary add-on over WebDriver BiDi
 * (puppeteer-core), its network pointed at the sandbox. Facts from TOOLCHAIN.md: Firefox has no
 * host-resolver flag, so `network.dns.localDomains` sends the tracker hosts to 127.0.0.1 and the
 * sandbox listens on 443; `--remote-allow-system-access` lets the test open moz-extension pages;
 * the moz-extension UUID is fixed by a pref so the Options URL is known before install.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page, type Viewport } from 'puppeteer-core';

export const FIREFOX_PATH = '/usr/lib/firefox-esr/firefox-esr';
export const TRACKER_HOSTS = ['acme.atlassian.net', 'linear.app', 'api.linear.app'];

export interface FirefoxWithExtension {
  browser: Browser;
  geckoId: string;
  optionsUrl: string;
  /** Opens an extension page; Firefox never reports their load over BiDi, so wait for `selector`. */
  openExtensionPage(url: string, selector: string): Promise<Page>;
  close(): Promise<void>;
}

export function firefoxAvailable(): boolean {
  return existsSync(FIREFOX_PATH);
}

export interface FirefoxOptions {
  extensionDir: string;
  /**
   * Whether Firefox grants the manifest's host permissions at install (its default). Off, the
   * add-on starts as it does for a user who never granted them or revoked them in about:addons.
   */
  grantHostsAtInstall: boolean;
}

export async function launchFirefoxWithExtension(options: FirefoxOptions): Promise<FirefoxWithExtension> {
  const manifest = JSON.parse(readFileSync(join(options.extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings: { gecko: { id: string } };
  };
  const geckoId = manifest.browser_specific_settings.gecko.id;
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    acceptInsecureCerts: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.dns.localDomains': TRACKER_HOSTS.join(','),
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
      'extensions.originControls.grantByDefault': options.grantHostsAtInstall,
      // Firefox's permission prompt is browser chrome, out of BiDi's reach: with prompts off,
      // permissions.request grants at once, still only from a real click (user input).
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  const installed = await browser.installExtension(options.extensionDir);
  if (installed !== geckoId) throw new Error(`Installed ${installed}, expected ${geckoId}`);

  async function openExtensionPage(url: string, selector: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(url, { timeout: 3_000 }).catch(() => undefined);
    await page.waitForSelector(selector, { timeout: 20_000 });
    return page;
  }
  return {
    browser,
    geckoId,
    optionsUrl: `moz-extension://${uuid}/options.html`,
    openExtensionPage,
    close: () => browser.close(),
  };
}

/**
 * Sets a page's viewport and waits until the page has it. Puppeteer sends
 * `emulation.setScreenOrientationOverride` beside `browsingContext.setViewport`, and Firefox 140 ESR
 * (Debian 12's) answers the first with "unknown command" while it applies the second.
 */
export async function setViewport(page: Page, viewport: Viewport): Promise<void> {
  await page.setViewport(viewport).catch((error: Error) => {
    if (!error.message.includes('unknown command')) throw error;
  });
  await waitForPageState(page, (width) => window.innerWidth === width, [viewport.width], 5_000);
}

/** What a predicate can take from Node: plain values, copied into the page. */
type Serializable = string | number | boolean;

/**
 * Waits until `predicate`, run in the page, returns true. Puppeteer's own `waitForFunction` builds
 * its poller with `new Function`, which Firefox 140 refuses on extension pages (their CSP has no
 * unsafe-eval); this polls from Node with `page.evaluate` instead, which BiDi runs as a script call.
 */
export async function waitForPageState<Args extends Serializable[]>(
  page: Page,
  predicate: (...args: Args) => boolean,
  args: Args,
  timeoutMs: number,
): Promise<void> {
  // Plain values cross to the page unchanged; puppeteer's types only allow for handles among them.
  const inPage = predicate as (...values: Serializable[]) => boolean;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(inPage, ...args)) return;
    if (Date.now() > deadline) throw new Error(`The page did not reach the awaited state within ${timeoutMs} ms: ${predicate.toString()}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
}
