/**
 * What the Jira team-space store reads and writes, validated at the edge: search pages with the
 * record property and the comment field, comment lists with their properties, create metadata,
 * async tasks, permissions; and the texts it writes (ADF bodies, the description of a record
 * issue, the sentence for each permission a user may lack).
 */
import { z } from 'zod';
import { recordTitle, type RecordKind, type SpaceRecord } from '../../space/record';

const rawCommentRefSchema = z.object({ id: z.string() });

/** The issue's `comment` field: Jira caps the comments it holds and says the real `total`. */
export const rawCommentFieldSchema = z.object({
  comments: z.array(rawCommentRefSchema),
  total: z.number().nullish(),
  maxResults: z.number().nullish(),
  startAt: z.number().nullish(),
});

export const rawSpaceIssueSchema = z.object({
  id: z.string(),
  key: z.string(),
  fields: z
    .object({
      summary: z.string().nullish(),
      project: z.object({ key: z.string() }).nullish(),
      comment: rawCommentFieldSchema.nullish(),
    })
    .nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
});
export type RawSpaceIssue = z.infer<typeof rawSpaceIssueSchema>;

export const rawSpaceSearchPageSchema = z.object({
  issues: z.array(rawSpaceIssueSchema),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().nullish(),
});

/** GET /issue/{key}/comment: a page of the issue's comments. */
export const rawCommentPageSchema = z.object({
  comments: z.array(rawCommentRefSchema),
  total: z.number().nullish(),
  startAt: z.number().nullish(),
  maxResults: z.number().nullish(),
});

/** POST /comment/list?expand=properties: comments with their properties as `[{key, value}]`. */
export const rawCommentListSchema = z.object({
  values: z.array(
    z.object({
      id: z.string(),
      properties: z.array(z.object({ key: z.string(), value: z.unknown() })).nullish(),
    }),
  ),
  isLast: z.boolean().nullish(),
  startAt: z.number().nullish(),
  maxResults: z.number().nullish(),
  total: z.number().nullish(),
});

export const rawCreateMetaSchema = z.object({
  issueTypes: z.array(z.object({ id: z.string(), name: z.string(), subtask: z.boolean().nullish() })).nullish(),
});

export const rawCreatedIssueSchema = z.object({ id: z.string(), key: z.string() });
export const rawCreatedCommentSchema = z.object({ id: z.string() });

/** A long-running task, as GET /task/{id} (or the 303 it was reached by) answers. */
export const rawTaskSchema = z.object({ id: z.string(), status: z.string(), message: z.string().nullish() });
export type RawTask = z.infer<typeof rawTaskSchema>;
export const TASK_DONE = new Set(['COMPLETE']);
export const TASK_FAILED = new Set(['FAILED', 'CANCELLED', 'DEAD', 'CANCEL_REQUESTED']);

export const rawMyPermissionsSchema = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean().nullish() })),
});

// ---------------------------------------------------------------------------------------------
// Permissions the space needs, by their names in Jira's permission schemes.

export const SPACE_PERMISSIONS = {
  BROWSE_PROJECTS: { name: 'Browse projects', to: 'see the space' },
  CREATE_ISSUES: { name: 'Create issues', to: 'publish records' },
  EDIT_ISSUES: { name: 'Edit issues', to: 'edit records' },
  ADD_COMMENTS: { name: 'Add comments', to: 'check in' },
} as const;
export type SpacePermission = keyof typeof SPACE_PERMISSIONS;

export function lacksPermissionSentence(permission: SpacePermission, project: string, host: string): string {
  const { name, to } = SPACE_PERMISSIONS[permission];
  return `You can't ${to} in Jira project ${project} on ${host}: your account lacks the “${name}” permission there. Ask a Jira admin for it.`;
}

// ---------------------------------------------------------------------------------------------
// Texts.

/** A plain-text Atlassian Document; Jira v3 takes comment and description bodies only in ADF. */
export function adfText(text: string): {
  type: 'doc';
  version: 1;
  content: Array<{ type: 'paragraph'; content: Array<{ type: 'text'; text: string }> }>;
} {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

const NOUN: Record<RecordKind, string> = { set: 'OKR set', cycle: 'cycle', objective: 'objective', kr: 'key result' };

/**
 * What a person opening the record's issue reads. It names the rev, so every write changes the
 * issue and moves its `updated` time, which is what a refresh searches by.
 */
export function recordDescription(record: SpaceRecord): string {
  const state = record.deleted ? ' It was deleted in KR Lens (this can be undone there).' : '';
  return (
    `KR Lens keeps the ${NOUN[record.kind]} “${recordTitle(record)}” of the OKR set “${record.setId}” on this issue ` +
    `(rev ${record.rev}, changed by ${record.updatedBy} at ${record.updatedAt}).${state} ` +
    'Change it in KR Lens: edits made here to the title or this text are not read back.'
  );
}

/** Jira's summary holds at most 255 characters. */
export const SUMMARY_MAX = 255;
export const clampSummary = (text: string): string => (text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 1)}…` : text);
