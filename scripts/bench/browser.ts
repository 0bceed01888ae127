/**
 * Chromium for the benchmarks: the e2e harness (sandbox + built extension, configured through
 * Options as a user does), a plain Chromium without the extension for comparisons, and a probe
 * that timestamps the overlay in the page.
 *
 * The probe runs in the page's main world from the first byte (an init script). Open shadow roots
 * are visible there, so it sees our host element appear (the content script has read the issue
 * key from the URL and mounted: "the key is known"), the first answer rendered into its shadow
 * root (a KR card, "not tied to any objective" or "run work"), and, a frame later, the paint.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { sandboxNetworkArgs } from '../../tests/e2e/chromium';
import { requireBrowser } from '../../tests/e2e/find-browser';
import { startE2E, type E2E } from '../../tests/e2e/harness';
import type { Sandbox } from '../../tests/sandbox';

export interface ProbeTimes {
  /** ms since navigation start (page's performance.now()). */
  host: number | null;
  answer: number | null;
  paint: number | null;
  /** The live answer in the DOM: an answer with no kept-answer mark (the same as `answer` when nothing was kept). */
  live?: number | null;
  /** The issue key on the host that showed the answer. */
  key: string | null;
  /** Set by `armProbe` for SPA navigation: the time the click was made. */
  armedAt: number | null;
}

/** Installed with `addInitScript`; plain ES2017 so it needs no build step. */
export const PAINT_PROBE = `(() => {
  const ANSWER = '[data-testid="kr-lens-kr-card"],[data-testid="kr-lens-unaligned"],[data-testid="kr-lens-run"]';
  const KEPT = '[data-testid="kr-lens-cached"]';
  const probe = { host: null, answer: null, paint: null, live: null, key: null, armedAt: null, want: null };
  window.__krLensProbe = probe;
  const watched = new WeakSet();
  const afterPaint = (record) => requestAnimationFrame(() => setTimeout(() => record(performance.now()), 0));
  function check() {
    const now = performance.now();
    for (const host of document.querySelectorAll('kr-lens-overlay')) {
      if (probe.host === null) probe.host = now;
      const root = host.shadowRoot;
      if (root && !watched.has(root)) {
        watched.add(root);
        new MutationObserver(check).observe(root, { childList: true, subtree: true, attributes: true });
      }
      const key = host.getAttribute('data-kr-lens-key');
      if (probe.want !== null && key !== probe.want) continue;
      if (probe.live === null && root && root.querySelector(ANSWER) && !root.querySelector(KEPT)) probe.live = now;
      if (probe.answer !== null) continue;
      if (root && root.querySelector(ANSWER)) {
        probe.answer = now;
        probe.key = key;
        afterPaint((t) => { probe.paint = t; });
      }
    }
  }
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-kr-lens-key'] });
  window.__krLensArm = (want) => {
    probe.host = null; probe.answer = null; probe.paint = null; probe.live = null; probe.key = null; probe.want = want;
    probe.armedAt = performance.now();
    return probe.armedAt;
  };
})();`;

export async function startBenchBrowser(): Promise<E2E> {
  const e2e = await startE2E();
  await e2e.browser.context.addInitScript(PAINT_PROBE);
  return e2e;
}

export async function readProbe(page: Page): Promise<ProbeTimes> {
  return page.evaluate(() => {
    const probe = (window as unknown as { __krLensProbe: ProbeTimes }).__krLensProbe;
    return { host: probe.host, answer: probe.answer, paint: probe.paint, live: probe.live, key: probe.key, armedAt: probe.armedAt };
  });
}

/** Waits until the probe has seen the answer painted; throws with what it saw after `timeoutMs`. */
export async function waitForPaint(page: Page, timeoutMs = 15_000): Promise<ProbeTimes> {
  try {
    await page.waitForFunction(() => (window as unknown as { __krLensProbe?: ProbeTimes }).__krLensProbe?.paint != null, undefined, {
      timeout: timeoutMs,
      polling: 20,
    });
  } catch (error) {
    throw new Error(`The overlay's answer was not painted on ${page.url()}: ${JSON.stringify(await readProbe(page).catch(() => null))}`, {
      cause: error,
    });
  }
  return readProbe(page);
}

/** A full navigation and the probe's times for it. */
export async function navigateAndTime(page: Page, url: string): Promise<ProbeTimes> {
  await page.goto(url, { waitUntil: 'commit' });
  return waitForPaint(page);
}

/** As `navigateAndTime`, and also waits for the live answer when a kept one was painted first. */
export async function navigateAndTimeLive(page: Page, url: string, timeoutMs = 15_000): Promise<ProbeTimes> {
  await navigateAndTime(page, url);
  await page.waitForFunction(() => (window as unknown as { __krLensProbe?: ProbeTimes }).__krLensProbe?.live != null, undefined, {
    timeout: timeoutMs,
    polling: 20,
  });
  return readProbe(page);
}

/** SPA navigation: clicks the first link to `href` and times the overlay of `wantKey` from the click. */
export async function clickAndTime(page: Page, hrefSuffix: string, wantKey: string): Promise<ProbeTimes> {
  await page.evaluate(
    ({ suffix, want }) => {
      const link = [...document.querySelectorAll('a[href]')].find((a) => a.getAttribute('href')!.endsWith(suffix)) as
        | HTMLElement
        | undefined;
      if (!link) throw new Error(`no link to ${suffix} on ${location.href}`);
      (window as unknown as { __krLensArm(want: string): number }).__krLensArm(want);
      link.click();
    },
    { suffix: hrefSuffix, want: wantKey },
  );
  return waitForPaint(page);
}

/** Chromium with the same network mapping and flags as the e2e harness, without the extension. */
export async function launchPlain(sandbox: Sandbox): Promise<BrowserContext> {
  return chromium.launchPersistentContext('', {
    executablePath: requireBrowser(),
    headless: true,
    viewport: { width: 1280, height: 860 },
    ignoreHTTPSErrors: true,
    args: sandboxNetworkArgs(sandbox.hostResolverRules),
  });
}

/** Tracker requests the sandbox recorded (API calls, not page loads). */
export const apiRequestCount = (sandbox: Sandbox): number =>
  sandbox.jira.requests.filter((r) => r.path.startsWith('/rest/')).length + sandbox.linear.requests.length;
