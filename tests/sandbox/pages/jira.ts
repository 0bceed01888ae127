/**
 * Sandbox pages that imitate Jira Cloud's issue view and board (2026-11 markup: the data-testid
 * hooks, the breadcrumb and summary structure, board cards with `id="card-KEY"`, the board's
 * issue modal or side preview panel). The content script runs on them unmodified; `variant:
 * 'no-anchor'` renames the header hooks the way a Jira redesign would.
 */
import { type SafeHtml, html, raw } from './html';
import { type SandboxView, HREF_ATTR, OUTLET_ATTR, ROUTE_ATTR, spaScripts } from './spa';
import {
  type JiraBoard,
  type JiraPageOptions,
  type SandboxIssue,
  type StatusCategory,
  avatarColour,
  childrenOf,
  inferStatusCategory,
  initials,
  issueSet,
  projectKeyOf,
} from './types';

type Theme = 'light' | 'dark';

interface Palette {
  surface: string;
  sunken: string;
  raised: string;
  text: string;
  subtle: string;
  subtlest: string;
  border: string;
  link: string;
  selected: string;
  selectedText: string;
  hover: string;
  brand: string;
  blanket: string;
  shadow: string;
  parentTag: { bg: string; fg: string };
  lozenge: Record<StatusCategory, { bg: string; fg: string }>;
}

// Approximations of Atlassian Design System tokens (2025 refresh), enough for screenshots.
const PALETTES: Record<Theme, Palette> = {
  light: {
    surface: '#FFFFFF',
    sunken: '#F8F8F8',
    raised: '#FFFFFF',
    text: '#292A2E',
    subtle: '#505258',
    subtlest: '#6B6E76',
    border: '#0B120E24',
    link: '#1868DB',
    selected: '#E9F2FE',
    selectedText: '#1868DB',
    hover: '#0515240F',
    brand: '#1868DB',
    blanket: '#050C1F75',
    shadow: '0 1px 1px #1E1F2140, 0 0 1px #1E1F214f',
    parentTag: { bg: '#DFD8FD', fg: '#5E4DB2' },
    lozenge: {
      todo: { bg: '#DDDEE1', fg: '#292A2E' },
      in_progress: { bg: '#CFE1FD', fg: '#1558BC' },
      done: { bg: '#BAF3DB', fg: '#216E4E' },
      canceled: { bg: '#DDDEE1', fg: '#505258' },
    },
  },
  dark: {
    surface: '#1F1F21',
    sunken: '#18191A',
    raised: '#242528',
    text: '#CECFD2',
    subtle: '#A9ABAF',
    subtlest: '#96999E',
    border: '#E3E4F21F',
    link: '#669DF1',
    selected: '#1C2B42',
    selectedText: '#669DF1',
    hover: '#CECED912',
    brand: '#669DF1',
    blanket: '#10121499',
    shadow: '0 0 0 1px #BDBDBD1F, 0 1px 1px #0304045C',
    parentTag: { bg: '#3D2E7C', fg: '#B8ACF6' },
    lozenge: {
      todo: { bg: '#3D3F43', fg: '#CECFD2' },
      in_progress: { bg: '#123263', fg: '#8FB8F6' },
      done: { bg: '#164B35', fg: '#7EE2B8' },
      canceled: { bg: '#3D3F43', fg: '#A9ABAF' },
    },
  },
};

function css(p: Palette): SafeHtml {
  return raw(`
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { background: ${p.surface}; color: ${p.text}; font: 14px/20px "Atlassian Sans", ui-sans-serif, -apple-system, BlinkMacSystemFont, "Segoe UI", Ubuntu, "Helvetica Neue", sans-serif; }
a { color: ${p.link}; text-decoration: none; }
a:hover { text-decoration: underline; }
button { font: inherit; color: inherit; }
.page-layout { display: grid; grid-template-columns: 240px 1fr; grid-template-rows: 48px 1fr; height: 100vh; }
.top-nav { grid-column: 1 / -1; display: flex; align-items: center; gap: 12px; padding: 0 12px; border-bottom: 1px solid ${p.border}; background: ${p.surface}; }
.app-switcher { width: 32px; height: 32px; border-radius: 4px; display: grid; place-items: center; color: ${p.subtle}; }
.product { display: flex; align-items: center; gap: 8px; font-weight: 653; color: ${p.text}; }
.product-logo { width: 24px; height: 24px; border-radius: 6px; background: ${p.brand}; display: grid; place-items: center; }
.search { flex: 1; max-width: 780px; margin: 0 auto; height: 32px; border: 1px solid ${p.border}; border-radius: 6px; display: flex; align-items: center; gap: 8px; padding: 0 10px; color: ${p.subtlest}; }
.create { background: ${p.brand}; color: ${p.surface}; border: 0; border-radius: 4px; height: 32px; padding: 0 12px; font-weight: 500; }
.me { width: 24px; height: 24px; border-radius: 50%; }
.sidebar { border-right: 1px solid ${p.border}; background: ${p.surface}; padding: 12px 8px; overflow: auto; }
.sidebar h2 { font-size: 11px; line-height: 16px; text-transform: none; color: ${p.subtlest}; margin: 16px 8px 4px; font-weight: 653; }
.side-item { display: flex; align-items: center; gap: 10px; height: 32px; padding: 0 8px; border-radius: 4px; color: ${p.subtle}; }
.side-item.current { background: ${p.selected}; color: ${p.selectedText}; }
.side-item:hover { background: ${p.hover}; text-decoration: none; }
.project-avatar { width: 20px; height: 20px; border-radius: 4px; background: #FCA700; display: inline-block; }
main#ak-main-content { overflow: auto; background: ${p.surface}; }
.issue-layout { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 40px; padding: 24px 32px; max-width: 1280px; }
.crumbs ol { list-style: none; display: flex; flex-wrap: wrap; align-items: center; gap: 4px; padding: 0; margin: 0 0 12px; color: ${p.subtle}; }
.crumbs li { list-style: none; display: flex; align-items: center; gap: 4px; }
.crumbs [role="listitem"] { display: flex; align-items: center; gap: 4px; }
.crumbs .sep { color: ${p.subtlest}; padding: 0 2px; }
.crumbs a { color: ${p.subtle}; }
.type-icon { width: 16px; height: 16px; border-radius: 3px; display: inline-grid; place-items: center; flex: none; }
.summary h1 { font-size: 24px; line-height: 28px; font-weight: 653; margin: 0 0 16px; padding: 4px 6px; margin-left: -6px; border-radius: 4px; }
.summary h1:hover { background: ${p.hover}; }
.quick-actions { display: flex; gap: 8px; margin-bottom: 24px; }
.btn { background: ${p.hover}; border: 0; border-radius: 4px; height: 32px; padding: 0 12px; color: ${p.subtle}; font-weight: 500; display: inline-flex; align-items: center; gap: 6px; }
.section-title { font-size: 16px; line-height: 20px; font-weight: 653; margin: 24px 0 8px; }
.ak-renderer-document p { margin: 0 0 8px; }
.placeholder { color: ${p.subtlest}; }
.child-table { width: 100%; border-collapse: collapse; border: 1px solid ${p.border}; border-radius: 4px; }
.child-table td { border-top: 1px solid ${p.border}; padding: 6px 8px; vertical-align: middle; }
.child-table tr:first-child td { border-top: 0; }
.cell-key { display: flex; align-items: center; gap: 8px; white-space: nowrap; }
.lozenge { display: inline-flex; align-items: center; gap: 4px; height: 20px; padding: 0 4px; border-radius: 3px; font-size: 12px; font-weight: 653; text-transform: uppercase; white-space: nowrap; }
.status-button { height: 32px; padding: 0 10px; border: 0; border-radius: 4px; font-weight: 500; display: inline-flex; align-items: center; gap: 6px; margin-bottom: 16px; }
.details { border: 1px solid ${p.border}; border-radius: 6px; }
.details h2 { margin: 0; padding: 12px 16px; font-size: 14px; font-weight: 653; border-bottom: 1px solid ${p.border}; }
.details dl { display: grid; grid-template-columns: 140px 1fr; gap: 14px 8px; margin: 0; padding: 16px; }
.details dt { color: ${p.subtle}; font-weight: 500; }
.details dd { margin: 0; display: flex; align-items: center; gap: 8px; min-width: 0; }
.avatar { width: 24px; height: 24px; border-radius: 50%; color: #fff; font-size: 10px; font-weight: 700; display: inline-grid; place-items: center; flex: none; }
.avatar.small { width: 20px; height: 20px; font-size: 9px; }
.board-header { padding: 20px 24px 8px; }
.board-header h1 { font-size: 24px; line-height: 28px; font-weight: 653; margin: 4px 0 16px; }
.board-toolbar { display: flex; gap: 8px; align-items: center; margin-bottom: 8px; }
.board-search { width: 180px; height: 32px; border: 1px solid ${p.border}; border-radius: 4px; padding: 0 8px; display: flex; align-items: center; color: ${p.subtlest}; }
.board { display: flex; gap: 8px; padding: 8px 24px 24px; align-items: flex-start; overflow-x: auto; }
.column { background: ${p.sunken}; border-radius: 6px; width: 272px; flex: none; padding: 4px 4px 8px; }
.column-header { display: flex; align-items: center; gap: 8px; padding: 10px 8px 8px; font-size: 12px; font-weight: 653; color: ${p.subtle}; text-transform: uppercase; }
.column-count { font-weight: 400; }
.cards { display: flex; flex-direction: column; gap: 4px; min-height: 40px; }
.card { background: ${p.raised}; border-radius: 4px; box-shadow: ${p.shadow}; padding: 12px; cursor: pointer; position: relative; }
.card:hover { background: ${p.hover}; }
.card-focus { position: absolute; inset: 0; opacity: 0; border: 0; background: none; cursor: pointer; }
.card-summary { margin-bottom: 8px; }
.card-parent { display: inline-block; font-size: 12px; line-height: 16px; padding: 0 4px; border-radius: 3px; background: ${p.parentTag.bg}; color: ${p.parentTag.fg}; margin-bottom: 8px; max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.card-footer { display: flex; align-items: center; justify-content: space-between; }
.card-footer .left { display: flex; align-items: center; gap: 6px; font-size: 12px; font-weight: 500; color: ${p.subtle}; }
.card-footer a { color: ${p.subtle}; position: relative; }
.modal-positioner { position: fixed; inset: 0; display: grid; place-items: start center; padding-top: 60px; z-index: 500; }
.modal-blanket { position: fixed; inset: 0; background: ${p.blanket}; }
.modal { position: relative; width: min(1100px, calc(100vw - 120px)); max-height: calc(100vh - 120px); overflow: auto; background: ${p.surface}; border-radius: 4px; box-shadow: 0 8px 12px #1E1F2126, 0 0 1px #1E1F214f; }
.modal-header, .panel-header { display: flex; align-items: center; justify-content: flex-end; gap: 4px; padding: 12px 16px 0; }
.panel-header { justify-content: space-between; padding: 12px 12px 8px; border-bottom: 1px solid ${p.border}; }
.icon-button { width: 32px; height: 32px; border: 0; border-radius: 4px; background: none; color: ${p.subtle}; display: grid; place-items: center; cursor: pointer; }
.icon-button:hover { background: ${p.hover}; }
.preview-panel { position: fixed; top: 48px; right: 0; bottom: 0; width: 400px; background: ${p.surface}; border-left: 1px solid ${p.border}; box-shadow: -4px 0 8px #0000001a; overflow: auto; z-index: 400; }
.preview-panel .issue-layout, .modal .issue-layout { grid-template-columns: 1fr; gap: 16px; padding: 16px 24px 24px; }
.modal .issue-layout { grid-template-columns: minmax(0, 1fr) 320px; }
`);
}

// ---- small pieces -------------------------------------------------------------------------------

const TYPE_COLOURS: Record<string, string> = {
  epic: '#BF63F3',
  story: '#6A9A23',
  task: '#1868DB',
  bug: '#E2483D',
  subtask: '#4688EC',
  'sub-task': '#4688EC',
};

function typeLabel(type: string): string {
  const t = type.trim();
  return t ? t[0]!.toUpperCase() + t.slice(1) : 'Task';
}

const TYPE_GLYPHS: Record<string, string> = {
  epic: '<path d="M9.5 2 4 9h4l-1.5 5L12 7H8z" fill="#fff"/>',
  story: '<path d="M5 3h6v10l-3-2.2L5 13z" fill="#fff"/>',
  task: '<path d="m4.5 8.2 2.3 2.3 4.7-4.8" stroke="#fff" stroke-width="1.8" fill="none"/>',
  bug: '<circle cx="8" cy="8" r="3.2" fill="#fff"/>',
  subtask:
    '<rect x="4.5" y="4.5" width="4.5" height="4.5" fill="none" stroke="#fff" stroke-width="1.4"/><rect x="7" y="7" width="4.5" height="4.5" fill="#fff"/>',
};

function typeIcon(type: string): SafeHtml {
  const key = type.trim().toLowerCase();
  const colour = TYPE_COLOURS[key] ?? '#6B6E76';
  const glyph = TYPE_GLYPHS[key === 'sub-task' ? 'subtask' : key] ?? TYPE_GLYPHS.task!;
  return html`<span class="type-icon" role="img" aria-label="${typeLabel(type)}" style="background:${colour}"><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">${raw(glyph)}</svg></span>`;
}

function avatar(name: string | undefined, small = false): SafeHtml {
  if (!name) {
    return html`<span class="avatar${small ? ' small' : ''}" role="img" aria-label="Unassigned" style="background:#8C8F97">?</span>`;
  }
  return html`<span class="avatar${small ? ' small' : ''}" role="img" aria-label="${name}" style="background:${avatarColour(name)}">${initials(name)}</span>`;
}

function lozenge(p: Palette, issue: SandboxIssue): SafeHtml {
  const colours = p.lozenge[inferStatusCategory(issue)];
  return html`<span class="lozenge" data-testid="issue.fields.status.common.ui.status-lozenge.text" style="background:${colours.bg};color:${colours.fg}">${issue.status}</span>`;
}

const CHEVRON = raw(
  '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path fill="currentColor" d="m14.53 6.03-6 6a.75.75 0 0 1-1.06 0l-6-6 1.06-1.06L8 10.44l5.47-5.47z"/></svg>',
);
const CLOSE = raw(
  '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path fill="currentColor" d="M13.53 3.53 9.06 8l4.47 4.47-1.06 1.06L8 9.06l-4.47 4.47-1.06-1.06L6.94 8 2.47 3.53l1.06-1.06L8 6.94l4.47-4.47z"/></svg>',
);
const GRID = raw(
  '<svg width="20" height="20" viewBox="0 0 16 16" aria-hidden="true"><path fill="currentColor" d="M2 2h3v3H2zm4.5 0h3v3h-3zM11 2h3v3h-3zM2 6.5h3v3H2zm4.5 0h3v3h-3zm4.5 0h3v3h-3zM2 11h3v3H2zm4.5 0h3v3h-3zm4.5 0h3v3h-3z"/></svg>',
);
const LOGO = raw(
  '<svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true"><path fill="#fff" d="M8 1 1 8l3 3 4-4 4 4 3-3z"/></svg>',
);
const SEARCH = raw(
  '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path fill="currentColor" d="M7 2a5 5 0 0 1 3.96 8.05l3.5 3.5-1.06 1.06-3.5-3.5A5 5 0 1 1 7 2m0 1.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7"/></svg>',
);

// ---- issue view ---------------------------------------------------------------------------------

interface IssueViewContext {
  palette: Palette;
  issues: readonly SandboxIssue[];
  variant: 'normal' | 'no-anchor';
  projectName: string;
  /** Where a link to another issue goes: `/browse/KEY` on the full page, `?selectedIssue=KEY` on a board. */
  issueHref: (key: string) => string;
}

/** The hooks a Jira redesign would rename: normal names, or the renamed ones of `no-anchor`. */
function hooks(variant: 'normal' | 'no-anchor') {
  const renamed = variant === 'no-anchor';
  return {
    headerId: renamed ? 'issue-header-v3' : 'jira-issue-header',
    currentIssue: renamed
      ? 'issue.views.issue-base.foundation.breadcrumbs.selected-work-item.link'
      : 'issue.views.issue-base.foundation.breadcrumbs.current-issue.item',
    currentIssueContainer: renamed
      ? 'issue.views.issue-base.foundation.breadcrumbs.selected-work-item'
      : 'issue.views.issue-base.foundation.breadcrumbs.breadcrumb-current-issue-container',
    summaryContainer: renamed
      ? 'issue-field-summary.ui.summary-v3.container'
      : 'issue-field-summary.ui.issue-field-summary-inline-edit--container',
    summaryHeading: renamed ? 'issue.views.issue-base.foundation.summary.title-v3' : 'issue.views.issue-base.foundation.summary.heading',
    // A redesign that drops the nav landmark around the breadcrumbs, too.
    crumbsTag: renamed ? 'div' : 'nav',
  };
}

function breadcrumbs(ctx: IssueViewContext, issue: SandboxIssue): SafeHtml {
  const h = hooks(ctx.variant);
  const parent = issue.parentKey ? ctx.issues.find((i) => i.key === issue.parentKey) : undefined;
  const projectKey = projectKeyOf(issue.key);
  const parentCrumb = issue.parentKey
    ? html`<span class="sep">/</span><div data-testid="issue.views.issue-base.foundation.breadcrumbs.breadcrumb-parent-issue-container" role="listitem">${parent ? typeIcon(parent.type) : ''}<a data-testid="issue.views.issue-base.foundation.breadcrumbs.parent-issue.item" href="${ctx.issueHref(issue.parentKey)}">${issue.parentKey}</a></div>`
    : '';
  return html`<div id="${h.headerId}">${raw(`<${h.crumbsTag} class="crumbs" aria-label="Work item breadcrumbs">`)}<ol role="list">
<li><span class="project-avatar" aria-hidden="true"></span><a href="/jira/software/projects/${projectKey}/summary">${ctx.projectName}</a></li>${parentCrumb}
<span class="sep">/</span><div data-testid="${h.currentIssueContainer}" role="listitem">${typeIcon(issue.type)}<div role="presentation"><li><a aria-current="page" data-testid="${h.currentIssue}" href="/browse/${issue.key}"><span>${issue.key}</span></a></li></div></div>
</ol>${raw(`</${h.crumbsTag}>`)}</div>`;
}

function description(issue: SandboxIssue): SafeHtml {
  const paragraphs = (issue.description ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const body = paragraphs.length
    ? html`<div class="ak-renderer-document">${paragraphs.map((p) => html`<p>${p}</p>`)}</div>`
    : html`<p class="placeholder">Add a description…</p>`;
  return html`<section data-testid="issue.views.field.rich-text.description" aria-label="Description"><h2 class="section-title">Description</h2>${body}</section>`;
}

function childTable(ctx: IssueViewContext, issue: SandboxIssue): SafeHtml {
  const children = childrenOf(ctx.issues, issue.key);
  if (children.length === 0) return html``;
  const rows = children.map(
    (
      child,
    ) => html`<tr data-testid="native-issue-table.ui.issue-row"><td><div class="cell-key">${typeIcon(child.type)}<a data-testid="native-issue-table.common.ui.issue-cells.issue-key.issue-key-cell" href="${ctx.issueHref(child.key)}">${child.key}</a></div></td>
<td><a data-testid="native-issue-table.common.ui.issue-cells.issue-summary.issue-summary-cell" href="${ctx.issueHref(child.key)}" style="color:inherit">${child.title}</a></td>
<td>${avatar(child.assignee, true)}</td><td>${lozenge(ctx.palette, child)}</td></tr>`,
  );
  return html`<section aria-label="Child work items"><h2 class="section-title">Child work items</h2><table class="child-table"><tbody>${rows}</tbody></table></section>`;
}

function detailsPanel(ctx: IssueViewContext, issue: SandboxIssue): SafeHtml {
  const colours = ctx.palette.lozenge[inferStatusCategory(issue)];
  const parent = issue.parentKey
    ? html`<a href="${ctx.issueHref(issue.parentKey)}">${issue.parentKey}</a>`
    : html`<span class="placeholder">None</span>`;
  return html`<div data-testid="issue.views.issue-details.issue-layout.container-right">
<button type="button" class="status-button" aria-label="${issue.status} - Change status" data-testid="issue-field-status.ui.status-view.status-button.status-button" style="background:${colours.bg};color:${colours.fg}">${issue.status}${CHEVRON}</button>
<div class="details" data-testid="issue.views.issue-base.context.context-items"><h2>Details</h2><dl>
<dt>Assignee</dt><dd data-testid="issue.views.field.user.assignee">${avatar(issue.assignee)}<span>${issue.assignee ?? 'Unassigned'}</span></dd>
<dt>Work type</dt><dd>${typeIcon(issue.type)}<span>${typeLabel(issue.type)}</span></dd>
<dt>Parent</dt><dd data-testid="issue.views.field.parent">${parent}</dd>
<dt>Labels</dt><dd><span class="placeholder">None</span></dd>
<dt>Reporter</dt><dd>${avatar('Dana Reporter')}<span>Dana Reporter</span></dd>
</dl></div></div>`;
}

/** `compact` is the layout the board's side panel has used since early 2026. */
function issueView(ctx: IssueViewContext, issue: SandboxIssue, layout: 'issue' | 'compact' = 'issue'): SafeHtml {
  const h = hooks(ctx.variant);
  return html`<div data-testid="issue.views.issue-details.issue-layout.${layout}-layout" class="issue-layout" data-issue-key="${issue.key}">
<div data-testid="issue.views.issue-details.issue-layout.container-left">
${breadcrumbs(ctx, issue)}
<div data-testid="${h.summaryContainer}" class="summary"><h1 data-testid="${h.summaryHeading}">${issue.title}</h1></div>
<div class="quick-actions"><button type="button" class="btn">+ Add</button><button type="button" class="btn">Apps</button></div>
${description(issue)}
${childTable(ctx, issue)}
<h2 class="section-title">Activity</h2><p class="placeholder">No comments yet.</p>
</div>
${detailsPanel(ctx, issue)}
</div>`;
}

// ---- page chrome --------------------------------------------------------------------------------

function topNav(): SafeHtml {
  return html`<header data-testid="page-layout.top-nav" class="top-nav">
<span class="app-switcher" aria-label="Switch apps">${GRID}</span>
<span class="product"><span class="product-logo">${LOGO}</span>Jira</span>
<div class="search" role="search">${SEARCH}<span>Search</span></div>
<button type="button" class="create">+ Create</button>
<span class="me" style="background:${avatarColour('You')}" aria-label="Your profile"></span>
</header>`;
}

function sidebar(projectKey: string, projectName: string, current: 'board' | 'backlog' | 'issues', boardPath: string): SafeHtml {
  const item = (label: string, href: string, isCurrent: boolean) =>
    html`<a class="side-item${isCurrent ? ' current' : ''}" href="${href}"${raw(isCurrent ? ' aria-current="page"' : '')}>${label}</a>`;
  return html`<nav data-testid="page-layout.sidebar" class="sidebar" aria-label="Sidebar">
${item('For you', '/jira/for-you', false)}${item('Recent', '/jira/your-work', false)}${item('Starred', '/jira/your-work?tab=starred', false)}
<h2>Spaces</h2>
<div class="side-item"><span class="project-avatar" aria-hidden="true"></span><span>${projectName}</span></div>
${item('Summary', `/jira/software/projects/${projectKey}/summary`, false)}
${item('Board', boardPath, current === 'board')}
${item('Backlog', `${boardPath}/backlog`, current === 'backlog')}
${item('List', `/jira/software/projects/${projectKey}/list`, current === 'issues')}
</nav>`;
}

interface DocumentParts {
  theme: Theme;
  title: string;
  route: string;
  body: SafeHtml;
  data: { issues: readonly SandboxIssue[]; views: Record<string, SandboxView> };
}

function jiraDocument(parts: DocumentParts): string {
  const p = PALETTES[parts.theme];
  return html`<!DOCTYPE html>
<html lang="en" data-color-mode="${parts.theme}" data-theme="dark:dark light:light spacing:spacing typography:typography" ${raw(ROUTE_ATTR)}="${parts.route}">
<head>
<meta charset="utf-8">
<meta name="application-name" content="JIRA">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${parts.title}</title>
<style>${css(p)}</style>
</head>
<body>
<div id="jira-frontend">${parts.body}</div>
${spaScripts({ tracker: 'jira', issues: parts.data.issues, views: parts.data.views })}
</body>
</html>
`.value;
}

function issueTitle(issue: SandboxIssue): string {
  return `[${issue.key}] ${issue.title} - Jira`;
}

function theme(opts: JiraPageOptions): Theme {
  return opts.theme ?? 'light';
}

// ---- public renderers ---------------------------------------------------------------------------

/** The full-page issue view at `/browse/KEY`. Links to issues in `opts.issues` navigate without a reload. */
export function renderJiraIssuePage(issue: SandboxIssue, opts: JiraPageOptions = {}): string {
  const issues = issueSet([issue], opts.issues);
  const projectKey = projectKeyOf(issue.key);
  const projectName = opts.projectName ?? `${projectKey} project`;
  const ctx: IssueViewContext = {
    palette: PALETTES[theme(opts)],
    issues,
    variant: opts.variant ?? 'normal',
    projectName,
    issueHref: (key) => `/browse/${key}`,
  };
  const views: Record<string, SandboxView> = {};
  for (const each of issues) views[`/browse/${each.key}`] = { html: issueView(ctx, each).value, title: issueTitle(each) };
  const boardPath = `/jira/software/projects/${projectKey}/boards/1`;
  const body = html`<div data-testid="page-layout.root" class="page-layout">${topNav()}${sidebar(projectKey, projectName, 'issues', boardPath)}
<main id="ak-main-content" data-testid="page-layout.main" ${raw(OUTLET_ATTR)}>${raw(views[`/browse/${issue.key}`]!.html)}</main></div>`;
  return jiraDocument({ theme: theme(opts), title: issueTitle(issue), route: `/browse/${issue.key}`, body, data: { issues, views } });
}

/** The path a board page lives at, for whoever serves it; add `?selectedIssue=KEY` for the modal. */
export function jiraBoardPath(board: JiraBoard): string {
  return `/jira/software${board.companyManaged ? '/c' : ''}/projects/${board.projectKey}/boards/${board.id}`;
}

function boardColumns(board: JiraBoard, cards: readonly SandboxIssue[]): string[] {
  const columns = [...(board.columns ?? ['To Do', 'In Progress', 'Done'])];
  for (const card of cards) {
    if (!columns.some((c) => c.toLowerCase() === card.status.toLowerCase())) columns.push(card.status);
  }
  return columns;
}

function boardCard(ctx: IssueViewContext, card: SandboxIssue): SafeHtml {
  const parent = card.parentKey ? ctx.issues.find((i) => i.key === card.parentKey) : undefined;
  const parentTag = parent
    ? html`<div data-testid="issue-field-parent-readview-card.ui.parent.parent-card"><span class="card-parent" data-tag-text="true">${parent.title}</span></div>`
    : '';
  return html`<div id="card-${card.key}" data-component-selector="platform-board-kit.ui.card-container" data-testid="platform-board-kit.ui.card.card" class="card" tabindex="-1" ${raw(HREF_ATTR)}="${ctx.issueHref(card.key)}">
<div data-testid="platform-board-kit.ui.card.ripple.div"><div data-testid="software-context-menu.ui.context-menu.children-wrapper"><div draggable="true">
<button type="button" class="card-focus" aria-label="${card.key} ${card.title}. Use the enter key to load the work item." data-testid="platform-card.ui.card.focus-container"></button>
<div data-component-selector="platform-card.ui.card.card-content.content-section" class="card-summary"><span data-testid="issue-field-single-line-text-readview-card.ui.single-line-text.container.box">${card.title}</span></div>
${parentTag}
<div data-component-selector="platform-card.ui.card.card-content.content-section" data-testid="platform-card.ui.card.card-content.footer" class="card-footer">
<div class="left">${typeIcon(card.type)}<div data-testid="platform-card.common.ui.key.key"><a href="/browse/${card.key}"><div>${card.key}</div></a></div></div>
<div data-testid="software-board.common.fields.assignee-field-static.avatar-wrapper">${avatar(card.assignee, true)}</div>
</div></div></div></div></div>`;
}

function issueSurface(ctx: IssueViewContext, issue: SandboxIssue, kind: 'modal' | 'panel' | 'compact', closeHref: string): SafeHtml {
  if (kind === 'panel' || kind === 'compact') {
    // The compact panel's wrapper is a plain section, as in the 2026-12 fixture: only its layout scopes it.
    const panelId = kind === 'panel' ? raw(' data-testid="preview-panels.preview-panel"') : '';
    return html`<section${panelId} aria-label="Panel" class="preview-panel">
<div data-testid="platform-issue-preview-panel.preview-panel-header" class="panel-header"><span>Work item</span><span style="display:flex;gap:4px">
<a data-testid="platform-issue-preview-panel.preview-panel-new-tab-link" href="/browse/${issue.key}" target="_blank" class="icon-button" aria-label="Open in new tab">↗</a>
<button type="button" class="icon-button" aria-label="Close" ${raw(HREF_ATTR)}="${closeHref}">${CLOSE}</button></span></div>
${issueView(ctx, issue, kind === 'compact' ? 'compact' : 'issue')}
</section>`;
  }
  return html`<div data-testid="issue.views.issue-details.issue-modal.modal-dialog--positioner" class="modal-positioner">
<div class="modal-blanket" ${raw(HREF_ATTR)}="${closeHref}"></div>
<section role="dialog" aria-modal="true" aria-label="${issue.key}" data-testid="issue.views.issue-details.issue-modal.modal-dialog" class="modal">
<div class="modal-header"><button type="button" class="icon-button" aria-label="Close" ${raw(HREF_ATTR)}="${closeHref}">${CLOSE}</button></div>
${issueView(ctx, issue)}
</section></div>`;
}

/**
 * A board at `/jira/software/projects/P/boards/N`; with `selectedIssue` (a key of `cards` or
 * `opts.issues`) the URL carries `?selectedIssue=KEY` and the issue shows in the modal (or the side
 * panel with `boardIssueView: 'panel'`, or the panel's 2026 compact layout with `'compact'`). Clicking a
 * card opens it without a reload.
 */
export function renderJiraBoardPage(
  board: JiraBoard,
  cards: readonly SandboxIssue[],
  selectedIssue?: string,
  opts: JiraPageOptions = {},
): string {
  const issues = issueSet(cards, opts.issues);
  const boardPath = jiraBoardPath(board);
  const projectName = opts.projectName ?? `${board.projectKey} project`;
  const surface = opts.boardIssueView ?? 'modal';
  const ctx: IssueViewContext = {
    palette: PALETTES[theme(opts)],
    issues,
    variant: opts.variant ?? 'normal',
    projectName,
    issueHref: (key) => `${boardPath}?selectedIssue=${encodeURIComponent(key)}`,
  };
  const boardTitle = `${board.name} - ${projectName} - Jira`;
  const views: Record<string, SandboxView> = { [boardPath]: { html: '', title: boardTitle } };
  for (const issue of issues) {
    views[ctx.issueHref(issue.key)] = { html: issueSurface(ctx, issue, surface, boardPath).value, title: issueTitle(issue) };
  }
  const selected = selectedIssue ? issues.find((i) => i.key === selectedIssue) : undefined;
  const route = selected ? ctx.issueHref(selected.key) : boardPath;

  const columns = boardColumns(board, cards).map((status) => {
    const inColumn = cards.filter((c) => c.status.toLowerCase() === status.toLowerCase());
    return html`<div data-testid="platform-board-kit.ui.column.draggable-column.styled-wrapper" class="column">
<div data-testid="platform-board-kit.common.ui.column-header.header.column-header-container" class="column-header"><span data-testid="platform-board-kit.common.ui.column-header.editable-title.column-title.column-name">${status}</span><span class="column-count">${inColumn.length}</span></div>
<div class="cards">${inColumn.map((card) => boardCard(ctx, card))}</div></div>`;
  });
  const body = html`<div data-testid="page-layout.root" class="page-layout">${topNav()}${sidebar(board.projectKey, projectName, 'board', boardPath)}
<main id="ak-main-content" data-testid="page-layout.main">
<div class="board-header"><nav aria-label="Breadcrumbs" class="crumbs"><ol role="list"><li><a href="/jira/projects">Spaces</a></li><span class="sep">/</span><li><a href="/jira/software/projects/${board.projectKey}/summary">${projectName}</a></li></ol></nav>
<h1>${board.name}</h1>
<div class="board-toolbar"><div class="board-search">${SEARCH}&nbsp;Search board</div><button type="button" class="btn">Epic</button><button type="button" class="btn">Type</button></div></div>
<div data-testid="software-board.board" class="board">${columns}</div>
</main></div>
<div ${raw(OUTLET_ATTR)} id="issue-surface">${raw(views[route]!.html)}</div>`;
  return jiraDocument({ theme: theme(opts), title: views[route]!.title, route, body, data: { issues, views } });
}
