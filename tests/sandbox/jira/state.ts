/**
 * The fake Jira site's data and how it is rendered as Jira REST JSON. Tests reach into this state
 * directly (add issues, change a field id, refuse a JQL function) and the routes read and write it.
 */
import { renderCommentField, type FakeComment } from './comments';
import { JqlError, parseJql, type JqlNode, type JqlValue } from './jql';

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface FakeUser {
  accountId: string;
  displayName: string;
  emailAddress: string;
  /** Basic auth secret (email:apiToken). */
  apiToken?: string;
  /** The value of the `cloud.session.token` cookie a signed-in browser sends. */
  sessionToken?: string;
  /**
   * Jira's "Edit issues" project permission (default: granted). Without it, setting or deleting
   * an issue property is answered 403, while remote links can still be made ("Link issues").
   */
  mayEditIssues?: boolean;
  /** Jira's "Link issues" project permission (default: granted): remote links are made and removed with it. */
  mayLinkIssues?: boolean;
}

export interface FakeProject {
  id: string;
  key: string;
  name: string;
}

export interface FakeIssueType {
  id: string;
  name: string;
  hierarchyLevel: number;
  subtask: boolean;
}

export interface FakeStatus {
  id: string;
  name: string;
  category: StatusCategoryKey;
}

export interface FakeRemoteLink {
  id: number;
  globalId?: string;
  relationship?: string;
  application?: Record<string, unknown>;
  object: { url: string; title: string; summary?: string; [key: string]: unknown };
}

export interface FakeIssue {
  id: string;
  key: string;
  projectKey: string;
  /** Issue type name. */
  type: string;
  summary: string;
  /** Status name. */
  status: string;
  resolution?: string;
  /** accountId */
  assignee?: string;
  labels: string[];
  /** Parent issue key (epic of a story, story of a sub-task). */
  parent?: string;
  storyPoints?: number;
  sprintIds: number[];
  created: string;
  updated: string;
  remoteLinks: FakeRemoteLink[];
  properties: Record<string, unknown>;
  /** ADF; absent on issues seeded without one. */
  description?: unknown;
  comments?: FakeComment[];
}

export interface FakeBoard {
  id: number;
  name: string;
  projectKey: string;
  type: 'scrum' | 'kanban';
  /** The board's estimation statistic; defaults to the story point field. `null` = issue count. */
  estimationFieldId?: string | null;
}

export interface FakeSprint {
  id: number;
  name: string;
  state: 'active' | 'closed' | 'future';
  boardId: number;
  startDate?: string;
  endDate?: string;
  goal?: string;
}

export interface FakeFilter {
  id: string;
  name: string;
  jql: string;
}

export interface FakeField {
  id: string;
  name: string;
  custom: boolean;
  schema?: { type: string; items?: string; custom?: string; customId?: number; system?: string };
}

export interface FakeJiraSeed {
  users: FakeUser[];
  projects: FakeProject[];
  issueTypes: FakeIssueType[];
  statuses: FakeStatus[];
  issues: FakeIssue[];
  boards: FakeBoard[];
  sprints: FakeSprint[];
  filters: FakeFilter[];
  /** Where this site keeps story points and sprints; the adapter must discover these. */
  fieldIds: { storyPoints: string; sprint: string };
  /** The story point field's display name ("Story point estimate" on team-managed projects, "Story Points" on company-managed ones). */
  storyPointsFieldName: string;
}

export interface FakeJiraOptions {
  /** The site answers `issuesWithRemoteLinksByGlobalId` with Jira's unknown-function error. */
  refuseRemoteLinkFunction: boolean;
  /** The enhanced search's page cap when fields are requested. */
  maxResultsWithFields: number;
  /** The enhanced search's page cap when only `id`/`key` are requested ("max 5000", per the spec). */
  maxResultsIdsOnly: number;
  /** `issuesWithRemoteLinksByGlobalId` takes at most this many ids. */
  maxGlobalIdsPerFunction: number;
}

export interface FakeJiraState extends Omit<FakeJiraSeed, 'issues'> {
  /** The site origin issues link to, e.g. https://acme.atlassian.net. */
  site: string;
  issues: Map<string, FakeIssue>;
  options: FakeJiraOptions;
  nextRemoteLinkId: number;
  nextIssueId: number;
}

export const DEFAULT_OPTIONS: FakeJiraOptions = {
  refuseRemoteLinkFunction: false,
  maxResultsWithFields: 100,
  maxResultsIdsOnly: 5000,
  maxGlobalIdsPerFunction: 100,
};

export function createState(seed: FakeJiraSeed, site: string, options: Partial<FakeJiraOptions> = {}): FakeJiraState {
  const copy = structuredClone(seed);
  const issues = new Map(copy.issues.map((issue) => [issue.key, issue]));
  const maxId = Math.max(10000, ...copy.issues.map((i) => Number(i.id)));
  const maxLink = Math.max(10000, ...copy.issues.flatMap((i) => i.remoteLinks.map((l) => l.id)));
  return {
    ...copy,
    site,
    issues,
    options: { ...DEFAULT_OPTIONS, ...options },
    nextRemoteLinkId: maxLink + 1,
    nextIssueId: maxId + 1,
  };
}

// ---------------------------------------------------------------------------------------------
// Mutations tests use.

export function addIssue(
  state: FakeJiraState,
  issue: Omit<FakeIssue, 'id' | 'remoteLinks' | 'properties' | 'created' | 'updated' | 'labels' | 'sprintIds'> & Partial<FakeIssue>,
): FakeIssue {
  const now = jiraTimestamp(new Date());
  const full: FakeIssue = {
    labels: [],
    sprintIds: [],
    remoteLinks: [],
    properties: {},
    created: now,
    updated: now,
    ...issue,
    id: issue.id ?? String(state.nextIssueId++),
  };
  state.issues.set(full.key, full);
  return full;
}

/** Creates or updates (same globalId) a remote link, as POST /remotelink does. Returns whether it was created. */
export function upsertRemoteLink(
  state: FakeJiraState,
  issue: FakeIssue,
  link: Omit<FakeRemoteLink, 'id'>,
): { link: FakeRemoteLink; created: boolean } {
  const existing = link.globalId === undefined ? undefined : issue.remoteLinks.find((l) => l.globalId === link.globalId);
  issue.updated = jiraTimestamp(new Date());
  if (existing) {
    Object.assign(existing, link);
    return { link: existing, created: false };
  }
  const created: FakeRemoteLink = { ...link, id: state.nextRemoteLinkId++ };
  issue.remoteLinks.push(created);
  return { link: created, created: true };
}

// ---------------------------------------------------------------------------------------------
// Rendering: Jira REST JSON.

/** Jira's timestamp format: `2025-01-15T10:30:00.000+0000`. */
export function jiraTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

const CATEGORY = {
  new: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  indeterminate: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  done: { id: 3, key: 'done', name: 'Done', colorName: 'green' },
} as const;

export function renderUser(state: FakeJiraState, user: FakeUser): Record<string, unknown> {
  return {
    self: `${state.site}/rest/api/3/user?accountId=${user.accountId}`,
    accountId: user.accountId,
    accountType: 'atlassian',
    emailAddress: user.emailAddress,
    avatarUrls: { '48x48': `${state.site}/avatar/${user.accountId}.png` },
    displayName: user.displayName,
    active: true,
    timeZone: 'Europe/Berlin',
  };
}

function renderStatus(state: FakeJiraState, name: string): Record<string, unknown> {
  const status = state.statuses.find((s) => s.name === name) ?? { id: '0', name, category: 'new' as const };
  const category = CATEGORY[status.category];
  return {
    self: `${state.site}/rest/api/3/status/${status.id}`,
    description: '',
    iconUrl: `${state.site}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
    statusCategory: { self: `${state.site}/rest/api/3/statuscategory/${category.id}`, ...category },
  };
}

function renderIssueType(state: FakeJiraState, name: string): Record<string, unknown> {
  const type = state.issueTypes.find((t) => t.name === name) ?? { id: '0', name, hierarchyLevel: 0, subtask: false };
  return {
    self: `${state.site}/rest/api/3/issuetype/${type.id}`,
    id: type.id,
    description: '',
    iconUrl: `${state.site}/images/icons/issuetypes/${type.name.toLowerCase()}.svg`,
    name: type.name,
    subtask: type.subtask,
    hierarchyLevel: type.hierarchyLevel,
  };
}

function renderSprint(sprint: FakeSprint): Record<string, unknown> {
  return {
    id: sprint.id,
    name: sprint.name,
    state: sprint.state,
    boardId: sprint.boardId,
    goal: sprint.goal ?? '',
    ...(sprint.startDate ? { startDate: sprint.startDate } : {}),
    ...(sprint.endDate ? { endDate: sprint.endDate } : {}),
  };
}

/** All fields of an issue by field id, as `fields=*all` returns them. */
function allFields(state: FakeJiraState, issue: FakeIssue): Record<string, unknown> {
  const project = state.projects.find((p) => p.key === issue.projectKey)!;
  const assignee = state.users.find((u) => u.accountId === issue.assignee);
  const parent = issue.parent ? state.issues.get(issue.parent) : undefined;
  const sprints = issue.sprintIds.map((id) => state.sprints.find((s) => s.id === id)).filter((s) => s !== undefined);
  return {
    summary: issue.summary,
    status: renderStatus(state, issue.status),
    issuetype: renderIssueType(state, issue.type),
    parent: parent
      ? {
          id: parent.id,
          key: parent.key,
          self: `${state.site}/rest/api/3/issue/${parent.id}`,
          fields: { summary: parent.summary, status: renderStatus(state, parent.status), issuetype: renderIssueType(state, parent.type) },
        }
      : undefined,
    assignee: assignee ? renderUser(state, assignee) : null,
    labels: issue.labels,
    resolution: issue.resolution
      ? { self: `${state.site}/rest/api/3/resolution/1`, id: '1', description: '', name: issue.resolution }
      : null,
    resolutiondate: issue.resolution ? issue.updated : null,
    created: issue.created,
    updated: issue.updated,
    project: {
      self: `${state.site}/rest/api/3/project/${project.id}`,
      id: project.id,
      key: project.key,
      name: project.name,
      projectTypeKey: 'software',
      simplified: true,
    },
    priority: { self: `${state.site}/rest/api/3/priority/3`, id: '3', name: 'Medium' },
    [state.fieldIds.storyPoints]: issue.storyPoints ?? null,
    [state.fieldIds.sprint]: sprints.length > 0 ? sprints.map(renderSprint) : null,
    description: issue.description ?? null,
    comment: renderCommentField(state, issue),
  };
}

/**
 * One issue as GET /issue and the search return it: `fields` as Jira reads them (`*all`,
 * `*navigable`, ids, `-id` to exclude; unknown ids are ignored), `properties` by key.
 */
export function renderIssue(state: FakeJiraState, issue: FakeIssue, fields: string[], properties: string[]): Record<string, unknown> {
  const all = allFields(state, issue);
  const include = new Set<string>();
  const exclude = new Set<string>();
  for (const field of fields) {
    if (field === '*all') Object.keys(all).forEach((k) => include.add(k));
    // The comment field is not navigable: it comes when asked for by name or with *all.
    else if (field === '*navigable')
      Object.keys(all)
        .filter((k) => k !== 'comment')
        .forEach((k) => include.add(k));
    else if (field.startsWith('-')) exclude.add(field.slice(1));
    else include.add(field);
  }
  const selected = Object.fromEntries(Object.entries(all).filter(([k, v]) => include.has(k) && !exclude.has(k) && v !== undefined));
  const rendered: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${state.site}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
  };
  const onlyIds = [...include].every((f) => f === 'id' || f === 'key');
  if (!onlyIds) rendered.fields = selected;
  const wanted = properties.filter((p) => p in issue.properties);
  if (wanted.length > 0) rendered.properties = Object.fromEntries(wanted.map((p) => [p, issue.properties[p]]));
  return rendered;
}

export function renderRemoteLink(state: FakeJiraState, issue: FakeIssue, link: FakeRemoteLink): Record<string, unknown> {
  return {
    id: link.id,
    self: `${state.site}/rest/api/3/issue/${issue.key}/remotelink/${link.id}`,
    ...(link.globalId !== undefined ? { globalId: link.globalId } : {}),
    ...(link.application ? { application: link.application } : {}),
    ...(link.relationship !== undefined ? { relationship: link.relationship } : {}),
    object: link.object,
  };
}

export function renderFields(state: FakeJiraState): Record<string, unknown>[] {
  const system: FakeField[] = [
    { id: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
    { id: 'status', name: 'Status', custom: false, schema: { type: 'status', system: 'status' } },
    { id: 'issuetype', name: 'Issue Type', custom: false, schema: { type: 'issuetype', system: 'issuetype' } },
    { id: 'parent', name: 'Parent', custom: false },
    { id: 'assignee', name: 'Assignee', custom: false, schema: { type: 'user', system: 'assignee' } },
    { id: 'labels', name: 'Labels', custom: false, schema: { type: 'array', items: 'string', system: 'labels' } },
    { id: 'resolution', name: 'Resolution', custom: false, schema: { type: 'resolution', system: 'resolution' } },
    { id: 'updated', name: 'Updated', custom: false, schema: { type: 'datetime', system: 'updated' } },
    { id: 'project', name: 'Project', custom: false, schema: { type: 'project', system: 'project' } },
  ];
  const customId = (id: string) => Number(id.replace('customfield_', ''));
  const custom: FakeField[] = [
    {
      id: state.fieldIds.sprint,
      name: 'Sprint',
      custom: true,
      schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint', customId: customId(state.fieldIds.sprint) },
    },
    {
      id: state.fieldIds.storyPoints,
      name: state.storyPointsFieldName,
      custom: true,
      schema:
        state.storyPointsFieldName === 'Story point estimate'
          ? { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points', customId: customId(state.fieldIds.storyPoints) }
          : {
              type: 'number',
              custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float',
              customId: customId(state.fieldIds.storyPoints),
            },
    },
    // A number field that is not an estimate: discovery must not pick it.
    {
      id: 'customfield_10090',
      name: 'Business Value',
      custom: true,
      schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10090 },
    },
  ];
  return [...system, ...custom].map((f) => ({
    id: f.id,
    key: f.id,
    name: f.name,
    custom: f.custom,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: f.custom ? [`cf[${customId(f.id)}]`, f.name] : [f.id],
    ...(f.schema ? { schema: f.schema } : {}),
  }));
}

// ---------------------------------------------------------------------------------------------
// JQL evaluation.

const DURATION = /^-?(\d+)([wdhm])$/;

function parseJqlDate(value: string, now: number): number {
  const relative = DURATION.exec(value);
  if (relative) {
    const unit = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2] as 'w' | 'd' | 'h' | 'm'];
    return now + (value.startsWith('-') ? -1 : 1) * Number(relative[1]) * unit;
  }
  const parsed = Date.parse(value.replace(' ', 'T'));
  if (Number.isNaN(parsed)) throw new JqlError(`Date value '${value}' for field 'updated' is invalid.`);
  return parsed;
}

const issueNumber = (key: string) => Number(key.split('-')[1] ?? 0);

function compareKeys(a: FakeIssue, b: FakeIssue): number {
  return a.projectKey === b.projectKey ? issueNumber(a.key) - issueNumber(b.key) : a.projectKey.localeCompare(b.projectKey);
}

export interface JqlContext {
  viewer: FakeUser;
  now?: number;
}

/** The issues a JQL query selects, in its order; throws JqlError with Jira's message when it cannot run. */
export function searchJql(state: FakeJiraState, jql: string, context: JqlContext, depth = 0): FakeIssue[] {
  const query = parseJql(jql);
  if (!query.where) throw new JqlError('Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
  checkQuery(state, query.where);
  const now = context.now ?? Date.now();
  const matches = [...state.issues.values()].filter((issue) => matchNode(state, issue, query.where!, context, now, depth));
  const order = query.orderBy.length > 0 ? query.orderBy : [{ field: 'key', direction: 'asc' as const }];
  return matches.sort((a, b) => {
    for (const { field, direction } of order) {
      const sign = direction === 'asc' ? 1 : -1;
      let result = 0;
      if (field === 'key' || field === 'issuekey' || field === 'rank') result = compareKeys(a, b);
      else if (field === 'created') result = a.created.localeCompare(b.created);
      else if (field === 'updated') result = a.updated.localeCompare(b.updated);
      else throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
      if (result !== 0) return sign * result;
    }
    return 0;
  });
}

function literals(value: JqlValue): string[] {
  if (value.type === 'literal') return [value.value];
  if (value.type === 'list') return value.values.flatMap(literals);
  return [];
}

function functionsIn(value: JqlValue): Array<Extract<JqlValue, { type: 'function' }>> {
  if (value.type === 'function') return [value];
  if (value.type === 'list') return value.values.flatMap(functionsIn);
  return [];
}

function matchNode(state: FakeJiraState, issue: FakeIssue, node: JqlNode, context: JqlContext, now: number, depth: number): boolean {
  switch (node.type) {
    case 'and':
      return node.children.every((child) => matchNode(state, issue, child, context, now, depth));
    case 'or':
      return node.children.some((child) => matchNode(state, issue, child, context, now, depth));
    case 'not':
      return !matchNode(state, issue, node.child, context, now, depth);
    case 'clause':
      return matchClause(state, issue, node, context, now, depth);
  }
}

const lower = (value: string) => value.toLowerCase();

function matchClause(
  state: FakeJiraState,
  issue: FakeIssue,
  clause: Extract<JqlNode, { type: 'clause' }>,
  context: JqlContext,
  now: number,
  depth: number,
): boolean {
  const { field, op, value } = clause;

  /** Compares the issue's values for the field with the clause's values under =, !=, in, not in, is. */
  const compareSet = (actual: string[], expected: string[]): boolean => {
    const hit = actual.some((a) => expected.some((e) => lower(a) === lower(e)));
    if (op === '=' || op === 'in') return hit;
    if (op === '!=' || op === 'not in') return !hit && actual.length > 0;
    throw new JqlError(`The operator '${op}' is not supported by the '${field}' field.`);
  };
  const isEmptyCheck = (empty: boolean): boolean | null => {
    if (value.type !== 'empty') return null;
    if (op === 'is' || op === '=') return empty;
    if (op === 'is not' || op === '!=') return !empty;
    throw new JqlError(`The operator '${op}' is not supported by the '${field}' field.`);
  };

  switch (field) {
    case 'key':
    case 'issuekey':
    case 'issue':
    case 'id': {
      const fn = value.type === 'function' ? value : undefined;
      if (fn) {
        const ids = new Set(fn.args);
        const hit = issue.remoteLinks.some((link) => link.globalId !== undefined && ids.has(link.globalId));
        if (op === 'in') return hit;
        if (op === 'not in') return !hit;
        throw new JqlError(`The operator '${op}' is not supported by the '${field}' field.`);
      }
      return compareSet([issue.key, issue.id], literals(value));
    }
    case 'project': {
      const project = state.projects.find((p) => p.key === issue.projectKey)!;
      return compareSet([project.key, project.name, project.id], literals(value));
    }
    case 'parent': {
      const parent = issue.parent ? state.issues.get(issue.parent) : undefined;
      return isEmptyCheck(!parent) ?? compareSet(parent ? [parent.key, parent.id] : [], literals(value));
    }
    case 'sprint': {
      const sprints = issue.sprintIds.map((id) => state.sprints.find((s) => s.id === id)).filter((s) => s !== undefined);
      const empty = isEmptyCheck(sprints.length === 0);
      if (empty !== null) return empty;
      const fn = value.type === 'function' ? value : undefined;
      if (fn) {
        const wanted = lower(fn.name) === 'opensprints' ? 'active' : 'closed';
        const hit = sprints.some((s) => s.state === wanted || (wanted === 'active' && s.state === 'future'));
        return op === 'in' ? hit : !hit;
      }
      return compareSet(
        sprints.flatMap((s) => [String(s.id), s.name]),
        literals(value),
      );
    }
    case 'assignee': {
      const empty = isEmptyCheck(issue.assignee === undefined);
      if (empty !== null) return empty;
      const expected = [...literals(value), ...functionsIn(value).map(() => context.viewer.accountId)];
      const user = state.users.find((u) => u.accountId === issue.assignee);
      return compareSet(user ? [user.accountId, user.emailAddress, user.displayName] : [], expected);
    }
    case 'statuscategory': {
      const status = state.statuses.find((s) => s.name === issue.status);
      const category = CATEGORY[status?.category ?? 'new'];
      return compareSet([category.key, category.name, String(category.id)], literals(value));
    }
    case 'status': {
      const status = state.statuses.find((s) => s.name === issue.status);
      return compareSet([issue.status, status?.id ?? ''], literals(value));
    }
    case 'issuetype':
    case 'type': {
      const type = state.issueTypes.find((t) => t.name === issue.type);
      return compareSet([issue.type, type?.id ?? ''], literals(value));
    }
    case 'labels':
      return isEmptyCheck(issue.labels.length === 0) ?? compareSet(issue.labels, literals(value));
    case 'resolution':
      return isEmptyCheck(issue.resolution === undefined) ?? compareSet(issue.resolution ? [issue.resolution] : [], literals(value));
    case 'updated':
    case 'created': {
      const actual = Date.parse(issue[field].replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
      const [expectedText] = literals(value);
      if (expectedText === undefined) throw new JqlError(`Error in the JQL Query: Expecting a date for field '${field}'.`);
      const expected = parseJqlDate(expectedText, now);
      if (op === '>=') return actual >= expected;
      if (op === '>') return actual > expected;
      if (op === '<=') return actual <= expected;
      if (op === '<') return actual < expected;
      throw new JqlError(`The operator '${op}' is not supported by the '${field}' field.`);
    }
    case 'filter':
    case 'savedfilter':
    case 'request': {
      if (depth > 5) throw new JqlError('Filter references are nested too deeply.');
      const filters = literals(value).map((v) => state.filters.find((f) => f.id === v || lower(f.name) === lower(v)));
      if (filters.some((f) => f === undefined)) {
        throw new JqlError(`A value with ID '${literals(value).join(', ')}' does not exist for the field 'filter'.`);
      }
      const hit = filters.some((f) => searchJql(state, f!.jql, context, depth + 1).some((i) => i.key === issue.key));
      return op === '!=' || op === 'not in' ? !hit : hit;
    }
    default:
      throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
  }
}

const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-\d+$/i;

/** What Jira rejects before running a query: unknown functions, and issue keys that are malformed or absent. */
function checkQuery(state: FakeJiraState, node: JqlNode): void {
  switch (node.type) {
    case 'and':
    case 'or':
      for (const child of node.children) checkQuery(state, child);
      return;
    case 'not':
      return checkQuery(state, node.child);
    case 'clause':
      return checkClause(state, node);
  }
}

function checkClause(state: FakeJiraState, node: Extract<JqlNode, { type: 'clause' }>): void {
  for (const fn of functionsIn(node.value)) checkFunction(state, node.field, fn);
  if (['key', 'issuekey', 'issue', 'parent'].includes(node.field)) {
    for (const value of literals(node.value)) {
      if (/^\d+$/.test(value)) continue;
      if (!ISSUE_KEY.test(value)) throw new JqlError(`The issue key '${value}' for field '${node.field}' is invalid.`);
      if (!state.issues.has(value.toUpperCase()))
        throw new JqlError(`An issue with key '${value}' does not exist for field '${node.field}'.`);
    }
  }
}

const KNOWN_FUNCTIONS: Record<string, string[]> = {
  issueswithremotelinksbyglobalid: ['key', 'issuekey', 'issue', 'id'],
  currentuser: ['assignee'],
  opensprints: ['sprint'],
  closedsprints: ['sprint'],
};

function checkFunction(state: FakeJiraState, field: string, fn: Extract<JqlValue, { type: 'function' }>): void {
  const name = lower(fn.name);
  const fields = KNOWN_FUNCTIONS[name];
  if (!fields || (name === 'issueswithremotelinksbyglobalid' && state.options.refuseRemoteLinkFunction)) {
    throw new JqlError(`Unable to find JQL function '${fn.name}(${fn.args.join(', ')})'.`);
  }
  if (!fields.includes(field)) {
    throw new JqlError(`The field '${field}' does not support searching with the function '${fn.name}'.`);
  }
  if (name === 'issueswithremotelinksbyglobalid') {
    if (fn.args.length === 0) throw new JqlError(`Function '${fn.name}' expects at least one global id.`);
    if (fn.args.length > state.options.maxGlobalIdsPerFunction) {
      throw new JqlError(
        `Function '${fn.name}' accepts at most ${state.options.maxGlobalIdsPerFunction} global ids, but got ${fn.args.length}.`,
      );
    }
  }
}
