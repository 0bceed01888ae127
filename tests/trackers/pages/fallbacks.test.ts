// @vitest-environment happy-dom
/**
 * Page fidelity, 2026-12: each ordered fallback in `page.ts` on a page where it alone matches,
 * the traps maintained extensions met on live Jira and Linear (a draggable column taken for a
 * card, issue mentions taken for list rows), and what the page check reports for each.
 */
import { describe, expect, it } from 'vitest';
import { findJiraBoardCards, jiraSelectorHealth, parseJiraLocation } from '../../../lib/trackers/jira/page';
import { findLinearIssueRows, linearSelectorHealth, parseLinearLocation } from '../../../lib/trackers/linear/page';
import { jiraBoardPath, renderJiraBoardPage, renderLinearListPage } from '../../sandbox/pages';
import { family, fixture, loadHtml } from './helpers';

const keysOf = (items: Array<{ key: string }>) => items.map((item) => item.key);
const SITE = 'https://acme.atlassian.net';
const board = { id: 1, name: 'PLAT board', projectKey: 'PLAT' };
const boardPage = parseJiraLocation(`${SITE}${jiraBoardPath(board)}`);
const health = (doc: Document, name: string) => jiraSelectorHealth(doc, boardPage).find((entry) => entry.name === name);

const CARD_KEY = (key: string) => `<div data-testid="platform-card.common.ui.key.key"><a href="/browse/${key}"><div>${key}</div></a></div>`;

describe('Jira board cards: each fallback alone', () => {
  it.each<[string, () => string, string[], string, number]>([
    [
      'sandbox board: the card testid',
      () => renderJiraBoardPage(board, family('PLAT')),
      ['PLAT-2', 'PLAT-1', 'PLAT-4', 'PLAT-3'],
      '[data-testid="platform-board-kit.ui.card.card"]',
      0,
    ],
    [
      'fixture: backlog rows',
      () => fixture('jira-backlog.2026-08.html'),
      ['RDC-22274', 'RDC-7787', 'RDC-29578'],
      '[data-testid^="software-backlog.card-list.card.content-container"]',
      1,
    ],
    [
      'the card wrapper, its key in a key element or a selectedIssue link',
      () =>
        `<div data-testid="software-board.board-container.board.card-container.card-with-icc"><div><span>Fix the build</span>${CARD_KEY('ABC-1')}</div></div>
         <div data-testid="software-board.board-container.board.card-container.card-with-icc"><a href="/jira/software/projects/ABC/boards/4?selectedIssue=ABC-2">Open</a></div>`,
      ['ABC-1', 'ABC-2'],
      '[data-testid="software-board.board-container.board.card-container.card-with-icc"]',
      2,
    ],
    [
      'id="card-KEY" alone',
      () => `<div id="card-ABC-7"><span>Untitled</span></div><div id="card-description-ABC-7">ABC-7 Untitled</div>`,
      ['ABC-7'],
      '[id^="card-"]',
      3,
    ],
    [
      'fixture: drag ids only (ISSUE::<id>), with draggable columns',
      () => fixture('jira-board-drag-ids.2026-12.html'),
      ['OPS-11', 'OPS-12', 'OPS-19', 'OPS-14', 'OPS-15'],
      '[data-rbd-draggable-id^="ISSUE::"]',
      4,
    ],
    [
      'fixture: the older modal board, drag ids only',
      () => fixture('jira-board-modal.2026-08.html'),
      ['PLAT-6', 'PLAT-8', 'PLAT-7'],
      '[data-rbd-draggable-id^="ISSUE::"]',
      4,
    ],
    [
      'the classic board',
      () => `<div class="ghx-issue" data-issue-key="OLD-3"><a href="/browse/OLD-3">OLD-3</a></div>`,
      ['OLD-3'],
      '.ghx-issue[data-issue-key]',
      5,
    ],
  ])('%s', (_name, html, keys, selector, index) => {
    const doc = loadHtml(html());
    expect(keysOf(findJiraBoardCards(doc))).toEqual(keys);
    expect(health(doc, 'board card')).toMatchObject({ found: true, matchedSelector: selector, fallbackIndex: index });
  });
});

describe('Jira board cards: a draggable column is no card', () => {
  const doc = () => loadHtml(fixture('jira-board-drag-ids.2026-12.html'));

  it('the fixture holds the trap: the first drag id on the page is a column around three cards', () => {
    const first = doc().querySelector('[data-rbd-draggable-id]')!;
    expect(first.getAttribute('data-rbd-draggable-id')).toBe('10100');
    expect(first.querySelectorAll('[data-rbd-draggable-id^="ISSUE::"]')).toHaveLength(3);
  });

  it('finds every card and returns no column', () => {
    const cards = findJiraBoardCards(doc());
    expect(cards).toHaveLength(5);
    for (const { element } of cards) expect(element.getAttribute('data-rbd-draggable-id')).toMatch(/^ISSUE::\d+$/);
  });

  it('skips an ISSUE:: element that holds several keys and takes the cards inside it', () => {
    const sub = (id: number, key: string) =>
      `<div data-rbd-draggable-id="ISSUE::${id}"><span>${key}</span><a href="/browse/${key}">${key}</a></div>`;
    const html = `<div data-rbd-draggable-id="ISSUE::500"><span>Parent with its sub-tasks</span>${sub(501, 'OPS-51')}${sub(502, 'OPS-52')}</div>${sub(503, 'OPS-53')}`;
    const cards = findJiraBoardCards(loadHtml(html));
    expect(keysOf(cards)).toEqual(['OPS-51', 'OPS-52', 'OPS-53']);
    expect(cards.map((card) => card.element.getAttribute('data-rbd-draggable-id'))).toEqual(['ISSUE::501', 'ISSUE::502', 'ISSUE::503']);
  });

  it('skips a card wrapper that holds two cards’ keys', () => {
    const html = `<div data-testid="software-board.board-container.board.card-container.card-with-icc">${CARD_KEY('ABC-1')}${CARD_KEY('ABC-2')}</div>`;
    expect(findJiraBoardCards(loadHtml(html))).toEqual([]);
  });
});

describe('Jira: the compact panel (2026-12 fixture)', () => {
  const doc = () => loadHtml(fixture('jira-board-compact-panel.2026-12.html'));

  it('finds the cards inside their wrappers, sub-task cards included, and not the card group', () => {
    const cards = findJiraBoardCards(doc());
    expect(keysOf(cards)).toEqual(['NPT-141', 'NPT-142', 'NPT-143', 'NPT-144', 'NPT-145']);
    for (const { key, element } of cards) expect(element.id).toBe(`card-${key}`);
  });

  it('the page check finds the compact layout as the first issue scope', () => {
    const page = parseJiraLocation(`${SITE}/jira/software/c/projects/NPT/boards/2146?selectedIssue=NPT-143`);
    const entries = jiraSelectorHealth(doc(), page);
    expect(entries.find((e) => e.name === 'issue panel or modal')).toMatchObject({
      found: true,
      matchedSelector: '[data-testid="issue.views.issue-details.issue-layout.compact-layout"]',
      fallbackIndex: 0,
    });
    for (const entry of entries.filter((e) => e.required)) expect(entry).toMatchObject({ found: true, fallbackIndex: 0 });
  });
});

describe('Linear rows: each fallback alone, mentions never', () => {
  const workspace = 'acme';

  it.each<[string, () => string, string[], string, number]>([
    [
      'fixture: list rows (a[data-list-key]) with an issue peeked',
      () => fixture('linear-list-view.2026-12.html'),
      ['ENG-42', 'ENG-7', 'ENG-51'],
      'a[data-list-key]',
      0,
    ],
    [
      'fixture: board cards (a[data-board-item])',
      () => fixture('linear-board-view.2026-12.html'),
      ['ENG-51', 'ENG-52', 'ENG-42'],
      'a[data-board-item]',
      1,
    ],
    [
      'fixture 2026-11: no row hooks, issue links inside <main>',
      () => fixture('linear-list-view.2026-11.html'),
      ['ENG-42', 'ENG-7', 'ENG-51'],
      'main a[href*="/issue/"]',
      2,
    ],
    ['sandbox list', () => renderLinearListPage(family('ENG')), ['ENG-1', 'ENG-4', 'ENG-2'], 'a[data-list-key]', 0],
  ])('%s', (_name, html, keys, selector, index) => {
    const doc = loadHtml(html());
    const rows = findLinearIssueRows(doc, workspace);
    expect(keysOf(rows)).toEqual(keys);
    for (const row of rows) expect(row.element.closest('.ProseMirror, [contenteditable], nav')).toBeNull();
    const page = parseLinearLocation('https://linear.app/acme/team/ENG/active');
    expect(linearSelectorHealth(doc, page).find((e) => e.name === 'issue links')).toMatchObject({
      required: true,
      found: true,
      matchedSelector: selector,
      fallbackIndex: index,
    });
  });

  it('the row hooks win over every other issue link: the peek’s mentions, its breadcrumb, sidebar favourites', () => {
    const rows = findLinearIssueRows(loadHtml(fixture('linear-list-view.2026-12.html')), workspace);
    for (const row of rows) expect(row.element.hasAttribute('data-list-key')).toBe(true);
    expect(keysOf(rows)).not.toContain('ENG-9');
    expect(keysOf(rows)).not.toContain('ENG-40');
    expect(keysOf(rows)).not.toContain('ENG-3');
  });

  it('an issue page’s description and comment mentions are not rows; its sub-issue row is', () => {
    const rows = findLinearIssueRows(loadHtml(fixture('linear-issue-view.2026-12.html')), workspace);
    expect(keysOf(rows)).toEqual(['ENG-43']);
  });

  it('without row hooks, mentions inside a description or comment in <main> and sidebar favourites are left alone', () => {
    const html = `<nav><a href="/acme/issue/ENG-3/payment-retries">ENG-3</a></nav>
      <main><a href="/acme/issue/ENG-42/faster-checkout">ENG-42 Faster checkout</a><a href="/acme/issue/ENG-7/fix-login">ENG-7 Fix login</a>
      <div data-view-id="issue-view"><div class="ProseMirror" contenteditable="true" role="textbox"><p>See <a href="/acme/issue/ENG-9/study">ENG-9</a></p></div>
      <div contenteditable="false"><p>Blocked by <a href="/acme/issue/ENG-11/api">ENG-11</a></p></div></div></main>`;
    expect(keysOf(findLinearIssueRows(loadHtml(html), workspace))).toEqual(['ENG-42', 'ENG-7']);
  });
});

describe('Linear title: each fallback alone', () => {
  const issuePage = parseLinearLocation('https://linear.app/acme/issue/ENG-42/faster-checkout');
  const titleHealth = (html: string) => linearSelectorHealth(loadHtml(html), issuePage).find((e) => e.name === 'issue title editor');

  it.each<[string, () => string, number]>([
    ['fixture 2026-12: the title editor inside the issue view', () => fixture('linear-issue-view.2026-12.html'), 0],
    ['fixture 2026-11: the title editor, no issue view id', () => fixture('linear-issue-view.2026-11.html'), 1],
    [
      'the issue view’s first textbox, the label gone',
      () => fixture('linear-issue-view.2026-12.html').replace('aria-label="Issue title"', ''),
      2,
    ],
  ])('%s', (_name, html, index) => {
    expect(titleHealth(html())).toMatchObject({ required: true, found: true, fallbackIndex: index });
  });

  it('a textbox outside the issue view is not taken for the title', () => {
    const html = `<main><div class="ProseMirror" contenteditable="true" role="textbox" aria-multiline="false"><p>A comment</p></div></main>`;
    expect(titleHealth(html)).toMatchObject({ found: false });
  });
});
