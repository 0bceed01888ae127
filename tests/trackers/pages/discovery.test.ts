// @vitest-environment happy-dom
/** Board cards and list rows for markers, themes, and the selector health report. */
import { describe, expect, it } from 'vitest';
import { findJiraBoardCards, jiraSelectorHealth, jiraTheme, parseJiraLocation } from '../../../lib/trackers/jira/page';
import { findLinearIssueRows, linearSelectorHealth, linearTheme, parseLinearLocation } from '../../../lib/trackers/linear/page';
import { normaliseIssueKey, parseCssColor, themeFromBackground } from '../../../lib/trackers/page-common';
import { jiraBoardPath, renderJiraBoardPage, renderJiraIssuePage, renderLinearIssuePage, renderLinearListPage } from '../../sandbox/pages';
import { family, fixture, loadHtml } from './helpers';

const jiraIssues = family('PLAT');
const linearIssues = family('ENG');
const board = { id: 1, name: 'PLAT board', projectKey: 'PLAT', columns: ['To Do', 'In Progress', 'Done'] };

const keysOf = (items: Array<{ key: string }>) => items.map((item) => item.key);

describe('findJiraBoardCards', () => {
  it.each([
    ['sandbox board', () => renderJiraBoardPage(board, jiraIssues), ['PLAT-2', 'PLAT-1', 'PLAT-4', 'PLAT-3']],
    ['sandbox board with the modal open', () => renderJiraBoardPage(board, jiraIssues, 'PLAT-1'), ['PLAT-2', 'PLAT-1', 'PLAT-4', 'PLAT-3']],
    [
      'sandbox board with the panel open',
      () => renderJiraBoardPage(board, jiraIssues, 'PLAT-1', { boardIssueView: 'panel' }),
      ['PLAT-2', 'PLAT-1', 'PLAT-4', 'PLAT-3'],
    ],
    ['fixture: board with preview panel', () => fixture('jira-board-preview-panel.2026-08.html'), ['NPT-141', 'NPT-142', 'NPT-143']],
    ['fixture: react-beautiful-dnd board', () => fixture('jira-board-modal.2026-08.html'), ['PLAT-6', 'PLAT-8', 'PLAT-7']],
    ['fixture: backlog', () => fixture('jira-backlog.2026-08.html'), ['RDC-22274', 'RDC-7787', 'RDC-29578']],
    ['an issue page (no cards)', () => renderJiraIssuePage(jiraIssues[0]!, { issues: jiraIssues }), []],
  ])('%s', (_name, html, expected) => {
    expect(keysOf(findJiraBoardCards(loadHtml(html())))).toEqual(expected);
  });

  it('returns the card element itself, the one with id card-KEY', () => {
    const doc = loadHtml(renderJiraBoardPage(board, jiraIssues));
    for (const { key, element } of findJiraBoardCards(doc)) {
      expect(element.id).toBe(`card-${key}`);
      expect(element.getAttribute('data-testid')).toBe('platform-board-kit.ui.card.card');
    }
  });

  it('finds cards by their key link when a card carries no id', () => {
    const doc =
      loadHtml(`<div data-testid="platform-board-kit.ui.card.card"><div data-testid="platform-card.common.ui.key.key"><a href="/browse/ab_c-12"><div>AB_C-12</div></a></div></div>
      <div data-testid="platform-board-kit.ui.card.card"><a href="https://acme.atlassian.net/browse/XY-3?x=1">open</a></div>
      <div data-testid="platform-board-kit.ui.card.card"><span>no key anywhere</span></div>
      <div data-rbd-draggable-id="OPS-9"><span>only a drag id</span></div>
      <div data-rbd-draggable-id="card-10042"><span>a numeric drag id is not a key</span></div>`);
    // 2026-12: drag ids are never read as keys (live boards use ISSUE::<numeric id>), so OPS-9,
    // which only a drag id named, is no longer a card.
    expect(keysOf(findJiraBoardCards(doc))).toEqual(['AB_C-12', 'XY-3']);
  });
});

describe('findLinearIssueRows', () => {
  it.each<[string, () => string, string | undefined, string[]]>([
    ['fixture list, this workspace', () => fixture('linear-list-view.2026-11.html'), 'acme', ['ENG-42', 'ENG-7', 'ENG-51']],
    ['fixture list, any workspace', () => fixture('linear-list-view.2026-11.html'), undefined, ['ENG-42', 'ENG-7', 'ENG-51', 'OPS-3']],
    ['sandbox list (active tab)', () => renderLinearListPage(linearIssues), 'acme', ['ENG-1', 'ENG-4', 'ENG-2']],
    ['sandbox list (all)', () => renderLinearListPage(linearIssues, { listTab: 'all' }), 'acme', ['ENG-1', 'ENG-4', 'ENG-2', 'ENG-3']],
    ['sandbox list of another workspace', () => renderLinearListPage(linearIssues, { workspace: 'globex' }), 'acme', []],
  ])('%s', (_name, html, workspace, expected) => {
    const rows = findLinearIssueRows(loadHtml(html()), workspace);
    expect(keysOf(rows)).toEqual(expected);
    for (const row of rows) expect(row.element.tagName).toBe('A');
  });
});

describe('themes', () => {
  it.each([
    ['light', 'light'],
    ['dark', 'dark'],
  ] as const)('sandbox pages in %s report %s', (theme, expected) => {
    expect(jiraTheme(loadHtml(renderJiraIssuePage(jiraIssues[0]!, { theme })))).toBe(expected);
    expect(jiraTheme(loadHtml(renderJiraBoardPage(board, jiraIssues, 'PLAT-1', { theme })))).toBe(expected);
    expect(linearTheme(loadHtml(renderLinearIssuePage(linearIssues[0]!, { theme })))).toBe(expected);
    expect(linearTheme(loadHtml(renderLinearListPage(linearIssues, { theme })))).toBe(expected);
  });

  it.each([
    ['jira-issue-view.2026-08.html', 'light'],
    ['jira-board-preview-panel.2026-08.html', 'dark'],
  ])('Jira fixture %s is %s', (name, expected) => {
    expect(jiraTheme(loadHtml(fixture(name)))).toBe(expected);
  });

  it.each([
    ['<html data-color-mode="auto"><body></body></html>', null],
    ['<html><body></body></html>', null],
    ['<html data-color-mode=" DARK "><body></body></html>', 'dark'],
  ])('Jira %s → %s (null lets the caller use prefers-color-scheme)', (html, expected) => {
    expect(jiraTheme(loadHtml(html))).toBe(expected);
  });

  it.each([
    ['linear-issue-view.2026-11.html', 'dark'],
    ['linear-list-view.2026-11.html', 'light'],
  ])('Linear fixture %s is %s', (name, expected) => {
    expect(linearTheme(loadHtml(fixture(name)))).toBe(expected);
  });

  it.each([
    ['<html class="dark"><body></body></html>', 'dark'],
    ['<html><body data-theme="light" style="background-color:#000"></body></html>', 'light'],
    ['<html><head><meta name="color-scheme" content="dark"></head><body></body></html>', 'dark'],
    ['<html><head><meta name="color-scheme" content="light dark"></head><body></body></html>', null],
    ['<html><body style="background-color: rgb(15, 16, 18)"></body></html>', 'dark'],
    ['<html><body style="background-color: rgba(0, 0, 0, 0)"></body></html>', null],
    ['<html><body></body></html>', null],
  ])('Linear %s → %s', (html, expected) => {
    expect(linearTheme(loadHtml(html))).toBe(expected);
  });

  it.each([
    ['#fff', 'light'],
    ['#08090A', 'dark'],
    ['rgb(31, 31, 33)', 'dark'],
    ['rgb(244 244 246)', 'light'],
    ['rgba(22, 23, 26, 0.9)', 'dark'],
    ['rgba(255, 255, 255, 0.2)', null],
    ['rgb(0 0 0 / 10%)', null],
    ['transparent', null],
    ['oklch(0.2 0 0)', null],
    ['', null],
  ])('background %s → %s', (colour, expected) => {
    expect(themeFromBackground(colour)).toBe(expected);
  });

  it('parses the colour forms browsers report', () => {
    expect(parseCssColor('rgba(1, 2, 3, 0.5)')).toEqual({ r: 1, g: 2, b: 3, a: 0.5 });
    expect(parseCssColor('#0a0')).toEqual({ r: 0, g: 170, b: 0, a: 1 });
  });
});

describe('normaliseIssueKey', () => {
  it.each([
    ['PLAT-3', 'PLAT-3'],
    [' plat-3 ', 'PLAT-3'],
    ['My_Proj-12', 'MY_PROJ-12'],
    ['A-1', 'A-1'],
    ['PLAT-03', null],
    ['PLAT-0', null],
    ['1PLAT-3', null],
    ['PLAT3', null],
    ['PLAT-3-4', null],
    ['ПЛАТ-3', null],
    ['', null],
    [null, null],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseIssueKey(raw)).toBe(expected);
  });
});

describe('selector health', () => {
  const byName = (entries: ReturnType<typeof jiraSelectorHealth>) => Object.fromEntries(entries.map((e) => [e.name, e]));

  it('a normal Jira issue page has every required hook on its first choice', () => {
    const page = parseJiraLocation('https://acme.atlassian.net/browse/PLAT-1');
    const health = jiraSelectorHealth(loadHtml(renderJiraIssuePage(jiraIssues[0]!)), page);
    const required = health.filter((entry) => entry.required);
    expect(required.map((e) => e.name)).toEqual(['current issue breadcrumb', 'summary block', 'summary heading']);
    for (const entry of required) expect(entry).toMatchObject({ found: true, fallbackIndex: 0, count: 1 });
    expect(byName(health)['colour mode']?.found).toBe(true);
  });

  it('the no-anchor variant reports the header hooks missing', () => {
    const page = parseJiraLocation('https://acme.atlassian.net/browse/PLAT-1');
    const health = byName(jiraSelectorHealth(loadHtml(renderJiraIssuePage(jiraIssues[0]!, { variant: 'no-anchor' })), page));
    for (const name of ['current issue breadcrumb', 'summary block', 'summary heading', 'issue header']) {
      expect(health[name]).toMatchObject({ found: false, matchedSelector: null, fallbackIndex: null, count: 0 });
    }
  });

  it('the board fixture counts its cards and notices the panel', () => {
    const page = parseJiraLocation(`https://acme.atlassian.net${jiraBoardPath(board)}`);
    const health = byName(jiraSelectorHealth(loadHtml(fixture('jira-board-preview-panel.2026-08.html')), page));
    expect(health['board card']).toMatchObject({ required: true, found: true, fallbackIndex: 0, count: 3 });
    // 2026-12: the 2026-08 panel section is second to the compact layout boards show since 2026.
    expect(health['issue panel or modal']).toMatchObject({ found: true, fallbackIndex: 1 });
  });

  it('an older modal board runs on fallbacks, and says so', () => {
    const health = byName(jiraSelectorHealth(loadHtml(fixture('jira-board-modal.2026-08.html'))));
    // 2026-12: drag ids narrowed to ISSUE::, behind the card wrapper and id="card-KEY"; the modal
    // behind the compact layout.
    expect(health['board card']).toMatchObject({
      found: true,
      matchedSelector: '[data-rbd-draggable-id^="ISSUE::"]',
      fallbackIndex: 4,
      count: 3,
    });
    expect(health['issue panel or modal']?.fallbackIndex).toBe(3);
  });

  it.each([
    ['normal', true],
    ['no-anchor', false],
  ] as const)('Linear issue page, %s variant: title editor found = %s', (variant, found) => {
    const page = parseLinearLocation('https://linear.app/acme/issue/ENG-1');
    const health = linearSelectorHealth(loadHtml(renderLinearIssuePage(linearIssues[0]!, { variant })), page);
    expect(health.find((e) => e.name === 'issue title editor')).toMatchObject({ required: true, found });
  });

  it('a Linear list needs issue links, and has them', () => {
    const page = parseLinearLocation('https://linear.app/acme/team/ENG/active');
    const health = linearSelectorHealth(loadHtml(fixture('linear-list-view.2026-11.html')), page);
    expect(health.find((e) => e.name === 'issue links')).toMatchObject({ required: true, found: true, count: 5 });
  });
});
