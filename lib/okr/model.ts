/**
 * The OKR model of SPEC "Concepts": one zod schema per concept, and the types inferred from them.
 * This file is the shape of every OKR file we import and every set we store. Referential checks
 * (an objective's cycle exists, `inherits` names a KR, no alignment cycles) live in `validate.ts`.
 */
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

/** Ids are stable and never reused; kept URL- and JQL-safe because they end up in link URLs and globalIds. */
export const idSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" or "-" (starting with a letter or digit)');

const text = (max: number) => z.string().trim().min(1).max(max);

/** `YYYY-MM-DD` that is a real calendar date. */
export const isoDateSchema = z.iso.date();
/** ISO 8601 timestamp; offsets allowed because check-ins come from people in many time zones. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

export const cycleStateSchema = z.enum(['planning', 'active', 'closed']);

export const frozenScoreSchema = z.object({
  id: idSchema,
  /** Progress 0..1 when it was known at close, null when it was unknown. */
  progress: z.number().min(0).max(1).nullable(),
  score: z.number().min(0).max(1).nullable(),
});

export const cycleReviewSchema = z.object({
  closedAt: isoDateTimeSchema,
  objectives: z.array(frozenScoreSchema),
  keyResults: z.array(frozenScoreSchema),
  learnings: z.array(text(2000)).default([]),
});

export const cycleSchema = z
  .object({
    id: idSchema,
    name: text(200),
    start: isoDateSchema,
    end: isoDateSchema,
    state: cycleStateSchema,
    review: cycleReviewSchema.optional(),
  })
  .refine((c) => c.start <= c.end, { message: 'the cycle ends before it starts', path: ['end'] });

export const objectiveLevelSchema = z.enum(['company', 'department', 'team', 'individual']);
export const commitmentSchema = z.enum(['committed', 'aspirational']);
export const themeSchema = z.enum(['run', 'change']);

export const alignmentSchema = z.object({
  /** Explicit alignment: this objective is a higher-level KR taken on as the team's objective. */
  inherits: idSchema.optional(),
  /** Implicit alignment: objectives or KRs anywhere this objective contributes to. */
  supports: z.array(idSchema).default([]),
});

export const objectiveSchema = z.object({
  id: idSchema,
  cycleId: idSchema,
  title: text(500),
  description: z.string().max(5000).optional(),
  level: objectiveLevelSchema,
  owner: text(200).optional(),
  team: text(200).optional(),
  commitment: commitmentSchema,
  theme: themeSchema.optional(),
  alignment: alignmentSchema.default({ supports: [] }),
});

export const issuesMeasureSchema = z.object({
  type: z.literal('issues'),
  weighting: z.enum(['count', 'estimate']).default('count'),
  inProgressCredit: z.number().min(0).max(1).default(0),
});

export const metricMeasureSchema = z
  .object({
    type: z.literal('metric'),
    start: z.number().finite(),
    target: z.number().finite(),
    unit: z.string().max(40).optional(),
  })
  .refine((m) => m.start !== m.target, { message: 'start and target must differ', path: ['target'] });

export const milestoneMeasureSchema = z.object({ type: z.literal('milestone') });

export const measureSchema = z.discriminatedUnion('type', [issuesMeasureSchema, metricMeasureSchema, milestoneMeasureSchema]);

export const keyResultSchema = z.object({
  id: idSchema,
  objectiveId: idSchema,
  title: text(500),
  owner: text(200).optional(),
  teams: z.array(text(200)).optional(),
  measure: measureSchema,
  weight: z.number().positive().finite().optional(),
  /** The KR's link URL: assigned once (see `assignLinkUrls`) and frozen so links never orphan. */
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});

export const checkInSchema = z.object({
  id: idSchema,
  krId: idSchema,
  at: isoDateTimeSchema,
  value: z.number().finite().optional(),
  confidence: z.number().min(0).max(10),
  note: z.string().max(5000).optional(),
  author: text(200).optional(),
});

export const issueKindSchema = z.enum(['epic', 'story', 'task', 'bug', 'subtask', 'other']);

/** Every playbook setting is optional in a file; `resolvePlaybook` fills the defaults. */
export const playbookSchema = z.object({
  objectivesPerTeam: z.object({ min: z.number().int().min(0), max: z.number().int().min(1) }).optional(),
  keyResultsPerObjective: z.object({ min: z.number().int().min(0), max: z.number().int().min(1) }).optional(),
  activityWords: z.array(text(60)).optional(),
  statusQuoWords: z.array(text(60)).optional(),
  staleCheckInDays: z.number().int().min(1).max(365).optional(),
  runLabels: z.array(text(200)).optional(),
  runKinds: z.array(issueKindSchema).optional(),
  canceledResolutions: z.array(text(200)).optional(),
  canceledStatuses: z.array(text(200)).optional(),
});

export const okrSetSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: idSchema,
  name: text(200),
  homeUrl: z
    .url({ protocol: /^https$/ })
    .max(2000)
    .optional(),
  cycles: z.array(cycleSchema),
  objectives: z.array(objectiveSchema),
  keyResults: z.array(keyResultSchema),
  checkIns: z.array(checkInSchema).default([]),
  playbook: playbookSchema.optional(),
});

export type CycleState = z.infer<typeof cycleStateSchema>;
export type CycleReview = z.infer<typeof cycleReviewSchema>;
export type FrozenScore = z.infer<typeof frozenScoreSchema>;
export type Cycle = z.infer<typeof cycleSchema>;
export type ObjectiveLevel = z.infer<typeof objectiveLevelSchema>;
export type Commitment = z.infer<typeof commitmentSchema>;
export type Objective = z.infer<typeof objectiveSchema>;
export type Measure = z.infer<typeof measureSchema>;
export type IssuesMeasure = z.infer<typeof issuesMeasureSchema>;
export type MetricMeasure = z.infer<typeof metricMeasureSchema>;
/** A stored key result always has its link URL (see `assignLinkUrls`). */
export type KeyResult = z.infer<typeof keyResultSchema> & { url: string };
export type CheckIn = z.infer<typeof checkInSchema>;
export type Playbook = z.infer<typeof playbookSchema>;
export type IssueKind = z.infer<typeof issueKindSchema>;
/** What an OKR file holds: key results may still lack their link URL. */
export type OkrSetInput = z.infer<typeof okrSetSchema>;
/** A stored set: every key result has its link URL. */
export type OkrSet = Omit<OkrSetInput, 'keyResults'> & { keyResults: KeyResult[] };

/** The link URL a KR gets when it has none: SPEC "Concepts", KeyResult.url. */
export function defaultLinkUrl(set: Pick<OkrSetInput, 'id' | 'homeUrl'>, krId: string): string {
  const base = set.homeUrl ?? `https://kr-lens.invalid/${encodeURIComponent(set.id)}`;
  return `${base.replace(/#.*$/, '')}#kr-${encodeURIComponent(krId)}`;
}

/**
 * Gives every KR without a link URL its default one. KRs that have a URL keep it untouched,
 * and `previous` (the stored set, if any) wins over the file so a URL is never changed once given.
 */
export function assignLinkUrls(set: OkrSetInput, previous?: OkrSet): OkrSet {
  const frozen = new Map(previous?.id === set.id ? previous.keyResults.map((kr) => [kr.id, kr.url]) : []);
  return {
    ...set,
    keyResults: set.keyResults.map((kr) => ({ ...kr, url: frozen.get(kr.id) ?? kr.url ?? defaultLinkUrl(set, kr.id) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Issue snapshots: what tracker adapters return (SPEC "Concepts").

export const trackerIdSchema = z.enum(['jira', 'linear']);
export const statusCategorySchema = z.enum(['todo', 'in_progress', 'done', 'canceled']);

export const issueRefSchema = z.object({
  tracker: trackerIdSchema,
  /** Jira: the site origin (`https://acme.atlassian.net`); Linear: the workspace url key. */
  site: z.string().min(1).max(300),
  /** Human key: `ACME-12` in Jira, `ENG-42` in Linear. */
  key: z.string().min(1).max(100),
});

/** A link from an issue to a KR, as found in the tracker (remote link globalId or attachment metadata). */
export const krRefSchema = z.object({ setId: idSchema, krId: idSchema });

export const issueSnapshotSchema = z.object({
  ref: issueRefSchema,
  title: z.string().max(2000),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  kind: issueKindSchema,
  status: z.object({
    name: z.string().max(200),
    category: statusCategorySchema,
    /** Jira only: the resolution name, used with the playbook to tell canceled from done. */
    resolution: z.string().max(200).optional(),
  }),
  estimate: z.number().finite().nonnegative().optional(),
  /** The parent's key on the same tracker and site (epic of a story, story of a sub-task, Linear parent). */
  parent: z.string().min(1).max(100).optional(),
  assignee: z.object({ id: z.string().max(200), name: z.string().max(200) }).optional(),
  team: z.string().max(200).optional(),
  sprintOrCycle: z.object({ id: z.string().max(200), name: z.string().max(200) }).optional(),
  labels: z.array(z.string().max(200)),
  updatedAt: isoDateTimeSchema,
  krRefs: z.array(krRefSchema),
});

export type TrackerId = z.infer<typeof trackerIdSchema>;
export type StatusCategory = z.infer<typeof statusCategorySchema>;
export type IssueRef = z.infer<typeof issueRefSchema>;
export type KrRef = z.infer<typeof krRefSchema>;
export type IssueSnapshot = z.infer<typeof issueSnapshotSchema>;
