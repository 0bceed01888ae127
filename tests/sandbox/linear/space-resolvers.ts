/**
 * What team spaces ask of the fake Linear, beside the adapter's fields (resolvers.ts): issues
 * created with a client-chosen id, issue updates, workspace and team labels, the workspace's
 * attachments filtered by URL prefix and dates, and the viewer's teams. Team membership is
 * modelled: a team with `memberIds` refuses issues from anyone else.
 */
import {
  attachmentView,
  connection,
  entityNotFound,
  invalidInput,
  issueView,
  linearError,
  matchAttachment,
  matchLabel,
  teamView,
  userView,
  type ResolverContext,
} from './resolvers';
import type { IssueRecord, LabelRecord, LinearWorkspace, TeamRecord, UserRecord } from './seed';

type Args = Record<string, unknown> & { first?: number | null; after?: string | null; filter?: Record<string, unknown> | null };

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Later than anything written before, so creation order is also `createdAt` order. */
function timestamp(ws: LinearWorkspace): string {
  const latest = Math.max(
    Date.now(),
    ...ws.issues.map((i) => Date.parse(i.updatedAt) + 1),
    ...ws.attachments.map((a) => Date.parse(a.updatedAt) + 1),
  );
  return new Date(latest).toISOString();
}

const isMember = (team: TeamRecord, user: UserRecord) => !team.memberIds || team.memberIds.includes(user.id);

function labelView(ctx: ResolverContext, label: LabelRecord) {
  return {
    id: label.id,
    name: label.name,
    color: label.color,
    isGroup: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    team: () => {
      const team = ctx.workspace.teams.find((t) => t.id === label.teamId);
      return team ? teamView(ctx, team) : null;
    },
  };
}

function nextSyncId(ws: LinearWorkspace): number {
  ws.lastSyncId += 1;
  return ws.lastSyncId;
}

interface IssueInput {
  id?: string | null;
  teamId: string;
  title?: string | null;
  description?: string | null;
  labelIds?: string[] | null;
}

function labelIdsOf(ws: LinearWorkspace, ids: string[] | null | undefined): string[] {
  for (const id of ids ?? []) if (!ws.labels.some((l) => l.id === id)) throw entityNotFound('IssueLabel');
  return [...new Set(ids ?? [])];
}

function createIssue(ctx: ResolverContext, input: IssueInput) {
  const ws = ctx.workspace;
  const team = ws.teams.find((t) => t.id === input.teamId);
  if (!team) throw entityNotFound('Team');
  if (!isMember(team, ctx.viewer)) {
    throw linearError('Forbidden: not a member of the team', {
      type: 'forbidden',
      code: 'FORBIDDEN',
      statusCode: 403,
      userPresentableMessage: `You need to be a member of ${team.name} to create issues in it.`,
    });
  }
  if (input.id !== undefined && input.id !== null) {
    if (!UUID_V4.test(input.id)) throw invalidInput('id must be a UUID v4.');
    if (ws.issues.some((i) => i.id === input.id)) throw invalidInput('An issue with this id already exists.');
  }
  const state = ws.states
    .filter((s) => s.teamId === team.id && ['backlog', 'unstarted'].includes(s.type))
    .sort((a, b) => a.position - b.position)[0]!;
  const now = timestamp(ws);
  const record: IssueRecord = {
    id: input.id ?? crypto.randomUUID(),
    teamId: team.id,
    number: Math.max(0, ...ws.issues.filter((i) => i.teamId === team.id).map((i) => i.number)) + 1,
    title: input.title ?? '',
    stateId: state.id,
    estimate: null,
    priority: 0,
    parentId: null,
    cycleId: null,
    assigneeId: null,
    labelIds: labelIdsOf(ws, input.labelIds),
    createdAt: now,
    updatedAt: now,
    description: input.description ?? null,
  };
  ws.issues.push(record);
  return { success: true, lastSyncId: nextSyncId(ws), issue: issueView(ctx, record) };
}

function updateIssue(ctx: ResolverContext, id: string, input: Omit<IssueInput, 'teamId' | 'id'>) {
  const ws = ctx.workspace;
  const issue = ws.issues.find((i) => i.id === id);
  if (!issue) throw entityNotFound('Issue');
  if (input.title !== undefined && input.title !== null) issue.title = input.title;
  if (input.description !== undefined) issue.description = input.description;
  if (input.labelIds !== undefined && input.labelIds !== null) issue.labelIds = labelIdsOf(ws, input.labelIds);
  issue.updatedAt = timestamp(ws);
  return { success: true, lastSyncId: nextSyncId(ws), issue: issueView(ctx, issue) };
}

function createLabel(ctx: ResolverContext, input: { name: string; color?: string | null; teamId?: string | null }) {
  const ws = ctx.workspace;
  const teamId = input.teamId ?? null;
  if (teamId !== null && !ws.teams.some((t) => t.id === teamId)) throw entityNotFound('Team');
  if (!input.name.trim()) throw invalidInput('A label needs a name.');
  if (ws.labels.some((l) => l.name.toLowerCase() === input.name.toLowerCase() && (l.teamId ?? null) === teamId)) {
    throw invalidInput(`A label named “${input.name}” already exists.`);
  }
  const label: LabelRecord = { id: crypto.randomUUID(), name: input.name, color: input.color ?? '#bec2c8', teamId };
  ws.labels.push(label);
  return { success: true, lastSyncId: nextSyncId(ws), issueLabel: labelView(ctx, label) };
}

/** Root fields added to the fake's root value. */
export function createSpaceRootValue(ctx: ResolverContext) {
  const ws = ctx.workspace;
  return {
    viewer: () => ({
      ...userView(ctx, ctx.viewer),
      teams: (args: Args) =>
        connection(
          ctx,
          ws.teams.filter((t) => isMember(t, ctx.viewer)),
          args,
          (t) => teamView(ctx, t),
        ),
    }),
    issueLabels: (args: Args) => {
      const filter = args.filter;
      const labels = filter ? ws.labels.filter((l) => matchLabel(ctx, l, filter)) : ws.labels;
      return connection(ctx, labels, args, (l) => labelView(ctx, l));
    },
    attachments: (args: Args) => {
      const filter = args.filter;
      return connection(ctx, filter ? ws.attachments.filter((a) => matchAttachment(ctx, a, filter)) : ws.attachments, args, (a) =>
        attachmentView(ctx, a),
      );
    },
    issueCreate: ({ input }: { input: IssueInput }) => createIssue(ctx, input),
    issueUpdate: ({ id, input }: { id: string; input: IssueInput }) => updateIssue(ctx, id, input),
    issueLabelCreate: ({ input }: { input: { name: string; color?: string | null; teamId?: string | null } }) => createLabel(ctx, input),
  };
}
