/**
 * The fake Jira's REST endpoints, one table row each. Later suites add rows (HTML issue pages
 * under /browse/{key}) with `fake.routes.push(...)`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JqlError } from './jql';
import {
  renderFields,
  renderIssue,
  renderRemoteLink,
  renderUser,
  searchJql,
  upsertRemoteLink,
  type FakeIssue,
  type FakeJiraState,
  type FakeUser,
} from './state';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  state: FakeJiraState;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The signed-in user; null only on routes with `auth: false`. */
  viewer: FakeUser | null;
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Jira's error body: `{errorMessages, errors}`. */
  error(status: number, messages: string[], errors?: Record<string, string>): void;
  /** Records a request that is valid for Jira but that KR Lens must never send (fails the test). */
  violation(message: string): void;
}

export interface Route {
  method: string;
  /** A path template: `/rest/api/3/issue/{issueIdOrKey}`. */
  path: string;
  /** Whether the route needs a signed-in user (default true). */
  auth?: boolean;
  handle(context: RouteContext): void | Promise<void>;
}

const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';
const NO_EDIT = 'You do not have the permission to edit this issue.';
const NO_LINK = 'You do not have the permission to link issues.';

/** Whether the signed-in user may do this; answers Jira's 403 when not. */
function allowed(c: RouteContext, permission: 'mayEditIssues' | 'mayLinkIssues'): boolean {
  if (c.viewer?.[permission] !== false) return true;
  c.error(403, [permission === 'mayEditIssues' ? NO_EDIT : NO_LINK]);
  return false;
}

/** `fields=a,b&fields=c` or a JSON array, as Jira takes both. */
function listParam(value: unknown): string[] {
  if (Array.isArray(value))
    return value
      .flatMap((v) => String(v).split(','))
      .map((v) => v.trim())
      .filter(Boolean);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  return [];
}

function queryList(query: URLSearchParams, name: string): string[] {
  return query.getAll(name).flatMap((v) => listParam(v));
}

function findIssue(state: FakeJiraState, idOrKey: string): FakeIssue | undefined {
  return state.issues.get(idOrKey.toUpperCase()) ?? [...state.issues.values()].find((i) => i.id === idOrKey);
}

interface SearchInput {
  jql?: string;
  nextPageToken?: string;
  maxResults?: number;
  fields: string[];
  properties: string[];
}

/** Opaque page tokens that are only valid for the query that made them, like Jira's. */
function encodePageToken(jql: string, offset: number): string {
  return Buffer.from(JSON.stringify({ q: jql, o: offset })).toString('base64url');
}

function decodePageToken(token: string, jql: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { q?: unknown; o?: unknown };
    return parsed.q === jql && typeof parsed.o === 'number' ? parsed.o : null;
  } catch {
    return null;
  }
}

function search(context: RouteContext, input: SearchInput): void {
  const { state } = context;
  const jql = input.jql ?? '';
  const fields = input.fields.length > 0 ? input.fields : ['id'];
  const idsOnly = fields.every((f) => f === 'id' || f === 'key');
  const cap = idsOnly ? state.options.maxResultsIdsOnly : state.options.maxResultsWithFields;
  const pageSize = Math.max(1, Math.min(input.maxResults ?? 50, cap));
  let offset = 0;
  if (input.nextPageToken !== undefined) {
    const decoded = decodePageToken(input.nextPageToken, jql);
    if (decoded === null) return context.error(400, ['The provided next page token is invalid or expired.']);
    offset = decoded;
  }
  let issues: FakeIssue[];
  try {
    issues = searchJql(state, jql, { viewer: context.viewer! });
  } catch (error) {
    if (error instanceof JqlError) return context.error(400, [error.message]);
    throw error;
  }
  const page = issues.slice(offset, offset + pageSize);
  const isLast = offset + pageSize >= issues.length;
  context.json(200, {
    issues: page.map((issue) => renderIssue(state, issue, fields, input.properties)),
    isLast,
    ...(isLast ? {} : { nextPageToken: encodePageToken(jql, offset + pageSize) }),
  });
}

function boardJson(state: FakeJiraState, board: FakeJiraState['boards'][number]): Record<string, unknown> {
  const project = state.projects.find((p) => p.key === board.projectKey)!;
  return {
    id: board.id,
    self: `${state.site}/rest/agile/1.0/board/${board.id}`,
    name: board.name,
    type: board.type,
    location: {
      projectId: Number(project.id),
      projectKey: project.key,
      projectName: project.name,
      displayName: `${project.name} (${project.key})`,
      projectTypeKey: 'software',
    },
  };
}

function page<T>(values: T[], query: URLSearchParams, defaultMax = 50): Record<string, unknown> {
  const startAt = Number(query.get('startAt') ?? 0);
  const maxResults = Math.min(Number(query.get('maxResults') ?? defaultMax), 50);
  const slice = values.slice(startAt, startAt + maxResults);
  return { maxResults, startAt, total: values.length, isLast: startAt + maxResults >= values.length, values: slice };
}

function findBoard(context: RouteContext) {
  const board = context.state.boards.find((b) => String(b.id) === context.params.boardId);
  if (!board) context.error(404, [`Board does not exist or you do not have permission to see it.`]);
  return board;
}

export function jiraRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/rest/api/3/myself',
      handle: (c) => c.json(200, { ...renderUser(c.state, c.viewer!), locale: 'en_US', groups: { size: 1, items: [] } }),
    },
    {
      method: 'GET',
      path: '/rest/api/3/field',
      handle: (c) => c.json(200, renderFields(c.state)),
    },
    {
      method: 'GET',
      path: '/rest/api/3/issue/{issueIdOrKey}',
      handle: (c) => {
        const issue = findIssue(c.state, c.params.issueIdOrKey!);
        if (!issue) return c.error(404, [ISSUE_NOT_FOUND]);
        const fields = queryList(c.query, 'fields');
        c.json(200, renderIssue(c.state, issue, fields.length > 0 ? fields : ['*all'], queryList(c.query, 'properties')));
      },
    },
    {
      method: 'GET',
      path: '/rest/api/3/search/jql',
      handle: (c) =>
        search(c, {
          jql: c.query.get('jql') ?? undefined,
          nextPageToken: c.query.get('nextPageToken') ?? undefined,
          maxResults: c.query.has('maxResults') ? Number(c.query.get('maxResults')) : undefined,
          fields: queryList(c.query, 'fields'),
          properties: queryList(c.query, 'properties'),
        }),
    },
    {
      method: 'POST',
      path: '/rest/api/3/search/jql',
      handle: (c) => {
        const body = (c.body ?? {}) as Record<string, unknown>;
        search(c, {
          jql: typeof body.jql === 'string' ? body.jql : undefined,
          nextPageToken: typeof body.nextPageToken === 'string' ? body.nextPageToken : undefined,
          maxResults: typeof body.maxResults === 'number' ? body.maxResults : undefined,
          fields: listParam(body.fields),
          properties: listParam(body.properties),
        });
      },
    },
    {
      method: 'POST',
      path: '/rest/api/3/issue/bulkfetch',
      handle: (c) => {
        const body = c.body as { issueIdsOrKeys: string[]; fields?: string[]; properties?: string[] };
        if (body.issueIdsOrKeys.length > 100) return c.error(400, ['You can request up to 100 issues.']);
        if ((body.properties ?? []).length > 5) return c.error(400, ['A maximum of 5 issue property keys can be specified.']);
        const issues = [...new Set(body.issueIdsOrKeys.map((k) => findIssue(c.state, k)).filter((i) => i !== undefined))].sort(
          (a, b) => Number(a.id) - Number(b.id),
        );
        const fields = listParam(body.fields);
        c.json(200, {
          expand: '',
          issues: issues.map((issue) =>
            renderIssue(c.state, issue, fields.length > 0 ? fields : ['*navigable'], listParam(body.properties)),
          ),
          issueErrors: [],
        });
      },
    },
    {
      method: 'GET',
      path: '/rest/api/3/issue/{issueIdOrKey}/remotelink',
      handle: (c) => {
        const issue = findIssue(c.state, c.params.issueIdOrKey!);
        if (!issue) return c.error(404, [ISSUE_NOT_FOUND]);
        const globalId = c.query.get('globalId');
        const links = issue.remoteLinks.filter((l) => globalId === null || l.globalId === globalId);
        c.json(
          200,
          links.map((l) => renderRemoteLink(c.state, issue, l)),
        );
      },
    },
    {
      method: 'POST',
      path: '/rest/api/3/issue/{issueIdOrKey}/remotelink',
      handle: (c) => {
        const issue = findIssue(c.state, c.params.issueIdOrKey!);
        if (!issue) return c.error(404, [ISSUE_NOT_FOUND]);
        if (!allowed(c, 'mayLinkIssues')) return;
        const body = c.body as {
          globalId?: string;
          relationship?: string;
          application?: Record<string, unknown>;
          object: { url: string; title: string };
        };
        if (body.globalId !== undefined && body.globalId.length > 255) {
          return c.error(400, [], { globalId: 'The global ID must be 255 characters or less.' });
        }
        const { link, created } = upsertRemoteLink(c.state, issue, {
          globalId: body.globalId,
          relationship: body.relationship,
          application: body.application,
          object: body.object,
        });
        c.json(created ? 201 : 200, { id: link.id, self: `${c.state.site}/rest/api/3/issue/${issue.key}/remotelink/${link.id}` });
      },
    },
    {
      method: 'DELETE',
      path: '/rest/api/3/issue/{issueIdOrKey}/remotelink',
      handle: (c) => {
        const issue = findIssue(c.state, c.params.issueIdOrKey!);
        if (!issue) return c.error(404, [ISSUE_NOT_FOUND]);
        if (!allowed(c, 'mayLinkIssues')) return;
        const globalId = c.query.get('globalId');
        const before = issue.remoteLinks.length;
        issue.remoteLinks = issue.remoteLinks.filter((l) => l.globalId !== globalId);
        if (issue.remoteLinks.length === before) return c.error(404, ['Remote link not found.']);
        c.res.writeHead(204).end();
      },
    },
    {
      method: 'PUT',
      path: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
      handle: (c) => {
        const issue = findIssue(c.state, c.params.issueIdOrKey!);
        if (!issue) return c.error(404, [ISSUE_NOT_FOUND]);
        if (!allowed(c, 'mayEditIssues')) return;
        const key = c.params.propertyKey!;
        if (key.length > 255) return c.error(400, ['The property key is too long.']);
        if (Buffer.byteLength(JSON.stringify(c.body ?? null)) > 32_768) return c.error(400, ['The property value is too large.']);
        const existed = key in issue.properties;
        issue.properties[key] = c.body;
        c.json(existed ? 200 : 201, {});
      },
    },
    {
      method: 'GET',
      path: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
      handle: (c) => {
        const issue = findIssue(c.state, c.params.issueIdOrKey!);
        if (!issue) return c.error(404, [ISSUE_NOT_FOUND]);
        const key = c.params.propertyKey!;
        if (!(key in issue.properties)) return c.error(404, [`The property with key '${key}' does not exist.`]);
        c.json(200, { key, value: issue.properties[key] });
      },
    },
    {
      method: 'DELETE',
      path: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
      handle: (c) => {
        const issue = findIssue(c.state, c.params.issueIdOrKey!);
        if (!issue) return c.error(404, [ISSUE_NOT_FOUND]);
        if (!allowed(c, 'mayEditIssues')) return;
        const key = c.params.propertyKey!;
        if (!(key in issue.properties)) return c.error(404, [`The property with key '${key}' does not exist.`]);
        delete issue.properties[key];
        c.res.writeHead(204).end();
      },
    },
    {
      method: 'GET',
      path: '/rest/agile/1.0/board',
      handle: (c) => {
        const project = c.query.get('projectKeyOrId');
        const boards = c.state.boards.filter((b) => project === null || b.projectKey === project.toUpperCase());
        c.json(
          200,
          page(
            boards.map((b) => boardJson(c.state, b)),
            c.query,
          ),
        );
      },
    },
    {
      method: 'GET',
      path: '/rest/agile/1.0/board/{boardId}/configuration',
      handle: (c) => {
        const board = findBoard(c);
        if (!board) return;
        const estimationField = board.estimationFieldId === undefined ? c.state.fieldIds.storyPoints : board.estimationFieldId;
        const fieldName = estimationField === c.state.fieldIds.storyPoints ? c.state.storyPointsFieldName : 'Estimate';
        c.json(200, {
          id: board.id,
          name: board.name,
          type: board.type,
          self: `${c.state.site}/rest/agile/1.0/board/${board.id}/configuration`,
          location: { type: 'project', projectKeyOrId: board.projectKey },
          filter: { id: String(10000 + board.id), self: `${c.state.site}/rest/api/3/filter/${10000 + board.id}` },
          columnConfig: {
            columns: [
              { name: 'To Do', statuses: [{ id: '10000', self: `${c.state.site}/rest/api/3/status/10000` }] },
              { name: 'In Progress', statuses: [{ id: '3', self: `${c.state.site}/rest/api/3/status/3` }] },
              { name: 'Done', statuses: [{ id: '10001', self: `${c.state.site}/rest/api/3/status/10001` }] },
            ],
            constraintType: 'issueCount',
          },
          estimation:
            estimationField === null
              ? { type: 'issueCount' }
              : { type: 'field', field: { fieldId: estimationField, displayName: fieldName } },
          ranking: { rankCustomFieldId: 10019 },
        });
      },
    },
    {
      method: 'GET',
      path: '/rest/agile/1.0/board/{boardId}/sprint',
      handle: (c) => {
        const board = findBoard(c);
        if (!board) return;
        const states = queryList(c.query, 'state');
        const sprints = c.state.sprints
          .filter((s) => s.boardId === board.id && (states.length === 0 || states.includes(s.state)))
          .map((s) => ({
            id: s.id,
            self: `${c.state.site}/rest/agile/1.0/sprint/${s.id}`,
            state: s.state,
            name: s.name,
            ...(s.startDate ? { startDate: s.startDate } : {}),
            ...(s.endDate ? { endDate: s.endDate } : {}),
            originBoardId: s.boardId,
            goal: s.goal ?? '',
          }));
        c.json(200, page(sprints, c.query));
      },
    },
  ];
}
