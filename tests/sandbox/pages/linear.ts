/**
 * Sandbox pages that imitate Linear's issue view and team issue list (2026-11): minified class
 * names that mean nothing, the title as a ProseMirror editor labelled "Issue title", rows as links
 * to `/<workspace>/issue/KEY/<slug>` (2026-12: `a[data-list-key]`, inside an issue view marked
 * `data-view-id="issue-view"`). `variant: 'no-anchor'` drops the title editor's accessible name and
 * single-line marker and the issue view's id, so only the floating fallback is left.
 */
import { type SafeHtml, html, raw } from './html';
import { type SandboxView, OUTLET_ATTR, ROUTE_ATTR, spaScripts } from './spa';
import {
  type LinearPageOptions,
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
type ListTab = 'active' | 'all' | 'backlog';

interface Palette {
  frame: string;
  main: string;
  border: string;
  text: string;
  secondary: string;
  tertiary: string;
  hover: string;
  selected: string;
  accent: string;
  status: Record<StatusCategory, string>;
}

// Close to Linear's default light and dark themes, enough for screenshots.
const PALETTES: Record<Theme, Palette> = {
  light: {
    frame: '#F4F4F6',
    main: '#FDFDFD',
    border: '#E4E4E8',
    text: '#1B1C20',
    secondary: '#6A6E78',
    tertiary: '#9397A0',
    hover: '#EFEFF2',
    selected: '#E6E6EA',
    accent: '#5E6AD2',
    status: { todo: '#B0B4BD', in_progress: '#F2C94C', done: '#5E6AD2', canceled: '#95A2B3' },
  },
  dark: {
    frame: '#0F1012',
    main: '#16171A',
    border: '#26282D',
    text: '#E3E4E6',
    secondary: '#9A9DA4',
    tertiary: '#6C6F76',
    hover: '#1E1F23',
    selected: '#24262B',
    accent: '#7170FF',
    status: { todo: '#8A8F98', in_progress: '#F2C94C', done: '#7170FF', canceled: '#6C6F76' },
  },
};

function css(p: Palette): SafeHtml {
  return raw(`
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { background: ${p.frame}; color: ${p.text}; font: 13px/1.5 "Inter Variable", Inter, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; -webkit-font-smoothing: antialiased; }
a { color: inherit; text-decoration: none; }
button { font: inherit; color: inherit; background: none; border: 0; cursor: pointer; }
.sc-a1 { display: grid; grid-template-columns: 244px 1fr; height: 100vh; }
.sc-b2 { padding: 10px 8px; display: flex; flex-direction: column; gap: 2px; overflow: auto; }
.sc-b2 .ws { display: flex; align-items: center; gap: 8px; padding: 6px 8px; font-weight: 600; }
.ws-logo { width: 20px; height: 20px; border-radius: 5px; background: ${p.accent}; color: #fff; font-size: 11px; display: grid; place-items: center; font-weight: 700; }
.nav-item { display: flex; align-items: center; gap: 8px; height: 28px; padding: 0 8px; border-radius: 6px; color: ${p.secondary}; font-weight: 500; }
.nav-item:hover { background: ${p.hover}; }
.nav-item.active { background: ${p.selected}; color: ${p.text}; }
.nav-section { color: ${p.tertiary}; font-size: 12px; font-weight: 500; padding: 14px 8px 4px; }
.team-icon { width: 16px; height: 16px; border-radius: 4px; background: #26B5CE; display: inline-block; flex: none; }
.sc-c3 { padding: 8px 8px 8px 0; min-width: 0; }
main.sc-d4 { height: 100%; background: ${p.main}; border: 1px solid ${p.border}; border-radius: 8px; overflow: auto; display: flex; flex-direction: column; }
.hdr { height: 44px; flex: none; display: flex; align-items: center; gap: 8px; padding: 0 16px; border-bottom: 1px solid ${p.border}; color: ${p.secondary}; }
.hdr .crumb { display: flex; align-items: center; gap: 6px; color: ${p.text}; font-weight: 500; }
.hdr .sep { color: ${p.tertiary}; }
.hdr .grow { flex: 1; }
.tab { height: 24px; padding: 0 10px; border-radius: 6px; border: 1px solid ${p.border}; display: inline-flex; align-items: center; color: ${p.secondary}; font-weight: 500; }
.tab.on { background: ${p.selected}; color: ${p.text}; }
.ghost { height: 24px; padding: 0 8px; border-radius: 6px; color: ${p.secondary}; display: inline-flex; align-items: center; gap: 6px; }
.ghost:hover { background: ${p.hover}; }
.issue-wrap { display: grid; grid-template-columns: minmax(0, 1fr) 280px; flex: 1; min-height: 0; }
.issue-main { padding: 36px 56px; overflow: auto; }
.issue-main .ProseMirror { outline: none; }
.title-editor { font-size: 24px; line-height: 1.3; font-weight: 600; letter-spacing: -0.01em; margin-bottom: 14px; }
.title-editor p, .desc-editor p { margin: 0; }
.desc-editor { font-size: 15px; line-height: 1.6; color: ${p.text}; min-height: 24px; }
.desc-editor p + p { margin-top: 10px; }
.muted { color: ${p.tertiary}; }
.sub-head { margin: 32px 0 6px; color: ${p.secondary}; font-weight: 500; display: flex; gap: 6px; align-items: center; }
.sub-list { border-top: 1px solid ${p.border}; }
.activity { margin-top: 40px; border-top: 1px solid ${p.border}; padding-top: 16px; }
.props { border-left: 1px solid ${p.border}; padding: 16px 14px; display: flex; flex-direction: column; gap: 2px; }
.prop-label { color: ${p.tertiary}; font-size: 12px; padding: 10px 8px 2px; }
.prop { display: flex; align-items: center; gap: 8px; height: 30px; padding: 0 8px; border-radius: 6px; font-weight: 500; text-align: left; width: 100%; }
.prop:hover { background: ${p.hover}; }
.group { height: 36px; display: flex; align-items: center; gap: 8px; padding: 0 22px; background: ${p.hover}; font-weight: 500; border-bottom: 1px solid ${p.border}; }
.group .count { color: ${p.tertiary}; font-weight: 400; }
.row { height: 40px; display: flex; align-items: center; gap: 10px; padding: 0 22px; border-bottom: 1px solid ${p.border}; }
.row:hover { background: ${p.hover}; }
.row .ident { color: ${p.secondary}; width: 64px; flex: none; font-variant-numeric: tabular-nums; }
.row .ttl { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-weight: 500; }
.row .spacer { flex: 1; }
.chip { border: 1px solid ${p.border}; border-radius: 999px; padding: 0 8px; height: 20px; display: inline-flex; align-items: center; color: ${p.secondary}; font-size: 12px; white-space: nowrap; max-width: 200px; overflow: hidden; text-overflow: ellipsis; }
.date { color: ${p.tertiary}; font-size: 12px; width: 48px; text-align: right; }
.av { width: 18px; height: 18px; border-radius: 50%; color: #fff; font-size: 9px; font-weight: 600; display: inline-grid; place-items: center; flex: none; }
.empty { padding: 48px; text-align: center; color: ${p.tertiary}; }
`);
}

// ---- small pieces -------------------------------------------------------------------------------

function statusIcon(p: Palette, category: StatusCategory, statusName: string): SafeHtml {
  const colour = p.status[category];
  const isBacklog = category === 'todo' && /backlog/i.test(statusName);
  const shapes: Record<StatusCategory, string> = {
    todo: isBacklog
      ? `<circle cx="7" cy="7" r="6" fill="none" stroke="${colour}" stroke-width="1.5" stroke-dasharray="1.4 1.6"/>`
      : `<circle cx="7" cy="7" r="6" fill="none" stroke="${colour}" stroke-width="1.5"/>`,
    in_progress: `<circle cx="7" cy="7" r="6" fill="none" stroke="${colour}" stroke-width="1.5"/><path d="M7 3.5a3.5 3.5 0 0 1 0 7z" fill="${colour}"/>`,
    done: `<circle cx="7" cy="7" r="7" fill="${colour}"/><path d="m4.3 7.2 1.9 1.9 3.7-3.9" stroke="#fff" stroke-width="1.5" fill="none"/>`,
    canceled: `<circle cx="7" cy="7" r="7" fill="${colour}"/><path d="m4.8 4.8 4.4 4.4m0-4.4-4.4 4.4" stroke="#fff" stroke-width="1.5"/>`,
  };
  return html`<svg width="14" height="14" viewBox="0 0 14 14" role="img" aria-label="${statusName}">${raw(shapes[category])}</svg>`;
}

const PRIORITY = raw(
  '<svg width="14" height="14" viewBox="0 0 14 14" aria-label="No priority" role="img"><rect x="1.5" y="6.25" width="2.5" height="1.5" rx=".5" fill="currentColor" opacity=".6"/><rect x="5.75" y="6.25" width="2.5" height="1.5" rx=".5" fill="currentColor" opacity=".6"/><rect x="10" y="6.25" width="2.5" height="1.5" rx=".5" fill="currentColor" opacity=".6"/></svg>',
);

function avatar(name: string | undefined): SafeHtml {
  if (!name) return html`<span class="av" role="img" aria-label="No assignee" style="background:#8A8F98">–</span>`;
  return html`<span class="av" role="img" aria-label="${name}" style="background:${avatarColour(name)}">${initials(name)}</span>`;
}

export function slugOf(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'issue';
}

// ---- routes and context -------------------------------------------------------------------------

interface LinearContext {
  palette: Palette;
  issues: readonly SandboxIssue[];
  variant: 'normal' | 'no-anchor';
  workspace: string;
  workspaceName: string;
  teamKey: string;
  teamName: string;
  listTab: ListTab;
}

function issuePath(ctx: LinearContext, issue: SandboxIssue): string {
  return `/${ctx.workspace}/issue/${issue.key}/${slugOf(issue.title)}`;
}

function listPath(ctx: LinearContext, tab: ListTab): string {
  return `/${ctx.workspace}/team/${ctx.teamKey}/${tab}`;
}

function contextOf(first: SandboxIssue | undefined, issues: readonly SandboxIssue[], opts: LinearPageOptions): LinearContext {
  const teamKey = (opts.teamKey ?? (first ? projectKeyOf(first.key) : 'ENG')).toUpperCase();
  const workspace = (opts.workspace ?? 'acme').toLowerCase();
  return {
    palette: PALETTES[opts.theme ?? 'light'],
    issues,
    variant: opts.variant ?? 'normal',
    workspace,
    workspaceName: opts.workspaceName ?? workspace[0]!.toUpperCase() + workspace.slice(1),
    teamKey,
    teamName: opts.teamName ?? (teamKey === 'ENG' ? 'Engineering' : teamKey),
    listTab: opts.listTab ?? 'active',
  };
}

// ---- issue view ---------------------------------------------------------------------------------

function titleEditor(ctx: LinearContext, issue: SandboxIssue): SafeHtml {
  // 2026-11: the real title is a single-line ProseMirror editor with an accessible name; the
  // no-anchor variant keeps the editor and loses both hooks (2026-12: and the issue view its
  // data-view-id, so no fallback finds the title).
  const hooks =
    ctx.variant === 'no-anchor' ? raw('data-placeholder="Issue title"') : raw('aria-label="Issue title" aria-multiline="false"');
  return html`<div class="sc-t9 title-editor"><div class="ProseMirror editor" contenteditable="true" role="textbox" translate="no" ${hooks}><p class="text-node">${issue.title}</p></div></div>`;
}

/** Linear keys a row by the issue's id (a UUID), not its identifier; any stable token will do here. */
function listKey(issue: SandboxIssue): string {
  return `issue-${issue.key.toLowerCase()}`;
}

function issueRow(ctx: LinearContext, issue: SandboxIssue, withParent: boolean): SafeHtml {
  const category = inferStatusCategory(issue);
  const parent = withParent && issue.parentKey ? ctx.issues.find((i) => i.key === issue.parentKey) : undefined;
  return html`<a class="sc-r7 row" data-list-key="${listKey(issue)}" href="${issuePath(ctx, issue)}" draggable="false"><span class="sc-p1">${PRIORITY}</span><span class="ident" data-column-id="issueId">${issue.key}</span>${statusIcon(ctx.palette, category, issue.status)}<span class="ttl">${issue.title}</span><span class="spacer"></span>${parent ? html`<span class="chip">${parent.title}</span>` : ''}${avatar(issue.assignee)}</a>`;
}

function issueView(ctx: LinearContext, issue: SandboxIssue): SafeHtml {
  const category = inferStatusCategory(issue);
  const parent = issue.parentKey ? ctx.issues.find((i) => i.key === issue.parentKey) : undefined;
  const children = childrenOf(ctx.issues, issue.key);
  const paragraphs = (issue.description ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const descriptionBody = paragraphs.length ? paragraphs.map((p) => html`<p>${p}</p>`) : html`<p class="muted">Add description…</p>`;
  const parentCrumb = issue.parentKey
    ? html`<span class="sep">›</span>${parent ? html`<a href="${issuePath(ctx, parent)}">${issue.parentKey}</a>` : html`<span>${issue.parentKey}</span>`}`
    : '';
  const subIssues = children.length
    ? html`<div class="sub-head">Sub-issues <span class="muted">${children.filter((c) => inferStatusCategory(c) === 'done').length}/${children.length}</span></div><div class="sub-list">${children.map((c) => issueRow(ctx, c, false))}</div>`
    : '';
  return html`<div class="hdr"><span class="crumb"><span class="team-icon"></span><a href="${listPath(ctx, ctx.listTab)}">${ctx.teamName}</a></span>${parentCrumb}<span class="sep">›</span><span class="crumb">${issue.key}</span><span class="grow"></span><button type="button" class="ghost" aria-label="Favorite">☆</button><button type="button" class="ghost" aria-label="Issue options">···</button></div>
<div class="issue-wrap" data-issue-identifier="${issue.key}">
<div class="issue-main"${ctx.variant === 'no-anchor' ? '' : raw(' data-view-id="issue-view"')}>
${titleEditor(ctx, issue)}
<div class="sc-u2 desc-editor"><div class="ProseMirror editor" contenteditable="true" role="textbox" translate="no" aria-label="Issue description" aria-multiline="true">${descriptionBody}</div></div>
${subIssues}
<div class="activity"><div style="font-weight:500;margin-bottom:8px">Activity</div><div class="muted">${issue.assignee ?? 'Someone'} created the issue</div></div>
</div>
<aside class="props" aria-label="Issue properties">
<div class="prop-label">Status</div><button type="button" class="prop" aria-label="Change status">${statusIcon(ctx.palette, category, issue.status)}<span>${issue.status}</span></button>
<div class="prop-label">Priority</div><button type="button" class="prop" aria-label="Change priority">${PRIORITY}<span>No priority</span></button>
<div class="prop-label">Assignee</div><button type="button" class="prop" aria-label="Change assignee">${avatar(issue.assignee)}<span>${issue.assignee ?? 'Assign'}</span></button>
<div class="prop-label">Parent</div>${parent ? html`<a class="prop" href="${issuePath(ctx, parent)}">${parent.key} ${parent.title}</a>` : html`<span class="prop muted">${issue.parentKey ?? 'None'}</span>`}
<div class="prop-label">Labels</div><button type="button" class="prop muted" aria-label="Change labels">Add label</button>
</aside>
</div>`;
}

// ---- list view ----------------------------------------------------------------------------------

const CATEGORY_ORDER: readonly StatusCategory[] = ['in_progress', 'todo', 'done', 'canceled'];

function onTab(issue: SandboxIssue, tab: ListTab): boolean {
  const category = inferStatusCategory(issue);
  const backlog = /backlog/i.test(issue.status);
  if (tab === 'all') return true;
  if (tab === 'backlog') return backlog;
  return (category === 'todo' || category === 'in_progress') && !backlog;
}

function listView(ctx: LinearContext, tab: ListTab): SafeHtml {
  const shown = ctx.issues.filter((issue) => projectKeyOf(issue.key) === ctx.teamKey && onTab(issue, tab));
  const statuses: string[] = [];
  for (const category of CATEGORY_ORDER) {
    for (const issue of shown) {
      if (inferStatusCategory(issue) === category && !statuses.includes(issue.status)) statuses.push(issue.status);
    }
  }
  const groups = statuses.map((status) => {
    const rows = shown.filter((issue) => issue.status === status);
    const category = inferStatusCategory(rows[0]!);
    return html`<div class="sc-g5 group">${statusIcon(ctx.palette, category, status)}<span>${status}</span><span class="count">${rows.length}</span></div>${rows.map((issue) => issueRow(ctx, issue, true))}`;
  });
  const tabs = (['all', 'active', 'backlog'] as const).map(
    (t) =>
      html`<a class="tab${t === tab ? ' on' : ''}" href="${listPath(ctx, t)}">${t === 'all' ? 'All issues' : t === 'active' ? 'Active' : 'Backlog'}</a>`,
  );
  return html`<div class="hdr"><span class="crumb"><span class="team-icon"></span>${ctx.teamName}</span>${tabs}<span class="grow"></span><button type="button" class="ghost">Filter</button><button type="button" class="ghost">Display</button></div>
<div class="sc-l4" role="list" aria-label="Issues">${groups.length ? groups : html`<div class="empty">No issues</div>`}</div>`;
}

function listTitle(ctx: LinearContext, tab: ListTab): string {
  return `${tab === 'all' ? 'All issues' : tab === 'active' ? 'Active issues' : 'Backlog'} › ${ctx.teamName}`;
}

// ---- document -----------------------------------------------------------------------------------

function sidebar(ctx: LinearContext): SafeHtml {
  return html`<nav class="sc-b2" aria-label="Sidebar">
<div class="ws"><span class="ws-logo">${ctx.workspaceName.slice(0, 1)}</span>${ctx.workspaceName}</div>
<a class="nav-item" href="/${ctx.workspace}/inbox">Inbox</a>
<a class="nav-item" href="/${ctx.workspace}/my-issues/assigned">My issues</a>
<div class="nav-section">Your teams</div>
<div class="nav-item"><span class="team-icon"></span>${ctx.teamName}</div>
<a class="nav-item" href="${listPath(ctx, ctx.listTab)}" style="padding-left:32px">Issues</a>
<a class="nav-item" href="/${ctx.workspace}/team/${ctx.teamKey}/cycle/current" style="padding-left:32px">Cycles</a>
<a class="nav-item" href="/${ctx.workspace}/team/${ctx.teamKey}/projects" style="padding-left:32px">Projects</a>
</nav>`;
}

function allViews(ctx: LinearContext): Record<string, SandboxView> {
  const views: Record<string, SandboxView> = {};
  for (const tab of ['active', 'all', 'backlog'] as const)
    views[listPath(ctx, tab)] = { html: listView(ctx, tab).value, title: listTitle(ctx, tab) };
  for (const issue of ctx.issues)
    views[issuePath(ctx, issue)] = { html: issueView(ctx, issue).value, title: `${issue.key} ${issue.title}` };
  return views;
}

function linearDocument(ctx: LinearContext, theme: Theme, route: string): string {
  const views = allViews(ctx);
  const view = views[route]!;
  return html`<!DOCTYPE html>
<html lang="en" style="color-scheme: ${theme}" ${raw(ROUTE_ATTR)}="${route}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${view.title}</title>
<style>${css(ctx.palette)}</style>
</head>
<body>
<div id="root"><div class="sc-a1">${sidebar(ctx)}<div class="sc-c3"><main class="sc-d4" ${raw(OUTLET_ATTR)}>${raw(view.html)}</main></div></div></div>
${spaScripts({ tracker: 'linear', issues: ctx.issues, views })}
</body>
</html>
`.value;
}

// ---- public renderers ---------------------------------------------------------------------------

/** The issue page at `/<workspace>/issue/KEY/<slug>`. Issues in `opts.issues` and the team's lists navigate without a reload. */
export function renderLinearIssuePage(issue: SandboxIssue, opts: LinearPageOptions = {}): string {
  const issues = issueSet([issue], opts.issues);
  const ctx = contextOf(issue, issues, opts);
  return linearDocument(ctx, opts.theme ?? 'light', issuePath(ctx, issue));
}

/** The team's issue list at `/<workspace>/team/KEY/<tab>` (default `active`); rows are links to the issues. */
export function renderLinearListPage(issues: readonly SandboxIssue[], opts: LinearPageOptions = {}): string {
  const all = issueSet(issues, opts.issues);
  const ctx = contextOf(issues[0], all, opts);
  return linearDocument(ctx, opts.theme ?? 'light', listPath(ctx, ctx.listTab));
}

/** The path each page lives at, for whoever serves them. */
export function linearIssuePath(issue: SandboxIssue, opts: Pick<LinearPageOptions, 'workspace'> = {}): string {
  return `/${(opts.workspace ?? 'acme').toLowerCase()}/issue/${issue.key}/${slugOf(issue.title)}`;
}

export function linearListPath(
  issues: readonly SandboxIssue[],
  opts: Pick<LinearPageOptions, 'workspace' | 'teamKey' | 'listTab'> = {},
): string {
  const teamKey = (opts.teamKey ?? (issues[0] ? projectKeyOf(issues[0].key) : 'ENG')).toUpperCase();
  return `/${(opts.workspace ?? 'acme').toLowerCase()}/team/${teamKey}/${opts.listTab ?? 'active'}`;
}
