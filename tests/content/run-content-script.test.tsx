// @vitest-environment happy-dom
/**
 * The shared content script on a live page (happy-dom, the sandbox's Jira and Linear pages, the
 * real page drivers): board markers stay while an issue opened from the board shows its overlay,
 * and a theme switch on the page re-renders the overlay and the markers in place.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jiraPageDriver as jira } from '../../lib/trackers/jira/page';
import { linearPageDriver as linear } from '../../lib/trackers/linear/page';
import { runContentScript, type PageContext, type PageDriver } from '../../lib/content/run-content-script';
import { createServiceClient, type ServiceRequest } from '../../lib/messaging';
import type { MarkerView } from '../../lib/view/types';
import { view } from '../components/fixtures';
import { jiraBoardPath, linearIssuePath, renderJiraBoardPage, renderLinearIssuePage, type SandboxIssue } from '../sandbox/pages';
import { family } from '../trackers/pages/helpers';

const SITE = 'https://acme.atlassian.net';
const board = { id: 1, name: 'PLAT board', projectKey: 'PLAT' };
const BOARD = `${SITE}${jiraBoardPath(board)}`;
const issues = family('PLAT');

interface Running {
  requests: ServiceRequest[];
  /** What WXT's `wxt:locationchange` would do after the page's router changed the URL. */
  navigate(url: string): void;
}

let stop: AbortController | null = null;
afterEach(() => {
  stop?.abort();
  stop = null;
});

/** The page as the browser would have it, without its scripts (the router is played by `navigate`). */
function loadPage(url: string, html: string): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  for (const script of parsed.querySelectorAll('script:not([type="application/json"])')) script.remove();
  const root = document.documentElement;
  for (const name of root.getAttributeNames()) root.removeAttribute(name);
  for (const name of parsed.documentElement.getAttributeNames()) root.setAttribute(name, parsed.documentElement.getAttribute(name)!);
  document.head.replaceChildren(...Array.from(parsed.head.childNodes, (node) => document.importNode(node, true)));
  document.body.replaceChildren(...Array.from(parsed.body.childNodes, (node) => document.importNode(node, true)));
}

/** The sandbox router's work: swap the outlet for the route's view and push the URL. */
function route(url: string): void {
  const views = JSON.parse(document.getElementById('kr-sandbox-data')!.textContent!).views as Record<string, { html: string }>;
  const next = new URL(url, location.href);
  const found = views[next.pathname + next.search];
  history.pushState({}, '', next.href);
  if (found) document.querySelector('[data-sandbox-outlet]')!.innerHTML = found.html;
}

function start(
  driver: PageDriver,
  markers: (key: string) => MarkerView = (key) => ({ key, classification: 'unaligned', krTitles: [] }),
): Running {
  const requests: ServiceRequest[] = [];
  const client = createServiceClient(async (message) => {
    requests.push(message);
    const params = message.params as { key?: string; keys?: string[] };
    if (message.method === 'getIssueOverlay')
      return { ok: true, value: { state: 'ok', view: view({ issue: { ...view().issue, key: params.key! } }) } };
    if (message.method === 'getBoardMarkers') return { ok: true, value: params.keys!.map(markers) };
    return { ok: true, value: null };
  });
  stop = new AbortController();
  let listener: (url: string) => void = () => undefined;
  const ctx: PageContext = { signal: stop.signal, onLocationChange: (next) => (listener = next) };
  runContentScript(ctx, driver, client);
  return {
    requests,
    navigate(url) {
      route(url);
      listener(location.href);
    },
  };
}

const markerHosts = () => Array.from(document.querySelectorAll('kr-lens-marker'));
const markerThemes = () => markerHosts().map((host) => host.shadowRoot?.querySelector('[data-theme]')?.getAttribute('data-theme'));
const overlayHost = () => document.querySelector('kr-lens-overlay');
const overlaySection = () => overlayHost()?.shadowRoot?.querySelector('[data-testid="kr-lens-overlay"]') ?? null;
const calls = (running: Running, method: string) => running.requests.filter((request) => request.method === method).length;

describe('board markers while an issue is open beside the board', () => {
  it('keeps the same markers while ?selectedIssue= shows the overlay, and after the panel closes', async () => {
    loadPage(BOARD, renderJiraBoardPage(board, issues, undefined, { boardIssueView: 'compact' }));
    const running = start(jira);
    await vi.waitFor(() => expect(markerHosts()).toHaveLength(4));
    const before = markerHosts();

    running.navigate(`${BOARD}?selectedIssue=PLAT-3`);
    await vi.waitFor(() => expect(overlaySection()).not.toBeNull());
    expect(overlayHost()!.closest('[data-testid="issue.views.issue-details.issue-layout.compact-layout"]')).not.toBeNull();
    expect(markerHosts()).toEqual(before);
    for (const host of before) expect(host.isConnected).toBe(true);

    running.navigate(BOARD);
    await vi.waitFor(() => expect(overlayHost()).toBeNull());
    expect(markerHosts()).toEqual(before);
    // Never taken down, so never asked for again.
    expect(calls(running, 'getBoardMarkers')).toBe(1);
  });

  it('opened on a board URL with ?selectedIssue=, marks the board too', async () => {
    loadPage(`${BOARD}?selectedIssue=PLAT-4`, renderJiraBoardPage(board, issues, 'PLAT-4'));
    start(jira);
    await vi.waitFor(() => expect(overlaySection()).not.toBeNull());
    await vi.waitFor(() => expect(markerHosts()).toHaveLength(4));
  });

  it('takes the markers off when the page is an issue page with no board', async () => {
    loadPage(`${BOARD}?selectedIssue=PLAT-3`, renderJiraBoardPage(board, issues, 'PLAT-3'));
    const running = start(jira);
    await vi.waitFor(() => expect(markerHosts()).toHaveLength(4));
    running.navigate(`${SITE}/browse/PLAT-3`);
    expect(markerHosts()).toHaveLength(0);
    await vi.waitFor(() => expect(overlaySection()).not.toBeNull());
  });
});

describe('a theme switch on the page', () => {
  it('Jira: re-renders the overlay and the markers in place when data-color-mode changes', async () => {
    loadPage(`${BOARD}?selectedIssue=PLAT-3`, renderJiraBoardPage(board, issues, 'PLAT-3', { theme: 'light' }));
    const running = start(jira);
    await vi.waitFor(() => expect(overlaySection()?.getAttribute('data-theme')).toBe('light'));
    await vi.waitFor(() => expect(markerThemes()).toEqual(['light', 'light', 'light', 'light']));
    const host = overlayHost();
    const markersBefore = markerHosts();

    document.documentElement.setAttribute('data-color-mode', 'dark');
    await vi.waitFor(() => expect(overlaySection()?.getAttribute('data-theme')).toBe('dark'));
    await vi.waitFor(() => expect(markerThemes()).toEqual(['dark', 'dark', 'dark', 'dark']));
    expect(overlayHost()).toBe(host);
    expect(markerHosts()).toEqual(markersBefore);

    document.documentElement.setAttribute('data-color-mode', 'light');
    await vi.waitFor(() => expect(overlaySection()?.getAttribute('data-theme')).toBe('light'));
    await vi.waitFor(() => expect(markerThemes()).toEqual(['light', 'light', 'light', 'light']));
    // Re-rendered from what the overlay already had: no new request for a theme.
    expect(calls(running, 'getIssueOverlay')).toBe(1);
    expect(calls(running, 'getBoardMarkers')).toBe(1);
  });

  it('Linear: follows the color-scheme on <html>', async () => {
    const linearIssues: SandboxIssue[] = family('ENG');
    loadPage(
      `https://linear.app${linearIssuePath(linearIssues[0]!)}`,
      renderLinearIssuePage(linearIssues[0]!, { issues: linearIssues, theme: 'dark' }),
    );
    start(linear);
    await vi.waitFor(() => expect(overlaySection()?.getAttribute('data-theme')).toBe('dark'));
    document.documentElement.style.colorScheme = 'light';
    await vi.waitFor(() => expect(overlaySection()?.getAttribute('data-theme')).toBe('light'));
  });
});

describe('the first answer on an issue page', () => {
  const ISSUE = `${SITE}/browse/PLAT-3`;

  /** A client and a render cache that answer at once, noting whether our host was in the page when asked. */
  function answeringAtOnce() {
    const askedWithHost: Record<string, boolean> = {};
    const client = createServiceClient(async (message) => {
      askedWithHost[message.method] = overlayHost() !== null;
      if (message.method === 'getIssueOverlay') return { ok: true, value: { state: 'ok', view: view() } };
      return { ok: true, value: null };
    });
    const renderCache = {
      get: async () => {
        askedWithHost['renderCache'] = overlayHost() !== null;
        return {};
      },
      set: async () => undefined,
      remove: async () => undefined,
    };
    return { client, renderCache, askedWithHost };
  }

  function run(client: ReturnType<typeof createServiceClient>, renderCache: Parameters<typeof runContentScript>[3]) {
    stop = new AbortController();
    runContentScript({ signal: stop.signal, onLocationChange: () => undefined }, jira, client, renderCache);
  }

  it('asks the background and the render cache before the overlay is placed, not after', async () => {
    loadPage(ISSUE, renderJiraBoardPage(board, issues, 'PLAT-3'));
    const { client, renderCache, askedWithHost } = answeringAtOnce();
    run(client, renderCache);
    expect(overlayHost()).not.toBeNull();
    await vi.waitFor(() => expect(overlaySection()).not.toBeNull());
    expect(askedWithHost).toMatchObject({ getIssueOverlay: false, renderCache: false });
  });

  it('draws an answer that comes before the next frame without waiting for that frame', async () => {
    loadPage(ISSUE, renderJiraBoardPage(board, issues, 'PLAT-3'));
    // No frame and no timer runs: only promise callbacks may bring the answer on screen.
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'requestAnimationFrame', 'cancelAnimationFrame'],
    });
    try {
      const { client, renderCache } = answeringAtOnce();
      run(client, renderCache);
      for (let tick = 0; tick < 50 && !overlaySection(); tick++) await Promise.resolve();
      expect(overlaySection()).not.toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
