/**
 * Jira Cloud pages: which issue or board a URL shows, where the overlay goes, where the board
 * cards are, and which theme the page uses. Identity comes from the URL; the DOM only tells us
 * where to put things. Runs in the content script: no zod, nothing heavy.
 */
import {
  type AnchorCandidate,
  type Mount,
  type ResolvedAnchor,
  type SelectorGroup,
  type SelectorHealthEntry,
  type Theme,
  ensureMount,
  findAnchor,
  normaliseIssueKey,
  hasAncestorIn,
  outermost,
  parseHttpUrl,
  pathSegments,
  removeMounts,
  safeQuery,
  safeQueryAll,
  selectorHealth,
  themeFromWord,
  type PageDriver,
} from '../page-common';

/** Where an issue is being shown; the mount and the marker pass behave a little differently. */
export type JiraIssueSurface = 'issue-view' | 'board' | 'backlog' | 'navigator' | 'project';

export type JiraPage =
  | { type: 'issue'; key: string; site: string; surface: JiraIssueSurface; boardId?: number }
  | { type: 'board'; site: string; boardId?: number };

// ---- URL ----------------------------------------------------------------------------------------

interface BoardLocation {
  boardId?: number;
  surface: 'board' | 'backlog';
}

function positiveInt(value: string | null | undefined): number | undefined {
  if (!value || !/^[1-9][0-9]*$/.test(value)) return undefined;
  return Number(value);
}

function lower(segments: readonly string[]): string[] {
  return segments.map((s) => s.toLowerCase());
}

/**
 * Boards and backlogs: `/jira/software[/c]/projects/P/boards/N[/backlog]`, the same under
 * `/jira/software/c/boards/N` (boards outside a project), business projects'
 * `/jira/core/projects/P/board`, and the classic `/secure/RapidBoard.jspa?rapidView=N`.
 */
function boardLocation(url: URL, segments: readonly string[]): BoardLocation | null {
  const path = lower(segments);
  if (path[0] === 'secure' && path[1] === 'rapidboard.jspa' && path.length === 2) {
    const boardId = positiveInt(url.searchParams.get('rapidView'));
    if (boardId === undefined) return null;
    const view = url.searchParams.get('view') ?? '';
    return { boardId, surface: view.startsWith('planning') ? 'backlog' : 'board' };
  }
  if (path[0] !== 'jira') return null;
  const boardsAt = path.indexOf('boards');
  if (boardsAt > 0) {
    const boardId = positiveInt(path[boardsAt + 1]);
    const rest = path.slice(boardsAt + 2);
    if (boardId === undefined) return null;
    if (rest.length === 0) return { boardId, surface: 'board' };
    if (rest.length === 1 && rest[0] === 'backlog') return { boardId, surface: 'backlog' };
    return null;
  }
  const projectsAt = path.indexOf('projects');
  if (path[1] === 'core' && projectsAt > 0 && path[projectsAt + 2] === 'board' && path.length === projectsAt + 3) {
    return { surface: 'board' };
  }
  return null;
}

/** `/issues/KEY`, `/jira/…/projects/P/issues/KEY`, service desk `/jira/servicedesk/projects/P/queues/…/KEY`. */
function keyFromPath(segments: readonly string[]): string | null {
  const path = lower(segments);
  if (path[0] === 'issues' && segments.length === 2) return normaliseIssueKey(segments[1]);
  if (path[0] !== 'jira') return null;
  const issuesAt = path.indexOf('issues');
  if (issuesAt > 0 && segments.length === issuesAt + 2) return normaliseIssueKey(segments[issuesAt + 1]);
  if (path[1] === 'servicedesk' && path.includes('queues')) return normaliseIssueKey(segments[segments.length - 1]);
  return null;
}

function isNavigator(segments: readonly string[]): boolean {
  const path = lower(segments);
  return path[0] === 'issues' || (path[0] === 'jira' && path.includes('issues'));
}

/** App pages whose `selectedIssue` parameter opens an issue beside the page (boards, lists, timelines). */
function takesSelectedIssue(segments: readonly string[]): boolean {
  const path = lower(segments);
  return (
    path[0] === 'issues' ||
    (path[0] === 'secure' && path[1] === 'rapidboard.jspa') ||
    (path[0] === 'jira' && path.includes('projects')) ||
    (path[0] === 'jira' && path.includes('boards'))
  );
}

/**
 * Which Jira page a URL is. Examples:
 * `/browse/PLAT-3` → issue; `/jira/software/projects/PLAT/boards/1?selectedIssue=PLAT-3` → issue on a
 * board; the same without `selectedIssue` → board; `/issues/?jql=…&selectedIssue=PLAT-3` → issue;
 * dashboards, settings and Confluence (`/wiki`) → null.
 */
export function parseJiraLocation(url: string): JiraPage | null {
  const parsed = parseHttpUrl(url);
  if (!parsed) return null;
  const site = parsed.origin;
  const segments = pathSegments(parsed);
  const first = segments[0]?.toLowerCase();
  if (first === 'wiki') return null;

  if (first === 'browse' && segments.length === 2) {
    const key = normaliseIssueKey(segments[1]);
    return key ? { type: 'issue', key, site, surface: 'issue-view' } : null;
  }

  const board = boardLocation(parsed, segments);
  const selected = takesSelectedIssue(segments) ? normaliseIssueKey(parsed.searchParams.get('selectedIssue')) : null;
  if (selected) {
    const surface: JiraIssueSurface = board?.surface ?? (isNavigator(segments) ? 'navigator' : 'project');
    return board?.boardId === undefined
      ? { type: 'issue', key: selected, site, surface }
      : { type: 'issue', key: selected, site, surface, boardId: board.boardId };
  }

  const pathKey = keyFromPath(segments);
  if (pathKey) return { type: 'issue', key: pathKey, site, surface: 'navigator' };

  if (board) return board.boardId === undefined ? { type: 'board', site } : { type: 'board', site, boardId: board.boardId };
  return null;
}

// ---- selectors ----------------------------------------------------------------------------------

// 2026-11: Jira Cloud opens a board's or backlog's selected issue in a side preview panel
// (`preview-panels.preview-panel`, seen on live sites 2026-08); some sites still show the centred
// issue modal. On `/browse/KEY` there is neither and the whole document is the issue view.
// 2026-12: since early 2026 the board's side panel lays the issue out in
// `issue.views.issue-details.issue-layout.compact-layout`, scoped first (maintained extensions
// added it for live boards in 2026-02); the panel section is then an older layout.
const ISSUE_SCOPES = [
  '[data-testid="issue.views.issue-details.issue-layout.compact-layout"]',
  'section[data-testid="preview-panels.preview-panel"]',
  '[data-testid="preview-panels.preview-panel"]',
  '[role="dialog"][data-testid="issue.views.issue-details.issue-modal.modal-dialog"]',
  '[data-testid="issue.views.issue-details.issue-modal.modal-dialog"]',
] as const;

// 2026-11: the current issue's breadcrumb link (`<a href="/browse/KEY">`) in the issue view header,
// on the full page, in the preview panel and in the modal alike; older pages used `data-test-id`.
const CURRENT_ISSUE_LINK = [
  '[data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item"]',
  '[data-test-id="issue.views.issue-base.foundation.breadcrumbs.current-issue.item"]',
] as const;

const SUMMARY_CONTAINER = '[data-testid="issue-field-summary.ui.issue-field-summary-inline-edit--container"]';
const SUMMARY_HEADING = '[data-testid="issue.views.issue-base.foundation.summary.heading"]';
const SUMMARY_HEADING_LEGACY = '[data-test-id="issue.views.issue-base.foundation.summary.heading"]';

// 2026-11: Jira Cloud issue view, in order of preference. The overlay goes under the summary
// (title) block; if that is renamed, under the summary heading itself, then under the header that
// holds the breadcrumbs, then under the breadcrumb list. Matching the preview panel's own header
// (its "open in new tab" link also points at /browse/KEY) is avoided on purpose: it is a narrow
// toolbar row where a card would squeeze Jira's buttons.
const ISSUE_ANCHORS: readonly AnchorCandidate[] = [
  { name: 'summary-inline-edit', selector: SUMMARY_CONTAINER },
  { name: 'summary-heading', selector: SUMMARY_HEADING },
  { name: 'summary-heading-legacy', selector: SUMMARY_HEADING_LEGACY },
  { name: 'issue-header', selector: '#jira-issue-header' },
  {
    name: 'breadcrumbs',
    selector: CURRENT_ISSUE_LINK.join(', '),
    placeAfter: (link) => link.closest('nav') ?? link.closest('[role="list"], ol, ul') ?? link,
  },
];

// 2026-11: board cards (`platform-board-kit.ui.card.card`, id `card-KEY`, seen 2026-08), backlog
// rows (`software-backlog.card-list.card.content-container.KEY`), then older markup.
// 2026-12, checked against the selectors maintained extensions use on live boards (2025–2026):
// the card wrapper `…card-container.card-with-icc` (around the `card-KEY` element) and any
// `id="card-KEY"`; react-beautiful-dnd cards only as `ISSUE::<numeric id>` — a bare
// `[data-rbd-draggable-id]` also matches draggable columns, which would read as one card with
// their first card's key; then the classic `.ghx-issue`. `…card-container.card` was dropped: no
// maintained code uses it.
const CARD_SELECTORS = [
  '[data-testid="platform-board-kit.ui.card.card"]',
  '[data-testid^="software-backlog.card-list.card.content-container"]',
  '[data-testid="software-board.board-container.board.card-container.card-with-icc"]',
  '[id^="card-"]',
  '[data-rbd-draggable-id^="ISSUE::"]',
  '.ghx-issue[data-issue-key]',
] as const;

// 2026-11: where a card shows its key, when the card element itself does not carry it.
const CARD_KEY_ELEMENTS = [
  '[data-testid="platform-card.common.ui.key.key"]',
  '[data-testid="software-backlog.card-list.card.card-contents.key"]',
] as const;

// 2026-12: card key links are `/browse/KEY` or, on some boards, `?selectedIssue=KEY`.
const ISSUE_HREF = /(?:\/browse\/|[?&]selectedIssue=)([A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*)(?:[/?#&]|$)/;
const ISSUE_LINKS = 'a[href*="/browse/"], a[href*="selectedIssue="]';

function keyFromHref(href: string | null | undefined): string | null {
  const match = href ? ISSUE_HREF.exec(href) : null;
  return match ? normaliseIssueKey(match[1]) : null;
}

/** The key the issue view in `scope` shows, from its breadcrumb; null when it shows none. */
export function currentJiraIssueKey(scope: ParentNode): string | null {
  for (const selector of CURRENT_ISSUE_LINK) {
    const link = safeQuery(scope, selector);
    if (!link) continue;
    const key = keyFromHref(link.getAttribute('href')) ?? normaliseIssueKey(link.textContent);
    if (key) return key;
  }
  return null;
}

/**
 * The place for the overlay of issue `key`: inside the panel or modal that shows that issue, else
 * in the document. A panel still showing the previous issue (the URL changes before React
 * re-renders) is skipped, so the overlay never lands beside the wrong issue.
 */
export function findJiraIssueAnchor(doc: Document, key: string): ResolvedAnchor | null {
  try {
    const scopes: ParentNode[] = [...ISSUE_SCOPES.flatMap((selector) => safeQueryAll(doc, selector)), doc];
    for (const scope of scopes) {
      const shown = currentJiraIssueKey(scope);
      if (shown && shown !== key) continue;
      const anchor = findAnchor(scope, ISSUE_ANCHORS);
      if (anchor) return anchor;
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * The mount getter (STYLE habit 4): null when the page is not an issue page; else the one
 * `<kr-lens-overlay>` for this tab — the existing one when there is one, moved under the issue's
 * summary when that has (re)appeared, floating in the corner when no anchor is found. Never throws.
 */
export function getJiraMount(doc: Document, page: JiraPage | null): Mount | null {
  if (!page || page.type !== 'issue') return null;
  return ensureMount(doc, { tracker: 'jira', key: page.key, anchor: findJiraIssueAnchor(doc, page.key) });
}

/** Removes the overlay host, e.g. when SPA navigation leaves the issue. */
export function removeJiraMount(doc: Document): void {
  removeMounts(doc, 'jira');
}

export interface BoardCard {
  key: string;
  element: Element;
}

/** The key a card's own attributes name: `id="card-KEY"`, a testid ending in the key, `data-issue-key`. */
function ownKey(card: Element): string | null {
  const id = card.getAttribute('id') ?? '';
  const testId = card.getAttribute('data-testid') ?? '';
  return (
    (id.startsWith('card-') ? normaliseIssueKey(id.slice('card-'.length)) : null) ??
    normaliseIssueKey(testId.slice(testId.lastIndexOf('.') + 1)) ??
    normaliseIssueKey(card.getAttribute('data-issue-key'))
  );
}

/** Every issue key the element shows, in its key elements and issue links. */
function keysInside(card: Element): Set<string> {
  const keys = new Set<string>();
  for (const element of safeQueryAll(card, CARD_KEY_ELEMENTS.join(','))) {
    const key =
      normaliseIssueKey(element.textContent) ??
      keyFromHref(element.getAttribute('href')) ??
      keyFromHref(safeQuery(element, 'a[href]')?.getAttribute('href'));
    if (key) keys.add(key);
  }
  for (const link of safeQueryAll(card, ISSUE_LINKS)) {
    const key = keyFromHref(link.getAttribute('href'));
    if (key) keys.add(key);
  }
  return keys;
}

/**
 * The card's key. Drag ids are never read: they are `ISSUE::<numeric id>`. An element that names
 * no key itself and holds more than one (a column, a swimlane, a group of sub-task cards) is no card.
 */
function cardKey(card: Element): string | null {
  const own = ownKey(card);
  if (own) return own;
  const keys = keysInside(card);
  return keys.size === 1 ? [...keys][0]! : null;
}

/**
 * Every issue card on a board or backlog with its key, in document order. Preferred selectors win:
 * an element matched by a later fallback is skipped when it is inside, or holds, a card already found.
 */
export function findJiraBoardCards(doc: Document): BoardCard[] {
  try {
    const cards: BoardCard[] = [];
    const found = new Set<Element>();
    CARD_SELECTORS.forEach((selector, index) => {
      // Cards found by earlier (preferred) selectors, as one selector for the "holds a card" check.
      const earlier = CARD_SELECTORS.slice(0, index).join(',');
      for (const element of safeQueryAll(doc, selector)) {
        if (found.has(element) || hasAncestorIn(element, found)) continue;
        if (earlier && safeQueryAll(element, earlier).some((inner) => found.has(inner))) continue;
        const key = cardKey(element);
        if (!key) continue;
        cards.push({ key, element });
        found.add(element);
      }
    });
    return sortInDocumentOrder(outermost(cards));
  } catch {
    return [];
  }
}

function sortInDocumentOrder(cards: BoardCard[]): BoardCard[] {
  const FOLLOWING = 4; // Node.DOCUMENT_POSITION_FOLLOWING, without needing a global Node.
  return cards.sort((a, b) => (a.element === b.element ? 0 : a.element.compareDocumentPosition(b.element) & FOLLOWING ? -1 : 1));
}

/**
 * The page's colour mode: Atlassian's design tokens set `data-color-mode="light|dark"` on `<html>`
 * (2026-11). Null when it is absent, so the caller can fall back to `prefers-color-scheme`.
 */
export function jiraTheme(doc: Document): Theme | null {
  try {
    return themeFromWord(doc.documentElement?.getAttribute('data-color-mode'));
  } catch {
    return null;
  }
}

function jiraSelectorGroups(page: JiraPage | null): SelectorGroup[] {
  const onIssue = page?.type === 'issue';
  return [
    { name: 'issue panel or modal', required: false, selectors: ISSUE_SCOPES },
    { name: 'current issue breadcrumb', required: onIssue, selectors: CURRENT_ISSUE_LINK },
    { name: 'summary block', required: onIssue, selectors: [SUMMARY_CONTAINER] },
    { name: 'summary heading', required: onIssue, selectors: [SUMMARY_HEADING, SUMMARY_HEADING_LEGACY] },
    { name: 'issue header', required: false, selectors: ['#jira-issue-header'] },
    { name: 'board card', required: page?.type === 'board', selectors: CARD_SELECTORS },
    { name: 'card key', required: false, selectors: CARD_KEY_ELEMENTS },
    { name: 'colour mode', required: false, selectors: ['html[data-color-mode]'] },
  ];
}

/**
 * Which of our selectors this page still matches, and whether a fallback had to be used; the
 * options page shows it so a Jira redesign is noticed before users report a missing overlay.
 */
export function jiraSelectorHealth(doc: Document, page: JiraPage | null = null): SelectorHealthEntry[] {
  try {
    return selectorHealth(doc, jiraSelectorGroups(page));
  } catch {
    return [];
  }
}

/** Jira's page driver: what the content script runs with on Atlassian Cloud. */
export const jiraPageDriver: PageDriver = {
  tracker: 'jira',
  locate(url) {
    const page = parseJiraLocation(url);
    if (!page) return null;
    if (page.type !== 'issue') return { kind: 'list', site: page.site };
    // An issue opened from a board or backlog (`?selectedIssue=`) leaves the cards beside it.
    return { kind: 'issue', site: page.site, key: page.key, list: page.surface === 'board' || page.surface === 'backlog' };
  },
  mount: (doc, url) => getJiraMount(doc, parseJiraLocation(url)),
  unmount: removeJiraMount,
  theme: jiraTheme,
  health: (doc, url) => jiraSelectorHealth(doc, parseJiraLocation(url)),
  listItems: (doc) => findJiraBoardCards(doc),
};
