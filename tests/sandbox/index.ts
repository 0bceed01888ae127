/**
 * The whole sandbox the e2e tests and the demo share: the fake Jira and Linear APIs plus pages
 * that imitate their issue views, all behind one HTTPS server answering for the real host names.
 * Pages are rendered from the fakes' live state, so a link written through the API shows on the
 * next page load, as in the real trackers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFakeJira, type FakeJira } from './jira/server';
import type { FakeIssue, FakeJiraState } from './jira/state';
import { ACME_USERS } from './jira/seed';
import { createFakeLinear, type FakeLinear } from './linear/server';
import { DANA_API_KEY, identifierOf, LINEAR_WORKSPACE, type IssueRecord, type LinearWorkspace } from './linear/seed';
import { startHttpsSandbox, type HttpsSandbox } from './https-sandbox';
import { createFakeOkrFiles, type FakeOkrFiles } from './okr-files';
import { prepareLinearSchema } from './contract/graphql';
import { categoryOf } from '../../lib/trackers/linear/map';
import {
  renderJiraBoardPage,
  renderJiraIssuePage,
  renderLinearIssuePage,
  renderLinearListPage,
  type SandboxIssue,
  type StatusCategory,
} from './pages';

export const SANDBOX_JIRA_SITE = 'https://acme.atlassian.net';
export const SANDBOX_LINEAR_KEY = DANA_API_KEY;
/** The cookie a signed-in Jira Cloud browser carries; the sandbox sets it on the first page. */
export const JIRA_SESSION_COOKIE = 'cloud.session.token';

export interface Sandbox {
  https: HttpsSandbox;
  jira: FakeJira;
  linear: FakeLinear;
  /** OKR files kept as code, at https://okrs.acme-code.dev/… */
  files: FakeOkrFiles;
  /** Chromium's --host-resolver-rules value. */
  hostResolverRules: string;
  close(): Promise<void>;
}

type Theme = 'light' | 'dark';
type Variant = 'normal' | 'no-anchor';

function pageOptions(url: URL): { theme: Theme; variant: Variant } {
  return {
    theme: url.searchParams.get('theme') === 'dark' ? 'dark' : 'light',
    variant: url.searchParams.get('variant') === 'no-anchor' ? 'no-anchor' : 'normal',
  };
}

function sendHtml(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(body);
}

// ---- Jira pages ----------------------------------------------------------------------------

const JIRA_CATEGORY: Record<string, StatusCategory> = { new: 'todo', indeterminate: 'in_progress', done: 'done' };

function jiraPageIssue(state: FakeJiraState, issue: FakeIssue): SandboxIssue {
  const status = state.statuses.find((s) => s.name === issue.status);
  const assignee = state.users.find((u) => u.accountId === issue.assignee);
  return {
    key: issue.key,
    title: issue.summary,
    status: issue.status,
    type: issue.type.toLowerCase().replace('sub-task', 'subtask'),
    ...(issue.parent ? { parentKey: issue.parent } : {}),
    ...(assignee ? { assignee: assignee.displayName } : {}),
    ...(status ? { statusCategory: JIRA_CATEGORY[status.category] ?? 'todo' } : {}),
  };
}

function jiraPages(jira: FakeJira) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', SANDBOX_JIRA_SITE);
    const state = jira.state;
    const all = [...state.issues.values()].map((issue) => jiraPageIssue(state, issue));
    const options = { ...pageOptions(url), issues: all };
    // A signed-in browser: the session cookie Jira Cloud would have set at login.
    // A browser already signed in as someone else keeps its own session.
    const signedIn = (req.headers.cookie ?? '').split(/;\s*/).some((c) => c.startsWith(`${JIRA_SESSION_COOKIE}=`));
    const session = signedIn ? '' : `${JIRA_SESSION_COOKIE}=${ACME_USERS.dana.sessionToken}; Path=/; Secure; HttpOnly; SameSite=Lax`;
    const browse = /^\/browse\/([A-Za-z][A-Za-z0-9_]*-\d+)$/.exec(url.pathname);
    if (browse) {
      const issue = state.issues.get(browse[1]!.toUpperCase());
      if (!issue) return sendHtml(res, 404, '<!doctype html><title>Issue not found</title><h1>This issue can’t be found</h1>');
      return sendHtml(res, 200, renderJiraIssuePage(jiraPageIssue(state, issue), options), session ? { 'set-cookie': session } : {});
    }
    const board = /^\/jira\/software\/(?:c\/)?projects\/([A-Z][A-Z0-9_]*)\/boards\/(\d+)(?:\/backlog)?$/.exec(url.pathname);
    if (board) {
      const found = state.boards.find((b) => b.id === Number(board[2]));
      if (!found) return sendHtml(res, 404, '<!doctype html><title>Board not found</title>');
      const sprintIds = new Set(state.sprints.filter((s) => s.boardId === found.id && s.state === 'active').map((s) => s.id));
      const cards = [...state.issues.values()]
        .filter((issue) => issue.projectKey === found.projectKey && issue.sprintIds.some((id) => sprintIds.has(id)))
        .map((issue) => jiraPageIssue(state, issue));
      const selected = url.searchParams.get('selectedIssue') ?? undefined;
      // `?issueView=panel|compact` shows the selected issue in the side panel instead of the modal.
      const issueView = url.searchParams.get('issueView');
      const boardIssueView = issueView === 'panel' || issueView === 'compact' ? issueView : 'modal';
      return sendHtml(
        res,
        200,
        renderJiraBoardPage({ id: found.id, name: found.name, projectKey: found.projectKey }, cards, selected, {
          ...options,
          boardIssueView,
        }),
        session ? { 'set-cookie': session } : {},
      );
    }
    sendHtml(res, 404, '<!doctype html><title>Not found</title><h1>Page not found</h1>');
  };
}

// ---- Linear pages --------------------------------------------------------------------------

function linearPageIssue(workspace: LinearWorkspace, issue: IssueRecord): SandboxIssue {
  const state = workspace.states.find((s) => s.id === issue.stateId);
  const assignee = workspace.users.find((u) => u.id === issue.assigneeId);
  const parent = issue.parentId ? workspace.issues.find((i) => i.id === issue.parentId) : undefined;
  return {
    key: identifierOf(workspace, issue),
    title: issue.title,
    status: state?.name ?? 'Backlog',
    type: parent ? 'subtask' : 'issue',
    ...(parent ? { parentKey: identifierOf(workspace, parent) } : {}),
    ...(assignee ? { assignee: assignee.name } : {}),
    ...(state ? { statusCategory: categoryOf(state.type) } : {}),
  };
}

function linearPages(linear: FakeLinear) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://linear.app');
    const workspace = linear.state.workspace;
    const all = workspace.issues.map((issue) => linearPageIssue(workspace, issue));
    const options = { ...pageOptions(url), issues: all, workspace: LINEAR_WORKSPACE };
    const issuePath = new RegExp(`^/${LINEAR_WORKSPACE}/issue/([A-Za-z][A-Za-z0-9_]*-\\d+)(?:/[^/]*)?$`).exec(url.pathname);
    if (issuePath) {
      const issue = all.find((candidate) => candidate.key === issuePath[1]!.toUpperCase());
      if (!issue) return sendHtml(res, 404, '<!doctype html><title>Issue not found</title>');
      return sendHtml(res, 200, renderLinearIssuePage(issue, options));
    }
    const list = new RegExp(`^/${LINEAR_WORKSPACE}/team/([A-Za-z0-9_]+)/(active|all|backlog)$`).exec(url.pathname);
    if (list) {
      const teamKey = list[1]!.toUpperCase();
      const issues = all.filter((issue) => issue.key.startsWith(`${teamKey}-`));
      return sendHtml(res, 200, renderLinearListPage(issues, { ...options, teamKey, listTab: list[2] as 'active' | 'all' | 'backlog' }));
    }
    sendHtml(res, 404, '<!doctype html><title>Not found</title>');
  };
}

// ---- Composition ---------------------------------------------------------------------------

/** `jiraSite`: the origin the fake Jira names itself by, for a second site beside acme's. */
export async function startSandbox(options: { port?: number; jiraSite?: string } = {}): Promise<Sandbox> {
  // Linear's schema (1.2 MB) is built and validated here rather than in the first request: that
  // holds this process, and with it the browser driver and every fake, for seconds on a busy
  // machine (1-9 s measured), which would otherwise land inside whatever step first asks Linear.
  prepareLinearSchema();
  const jira = createFakeJira({ site: options.jiraSite ?? SANDBOX_JIRA_SITE });
  const linear = createFakeLinear();
  const pagesForJira = jiraPages(jira);
  const files = createFakeOkrFiles();
  const https = await startHttpsSandbox(
    {
      jira: (req, res) => ((req.url ?? '').startsWith('/rest/') ? jira.handler(req, res) : pagesForJira(req, res)),
      linearApp: linearPages(linear),
      linearApi: linear.handler,
      files: files.handler,
    },
    options.port,
  );
  return { https, jira, linear, files, hostResolverRules: https.hostResolverRules, close: () => https.close() };
}
