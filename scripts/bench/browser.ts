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

const BINDING = '__krLensBenchReport';

/** Installed with `addInitScript`; plain ES2017 so it needs no build step. */
export const PAINT_PROBE = `(() => {
  const ANSWER = '[data-testid="kr-lens-kr-card"],[data-testid="kr-lens-unaligned"],[data-testid="kr-lens-run"]';
  const KEPT = '[data-testid="kr-lens-cached"]';
  const probe = { host: null, answer: null, paint: null, live: null, key: null, armedAt: null, want: null };
  window.__krLensProbe = probe;
  const watched = new WeakSet();
  const afterPaint = (record) => requestAnimationFrame(() => setTimeout(() => record(performance.now()), 0));
  // Told to the bench through a CDP binding: waiting never runs script in the page while it loads.
  const report = () => {
    const tell = window.${BINDING};
    if (typeof tell !== 'function' || probe.paint === null) return;
    const { want, ...times } = probe;
    tell(JSON.stringify({ ...times, href: location.href, origin: performance.timeOrigin }));
  };
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
      if (probe.live === null && root && root.querySelector(ANSWER) && !root.querySelector(KEPT)) {
        probe.live = now;
        report();
      }
      if (probe.answer !== null) continue;
      if (root && root.querySelector(ANSWER)) {
        probe.answer = now;
        probe.key = key;
        afterPaint((t) => { probe.paint = t; report(); });
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

/** What the probe reports through the binding: its times, and which document they belong to. */
interface ProbeReport extends ProbeTimes {
  href: string;
  origin: number;
}

/**
 * The probe's reports for one page, through a CDP binding. Waiting with Playwright's
 * `waitForFunction` would compile its injected script into each new document while the page
 * loads, 20–50 ms of main thread inside the very window being timed (seen in a trace); a binding
 * runs nothing in the page until the probe calls it.
 */
class ProbeWatcher {
  private reports: ProbeReport[] = [];
  private waiters = new Set<() => void>();
  /** The document of the last navigation timed: reports of an earlier one are late, not ours. */
  lastOrigin = 0;
  private constructor(private readonly page: Page) {}

  static async attach(page: Page): Promise<ProbeWatcher> {
    const cdp = await page.context().newCDPSession(page);
    const watcher = new ProbeWatcher(page);
    cdp.on('Runtime.bindingCalled', (event: { name: string; payload: string }) => {
      if (event.name !== BINDING) return;
      watcher.reports.push(JSON.parse(event.payload) as ProbeReport);
      for (const wake of watcher.waiters) wake();
    });
    await cdp.send('Runtime.enable');
    await cdp.send('Runtime.addBinding', { name: BINDING });
    return watcher;
  }

  /** The next report (from now on) that `accept` takes; throws with what the probe saw after `timeoutMs`. */
  async next(accept: (report: ProbeReport) => boolean, timeoutMs: number): Promise<ProbeTimes> {
    const from = this.reports.length;
    const found = () => this.reports.slice(from).find(accept);
    const report = await new Promise<ProbeReport | undefined>((resolve) => {
      const wake = () => {
        const hit = found();
        if (!hit) return;
        cleanup();
        resolve(hit);
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(undefined);
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
      wake();
    });
    if (!report) {
      const seen = await readProbe(this.page).catch(() => null);
      throw new Error(`The overlay's answer was not painted on ${this.page.url()}: ${JSON.stringify(seen)}`);
    }
    const { href: _href, origin: _origin, ...times } = report;
    return times;
  }

  /** Looks at the reports again (a waiter's condition changed). */
  poke(): void {
    for (const wake of this.waiters) wake();
  }
}

const watchers = new WeakMap<Page, Promise<ProbeWatcher>>();
function watcherOf(page: Page): Promise<ProbeWatcher> {
  let watcher = watchers.get(page);
  if (!watcher) {
    watcher = ProbeWatcher.attach(page);
    watchers.set(page, watcher);
  }
  return watcher;
}

/** A full navigation and the probe's times for it (`live`: wait for the worker's own answer too). */
async function navigateFor(page: Page, url: string, live: boolean, timeoutMs: number): Promise<ProbeTimes> {
  const watcher = await watcherOf(page);
  // Only a document loaded after the last one timed: the same URL is opened many times in a row.
  const previous = watcher.lastOrigin;
  let origin = 0;
  const times = watcher.next((report) => {
    if (report.origin <= previous || report.armedAt !== null || report.paint === null) return false;
    origin = report.origin;
    return !live || report.live !== null;
  }, timeoutMs);
  await page.goto(url, { waitUntil: 'commit' });
  const result = await times;
  watcher.lastOrigin = origin;
  return result;
}

export const navigateAndTime = (page: Page, url: string, timeoutMs = 15_000): Promise<ProbeTimes> =>
  navigateFor(page, url, false, timeoutMs);

/** As `navigateAndTime`, and also waits for the live answer when a kept one was painted first. */
export const navigateAndTimeLive = (page: Page, url: string, timeoutMs = 15_000): Promise<ProbeTimes> =>
  navigateFor(page, url, true, timeoutMs);

/** SPA navigation: clicks the first link to `href` and times the overlay of `wantKey` from the click. */
export async function clickAndTime(page: Page, hrefSuffix: string, wantKey: string, timeoutMs = 15_000): Promise<ProbeTimes> {
  const watcher = await watcherOf(page);
  let armedAt: number | null = null;
  const times = watcher.next((report) => armedAt !== null && report.armedAt === armedAt && report.paint !== null, timeoutMs);
  armedAt = await page.evaluate(
    ({ suffix, want }) => {
      const link = [...document.querySelectorAll('a[href]')].find((a) => a.getAttribute('href')!.endsWith(suffix)) as
        | HTMLElement
        | undefined;
      if (!link) throw new Error(`no link to ${suffix} on ${location.href}`);
      const armed = (window as unknown as { __krLensArm(want: string): number }).__krLensArm(want);
      link.click();
      return armed;
    },
    { suffix: hrefSuffix, want: wantKey },
  );
  watcher.poke();
  return times;
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
