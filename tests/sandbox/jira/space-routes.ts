/**
 * The fake Jira endpoints team spaces use, beside the adapter's own (routes.ts): create and edit
 * issues, create metadata, permissions, comments with properties, comments by id with their
 * properties expanded, and the bulk issue-property set with its filter and the task it answers
 * 303 to. Each behaves as the contract and Jira's documentation describe it, including what a
 * user without Create issues, Edit issues or Add comments gets back.
 */
import { isDeepStrictEqual } from 'node:util';
import { addComment, findComment, renderComment } from './comments';
import { hasPermission, PERMISSION_ERRORS, PROJECT_PERMISSIONS, type ProjectPermission } from './permissions';
import type { Route, RouteContext } from './routes';
import { addIssue, jiraTimestamp, type FakeIssue, type FakeJiraState, type FakeUser } from './state';

const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';
const PROPERTY_MAX = 32_768;
const COMMENT_PAGE_MAX = 100;
const COMMENT_LIST_MAX = 1000;

export interface FakeSpaceOptions {
  /**
   * How the bulk property set's `currentValue` filter compares: as JSON values (what the
   * documentation says), or never matching (a site whose comparison differs from a client's).
   */
  currentValueMatch: 'json' | 'never';
}

interface FakeTask {
  id: string;
  accountId: string;
  submitted: number;
  polls: number;
}

interface SpaceExtras {
  options: FakeSpaceOptions;
  tasks: Map<string, FakeTask>;
  nextTaskId: number;
}

const extras = new WeakMap<FakeJiraState, SpaceExtras>();

function extrasOf(state: FakeJiraState): SpaceExtras {
  let found = extras.get(state);
  if (!found) extras.set(state, (found = { options: { currentValueMatch: 'json' }, tasks: new Map(), nextTaskId: 1 }));
  return found;
}

export function setFakeSpaceOptions(state: FakeJiraState, options: Partial<FakeSpaceOptions>): void {
  Object.assign(extrasOf(state).options, options);
}

function findIssue(state: FakeJiraState, idOrKey: string): FakeIssue | undefined {
  return state.issues.get(idOrKey.toUpperCase()) ?? [...state.issues.values()].find((i) => i.id === idOrKey);
}

function findProject(state: FakeJiraState, idOrKey: string) {
  return state.projects.find((p) => p.key === idOrKey.toUpperCase() || p.id === idOrKey);
}

/** Answers Jira's permission error and returns false when the viewer lacks the permission. */
function allowed(c: RouteContext, permission: Exclude<ProjectPermission, 'BROWSE_PROJECTS'>, projectKey: string): boolean {
  if (hasPermission(c.state, c.viewer!, permission, projectKey)) return true;
  const { status, message } = PERMISSION_ERRORS[permission];
  c.error(status, [message]);
  return false;
}

const isAdf = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  (value as { type?: unknown }).type === 'doc' &&
  Array.isArray((value as { content?: unknown }).content);

/** Jira's checks on `properties: [{key, value}]`; an error message, or undefined when fine. */
function propertiesProblem(properties: unknown): string | undefined {
  if (properties === undefined) return undefined;
  if (!Array.isArray(properties)) return 'Properties must be a list.';
  for (const p of properties as Array<{ key?: unknown; value?: unknown }>) {
    if (typeof p.key !== 'string' || p.key.length === 0 || p.key.length > 255)
      return 'The property key must be between 1 and 255 characters.';
    if (JSON.stringify(p.value ?? null).length > PROPERTY_MAX) return `The property '${p.key}' is longer than ${PROPERTY_MAX} characters.`;
  }
  return undefined;
}

const asProperties = (properties: unknown): Record<string, unknown> =>
  Object.fromEntries(((properties as Array<{ key: string; value: unknown }> | undefined) ?? []).map((p) => [p.key, p.value]));

const SETTABLE = new Set(['project', 'issuetype', 'summary', 'labels', 'description']);

/** Field errors as Jira words them, for the fields a create or edit may set here. */
function fieldErrors(fields: Record<string, unknown>, creating: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const name of Object.keys(fields)) {
    if (!SETTABLE.has(name) || (!creating && (name === 'project' || name === 'issuetype'))) {
      errors[name] = `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
    }
  }
  const summary = fields.summary;
  if (creating && (typeof summary !== 'string' || summary.trim() === '')) errors.summary = 'You must specify a summary of the issue.';
  if (typeof summary === 'string' && summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
  const labels = fields.labels;
  if (labels !== undefined && (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string' || /\s/.test(l) || l.length > 255))) {
    errors.labels = 'Labels must be a list of words without spaces, each at most 255 characters.';
  }
  if (fields.description !== undefined && fields.description !== null && !isAdf(fields.description)) {
    errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format).';
  }
  return errors;
}

function nextIssueNumber(state: FakeJiraState, projectKey: string): number {
  const numbers = [...state.issues.values()].filter((i) => i.projectKey === projectKey).map((i) => Number(i.key.split('-')[1] ?? 0));
  return Math.max(0, ...numbers) + 1;
}

function createIssue(c: RouteContext): void {
  const body = (c.body ?? {}) as { fields?: Record<string, unknown>; properties?: unknown };
  const fields = body.fields ?? {};
  const projectRef = fields.project as { key?: string; id?: string } | undefined;
  const project = projectRef ? findProject(c.state, projectRef.key ?? projectRef.id ?? '') : undefined;
  if (!project) return c.error(400, [], { project: 'Specify a valid project ID or key' });
  if (!allowed(c, 'CREATE_ISSUES', project.key)) return;
  const typeRef = fields.issuetype as { id?: string; name?: string } | undefined;
  const type = c.state.issueTypes.find((t) => t.id === typeRef?.id || t.name === typeRef?.name);
  const errors = { ...fieldErrors(fields, true), ...(type ? {} : { issuetype: 'Specify an issue type' }) };
  if (Object.keys(errors).length > 0) return c.error(400, [], errors);
  const problem = propertiesProblem(body.properties);
  if (problem) return c.error(400, [problem]);
  const status = c.state.statuses.find((s) => s.category === 'new')?.name ?? 'To Do';
  const issue = addIssue(c.state, {
    key: `${project.key}-${nextIssueNumber(c.state, project.key)}`,
    projectKey: project.key,
    type: type!.name,
    summary: fields.summary as string,
    status,
    labels: (fields.labels as string[] | undefined) ?? [],
    properties: asProperties(body.properties),
    ...(fields.description ? { description: fields.description } : {}),
  });
  c.json(201, { id: issue.id, key: issue.key, self: `${c.state.site}/rest/api/3/issue/${issue.id}` });
}

function editIssue(c: RouteContext): void {
  const issue = findIssue(c.state, c.params.issueIdOrKey!);
  if (!issue) return c.error(404, [ISSUE_NOT_FOUND]);
  const body = (c.body ?? {}) as { fields?: Record<string, unknown>; properties?: unknown; update?: unknown };
  if (body.update !== undefined) c.violation('`update` operations are not emulated by the fake');
  if (!allowed(c, 'EDIT_ISSUES', issue.projectKey)) return;
  const fields = body.fields ?? {};
  const errors = fieldErrors(fields, false);
  if (Object.keys(errors).length > 0) return c.error(400, [], errors);
  const problem = propertiesProblem(body.properties);
  if (problem) return c.error(400, [problem]);
  if (typeof fields.summary === 'string') issue.summary = fields.summary;
  if (fields.description !== undefined) issue.description = fields.description ?? undefined;
  if (Array.isArray(fields.labels)) issue.labels = fields.labels as string[];
  Object.assign(issue.properties, asProperties(body.properties));
  issue.updated = jiraTimestamp(new Date());
  c.res.writeHead(204).end();
}

function createMeta(c: RouteContext): void {
  const project = findProject(c.state, c.params.projectIdOrKey!);
  if (!project) return c.error(404, [`No project could be found with key '${c.params.projectIdOrKey}'.`]);
  const maxResults = Math.min(Number(c.query.get('maxResults') ?? 50), 200);
  const startAt = Number(c.query.get('startAt') ?? 0);
  // The create metadata lists what the user may create: nothing without Create issues.
  const types = hasPermission(c.state, c.viewer!, 'CREATE_ISSUES', project.key) ? c.state.issueTypes : [];
  const page = types.slice(startAt, startAt + maxResults);
  c.json(200, {
    issueTypes: page.map((t) => ({
      self: `${c.state.site}/rest/api/3/issuetype/${t.id}`,
      id: t.id,
      name: t.name,
      description: '',
      iconUrl: `${c.state.site}/images/icons/issuetypes/${t.name.toLowerCase()}.svg`,
      subtask: t.subtask,
      hierarchyLevel: t.hierarchyLevel,
    })),
    maxResults,
    startAt,
    total: types.length,
  });
}

function myPermissions(c: RouteContext): void {
  const wanted = (c.query.get('permissions') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (wanted.length === 0) return c.error(400, ['The permissions parameter is required.']);
  const unknown = wanted.find((p) => !(p in PROJECT_PERMISSIONS));
  if (unknown) return c.error(400, [`Permission ${unknown} does not exist.`]);
  const issueRef = c.query.get('issueId') ?? c.query.get('issueKey');
  const projectRef = c.query.get('projectId') ?? c.query.get('projectKey');
  const projectKey = issueRef ? findIssue(c.state, issueRef)?.projectKey : projectRef ? findProject(c.state, projectRef)?.key : undefined;
  if ((issueRef || projectRef) && !projectKey)
    return c.error(404, ['The project or issue was not found, or you do not have permission to view it.']);
  const viewer = c.viewer!;
  const has = (p: ProjectPermission) =>
    projectKey
      ? hasPermission(c.state, viewer, p, projectKey)
      : c.state.projects.some((project) => hasPermission(c.state, viewer, p, project.key));
  c.json(200, {
    permissions: Object.fromEntries(
      wanted.map((key, i) => [
        key,
        {
          id: String(10 + i),
          key,
          name: PROJECT_PERMISSIONS[key as ProjectPermission],
          type: 'PROJECT',
          description: '',
          havePermission: has(key as ProjectPermission),
        },
      ]),
    ),
  });
}

function postComment(c: RouteContext): void {
  const issue = findIssue(c.state, c.params.issueIdOrKey!);
  if (!issue) return c.error(404, [ISSUE_NOT_FOUND]);
  if (!allowed(c, 'ADD_COMMENTS', issue.projectKey)) return;
  const body = (c.body ?? {}) as { body?: unknown; properties?: unknown };
  if (!isAdf(body.body)) return c.error(400, [], { comment: 'Comment body can not be empty!' });
  const problem = propertiesProblem(body.properties);
  if (problem) return c.error(400, [problem]);
  const comment = addComment(c.state, issue, c.viewer!, body.body, asProperties(body.properties));
  c.json(201, renderComment(c.state, issue, comment));
}

function listIssueComments(c: RouteContext): void {
  const issue = findIssue(c.state, c.params.issueIdOrKey!);
  if (!issue) return c.error(404, [ISSUE_NOT_FOUND]);
  const orderBy = c.query.get('orderBy');
  if (orderBy !== null && !['created', '-created', '+created'].includes(orderBy)) return c.error(400, ['orderBy accepts only created.']);
  const all = [...(issue.comments ?? [])];
  if (orderBy === '-created') all.reverse();
  const startAt = Number(c.query.get('startAt') ?? 0);
  const maxResults = Math.min(Number(c.query.get('maxResults') ?? COMMENT_PAGE_MAX), COMMENT_PAGE_MAX);
  const page = all.slice(startAt, startAt + maxResults);
  c.json(200, { comments: page.map((comment) => renderComment(c.state, issue, comment)), maxResults, startAt, total: all.length });
}

function commentsByIds(c: RouteContext): void {
  const ids = ((c.body ?? {}) as { ids?: unknown[] }).ids ?? [];
  if (ids.length === 0 || ids.length > COMMENT_LIST_MAX) return c.error(400, [`Provide between 1 and ${COMMENT_LIST_MAX} comment IDs.`]);
  const expand = (c.query.get('expand') ?? '').split(',').map((e) => e.trim());
  const found = [...new Set(ids.map(String))].map((id) => findComment(c.state, id)).filter((f) => f !== undefined);
  found.sort((a, b) => Number(a.comment.id) - Number(b.comment.id));
  c.json(200, {
    isLast: true,
    maxResults: COMMENT_LIST_MAX,
    startAt: 0,
    total: found.length,
    values: found.map(({ issue, comment }) => renderComment(c.state, issue, comment, expand.includes('properties'))),
  });
}

/** The issues a bulk property set writes: the filter's, narrowed to what the viewer may edit. */
function eligibleIssues(
  c: RouteContext,
  filter: { entityIds?: number[]; currentValue?: unknown; hasProperty?: boolean },
  key: string,
): FakeIssue[] {
  const { options } = extrasOf(c.state);
  const viewer = c.viewer as FakeUser;
  const ids = filter.entityIds ? new Set(filter.entityIds.map(String)) : undefined;
  return [...c.state.issues.values()].filter((issue) => {
    if (ids && !ids.has(issue.id)) return false;
    if (!hasPermission(c.state, viewer, 'EDIT_ISSUES', issue.projectKey)) return false;
    const has = key in issue.properties;
    if (filter.hasProperty !== undefined && has !== filter.hasProperty) return false;
    if (filter.currentValue === undefined) return true;
    return has && options.currentValueMatch === 'json' && isDeepStrictEqual(issue.properties[key], filter.currentValue);
  });
}

function bulkSetProperty(c: RouteContext): void {
  const key = c.params.propertyKey!;
  const body = (c.body ?? {}) as {
    value?: unknown;
    expression?: string;
    filter?: { entityIds?: number[]; currentValue?: unknown; hasProperty?: boolean };
  };
  const filter = body.filter ?? {};
  if (!filter.entityIds) c.violation('a bulk property set without filter.entityIds writes every issue the user can edit');
  if (body.expression !== undefined) return c.violation('Jira expressions are not emulated by the fake');
  if (body.value === undefined || body.value === null) return c.error(400, ['The value of the property must be a valid, non-empty JSON.']);
  if (JSON.stringify(body.value).length > PROPERTY_MAX)
    return c.error(400, [`The property value is longer than ${PROPERTY_MAX} characters.`]);
  if (filter.currentValue !== undefined && filter.hasProperty === false)
    return c.error(400, ['An issue without the property cannot have its current value.']);
  // Transactional: every eligible issue is written, at once.
  for (const issue of eligibleIssues(c, filter, key)) issue.properties[key] = structuredClone(body.value);
  const ext = extrasOf(c.state);
  const id = String(10000 + ext.nextTaskId++);
  ext.tasks.set(id, { id, accountId: c.viewer!.accountId, submitted: Date.now(), polls: 0 });
  // Relative, so a client following it reaches this server wherever it listens.
  c.res.writeHead(303, { location: `/rest/api/3/task/${id}` }).end();
}

function getTask(c: RouteContext): void {
  const task = extrasOf(c.state).tasks.get(c.params.taskId!);
  if (!task) return c.error(404, ['The task was not found.']);
  if (task.accountId !== c.viewer!.accountId) return c.error(403, ['Only the creator of a task or an administrator can see it.']);
  // A task is reported running the first time it is asked for, complete after.
  task.polls += 1;
  const done = task.polls > 1;
  const now = Date.now();
  c.json(200, {
    self: `${c.state.site}/rest/api/3/task/${task.id}`,
    id: task.id,
    description: 'Bulk set issue property',
    status: done ? 'COMPLETE' : 'RUNNING',
    ...(done ? { result: null, finished: now } : {}),
    submittedBy: 10000,
    progress: done ? 100 : 50,
    elapsedRuntime: now - task.submitted,
    submitted: task.submitted,
    started: task.submitted,
    lastUpdate: now,
  });
}

export function jiraSpaceRoutes(): Route[] {
  return [
    { method: 'POST', path: '/rest/api/3/issue', handle: createIssue },
    { method: 'PUT', path: '/rest/api/3/issue/{issueIdOrKey}', handle: editIssue },
    { method: 'GET', path: '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes', handle: createMeta },
    { method: 'GET', path: '/rest/api/3/mypermissions', handle: myPermissions },
    { method: 'POST', path: '/rest/api/3/issue/{issueIdOrKey}/comment', handle: postComment },
    { method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}/comment', handle: listIssueComments },
    { method: 'POST', path: '/rest/api/3/comment/list', handle: commentsByIds },
    { method: 'PUT', path: '/rest/api/3/issue/properties/{propertyKey}', handle: bulkSetProperty },
    { method: 'GET', path: '/rest/api/3/task/{taskId}', handle: getTask },
  ];
}
