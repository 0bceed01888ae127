// @vitest-environment happy-dom
/**
 * The sandbox pages: escaping (every interpolated value, and JSON inside <script>), the hooks
 * each variant offers, and the SPA behaviour — following a link swaps the main area and pushes
 * history without reloading, and the back button restores it.
 */
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DATA_SCRIPT_ID,
  ROUTE_ATTR,
  type SandboxData,
  escapeHtml,
  jiraBoardPath,
  jsonForScript,
  linearIssuePath,
  linearListPath,
  renderJiraBoardPage,
  renderJiraIssuePage,
  renderLinearIssuePage,
  renderLinearListPage,
  slugOf,
} from '../../sandbox/pages';
import { html, raw } from '../../sandbox/pages/html';
import { family, loadHtml } from './helpers';

const jiraIssues = family('PLAT');
const linearIssues = family('ENG');
const board = { id: 1, name: 'PLAT board', projectKey: 'PLAT' };
const hostile = jiraIssues[1]!;

describe('escapeHtml', () => {
  it.each([
    ['plain text', 'plain text'],
    ['', ''],
    ['</script>', '&lt;/script&gt;'],
    ['<!-- comment -->', '&lt;!-- comment --&gt;'],
    ['Tom & "Jerry"', 'Tom &amp; &quot;Jerry&quot;'],
    ["it's", 'it&#39;s'],
    ['`tick`', '&#96;tick&#96;'],
    ['&amp;', '&amp;amp;'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['ünïcødé ✓', 'ünïcødé ✓'],
  ])('%j → %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it('html`` escapes interpolations but not nested html or raw()', () => {
    const title = '<b>x</b>';
    expect(html`<p title="${title}">${title}</p>`.value).toBe('<p title="&lt;b&gt;x&lt;/b&gt;">&lt;b&gt;x&lt;/b&gt;</p>');
    expect(html`<div>${html`<i>${title}</i>`}${raw('<br>')}${[1, null, undefined, false, 'a']}</div>`.value).toBe(
      '<div><i>&lt;b&gt;x&lt;/b&gt;</i><br>1a</div>',
    );
  });
});

describe('jsonForScript', () => {
  const tricky = {
    title: '</script><script>alert(1)</script>',
    other: '<!-- x -->',
    amp: 'a & b',
    seps: 'line\u2028para\u2029end',
    nested: ['</SCRIPT>'],
  };

  it('round-trips through JSON.parse', () => {
    expect(JSON.parse(jsonForScript(tricky))).toEqual(tricky);
  });

  it.each(['</script', '</SCRIPT', '<!--', '<', '>', '&', '\u2028', '\u2029'])('contains no raw %j', (needle) => {
    expect(jsonForScript(tricky)).not.toContain(needle);
  });
});

function pageData(doc: Document): SandboxData {
  return JSON.parse(doc.getElementById(DATA_SCRIPT_ID)!.textContent!) as SandboxData;
}

describe.each([
  ['Jira issue page', () => renderJiraIssuePage(hostile, { issues: jiraIssues }), 'h1'],
  ['Jira board with modal', () => renderJiraBoardPage(board, jiraIssues, hostile.key), '[role="dialog"] h1'],
  ['Linear issue page', () => renderLinearIssuePage({ ...hostile, key: 'ENG-2' }, { issues: linearIssues }), '[aria-label="Issue title"]'],
])('%s with a hostile title', (_name, render, titleSelector) => {
  it('shows the title as text, adds no markup, and keeps the data script intact', () => {
    const doc = loadHtml(render());
    expect(doc.querySelector(titleSelector)!.textContent).toBe(hostile.title);
    expect(doc.querySelectorAll('b')).toHaveLength(0);
    expect(doc.querySelectorAll('script')).toHaveLength(2);
    expect(doc.title).toContain(hostile.title);
    const data = pageData(doc);
    expect(data.issues.map((i) => i.title)).toContain(hostile.title);
    for (const view of Object.values(data.views)) expect(loadHtml(view.html).querySelectorAll('b, script')).toHaveLength(0);
  });
});

describe('routes', () => {
  it.each([
    ['Jira issue page', '/browse/PLAT-1', () => renderJiraIssuePage(jiraIssues[0]!, { issues: jiraIssues })],
    ['Jira board', jiraBoardPath(board), () => renderJiraBoardPage(board, jiraIssues)],
    [
      'Jira board with selected issue',
      `${jiraBoardPath(board)}?selectedIssue=PLAT-3`,
      () => renderJiraBoardPage(board, jiraIssues, 'PLAT-3'),
    ],
    ['Linear issue page', linearIssuePath(linearIssues[0]!), () => renderLinearIssuePage(linearIssues[0]!, { issues: linearIssues })],
    ['Linear list', linearListPath(linearIssues, { listTab: 'all' }), () => renderLinearListPage(linearIssues, { listTab: 'all' })],
  ])('%s is at %s, and every internal issue link has a view to go to', (_name, route, render) => {
    const doc = loadHtml(render());
    expect(doc.documentElement.getAttribute(ROUTE_ATTR)).toBe(route);
    const views = pageData(doc).views;
    expect(Object.keys(views)).toContain(route);
    // The breadcrumb's own link, card key links and "open in new tab" make a full load, as in Jira.
    const fullLoads =
      '[data-testid$="current-issue-container"], [data-testid="platform-card.common.ui.key.key"], [data-testid$="new-tab-link"]';
    const issueLinks = Array.from(
      doc.querySelectorAll('a[href*="selectedIssue="], a[href*="/issue/"], main a[href^="/browse/"], [data-sandbox-href]'),
    )
      .filter((a) => !a.closest(fullLoads))
      .map((a) => a.getAttribute('href') ?? a.getAttribute('data-sandbox-href')!);
    expect(issueLinks.length).toBeGreaterThan(0);
    for (const href of issueLinks) expect(Object.keys(views)).toContain(href);
  });

  it('the backlog tab lists only backlog issues', () => {
    const issues = [...linearIssues, { key: 'ENG-9', title: 'Someday', status: 'Backlog', type: 'task' }];
    const doc = loadHtml(renderLinearListPage(issues, { listTab: 'backlog' }));
    expect(Array.from(doc.querySelectorAll('main a[href*="/issue/"]')).map((a) => a.getAttribute('href'))).toEqual([
      '/acme/issue/ENG-9/someday',
    ]);
  });

  it('slugs are what Linear makes of a title', () => {
    expect(slugOf('One-click pay </script><!-- <b>bold</b> & "quotes"')).toBe('one-click-pay-script-b-bold-b-quotes');
    expect(slugOf('✓✓✓')).toBe('issue');
    expect(linearIssuePath(linearIssues[0]!)).toBe('/acme/issue/ENG-1/checkout-revamp');
  });

  it('the theme option sets the attribute each app sets', () => {
    expect(loadHtml(renderJiraIssuePage(jiraIssues[0]!, { theme: 'dark' })).documentElement.getAttribute('data-color-mode')).toBe('dark');
    expect(loadHtml(renderLinearListPage(linearIssues, { theme: 'dark' })).documentElement.getAttribute('style')).toContain(
      'color-scheme: dark',
    );
  });
});

describe('SPA navigation', () => {
  const windows: Window[] = [];
  afterEach(async () => {
    await Promise.all(windows.splice(0).map((w) => w.happyDOM.close()));
  });

  async function open(url: string, page: string): Promise<Window> {
    const window = new Window({ url, settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true } });
    windows.push(window);
    window.document.write(page);
    await window.happyDOM.waitUntilComplete();
    // A reload would lose this.
    (window as unknown as { spaMarker: number }).spaMarker = 42;
    return window;
  }

  // happy-dom's own Element type differs from lib.dom's; the predicates only read attributes.
  const clickLink = (window: Window, predicate: (a: Element) => boolean) => {
    const candidates = Array.from(window.document.querySelectorAll('a, [data-sandbox-href]')) as unknown as Array<
      Element & { click(): void }
    >;
    const link = candidates.find(predicate);
    expect(link).toBeDefined();
    link!.click();
  };

  const marker = (window: Window) => (window as unknown as { spaMarker?: number }).spaMarker;

  it('Jira: a child link swaps the issue view and pushes /browse/KEY; back restores it', async () => {
    const window = await open('https://acme.atlassian.net/browse/PLAT-1', renderJiraIssuePage(jiraIssues[0]!, { issues: jiraIssues }));
    clickLink(window, (a) => a.textContent === 'PLAT-3' && a.getAttribute('data-testid')?.includes('issue-key-cell') === true);
    expect(window.location.pathname).toBe('/browse/PLAT-3');
    expect(window.document.querySelector('h1')!.textContent).toBe('Fix card validation');
    expect(window.document.title).toBe('[PLAT-3] Fix card validation - Jira');
    expect(marker(window)).toBe(42);
    window.history.back();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(window.location.pathname).toBe('/browse/PLAT-1');
    expect(window.document.querySelector('h1')!.textContent).toBe('Checkout revamp');
  });

  it('Jira board: clicking a card opens it beside the board, closing it drops selectedIssue', async () => {
    const path = jiraBoardPath(board);
    const window = await open(
      `https://acme.atlassian.net${path}`,
      renderJiraBoardPage(board, jiraIssues, undefined, { boardIssueView: 'panel' }),
    );
    expect(window.document.querySelector('[data-testid="preview-panels.preview-panel"]')).toBeNull();
    clickLink(window, (el) => el.id === 'card-PLAT-4');
    expect(window.location.search).toBe('?selectedIssue=PLAT-4');
    expect(window.document.querySelector('[data-testid="preview-panels.preview-panel"] h1')!.textContent).toBe('Validate expiry dates');
    clickLink(window, (el) => el.getAttribute('aria-label') === 'Close');
    expect(window.location.pathname + window.location.search).toBe(path);
    expect(window.document.querySelector('[data-testid="preview-panels.preview-panel"]')).toBeNull();
    expect(marker(window)).toBe(42);
  });

  it('Linear: a row opens the issue, the breadcrumb returns to the list, without reloads', async () => {
    const window = await open(`https://linear.app${linearListPath(linearIssues)}`, renderLinearListPage(linearIssues));
    clickLink(window, (a) => a.getAttribute('href') === linearIssuePath(linearIssues[3]!));
    expect(window.location.pathname).toBe('/acme/issue/ENG-4/validate-expiry-dates');
    expect(window.document.querySelector('[aria-label="Issue title"]')!.textContent).toBe('Validate expiry dates');
    clickLink(window, (a) => a.textContent === 'Engineering');
    expect(window.location.pathname).toBe('/acme/team/ENG/active');
    expect(window.document.querySelector('[aria-label="Issue title"]')).toBeNull();
    expect(marker(window)).toBe(42);
  });

  it('links outside the embedded pages are left to the browser', async () => {
    const window = await open('https://acme.atlassian.net/browse/PLAT-1', renderJiraIssuePage(jiraIssues[0]!, { issues: jiraIssues }));
    const event = new window.MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    const external = window.document.querySelector('a[href$="/summary"]')!;
    external.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
    const modified = new window.MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ctrlKey: true });
    window.document
      .querySelector('a[data-testid="native-issue-table.common.ui.issue-cells.issue-key.issue-key-cell"]')!
      .dispatchEvent(modified);
    expect(modified.defaultPrevented).toBe(false);
  });
});
