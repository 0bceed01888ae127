/**
 * What the Linear team-space store reads back, validated at the edge, and the small pieces it
 * derives: record ids for issues, attachment titles, the membership sentence.
 */
import { z } from 'zod';
import { TrackerError } from '../tracker';

const node = <T extends z.ZodType>(item: T) => z.object({ nodes: z.array(item) });
const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() });

export const rawSpaceHomeSchema = z.object({
  teams: node(z.object({ id: z.string(), key: z.string(), name: z.string() })),
  issueLabels: node(z.object({ id: z.string(), name: z.string(), team: z.object({ id: z.string() }).nullish() })),
  viewer: z.object({ id: z.string(), name: z.string(), teams: node(z.object({ id: z.string(), key: z.string() })) }),
});

export const rawSpaceAttachmentSchema = z.object({
  id: z.string(),
  url: z.string(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  issue: z.object({ id: z.string(), identifier: z.string(), title: z.string().nullish() }),
});
export type RawSpaceAttachment = z.infer<typeof rawSpaceAttachmentSchema>;

export const rawAttachmentPageSchema = z.object({
  attachments: z.object({ nodes: z.array(rawSpaceAttachmentSchema), pageInfo }),
});

export const rawDiscoverPageSchema = z.object({
  issues: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        identifier: z.string(),
        team: z.object({ key: z.string() }),
        attachments: node(z.object({ url: z.string(), metadata: z.record(z.string(), z.unknown()).nullish() })),
      }),
    ),
    pageInfo,
  }),
});

export const rawIssueCreateSchema = z.object({
  issueCreate: z.object({ success: z.boolean(), issue: z.object({ id: z.string(), identifier: z.string(), title: z.string() }).nullish() }),
});
export const rawIssueSchema = z.object({ issue: z.object({ id: z.string(), identifier: z.string(), title: z.string() }).nullish() });
export const rawLabelCreateSchema = z.object({
  issueLabelCreate: z.object({ success: z.boolean(), issueLabel: z.object({ id: z.string(), name: z.string() }) }),
});
export const rawAttachSchema = z.object({
  attachmentCreate: z.object({
    success: z.boolean(),
    attachment: rawSpaceAttachmentSchema.omit({ issue: true }).extend({ issue: z.object({ id: z.string(), identifier: z.string() }) }),
  }),
});
export const rawIssueUpdateSchema = z.object({ issueUpdate: z.object({ success: z.boolean() }) });

export function parseLinear<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new TrackerError(
    'invalid',
    `Linear answered ${what} in a form KR Lens does not understand (${issue ? `${issue.path.join('.') || 'response'}: ${issue.message}` : 'unexpected shape'}).`,
    {
      tracker: 'linear',
      cause: parsed.error,
    },
  );
}

export function notMemberSentence(teamKey: string): string {
  return `You can't publish to the Linear team ${teamKey}: you're not a member of it. Ask a team admin to add you to ${teamKey}, then try again.`;
}

export function noTeamSentence(teamKey: string): string {
  return `Linear has no team with the key ${teamKey} that your API key can see. Check the team key in Options.`;
}

/**
 * The issue id a record gets: a UUID (v4 layout, as Linear asks) derived from the team, set, kind
 * and id, so creating a record twice names the same issue and cannot make a second one.
 */
export async function recordIssueId(teamId: string, setId: string, kind: string, id: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`kr-lens/${teamId}/${setId}/${kind}/${id}`)),
  );
  const bytes = digest.slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Linear issue titles are kept to 255 characters here, like Jira summaries. */
export const clampTitle = (text: string): string => (text.length > 255 ? `${text.slice(0, 254)}…` : text);
