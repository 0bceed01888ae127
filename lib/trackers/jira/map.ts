/**
 * Jira REST JSON → neutral snapshots. This is the edge where Jira's answers are validated
 * (zod), so the rest of the extension can trust its types; nothing here talks to the network.
 *
 * Field ids differ per site (story points are `customfield_10016` on one site and
 * `customfield_10028` on the next), so the fields to ask for come from a discovered
 * `JiraFieldCatalog`, never from constants.
 */
import { z } from 'zod';
import type { IssueKind, IssueSnapshot, KrRef, StatusCategory } from '../../okr/model';
import { parseKrGlobalId, TrackerError, type Viewer } from '../tracker';

// ---------------------------------------------------------------------------------------------
// Where KR links are mirrored on the issue.

/**
 * KR Lens keeps the globalIds of an issue's KR remote links in this issue property too. A JQL
 * search returns issues, not their remote links, but it can return issue properties: the mirror
 * is a guess of which KRs each issue serves, which one search then checks against the links for
 * a whole read (link-truth.ts). The remote links stay the truth.
 */
export const JIRA_LINKS_PROPERTY = 'kr-lens-links';

export interface LinksPropertyValue {
  v: 1;
  globalIds: string[];
}

export function linksPropertyValue(globalIds: string[]): LinksPropertyValue {
  return { v: 1, globalIds: [...new Set(globalIds)].sort() };
}

const linksPropertySchema = z.object({ globalIds: z.array(z.string()) });

const KR_GLOBAL_ID_PREFIX = 'kr-lens:';

/** A KR ref for one of our globalIds; other systems' remote links (`appId=…&pageId=…`) are not ours. */
export function krRefFromGlobalId(globalId: string): KrRef | null {
  return globalId.startsWith(KR_GLOBAL_ID_PREFIX) ? parseKrGlobalId(globalId.slice(KR_GLOBAL_ID_PREFIX.length)) : null;
}

function uniqueRefs(refs: Array<KrRef | null>): KrRef[] {
  const seen = new Map<string, KrRef>();
  for (const ref of refs) if (ref) seen.set(`${ref.setId}:${ref.krId}`, ref);
  return [...seen.values()];
}

/** The KR refs mirrored in the links property; null when the issue has no (readable) mirror. */
export function krRefsFromProperty(value: unknown): KrRef[] | null {
  const globalIds = globalIdsFromProperty(value);
  return globalIds ? uniqueRefs(globalIds.map(krRefFromGlobalId)) : null;
}

/** The globalIds the links property names; null when the issue has no (readable) mirror. */
export function globalIdsFromProperty(value: unknown): string[] | null {
  const parsed = linksPropertySchema.safeParse(value);
  return parsed.success ? parsed.data.globalIds : null;
}

// ---------------------------------------------------------------------------------------------
// Raw shapes: only what we read, everything else is ignored.

const rawStatusSchema = z.object({
  name: z.string(),
  statusCategory: z.object({ key: z.string() }).nullish(),
});

const rawIssueTypeSchema = z.object({
  name: z.string(),
  subtask: z.boolean().nullish(),
  hierarchyLevel: z.number().nullish(),
});

const rawKnownFieldsSchema = z.object({
  summary: z.string().nullish(),
  status: rawStatusSchema.nullish(),
  issuetype: rawIssueTypeSchema.nullish(),
  parent: z.object({ key: z.string() }).nullish(),
  assignee: z.object({ accountId: z.string(), displayName: z.string().nullish() }).nullish(),
  labels: z.array(z.string()).nullish(),
  resolution: z.object({ name: z.string() }).nullish(),
  updated: z.string().nullish(),
  project: z.object({ key: z.string(), name: z.string().nullish() }).nullish(),
});

export const rawIssueSchema = z.object({
  id: z.string(),
  key: z.string().min(1),
  fields: z.record(z.string(), z.unknown()).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

export type RawIssue = z.infer<typeof rawIssueSchema>;

export const rawSearchPageSchema = z.object({
  issues: z.array(rawIssueSchema).default([]),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().nullish(),
});

export const rawBulkFetchSchema = z.object({ issues: z.array(rawIssueSchema).default([]) });

export const rawRemoteLinksSchema = z.array(
  z.object({
    id: z.number().optional(),
    globalId: z.string().nullish(),
    relationship: z.string().nullish(),
  }),
);

export const rawFieldsSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string().nullish(),
    custom: z.boolean().nullish(),
    schema: z.object({ type: z.string().nullish(), custom: z.string().nullish() }).nullish(),
  }),
);

export const rawBoardConfigurationSchema = z.object({
  estimation: z.object({ type: z.string().nullish(), field: z.object({ fieldId: z.string() }).nullish() }).nullish(),
});

export const rawSprintPageSchema = z.object({
  values: z.array(z.object({ id: z.number(), name: z.string(), state: z.string().nullish() })).default([]),
  isLast: z.boolean().nullish(),
  startAt: z.number().nullish(),
  maxResults: z.number().nullish(),
});

export const rawBoardPageSchema = z.object({
  values: z
    .array(
      z.object({
        id: z.number(),
        name: z.string(),
        type: z.string().nullish(),
        location: z.object({ projectKey: z.string().nullish(), projectName: z.string().nullish() }).nullish(),
      }),
    )
    .default([]),
  isLast: z.boolean().nullish(),
});

export interface JiraBoard {
  id: number;
  name: string;
  type?: string;
  projectKey?: string;
}

export function mapBoards(page: z.infer<typeof rawBoardPageSchema>): JiraBoard[] {
  return page.values.map((b) => ({
    id: b.id,
    name: b.name,
    ...(b.type ? { type: b.type } : {}),
    ...(b.location?.projectKey ? { projectKey: b.location.projectKey } : {}),
  }));
}

export const rawMyselfSchema = z.object({
  accountId: z.string().min(1),
  displayName: z.string().nullish(),
  emailAddress: z.string().nullish(),
});

const rawSprintValueSchema = z.array(z.unknown());
const rawSprintSchema = z.object({ id: z.number(), name: z.string(), state: z.string().nullish() });

/** Validates a Jira answer; a shape we do not understand is an `invalid` TrackerError, not a crash later on. */
export function parseJiraResponse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new TrackerError(
    'invalid',
    `Jira answered ${what} in a form KR Lens does not understand (${issue ? `${issue.path.join('.') || 'response'}: ${issue.message}` : 'unexpected shape'}).`,
    { tracker: 'jira', cause: parsed.error },
  );
}

// ---------------------------------------------------------------------------------------------
// Field discovery.

export interface JiraFieldCatalog {
  /** Story point fields, most specific first; a site may have several (team- and company-managed projects). */
  estimateFieldIds: string[];
  sprintFieldId?: string;
}

const STORY_POINTS_TYPE = 'com.pyxis.greenhopper.jira:jsw-story-points';
const SPRINT_TYPE = 'com.pyxis.greenhopper.jira:gh-sprint';
const ESTIMATE_NAMES = ['story point estimate', 'story points', 'story point'];

/** Finds the story point and sprint fields in GET /rest/api/3/field. */
export function discoverFieldCatalog(fields: z.infer<typeof rawFieldsSchema>): JiraFieldCatalog {
  const numeric = fields.filter((f) => f.schema?.type === 'number');
  const byType = numeric.filter((f) => f.schema?.custom === STORY_POINTS_TYPE).map((f) => f.id);
  const byName = ESTIMATE_NAMES.flatMap((name) => numeric.filter((f) => (f.name ?? '').trim().toLowerCase() === name).map((f) => f.id));
  return {
    estimateFieldIds: [...new Set([...byType, ...byName])],
    sprintFieldId: fields.find((f) => f.schema?.custom === SPRINT_TYPE)?.id,
  };
}

/** The board's estimation statistic when it is a field (not issue count or time tracking). */
export function boardEstimationFieldId(configuration: z.infer<typeof rawBoardConfigurationSchema>): string | undefined {
  const estimation = configuration.estimation;
  if (estimation?.type !== 'field' || !estimation.field) return undefined;
  const id = estimation.field.fieldId;
  // Time tracking is an estimate in seconds, not points; leave it out of story point progress.
  return id === 'timeoriginalestimate' || id === 'timeestimate' ? undefined : id;
}

/** The only fields KR Lens reads; asking for fewer keeps search pages at the 100-issue cap and small. */
export function issueFieldsToRequest(catalog: JiraFieldCatalog): string[] {
  return [
    'summary',
    'status',
    'issuetype',
    'parent',
    'assignee',
    'labels',
    'resolution',
    'updated',
    'project',
    ...catalog.estimateFieldIds,
    ...(catalog.sprintFieldId ? [catalog.sprintFieldId] : []),
  ];
}

// ---------------------------------------------------------------------------------------------
// Mapping.

const CATEGORY_BY_KEY: Record<string, StatusCategory> = { new: 'todo', indeterminate: 'in_progress', done: 'done' };

const KIND_BY_NAME: Record<string, IssueKind> = {
  epic: 'epic',
  story: 'story',
  'user story': 'story',
  task: 'task',
  bug: 'bug',
  defect: 'bug',
  'sub-task': 'subtask',
  subtask: 'subtask',
};

/** Hierarchy first (custom names such as "Feature" at epic level stay epics), then the type's name. */
export function issueKind(type: z.infer<typeof rawIssueTypeSchema> | null | undefined): IssueKind {
  if (!type) return 'other';
  if (type.subtask || (type.hierarchyLevel ?? 0) < 0) return 'subtask';
  if ((type.hierarchyLevel ?? 0) >= 1) return 'epic';
  return KIND_BY_NAME[type.name.trim().toLowerCase()] ?? 'other';
}

/** Jira writes `2025-01-15T10:30:00.000+0000`; the model wants ISO 8601 with a colon or Z. */
export function normalizeJiraTimestamp(value: string | null | undefined): string {
  const time = value ? Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : Number.NaN;
  return new Date(Number.isNaN(time) ? 0 : time).toISOString();
}

const clamp = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function pickEstimate(fields: Record<string, unknown>, ids: string[]): number | undefined {
  for (const id of ids) {
    const value = fields[id];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  }
  return undefined;
}

/** The sprint an issue is in now: the active one, else the latest it was planned into. */
function pickSprint(value: unknown): { id: string; name: string } | undefined {
  const list = rawSprintValueSchema.safeParse(value);
  if (!list.success) return undefined;
  const sprints = list.data.flatMap((s) => {
    const parsed = rawSprintSchema.safeParse(s);
    return parsed.success ? [parsed.data] : [];
  });
  const chosen = sprints.find((s) => s.state === 'active') ?? sprints.find((s) => s.state === 'future') ?? sprints[sprints.length - 1];
  return chosen ? { id: String(chosen.id), name: clamp(chosen.name, 200) } : undefined;
}

export interface MapContext {
  /** The site origin, e.g. https://acme.atlassian.net. */
  site: string;
  catalog: JiraFieldCatalog;
}

/**
 * A snapshot of one issue. `krRefs` come from the links property mirror, a guess: the client
 * replaces them with what the links say (link-truth.ts) before anything else sees them.
 */
export function mapIssue(raw: RawIssue, context: MapContext): IssueSnapshot {
  const known = parseJiraResponse(rawKnownFieldsSchema, raw.fields ?? {}, `the fields of ${raw.key}`);
  const fields = raw.fields ?? {};
  const categoryKey = known.status?.statusCategory?.key ?? 'new';
  const sprint = context.catalog.sprintFieldId ? pickSprint(fields[context.catalog.sprintFieldId]) : undefined;
  const estimate = pickEstimate(fields, context.catalog.estimateFieldIds);
  return {
    ref: { tracker: 'jira', site: context.site, key: raw.key },
    title: clamp(known.summary ?? '', 2000),
    url: `${context.site}/browse/${encodeURIComponent(raw.key)}`,
    kind: issueKind(known.issuetype),
    status: {
      name: clamp(known.status?.name ?? 'Unknown', 200),
      category: CATEGORY_BY_KEY[categoryKey] ?? 'todo',
      ...(known.resolution ? { resolution: clamp(known.resolution.name, 200) } : {}),
    },
    ...(estimate !== undefined ? { estimate } : {}),
    ...(known.parent ? { parent: known.parent.key } : {}),
    ...(known.assignee
      ? { assignee: { id: known.assignee.accountId, name: clamp(known.assignee.displayName ?? known.assignee.accountId, 200) } }
      : {}),
    ...(known.project?.name ? { team: clamp(known.project.name, 200) } : {}),
    ...(sprint ? { sprintOrCycle: sprint } : {}),
    labels: (known.labels ?? []).map((l) => clamp(l, 200)),
    updatedAt: normalizeJiraTimestamp(known.updated),
    krRefs: krRefsFromProperty(raw.properties?.[JIRA_LINKS_PROPERTY]) ?? [],
  };
}

/** Whether the issue can have children worth asking for (sub-tasks cannot). */
export function canHaveChildren(issue: IssueSnapshot): boolean {
  return issue.kind !== 'subtask';
}

export function krRefsFromRemoteLinks(links: z.infer<typeof rawRemoteLinksSchema>): KrRef[] {
  return uniqueRefs(links.map((l) => (l.globalId ? krRefFromGlobalId(l.globalId) : null)));
}

export function krGlobalIdsFromRemoteLinks(links: z.infer<typeof rawRemoteLinksSchema>): string[] {
  return links.map((l) => l.globalId ?? '').filter((g) => krRefFromGlobalId(g) !== null);
}

export function mapViewer(raw: z.infer<typeof rawMyselfSchema>): Viewer {
  return {
    id: raw.accountId,
    name: raw.displayName ?? raw.accountId,
    ...(raw.emailAddress ? { email: raw.emailAddress } : {}),
  };
}
