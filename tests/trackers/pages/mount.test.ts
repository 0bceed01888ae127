// @vitest-environment happy-dom
/**
 * The mount getter contract (STYLE habit 4), for both trackers, against the sandbox pages (normal
 * and no-anchor) and the saved fixtures: null when the page is not ours, one host created once,
 * the same host on every later call, floating when the anchor is missing, and no exception
 * whatever the DOM looks like.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JiraPage, getJiraMount, parseJiraLocation, removeJiraMount } from '../../../lib/trackers/jira/page';
import { type LinearPage, getLinearMount, parseLinearLocation, removeLinearMount } from '../../../lib/trackers/linear/page';
import { KEY_ATTR, type Mount, OVERLAY_TAG, PLACEMENT_ATTR } from '../../../lib/trackers/page-common';
import { jiraBoardPath, renderJiraBoardPage, renderJiraIssuePage, renderLinearIssuePage, renderLinearListPage } from '../../sandbox/pages';
import { family, fixture, hostsIn, loadHtml } from './helpers';

const jiraIssues = family('PLAT');
const linearIssues = family('ENG');
const board = { id: 1, name: 'PLAT board', projectKey: 'PLAT' };
const SITE = 'https://acme.atlassian.net';

interface MountCase {
  name: string;
  html: () => string;
  mount: (doc: Document) => Mount | null;
  placement: 'anchored' | 'floating';
  /** For anchored cases: the element the host must directly follow. */
  after?: string;
  key: string;
}

const jira = (url: string) => (doc: Document) => getJiraMount(doc, parseJiraLocation(url));
const linear = (url: string) => (doc: Document) => getLinearMount(doc, parseLinearLocation(url));
const SUMMARY = '[data-testid="issue-field-summary.ui.issue-field-summary-inline-edit--container"]';
const TITLE_EDITOR = '[aria-label="Issue title"]';
const COMPACT = '[data-testid="issue.views.issue-details.issue-layout.compact-layout"]';

const cases: MountCase[] = [
  {
    name: 'sandbox Jira issue page',
    html: () => renderJiraIssuePage(jiraIssues[0]!, { issues: jiraIssues }),
    mount: jira(`${SITE}/browse/PLAT-1`),
    placement: 'anchored',
    after: SUMMARY,
    key: 'PLAT-1',
  },
  {
    name: 'sandbox Jira issue page, dark, no anchor',
    html: () => renderJiraIssuePage(jiraIssues[1]!, { issues: jiraIssues, theme: 'dark', variant: 'no-anchor' }),
    mount: jira(`${SITE}/browse/PLAT-2`),
    placement: 'floating',
    key: 'PLAT-2',
  },
  {
    name: 'sandbox Jira board with the issue modal',
    html: () => renderJiraBoardPage(board, jiraIssues, 'PLAT-3', { boardIssueView: 'modal' }),
    mount: jira(`${SITE}${jiraBoardPath(board)}?selectedIssue=PLAT-3`),
    placement: 'anchored',
    after: `[data-testid="issue.views.issue-details.issue-modal.modal-dialog"] ${SUMMARY}`,
    key: 'PLAT-3',
  },
  {
    name: 'sandbox Jira board with the side panel',
    html: () => renderJiraBoardPage(board, jiraIssues, 'PLAT-3', { boardIssueView: 'panel' }),
    mount: jira(`${SITE}${jiraBoardPath(board)}?selectedIssue=PLAT-3`),
    placement: 'anchored',
    after: `[data-testid="preview-panels.preview-panel"] ${SUMMARY}`,
    key: 'PLAT-3',
  },
  {
    name: 'sandbox Jira board with the side panel, no anchor',
    html: () => renderJiraBoardPage(board, jiraIssues, 'PLAT-3', { boardIssueView: 'panel', variant: 'no-anchor' }),
    mount: jira(`${SITE}${jiraBoardPath(board)}?selectedIssue=PLAT-3`),
    placement: 'floating',
    key: 'PLAT-3',
  },
  {
    name: 'sandbox Jira board whose selected issue has not rendered yet',
    html: () => renderJiraBoardPage(board, jiraIssues),
    mount: jira(`${SITE}${jiraBoardPath(board)}?selectedIssue=PLAT-3`),
    placement: 'floating',
    key: 'PLAT-3',
  },
  {
    name: 'fixture: Jira issue view 2026-08',
    html: () => fixture('jira-issue-view.2026-08.html'),
    mount: jira(`${SITE}/browse/RDC-14817`),
    placement: 'anchored',
    after: SUMMARY,
    key: 'RDC-14817',
  },
  {
    name: 'fixture: Jira board with preview panel 2026-08 (not the header link)',
    html: () => fixture('jira-board-preview-panel.2026-08.html'),
    mount: jira(`${SITE}/jira/software/c/projects/NPT/boards/2146?selectedIssue=NPT-143`),
    placement: 'anchored',
    after: `[data-testid="preview-panels.preview-panel"] ${SUMMARY}`,
    key: 'NPT-143',
  },
  {
    name: 'fixture: Jira board whose panel still shows the previous issue',
    html: () => fixture('jira-board-preview-panel.2026-08.html'),
    mount: jira(`${SITE}/jira/software/c/projects/NPT/boards/2146?selectedIssue=NPT-141`),
    placement: 'floating',
    key: 'NPT-141',
  },
  {
    name: 'fixture: Jira board modal',
    html: () => fixture('jira-board-modal.2026-08.html'),
    mount: jira(`${SITE}/jira/software/projects/PLAT/boards/1?selectedIssue=PLAT-7`),
    placement: 'anchored',
    after: `[role="dialog"] ${SUMMARY}`,
    key: 'PLAT-7',
  },
  {
    name: 'sandbox Linear issue page',
    html: () => renderLinearIssuePage(linearIssues[0]!, { issues: linearIssues }),
    mount: linear('https://linear.app/acme/issue/ENG-1/checkout-revamp'),
    placement: 'anchored',
    after: TITLE_EDITOR,
    key: 'ENG-1',
  },
  {
    name: 'sandbox Linear issue page, dark, no anchor',
    html: () => renderLinearIssuePage(linearIssues[1]!, { issues: linearIssues, theme: 'dark', variant: 'no-anchor' }),
    mount: linear('https://linear.app/acme/issue/ENG-2'),
    placement: 'floating',
    key: 'ENG-2',
  },
  {
    name: 'fixture: Linear issue view 2026-11',
    html: () => fixture('linear-issue-view.2026-11.html'),
    mount: linear('https://linear.app/acme/issue/ENG-42/faster-checkout'),
    placement: 'anchored',
    after: TITLE_EDITOR,
    key: 'ENG-42',
  },
  // 2026-12: the panel's compact layout, and the Linear issue view scope with its fallbacks.
  {
    name: 'fixture: Jira board with the compact panel 2026-12 (not the header link)',
    html: () => fixture('jira-board-compact-panel.2026-12.html'),
    mount: jira(`${SITE}/jira/software/c/projects/NPT/boards/2146?selectedIssue=NPT-143`),
    placement: 'anchored',
    after: `${COMPACT} ${SUMMARY}`,
    key: 'NPT-143',
  },
  {
    name: 'fixture: Jira compact panel still showing the previous issue',
    html: () => fixture('jira-board-compact-panel.2026-12.html'),
    mount: jira(`${SITE}/jira/software/c/projects/NPT/boards/2146?selectedIssue=NPT-142`),
    placement: 'floating',
    key: 'NPT-142',
  },
  {
    name: 'sandbox Jira board with the compact panel',
    html: () => renderJiraBoardPage(board, jiraIssues, 'PLAT-3', { boardIssueView: 'compact' }),
    mount: jira(`${SITE}${jiraBoardPath(board)}?selectedIssue=PLAT-3`),
    placement: 'anchored',
    after: `${COMPACT} ${SUMMARY}`,
    key: 'PLAT-3',
  },
  {
    name: 'fixture: Linear issue view 2026-12',
    html: () => fixture('linear-issue-view.2026-12.html'),
    mount: linear('https://linear.app/acme/issue/ENG-42/faster-checkout'),
    placement: 'anchored',
    after: `[data-view-id="issue-view"] ${TITLE_EDITOR}`,
    key: 'ENG-42',
  },
  {
    name: 'fixture: Linear issue view 2026-12 whose title lost its label (the first textbox of the issue view)',
    html: () => fixture('linear-issue-view.2026-12.html').replace('aria-label="Issue title"', ''),
    mount: linear('https://linear.app/acme/issue/ENG-42/faster-checkout'),
    placement: 'anchored',
    after: '[data-view-id="issue-view"] .ProseMirror[role="textbox"]:not([aria-label])',
    key: 'ENG-42',
  },
];

describe.each(cases)('mount getter: $name', ({ html, mount, placement, after, key }) => {
  it(`creates one ${placement} host for ${key}`, () => {
    const doc = loadHtml(html());
    expect(hostsIn(doc)).toHaveLength(0);
    const result = mount(doc);
    expect(result?.placement).toBe(placement);
    expect(hostsIn(doc)).toEqual([result!.host]);
    expect(result!.host.tagName.toLowerCase()).toBe(OVERLAY_TAG);
    expect(result!.host.getAttribute(KEY_ATTR)).toBe(key);
    expect(result!.host.getAttribute(PLACEMENT_ATTR)).toBe(placement);
    if (placement === 'anchored') {
      expect(result!.host.previousElementSibling).toBe(doc.querySelector(after!));
    } else {
      expect(result!.host.parentElement).toBe(doc.body);
      expect(result!.host.getAttribute('style')).toContain('position:fixed');
    }
  });

  it('returns the same host on later calls and never adds a second', () => {
    const doc = loadHtml(html());
    const first = mount(doc);
    const second = mount(doc);
    const third = mount(doc);
    expect(second).toEqual(first);
    expect(third?.host).toBe(first?.host);
    expect(hostsIn(doc)).toHaveLength(1);
  });
});

describe('mount getter: not our page', () => {
  it.each<[string, () => string, (doc: Document) => Mount | null]>([
    ['Jira board without a selected issue', () => renderJiraBoardPage(board, jiraIssues), jira(`${SITE}${jiraBoardPath(board)}`)],
    ['Jira backlog fixture', () => fixture('jira-backlog.2026-08.html'), jira(`${SITE}/jira/software/c/projects/RDC/boards/2122/backlog`)],
    ['Confluence', () => renderJiraIssuePage(jiraIssues[0]!), jira(`${SITE}/wiki/spaces/ENG/pages/1`)],
    ['Linear list', () => renderLinearListPage(linearIssues), linear('https://linear.app/acme/team/ENG/active')],
    ['Linear list fixture', () => fixture('linear-list-view.2026-11.html'), linear('https://linear.app/acme/team/ENG/active')],
    [
      'Linear list fixture 2026-12, an issue peeked',
      () => fixture('linear-list-view.2026-12.html'),
      linear('https://linear.app/acme/team/ENG/active'),
    ],
    ['Linear settings', () => renderLinearIssuePage(linearIssues[0]!), linear('https://linear.app/acme/settings')],
  ])('%s → null, and nothing is added', (_name, html, mount) => {
    const doc = loadHtml(html());
    expect(mount(doc)).toBeNull();
    expect(hostsIn(doc)).toHaveLength(0);
  });

  it('a null page is never ours', () => {
    const doc = loadHtml(renderJiraIssuePage(jiraIssues[0]!));
    expect(getJiraMount(doc, null)).toBeNull();
    expect(getLinearMount(doc, null)).toBeNull();
  });
});

describe('mount getter: the page changes under the host', () => {
  const page: JiraPage = { type: 'issue', key: 'PLAT-3', site: SITE, surface: 'board', boardId: 1 };

  it('moves the floating host under the summary once the panel renders, keeping the element', () => {
    const doc = loadHtml(renderJiraBoardPage(board, jiraIssues, undefined, { boardIssueView: 'panel' }));
    const floating = getJiraMount(doc, page)!;
    expect(floating.placement).toBe('floating');
    const panelDoc = loadHtml(renderJiraBoardPage(board, jiraIssues, 'PLAT-3', { boardIssueView: 'panel' }));
    doc.body.append(doc.importNode(panelDoc.querySelector('[data-testid="preview-panels.preview-panel"]')!, true));
    const anchored = getJiraMount(doc, page)!;
    expect(anchored.host).toBe(floating.host);
    expect(anchored.placement).toBe('anchored');
    expect(anchored.host.previousElementSibling?.getAttribute('data-testid')).toBe(
      'issue-field-summary.ui.issue-field-summary-inline-edit--container',
    );
    expect(hostsIn(doc)).toHaveLength(1);
  });

  it('stays put while the header re-renders for the same issue, and floats for another issue', () => {
    const doc = loadHtml(renderJiraIssuePage(jiraIssues[0]!, { issues: jiraIssues }));
    const browse = (key: string): JiraPage => ({ type: 'issue', key, site: SITE, surface: 'issue-view' });
    const first = getJiraMount(doc, browse('PLAT-1'))!;
    doc.querySelector('[data-testid="issue-field-summary.ui.issue-field-summary-inline-edit--container"]')!.remove();
    doc.querySelector('#jira-issue-header')!.remove();
    const during = getJiraMount(doc, browse('PLAT-1'))!;
    expect(during).toEqual({ host: first.host, placement: 'anchored' });
    const other = getJiraMount(doc, browse('PLAT-2'))!;
    expect(other.host).toBe(first.host);
    expect(other.placement).toBe('floating');
    expect(other.host.getAttribute(KEY_ATTR)).toBe('PLAT-2');
  });

  it('re-creates the host when the app threw the old one away with the main area', () => {
    const doc = loadHtml(renderLinearIssuePage(linearIssues[0]!, { issues: linearIssues }));
    const issuePage = parseLinearLocation('https://linear.app/acme/issue/ENG-1') as LinearPage;
    const first = getLinearMount(doc, issuePage)!;
    const main = doc.querySelector('main')!;
    const replacement = loadHtml(renderLinearIssuePage(linearIssues[2]!, { issues: linearIssues })).querySelector('main')!;
    main.replaceWith(doc.importNode(replacement, true));
    expect(first.host.isConnected).toBe(false);
    const next = getLinearMount(doc, parseLinearLocation('https://linear.app/acme/issue/ENG-3'))!;
    expect(next.placement).toBe('anchored');
    expect(next.host.isConnected).toBe(true);
    expect(hostsIn(doc)).toHaveLength(1);
  });

  it('removes duplicates an earlier content-script instance left behind', () => {
    const doc = loadHtml(renderJiraIssuePage(jiraIssues[0]!));
    for (let i = 0; i < 3; i++) {
      const stray = doc.createElement(OVERLAY_TAG);
      stray.setAttribute('data-kr-lens-tracker', 'jira');
      doc.body.append(stray);
    }
    getJiraMount(doc, parseJiraLocation(`${SITE}/browse/PLAT-1`));
    expect(hostsIn(doc)).toHaveLength(1);
  });

  it('leaves the other tracker’s host alone, and removeXMount clears only its own', () => {
    const doc = loadHtml(renderJiraIssuePage(jiraIssues[0]!));
    getJiraMount(doc, parseJiraLocation(`${SITE}/browse/PLAT-1`));
    getLinearMount(doc, parseLinearLocation('https://linear.app/acme/issue/ENG-1'));
    expect(hostsIn(doc)).toHaveLength(2);
    removeLinearMount(doc);
    expect(hostsIn(doc).map((h) => h.getAttribute('data-kr-lens-tracker'))).toEqual(['jira']);
    removeJiraMount(doc);
    expect(hostsIn(doc)).toHaveLength(0);
  });
});

describe('mount getter: never throws', () => {
  const jiraPage = parseJiraLocation(`${SITE}/browse/PLAT-1`);
  const linearPage = parseLinearLocation('https://linear.app/acme/issue/ENG-1');

  it('a document without a body floats the host on the document element', () => {
    const doc = loadHtml('<html><head></head></html>');
    doc.body?.remove();
    const result = getJiraMount(doc, jiraPage);
    expect(result?.placement).toBe('floating');
    expect(result?.host.parentNode).toBe(doc.documentElement);
  });

  it('a document whose queries throw still gets a floating host', () => {
    const doc = loadHtml(renderJiraIssuePage(jiraIssues[0]!));
    const explode = () => {
      throw new Error('host page patched the DOM');
    };
    Object.assign(doc, { querySelector: explode, querySelectorAll: explode });
    expect(() => getJiraMount(doc, jiraPage)).not.toThrow();
    expect(getJiraMount(doc, jiraPage)?.placement).toBe('floating');
    expect(() => getLinearMount(doc, linearPage)).not.toThrow();
  });

  it('a document that cannot create elements yields null, not an exception', () => {
    const doc = loadHtml('<html><body></body></html>');
    Object.assign(doc, {
      createElement: () => {
        throw new Error('nope');
      },
    });
    expect(getJiraMount(doc, jiraPage)).toBeNull();
    expect(getLinearMount(doc, linearPage)).toBeNull();
  });

  // Random trees built from the very hooks we look for, nested in odd ways.
  const HOOKS = [
    '<div data-testid="issue-field-summary.ui.issue-field-summary-inline-edit--container">',
    '<h1 data-testid="issue.views.issue-base.foundation.summary.heading">',
    '<div id="jira-issue-header">',
    '<section data-testid="preview-panels.preview-panel">',
    '<div data-testid="issue.views.issue-details.issue-layout.compact-layout">',
    '<div data-view-id="issue-view">',
    '<div role="textbox" contenteditable="true">',
    '<section role="dialog" data-testid="issue.views.issue-details.issue-modal.modal-dialog">',
    '<nav>',
    '<main>',
    '<div aria-label="Issue title" contenteditable="true">',
    '<div contenteditable="true" aria-multiline="false">',
    '<div>',
  ];
  const leaf = fc.constantFrom(
    '<a data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item" href="/browse/PLAT-1">PLAT-1</a>',
    '<a data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item" href="/browse/PLAT-9">PLAT-9</a>',
    '<a data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item">garbage</a>',
    'text',
    '',
  );
  const tree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(fc.constantFrom(...HOOKS), fc.array(tie('node'), { maxLength: 3 })).map(([open, children]) => {
        const tag = /^<(\w+)/.exec(open)![1];
        return `${open}${children.join('')}</${tag}>`;
      }),
    ),
  })).node;

  it('holds the contract on any arrangement of hooks', () => {
    fc.assert(
      fc.property(tree, fc.boolean(), (markup, jiraSide) => {
        const doc = loadHtml(`<html><body>${markup}</body></html>`);
        const mount = jiraSide ? () => getJiraMount(doc, jiraPage) : () => getLinearMount(doc, linearPage);
        const first = mount();
        const second = mount();
        expect(first).not.toBeNull();
        expect(second?.host).toBe(first?.host);
        expect(hostsIn(doc)).toHaveLength(1);
        expect(first!.host.isConnected).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
