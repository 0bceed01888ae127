/**
 * Resolvers over the in-memory workspace, executed by graphql-js against Linear's full schema.
 * Objects handed to graphql-js are "views": plain objects whose properties are named after the
 * schema's fields (graphql-js's default resolver reads them, and calls them when they are
 * functions), so only relations, connections and root fields need code.
 *
 * Filters implement the subset of Linear's filter language the project uses. A filter field the
 * fake does not know is not silently ignored: it is reported as a violation, so a test can never
 * pass against a filter the fake only pretended to apply.
 */
import { GraphQLError } from 'graphql';
import {
  activeCycle,
  findIssue,
  identifierOf,
  newAttachmentId,
  slugOf,
  type AttachmentRecord,
  type CycleRecord,
  type IssueRecord,
  type LabelRecord,
  type LinearWorkspace,
  type TeamRecord,
  type UserRecord,
  type WorkflowStateRecord,
} from './seed';

/** Linear's page size limits: 50 when not given, at most 250. */
export const LINEAR_DEFAULT_FIRST = 50;
export const LINEAR_MAX_FIRST = 250;

export interface ResolverContext {
  workspace: LinearWorkspace;
  viewer: UserRecord;
  /** Records that the fake was asked for something it does not emulate, and fails the request. */
  unsupported(message: string): never;
  /** Records a request that real Linear would refuse (e.g. a page larger than 250). */
  violation(kind: 'page-size', message: string): void;
}

// -------------------------------------------------------------------------------------------
// Errors shaped like Linear's (extensions.type is what @linear/sdk reads, code what clients read).

export function linearError(
  message: string,
  extensions: { type: string; code: string; statusCode: number; userPresentableMessage?: string },
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, userError: true } });
}

export const entityNotFound = (entity: string) =>
  linearError(`Entity not found: ${entity}`, {
    type: 'invalid input',
    code: 'INPUT_ERROR',
    statusCode: 400,
    userPresentableMessage: `Could not find referenced ${entity}.`,
  });

export const invalidInput = (message: string) =>
  linearError(message, { type: 'invalid input', code: 'INPUT_ERROR', statusCode: 400, userPresentableMessage: message });

// -------------------------------------------------------------------------------------------
// Connections.

interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  orderBy?: 'createdAt' | 'updatedAt' | null;
}

interface Dated {
  id: string;
  createdAt?: string;
  updatedAt?: string;
}

export function connection<T extends Dated>(ctx: ResolverContext, records: T[], args: PageArgs, view: (record: T) => object) {
  for (const name of ['first', 'last'] as const) {
    const size = args[name];
    if (size !== undefined && size !== null && (size < 0 || size > LINEAR_MAX_FIRST)) {
      ctx.violation('page-size', `\`${name}: ${size}\` is outside Linear's 0..${LINEAR_MAX_FIRST}`);
      throw invalidInput(`Argument ${name} must be between 0 and ${LINEAR_MAX_FIRST}.`);
    }
  }
  const key = args.orderBy ?? 'createdAt';
  const ordered = [...records].sort((a, b) => (a[key] ?? '').localeCompare(b[key] ?? '') || a.id.localeCompare(b.id));
  let start = 0;
  let end = ordered.length;
  if (args.after) {
    const index = ordered.findIndex((r) => r.id === args.after);
    if (index < 0) throw invalidInput('Invalid cursor.');
    start = index + 1;
  }
  if (args.before) {
    const index = ordered.findIndex((r) => r.id === args.before);
    if (index < 0) throw invalidInput('Invalid cursor.');
    end = index;
  }
  let window = ordered.slice(start, end);
  let hasNextPage = end < ordered.length;
  let hasPreviousPage = start > 0;
  if (args.last !== undefined && args.last !== null && args.first == null) {
    hasPreviousPage = window.length > args.last || hasPreviousPage;
    window = window.slice(Math.max(0, window.length - args.last));
  } else {
    const first = args.first ?? LINEAR_DEFAULT_FIRST;
    hasNextPage = window.length > first || hasNextPage;
    window = window.slice(0, first);
  }
  const nodes = window.map(view);
  return {
    nodes,
    edges: window.map((record, i) => ({ cursor: record.id, node: nodes[i] })),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: window[0]?.id ?? null,
      endCursor: window[window.length - 1]?.id ?? null,
    },
  };
}

// -------------------------------------------------------------------------------------------
// Comparators (Linear's StringComparator, IDComparator, NumberComparator, BooleanComparator…).

type Filter = Record<string, unknown>;

function asFilter(value: unknown): Filter {
  return (value ?? {}) as Filter;
}

function compare(ctx: ResolverContext, value: unknown, comparator: Filter, path: string): boolean {
  const str = typeof value === 'string' ? value : undefined;
  const lower = (v: unknown) => String(v).toLocaleLowerCase();
  return Object.entries(comparator).every(([op, expected]) => {
    if (expected === undefined) return true;
    switch (op) {
      case 'eq':
        return value === expected;
      case 'neq':
        return value !== expected;
      case 'in':
        return (expected as unknown[]).includes(value);
      case 'nin':
        return !(expected as unknown[]).includes(value);
      case 'eqIgnoreCase':
        return str !== undefined && lower(str) === lower(expected);
      case 'neqIgnoreCase':
        return str === undefined || lower(str) !== lower(expected);
      case 'startsWith':
        return str !== undefined && str.startsWith(String(expected));
      case 'startsWithIgnoreCase':
        return str !== undefined && lower(str).startsWith(lower(expected));
      case 'notStartsWith':
        return str === undefined || !str.startsWith(String(expected));
      case 'endsWith':
        return str !== undefined && str.endsWith(String(expected));
      case 'contains':
        return str !== undefined && str.includes(String(expected));
      case 'containsIgnoreCase':
        return str !== undefined && lower(str).includes(lower(expected));
      case 'notContains':
        return str === undefined || !str.includes(String(expected));
      case 'gt':
        return value !== null && value !== undefined && (value as number | string) > (expected as number | string);
      case 'gte':
        return value !== null && value !== undefined && (value as number | string) >= (expected as number | string);
      case 'lt':
        return value !== null && value !== undefined && (value as number | string) < (expected as number | string);
      case 'lte':
        return value !== null && value !== undefined && (value as number | string) <= (expected as number | string);
      case 'null':
        return (value === null || value === undefined) === expected;
      default:
        return ctx.unsupported(`${path}.${op}`);
    }
  });
}

/** Applies `and`/`or` and hands each other key to `field`; unknown keys are reported. */
function matchAll(
  ctx: ResolverContext,
  filter: Filter,
  path: string,
  recurse: (sub: Filter) => boolean,
  fields: Record<string, (value: Filter) => boolean>,
): boolean {
  return Object.entries(filter).every(([key, value]) => {
    if (value === undefined || value === null) return true;
    if (key === 'and') return (value as Filter[]).every(recurse);
    if (key === 'or') return (value as Filter[]).some(recurse);
    const field = fields[key];
    if (!field) return ctx.unsupported(`${path}.${key}`);
    return field(asFilter(value));
  });
}

/** Nullable filters (`NullableIssueFilter` …): `{null: true}` matches absence; any other key needs a value. */
function matchNullable<T>(ctx: ResolverContext, value: T | null, filter: Filter, match: (v: T, f: Filter) => boolean): boolean {
  const { null: wantsNull, ...rest } = filter;
  if (wantsNull !== undefined && wantsNull !== null && (value === null) !== wantsNull) return false;
  if (Object.keys(rest).length === 0) return true;
  return value !== null && match(value, rest);
}

// -------------------------------------------------------------------------------------------
// Entity filters.

function cycleFlags(ws: LinearWorkspace, cycle: CycleRecord) {
  const now = ws.now.getTime();
  const starts = Date.parse(cycle.startsAt);
  const ends = Date.parse(cycle.endsAt);
  const teamCycles = ws.cycles.filter((c) => c.teamId === cycle.teamId).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const future = teamCycles.filter((c) => Date.parse(c.startsAt) > now);
  const past = teamCycles.filter((c) => Date.parse(c.endsAt) <= now);
  return {
    isActive: starts <= now && now < ends,
    isFuture: starts > now,
    isPast: ends <= now,
    isNext: future[0]?.id === cycle.id,
    isPrevious: past[past.length - 1]?.id === cycle.id,
  };
}

export function matchTeam(ctx: ResolverContext, team: TeamRecord, filter: Filter, path = 'TeamFilter'): boolean {
  return matchAll(ctx, filter, path, (f) => matchTeam(ctx, team, f, path), {
    id: (c) => compare(ctx, team.id, c, `${path}.id`),
    key: (c) => compare(ctx, team.key, c, `${path}.key`),
    name: (c) => compare(ctx, team.name, c, `${path}.name`),
  });
}

function matchState(ctx: ResolverContext, state: WorkflowStateRecord, filter: Filter, path = 'WorkflowStateFilter'): boolean {
  return matchAll(ctx, filter, path, (f) => matchState(ctx, state, f, path), {
    id: (c) => compare(ctx, state.id, c, `${path}.id`),
    name: (c) => compare(ctx, state.name, c, `${path}.name`),
    type: (c) => compare(ctx, state.type, c, `${path}.type`),
  });
}

function matchCycle(ctx: ResolverContext, cycle: CycleRecord, filter: Filter, path = 'CycleFilter'): boolean {
  const flags = cycleFlags(ctx.workspace, cycle);
  const team = ctx.workspace.teams.find((t) => t.id === cycle.teamId)!;
  return matchAll(ctx, filter, path, (f) => matchCycle(ctx, cycle, f, path), {
    id: (c) => compare(ctx, cycle.id, c, `${path}.id`),
    number: (c) => compare(ctx, cycle.number, c, `${path}.number`),
    name: (c) => compare(ctx, cycle.name, c, `${path}.name`),
    isActive: (c) => compare(ctx, flags.isActive, c, `${path}.isActive`),
    isFuture: (c) => compare(ctx, flags.isFuture, c, `${path}.isFuture`),
    isPast: (c) => compare(ctx, flags.isPast, c, `${path}.isPast`),
    isNext: (c) => compare(ctx, flags.isNext, c, `${path}.isNext`),
    isPrevious: (c) => compare(ctx, flags.isPrevious, c, `${path}.isPrevious`),
    team: (f) => matchTeam(ctx, team, f, `${path}.team`),
  });
}

function matchUser(ctx: ResolverContext, user: UserRecord, filter: Filter, path = 'UserFilter'): boolean {
  return matchAll(ctx, filter, path, (f) => matchUser(ctx, user, f, path), {
    id: (c) => compare(ctx, user.id, c, `${path}.id`),
    name: (c) => compare(ctx, user.name, c, `${path}.name`),
    displayName: (c) => compare(ctx, user.displayName, c, `${path}.displayName`),
    email: (c) => compare(ctx, user.email, c, `${path}.email`),
    isMe: (c) => compare(ctx, user.id === ctx.viewer.id, c, `${path}.isMe`),
  });
}

export function matchAttachment(ctx: ResolverContext, attachment: AttachmentRecord, filter: Filter, path = 'AttachmentFilter'): boolean {
  return matchAll(ctx, filter, path, (f) => matchAttachment(ctx, attachment, f, path), {
    id: (c) => compare(ctx, attachment.id, c, `${path}.id`),
    url: (c) => compare(ctx, attachment.url, c, `${path}.url`),
    title: (c) => compare(ctx, attachment.title, c, `${path}.title`),
    createdAt: (c) => compare(ctx, attachment.createdAt, c, `${path}.createdAt`),
    updatedAt: (c) => compare(ctx, attachment.updatedAt, c, `${path}.updatedAt`),
    subtitle: (c) => compare(ctx, attachment.subtitle, c, `${path}.subtitle`),
  });
}

export function matchLabel(ctx: ResolverContext, label: LabelRecord, filter: Filter, path = 'IssueLabelFilter'): boolean {
  return matchAll(ctx, filter, path, (f) => matchLabel(ctx, label, f, path), {
    id: (c) => compare(ctx, label.id, c, `${path}.id`),
    name: (c) => compare(ctx, label.name, c, `${path}.name`),
  });
}

/** `AttachmentCollectionFilter`, `IssueLabelCollectionFilter`: some / every / length. */
function matchCollection<T>(
  ctx: ResolverContext,
  items: T[],
  filter: Filter,
  path: string,
  matchItem: (item: T, f: Filter) => boolean,
): boolean {
  return matchAll(ctx, filter, path, (f) => matchCollection(ctx, items, f, path, matchItem), {
    some: (f) => items.some((item) => matchItem(item, f)),
    every: (f) => items.every((item) => matchItem(item, f)),
    length: (c) => compare(ctx, items.length, c, `${path}.length`),
  });
}

export function matchIssue(ctx: ResolverContext, issue: IssueRecord, filter: Filter, path = 'IssueFilter'): boolean {
  const ws = ctx.workspace;
  const team = ws.teams.find((t) => t.id === issue.teamId)!;
  return matchAll(ctx, filter, path, (f) => matchIssue(ctx, issue, f, path), {
    id: (c) => compare(ctx, issue.id, c, `${path}.id`),
    number: (c) => compare(ctx, issue.number, c, `${path}.number`),
    title: (c) => compare(ctx, issue.title, c, `${path}.title`),
    estimate: (c) => compare(ctx, issue.estimate, c, `${path}.estimate`),
    createdAt: (c) => compare(ctx, issue.createdAt, c, `${path}.createdAt`),
    updatedAt: (c) => compare(ctx, issue.updatedAt, c, `${path}.updatedAt`),
    team: (f) => matchTeam(ctx, team, f, `${path}.team`),
    state: (f) => matchState(ctx, ws.states.find((s) => s.id === issue.stateId)!, f, `${path}.state`),
    cycle: (f) =>
      matchNullable(ctx, ws.cycles.find((c) => c.id === issue.cycleId) ?? null, f, (cycle, rest) =>
        matchCycle(ctx, cycle, rest, `${path}.cycle`),
      ),
    assignee: (f) =>
      matchNullable(ctx, ws.users.find((u) => u.id === issue.assigneeId) ?? null, f, (user, rest) =>
        matchUser(ctx, user, rest, `${path}.assignee`),
      ),
    parent: (f) =>
      matchNullable(ctx, ws.issues.find((i) => i.id === issue.parentId) ?? null, f, (parent, rest) =>
        matchIssue(ctx, parent, rest, `${path}.parent`),
      ),
    attachments: (f) =>
      matchCollection(
        ctx,
        ws.attachments.filter((a) => a.issueId === issue.id),
        f,
        `${path}.attachments`,
        (attachment, sub) => matchAttachment(ctx, attachment, sub, `${path}.attachments.some`),
      ),
    labels: (f) =>
      matchCollection(
        ctx,
        ws.labels.filter((l) => issue.labelIds.includes(l.id)),
        f,
        `${path}.labels`,
        (label, sub) => matchLabel(ctx, label, sub, `${path}.labels.some`),
      ),
  });
}

// -------------------------------------------------------------------------------------------
// Views.

type Args = Record<string, unknown> & PageArgs & { filter?: Filter | null };

export function organizationView(ctx: ResolverContext) {
  const org = ctx.workspace.organization;
  return { id: org.id, name: org.name, urlKey: org.urlKey };
}

export function userView(ctx: ResolverContext, user: UserRecord) {
  return {
    ...user,
    isMe: user.id === ctx.viewer.id,
    organization: () => organizationView(ctx),
    assignedIssues: (args: Args) =>
      issueConnection(
        ctx,
        ctx.workspace.issues.filter((i) => i.assigneeId === user.id),
        args,
      ),
  };
}

export function teamView(ctx: ResolverContext, team: TeamRecord) {
  return {
    id: team.id,
    key: team.key,
    name: team.name,
    activeCycle: () => {
      const cycle = activeCycle(ctx.workspace, team.id);
      return cycle ? cycleView(ctx, cycle) : null;
    },
    cycles: (args: Args) => {
      const cycles = ctx.workspace.cycles.filter((c) => c.teamId === team.id);
      const filter = args.filter;
      return connection(ctx, filter ? cycles.filter((c) => matchCycle(ctx, c, filter)) : cycles, args, (c) => cycleView(ctx, c));
    },
    issues: (args: Args) =>
      issueConnection(
        ctx,
        ctx.workspace.issues.filter((i) => i.teamId === team.id),
        args,
      ),
  };
}

export function cycleView(ctx: ResolverContext, cycle: CycleRecord) {
  const flags = cycleFlags(ctx.workspace, cycle);
  return {
    id: cycle.id,
    number: cycle.number,
    name: cycle.name,
    startsAt: cycle.startsAt,
    endsAt: cycle.endsAt,
    ...flags,
    team: () => teamView(ctx, ctx.workspace.teams.find((t) => t.id === cycle.teamId)!),
    issues: (args: Args) =>
      issueConnection(
        ctx,
        ctx.workspace.issues.filter((i) => i.cycleId === cycle.id),
        args,
      ),
  };
}

function stateView(state: WorkflowStateRecord) {
  return { id: state.id, name: state.name, type: state.type, color: state.color, position: state.position };
}

export function attachmentView(ctx: ResolverContext, attachment: AttachmentRecord) {
  return {
    ...attachment,
    groupBySource: false,
    sourceType: 'api',
    source: null,
    issue: () => issueView(ctx, ctx.workspace.issues.find((i) => i.id === attachment.issueId)!),
    creator: () => {
      const user = ctx.workspace.users.find((u) => u.id === attachment.creatorId);
      return user ? userView(ctx, user) : null;
    },
  };
}

function issueConnection(ctx: ResolverContext, issues: IssueRecord[], args: Args) {
  const filter = args.filter;
  const matching = filter ? issues.filter((issue) => matchIssue(ctx, issue, filter)) : issues;
  return connection(ctx, matching, args, (issue) => issueView(ctx, issue));
}

export function issueView(ctx: ResolverContext, issue: IssueRecord) {
  const ws = ctx.workspace;
  const identifier = identifierOf(ws, issue);
  return {
    id: issue.id,
    identifier,
    number: issue.number,
    title: issue.title,
    priority: issue.priority,
    estimate: issue.estimate,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    url: `https://linear.app/${ws.organization.urlKey}/issue/${identifier}/${slugOf(issue.title)}`,
    branchName: `${identifier.toLowerCase()}-${slugOf(issue.title)}`,
    state: () => stateView(ws.states.find((s) => s.id === issue.stateId)!),
    team: () => teamView(ctx, ws.teams.find((t) => t.id === issue.teamId)!),
    cycle: () => {
      const cycle = ws.cycles.find((c) => c.id === issue.cycleId);
      return cycle ? cycleView(ctx, cycle) : null;
    },
    assignee: () => {
      const user = ws.users.find((u) => u.id === issue.assigneeId);
      return user ? userView(ctx, user) : null;
    },
    parent: () => {
      const parent = ws.issues.find((i) => i.id === issue.parentId);
      return parent ? issueView(ctx, parent) : null;
    },
    children: (args: Args) =>
      issueConnection(
        ctx,
        ws.issues.filter((i) => i.parentId === issue.id),
        args,
      ),
    attachments: (args: Args) => {
      const own = ws.attachments.filter((a) => a.issueId === issue.id);
      const filter = args.filter;
      return connection(ctx, filter ? own.filter((a) => matchAttachment(ctx, a, filter)) : own, args, (a) => attachmentView(ctx, a));
    },
    labels: (args: Args) => {
      const own = ws.labels.filter((l) => issue.labelIds.includes(l.id)).map((l) => ({ ...l, createdAt: '', updatedAt: '' }));
      const filter = args.filter;
      return connection(ctx, filter ? own.filter((l) => matchLabel(ctx, l, filter)) : own, args, (l) => ({
        id: l.id,
        name: l.name,
        color: l.color,
      }));
    },
  };
}

// -------------------------------------------------------------------------------------------
// Root fields: queries and mutations share graphql-js's rootValue.

interface AttachmentCreateInput {
  issueId: string;
  url: string;
  title: string;
  subtitle?: string | null;
  metadata?: Record<string, unknown> | null;
  id?: string | null;
}

function nextSyncId(ws: LinearWorkspace): number {
  ws.lastSyncId += 1;
  return ws.lastSyncId;
}

/**
 * Linear's upsert: "Creates a new attachment, or updates existing if the same `url` and
 * `issueId` is used." The same URL on another issue is a separate attachment.
 */
function upsertAttachment(ctx: ResolverContext, input: AttachmentCreateInput) {
  const ws = ctx.workspace;
  const issue = findIssue(ws, input.issueId);
  if (!issue) throw entityNotFound('Issue');
  const now = new Date().toISOString();
  const existing = ws.attachments.find((a) => a.issueId === issue.id && a.url === input.url);
  if (existing) {
    existing.title = input.title;
    if (input.subtitle !== undefined) existing.subtitle = input.subtitle;
    if (input.metadata !== undefined && input.metadata !== null) existing.metadata = input.metadata;
    existing.updatedAt = now;
    return { success: true, lastSyncId: nextSyncId(ws), attachment: attachmentView(ctx, existing) };
  }
  const record: AttachmentRecord = {
    id: input.id ?? newAttachmentId(),
    issueId: issue.id,
    url: input.url,
    title: input.title,
    subtitle: input.subtitle ?? null,
    metadata: input.metadata ?? {},
    creatorId: ctx.viewer.id,
    createdAt: now,
    updatedAt: now,
  };
  ws.attachments.push(record);
  return { success: true, lastSyncId: nextSyncId(ws), attachment: attachmentView(ctx, record) };
}

export function createRootValue(ctx: ResolverContext) {
  const ws = ctx.workspace;
  return {
    viewer: () => userView(ctx, ctx.viewer),
    organization: () => organizationView(ctx),
    issue: ({ id }: { id: string }) => {
      const issue = findIssue(ws, id);
      if (!issue) throw entityNotFound('Issue');
      return issueView(ctx, issue);
    },
    issues: (args: Args) => issueConnection(ctx, ws.issues, args),
    teams: (args: Args) => {
      const filter = args.filter;
      const teams = filter ? ws.teams.filter((t) => matchTeam(ctx, t, filter)) : ws.teams;
      return connection(ctx, teams, args, (t) => teamView(ctx, t));
    },
    team: ({ id }: { id: string }) => {
      const team = ws.teams.find((t) => t.id === id || t.key === id);
      if (!team) throw entityNotFound('Team');
      return teamView(ctx, team);
    },
    cycles: (args: Args) => {
      const filter = args.filter;
      const cycles = filter ? ws.cycles.filter((c) => matchCycle(ctx, c, filter)) : ws.cycles;
      return connection(ctx, cycles, args, (c) => cycleView(ctx, c));
    },
    attachment: ({ id }: { id: string }) => {
      const attachment = ws.attachments.find((a) => a.id === id);
      if (!attachment) throw entityNotFound('Attachment');
      return attachmentView(ctx, attachment);
    },
    attachmentsForURL: (args: Args & { url: string }) =>
      connection(
        ctx,
        ws.attachments.filter((a) => a.url === args.url),
        args,
        (a) => attachmentView(ctx, a),
      ),
    attachmentCreate: ({ input }: { input: AttachmentCreateInput }) => upsertAttachment(ctx, input),
    attachmentLinkURL: (args: { issueId: string; url: string; title?: string | null; id?: string | null }) =>
      upsertAttachment(ctx, { issueId: args.issueId, url: args.url, title: args.title ?? args.url, id: args.id }),
    attachmentDelete: ({ id }: { id: string }) => {
      const index = ws.attachments.findIndex((a) => a.id === id);
      if (index < 0) throw entityNotFound('Attachment');
      ws.attachments.splice(index, 1);
      return { success: true, entityId: id, lastSyncId: nextSyncId(ws) };
    },
  };
}
