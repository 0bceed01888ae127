/**
 * Linear pages: which issue or list a URL shows, where the overlay goes, which rows are issues,
 * and which theme the page uses. Linear's markup is minified (class names change with every
 * release), so identity comes from the URL alone and the DOM is used only through accessible
 * names and editor attributes, with a floating fallback. Runs in the content script.
 */
import {
  type AnchorCandidate,
  type Mount,
  type ResolvedAnchor,
  type SelectorGroup,
  type SelectorHealthEntry,
  type Theme,
  backgroundTheme,
  ensureMount,
  findAnchor,
  normaliseIssueKey,
  parseHttpUrl,
  pathSegments,
  removeMounts,
  safeQueryAll,
  selectorHealth,
  themeFromColorScheme,
  themeFromWord,
  type PageDriver,
} from '../page-common';

export const LINEAR_HOST = 'linear.app';

export type LinearListView = 'team' | 'cycle' | 'my-issues' | 'project' | 'view';

export type LinearPage =
  | { type: 'issue'; key: string; workspace: string; site: string }
  | { type: 'list'; view: LinearListView; workspace: string; site: string; teamKey?: string };

// ---- URL ----------------------------------------------------------------------------------------

const WORKSPACE = /^[a-z0-9][a-z0-9-]*$/i;
const TEAM_KEY = /^[A-Za-z0-9][A-Za-z0-9_]*$/;
const TEAM_LISTS = new Set(['all', 'active', 'backlog', 'triage', 'board']);
const MY_ISSUES_TABS = new Set(['assigned', 'created', 'subscribed', 'activity']);

function listPage(rest: readonly string[], workspace: string, site: string): LinearPage | null {
  const [section, second, third, fourth] = rest.map((s) => s.toLowerCase());
  if (section === 'team' && rest[1] && TEAM_KEY.test(rest[1])) {
    const teamKey = rest[1].toUpperCase();
    if (rest.length === 3 && third && TEAM_LISTS.has(third)) return { type: 'list', view: 'team', workspace, site, teamKey };
    // `cycle/current`, `cycle/upcoming`, `cycle/previous`, `cycle/42`
    if (rest.length === 4 && third === 'cycle' && fourth) return { type: 'list', view: 'cycle', workspace, site, teamKey };
    return null;
  }
  if (section === 'my-issues' && (rest.length === 1 || (rest.length === 2 && second && MY_ISSUES_TABS.has(second)))) {
    return { type: 'list', view: 'my-issues', workspace, site };
  }
  // A project's page and its issue list; its updates, documents and settings show no issue rows.
  if (section === 'project' && second && (rest.length === 2 || (rest.length === 3 && third === 'issues'))) {
    return { type: 'list', view: 'project', workspace, site };
  }
  if (section === 'view' && second && rest.length === 2) return { type: 'list', view: 'view', workspace, site };
  return null;
}

/**
 * Which Linear page a URL is: `https://linear.app/<workspace>/issue/KEY-n[/<slug>]` → issue; team
 * lists (`/team/KEY/active|all|backlog|triage|board`, `/team/KEY/cycle/…`), `my-issues`, projects
 * and custom views → list; anything else (settings, inbox, login, other hosts) → null.
 *
 * Peeking at an issue from a list (space bar) does not change the URL, so a peek is a list page:
 * the overlay shows on the issue's own page, and the list gets row markers.
 */
export function parseLinearLocation(url: string): LinearPage | null {
  const parsed = parseHttpUrl(url);
  if (!parsed || parsed.hostname !== LINEAR_HOST) return null;
  const site = parsed.origin;
  const [workspaceSegment, ...rest] = pathSegments(parsed);
  if (!workspaceSegment || !WORKSPACE.test(workspaceSegment)) return null;
  const workspace = workspaceSegment.toLowerCase();
  if (rest[0]?.toLowerCase() === 'issue' && (rest.length === 2 || rest.length === 3)) {
    const key = normaliseIssueKey(rest[1]);
    return key ? { type: 'issue', key, workspace, site } : null;
  }
  return listPage(rest, workspace, site);
}

// ---- selectors ----------------------------------------------------------------------------------

// 2026-11: Linear's issue view edits the title in a ProseMirror editor with the accessible name
// "Issue title"; the overlay goes right after it, above the description. Class names are minified
// and never used.
// 2026-12: scoped to the issue view, `[data-view-id="issue-view"]`, as maintained extensions do
// (2026-04); if the label changes, the issue view's first textbox is its title (`role="textbox"`,
// which other extensions rely on, rather than `aria-multiline`).
const ISSUE_VIEW = '[data-view-id="issue-view"]';
const TITLE_EDITOR = '[aria-label="Issue title"]';

const LINEAR_ANCHORS: readonly AnchorCandidate[] = [
  { name: 'title-editor', selector: `${ISSUE_VIEW} ${TITLE_EDITOR}` },
  { name: 'title-editor-unscoped', selector: TITLE_EDITOR },
  { name: 'issue-view-textbox', selector: `${ISSUE_VIEW} [role="textbox"]` },
];

export function findLinearIssueAnchor(doc: Document): ResolvedAnchor | null {
  try {
    return findAnchor(doc, LINEAR_ANCHORS);
  } catch {
    return null;
  }
}

/**
 * The mount getter (STYLE habit 4): null unless the page is an issue page; else the one
 * `<kr-lens-overlay>` — reused, moved after the title editor when that appears, floating when it
 * does not. Never throws.
 */
export function getLinearMount(doc: Document, page: LinearPage | null): Mount | null {
  if (!page || page.type !== 'issue') return null;
  return ensureMount(doc, { tracker: 'linear', key: page.key, anchor: findLinearIssueAnchor(doc) });
}

export function removeLinearMount(doc: Document): void {
  removeMounts(doc, 'linear');
}

export interface IssueRow {
  key: string;
  element: Element;
}

// 2026-11: list and board rows are links to `/<workspace>/issue/KEY/<slug>`; the link is the row.
// 2026-12: list rows are `a[data-list-key]` and board cards `a[data-board-item]` (maintained
// extensions, 2025-04 to 2026-04); only without them, any issue link inside <main>, so sidebar
// favourites are left alone. Mentions in a description or comment (an editor) are never rows.
const ROW_SELECTORS = ['a[data-list-key], a[data-board-item]', 'main a[href*="/issue/"]'] as const;
const IN_EDITOR = '[contenteditable], .ProseMirror';

function keyFromIssueHref(href: string | null, base: string, workspace: string | undefined): string | null {
  if (!href) return null;
  const parsed = parseHttpUrl(new URL(href, base).href);
  if (!parsed || parsed.hostname !== LINEAR_HOST) return null;
  const page = parseLinearLocation(parsed.href);
  if (page?.type !== 'issue') return null;
  return workspace === undefined || page.workspace === workspace.toLowerCase() ? page.key : null;
}

/**
 * The rows a marker pass decorates: links to issues of `workspace` (all workspaces when omitted),
 * one entry per link element, in document order — the row hooks when the page has any, else issue
 * links inside <main>; never a link inside an editor.
 */
export function findLinearIssueRows(doc: Document, workspace?: string): IssueRow[] {
  try {
    for (const selector of ROW_SELECTORS) {
      const rows = issueRows(safeQueryAll(doc, selector), workspace);
      if (rows.length > 0) return rows;
    }
    return [];
  } catch {
    return [];
  }
}

function issueRows(links: readonly Element[], workspace: string | undefined): IssueRow[] {
  // Relative links resolve against linear.app: the content script runs nowhere else, and a
  // detached or test document's own location says nothing about the links' site.
  const base = `https://${LINEAR_HOST}/`;
  const rows: IssueRow[] = [];
  for (const element of links) {
    if (element.closest(IN_EDITOR)) continue;
    let key: string | null = null;
    try {
      key = keyFromIssueHref(element.getAttribute('href'), base, workspace);
    } catch {
      key = null;
    }
    if (key) rows.push({ key, element });
  }
  return rows;
}

function themeFromMarkers(element: Element | null): Theme | null {
  if (!element) return null;
  const fromAttribute = themeFromWord(element.getAttribute('data-theme')) ?? themeFromWord(element.getAttribute('data-color-mode'));
  if (fromAttribute) return fromAttribute;
  if (element.classList.contains('dark')) return 'dark';
  if (element.classList.contains('light')) return 'light';
  return null;
}

/**
 * The page's theme, from the most explicit signal to the least: a theme attribute or class on
 * <html>/<body>, the page's `color-scheme`, then the luminance of its background (which also
 * covers Linear's custom themes). 2026-11: which of these Linear sets has not been confirmed on a
 * live page, hence the ordered list. Null when nothing says, so the caller can use
 * `prefers-color-scheme`.
 */
export function linearTheme(doc: Document): Theme | null {
  try {
    return themeFromMarkers(doc.documentElement) ?? themeFromMarkers(doc.body) ?? themeFromColorScheme(doc) ?? backgroundTheme(doc);
  } catch {
    return null;
  }
}

function linearSelectorGroups(page: LinearPage | null): SelectorGroup[] {
  return [
    { name: 'issue title editor', required: page?.type === 'issue', selectors: LINEAR_ANCHORS.map((a) => a.selector) },
    { name: 'issue links', required: page?.type === 'list', selectors: ['a[data-list-key]', 'a[data-board-item]', ROW_SELECTORS[1]] },
    { name: 'main landmark', required: false, selectors: ['main', '[role="main"]'] },
  ];
}

/** Which of our hooks this page still matches; shown on the options page. */
export function linearSelectorHealth(doc: Document, page: LinearPage | null = null): SelectorHealthEntry[] {
  try {
    return selectorHealth(doc, linearSelectorGroups(page));
  } catch {
    return [];
  }
}

// Linear's API names a workspace by its url key, which is also the first segment of every page URL.
/** Linear's page driver: what the content script runs with on linear.app. */
export const linearPageDriver: PageDriver = {
  tracker: 'linear',
  locate(url) {
    const page = parseLinearLocation(url);
    if (!page) return null;
    return page.type === 'issue' ? { kind: 'issue', site: page.workspace, key: page.key } : { kind: 'list', site: page.workspace };
  },
  mount: (doc, url) => getLinearMount(doc, parseLinearLocation(url)),
  unmount: removeLinearMount,
  theme: linearTheme,
  health: (doc, url) => linearSelectorHealth(doc, parseLinearLocation(url)),
  listItems: (doc, workspace) => findLinearIssueRows(doc, workspace),
};
