/**
 * Linear's raw GraphQL JSON → IssueSnapshot. This is the edge where Linear's answers are
 * validated (STYLE habit 6): anything not shaped like the documents in documents.ts asked for
 * becomes a TrackerError of kind `invalid` naming the path that was wrong.
 *
 * Decisions, since Linear has no issue types:
 * - kind: an issue labelled "Bug" is a `bug`; else a sub-issue (it has a parent) is a `subtask`;
 *   else `other`. A parent issue is not called an `epic`: whether it has children is the issue
 *   graph's business, and that changes as sub-issues come and go.
 * - status category from `state.type`: triage/backlog/unstarted → todo, started → in_progress,
 *   completed → done, canceled/duplicate → canceled (rule 1); an unknown type → todo.
 * - krRefs come from the attachment's `metadata.krLens` ("<setId>:<krId>"), which is what KR
 *   Lens writes. A KR link URL alone does not name the set, so it counts only where the caller
 *   knows which KR the URL belongs to (the linked-issue search passes that map).
 */
import { z } from 'zod';
import type { IssueKind, IssueSnapshot, KrRef, StatusCategory } from '../../okr/model';
import { parseKrGlobalId, TrackerError, type Viewer } from '../tracker';

const nodes = <T extends z.ZodType>(item: T) => z.object({ nodes: z.array(item) });

const attachmentSchema = z.object({
  url: z.string(),
  // Linear's JSONObject; absent or null on attachments other tools made.
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

export const rawIssueSchema = z.object({
  id: z.string().min(1),
  identifier: z.string().min(1),
  title: z.string(),
  url: z.url(),
  updatedAt: z.iso.datetime({ offset: true }),
  estimate: z.number().nonnegative().nullish(),
  state: z.object({ name: z.string(), type: z.string() }),
  team: z.object({ key: z.string(), name: z.string() }),
  cycle: z.object({ id: z.string(), number: z.number(), name: z.string().nullish() }).nullish(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullish(),
  // Loose: the family query nests whole issues here, read by `ancestorsOf`.
  parent: z.looseObject({ id: z.string(), identifier: z.string() }).nullish(),
  labels: nodes(z.object({ name: z.string() })),
  attachments: nodes(attachmentSchema),
  children: nodes(z.object({ id: z.string() })).optional(),
});

export type RawIssue = z.infer<typeof rawIssueSchema>;

const pageInfoSchema = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() });
const issueConnectionSchema = z.object({ nodes: z.array(z.unknown()), pageInfo: pageInfoSchema });

export interface IssuePage {
  nodes: RawIssue[];
  hasNextPage: boolean;
  endCursor: string | undefined;
}

function invalid(what: string, error: z.ZodError): TrackerError {
  const issue = error.issues[0];
  const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
  return new TrackerError('invalid', `Linear sent ${what} that KR Lens cannot read (${where}) — KR Lens may need an update.`, {
    tracker: 'linear',
    cause: error,
  });
}

export function parseRawIssue(json: unknown): RawIssue {
  const result = rawIssueSchema.safeParse(json);
  if (!result.success) throw invalid('an issue', result.error);
  return result.data;
}

export function parseIssuePage(json: unknown): IssuePage {
  const result = issueConnectionSchema.safeParse(json);
  if (!result.success) throw invalid('a list of issues', result.error);
  return {
    nodes: result.data.nodes.map(parseRawIssue),
    hasNextPage: result.data.pageInfo.hasNextPage,
    endCursor: result.data.pageInfo.endCursor ?? undefined,
  };
}

/** The ancestors a family/ancestors query nested under `parent`, nearest first. */
export function ancestorsOf(issue: RawIssue): RawIssue[] {
  const chain: RawIssue[] = [];
  const seen = new Set([issue.id]);
  let parent: unknown = issue.parent;
  // A nested parent that carries a title is a whole issue; `{id, identifier}` alone is where the query stopped.
  while (parent && typeof parent === 'object' && 'title' in parent) {
    const raw = parseRawIssue(parent);
    if (seen.has(raw.id)) break;
    seen.add(raw.id);
    chain.push(raw);
    parent = raw.parent;
  }
  return chain;
}

const viewerSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullish(),
  organization: z.object({ urlKey: z.string(), name: z.string() }),
});

export function parseViewer(json: unknown): Viewer & { workspace: string; workspaceName: string } {
  const result = viewerSchema.safeParse(json);
  if (!result.success) throw invalid('the signed-in user', result.error);
  const { id, name, email, organization } = result.data;
  return { id, name, ...(email ? { email } : {}), workspace: organization.urlKey, workspaceName: organization.name };
}

// ---------------------------------------------------------------------------------------------

const CATEGORY_BY_STATE_TYPE: Readonly<Record<string, StatusCategory>> = {
  triage: 'todo',
  backlog: 'todo',
  unstarted: 'todo',
  started: 'in_progress',
  completed: 'done',
  canceled: 'canceled',
  duplicate: 'canceled',
};

export function categoryOf(stateType: string): StatusCategory {
  return CATEGORY_BY_STATE_TYPE[stateType] ?? 'todo';
}

export function kindOf(issue: Pick<RawIssue, 'labels' | 'parent'>): IssueKind {
  if (issue.labels.nodes.some((label) => label.name.trim().toLowerCase() === 'bug')) return 'bug';
  return issue.parent ? 'subtask' : 'other';
}

/** KR links on an issue, each once: from metadata, or from a URL the caller knows to be a KR's. */
export function krRefsOf(attachments: RawIssue['attachments']['nodes'], krByUrl?: ReadonlyMap<string, KrRef>): KrRef[] {
  const refs = new Map<string, KrRef>();
  for (const attachment of attachments) {
    const tag = attachment.metadata?.krLens;
    const ref = (typeof tag === 'string' ? parseKrGlobalId(tag) : null) ?? krByUrl?.get(attachment.url) ?? null;
    if (ref) refs.set(`${ref.setId}:${ref.krId}`, ref);
  }
  return [...refs.values()];
}

export function hasChildren(issue: RawIssue): boolean {
  return (issue.children?.nodes.length ?? 0) > 0;
}

export function toSnapshot(issue: RawIssue, workspace: string, krByUrl?: ReadonlyMap<string, KrRef>): IssueSnapshot {
  return {
    ref: { tracker: 'linear', site: workspace, key: issue.identifier },
    title: issue.title,
    url: issue.url,
    kind: kindOf(issue),
    status: { name: issue.state.name, category: categoryOf(issue.state.type) },
    ...(issue.estimate !== null && issue.estimate !== undefined ? { estimate: issue.estimate } : {}),
    ...(issue.parent ? { parent: issue.parent.identifier } : {}),
    ...(issue.assignee ? { assignee: { id: issue.assignee.id, name: issue.assignee.name } } : {}),
    team: issue.team.name,
    ...(issue.cycle ? { sprintOrCycle: { id: issue.cycle.id, name: issue.cycle.name?.trim() || `Cycle ${issue.cycle.number}` } } : {}),
    labels: issue.labels.nodes.map((label) => label.name),
    updatedAt: issue.updatedAt,
    krRefs: krRefsOf(issue.attachments.nodes, krByUrl),
  };
}
