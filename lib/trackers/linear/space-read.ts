/** Reading a Linear team space: its attachments, page by page, and the spaces a workspace holds. */
import { LINEAR_CHECKIN_FIELD, LINEAR_RECORD_FIELD, parseCheckIn, parseRecord, parseRecordJson, parseSpaceUrl } from '../../space/record';
import type { LocatedCheckIn, LocatedRecord, SpaceSummary } from '../../space/space-store';
import type { LinearAdapter } from './client';
import { MAX_PAGE_SIZE } from './documents';
import {
  DISCOVER_PAGE_SIZE,
  discoverFilter,
  recordAttachmentFilter,
  SPACE_ATTACHMENTS_QUERY,
  SPACE_DISCOVER_QUERY,
} from './space-documents';
import { parseLinear, rawAttachmentPageSchema, rawDiscoverPageSchema, type RawSpaceAttachment } from './space-map';

const MAX_PAGES = 1000;

/** Every attachment matching `filter`, following the pages. */
export async function spaceAttachments(
  adapter: LinearAdapter,
  filter: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<RawSpaceAttachment[]> {
  const found: RawSpaceAttachment[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data = await adapter.query(SPACE_ATTACHMENTS_QUERY, { filter, first: MAX_PAGE_SIZE, after }, signal);
    const { attachments } = parseLinear(rawAttachmentPageSchema, data, 'a page of the team space');
    found.push(...attachments.nodes);
    if (!attachments.pageInfo.hasNextPage || !attachments.pageInfo.endCursor) break;
    after = attachments.pageInfo.endCursor;
  }
  return found;
}

/** Every set record in the workspace: the spaces a user can join. */
export async function discoverSpaces(adapter: LinearAdapter, signal?: AbortSignal): Promise<SpaceSummary[]> {
  const spaces: SpaceSummary[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data = await adapter.query(
      SPACE_DISCOVER_QUERY,
      { filter: discoverFilter, records: recordAttachmentFilter, first: DISCOVER_PAGE_SIZE, after },
      signal,
    );
    const { issues } = parseLinear(rawDiscoverPageSchema, data, 'the team spaces');
    for (const issue of issues.nodes) {
      for (const attachment of issue.attachments.nodes) {
        const url = parseSpaceUrl(attachment.url);
        const text = parseRecordJson(issue.identifier, attachment.metadata?.[LINEAR_RECORD_FIELD]);
        const parsed = text.ok ? parseRecord({ where: issue.identifier, value: text.value }) : undefined;
        if (url?.kind !== 'set' || !parsed?.ok || parsed.value.kind !== 'set' || parsed.value.deleted) continue;
        spaces.push({
          tracker: 'linear',
          site: adapter.site,
          home: issue.team.key,
          setId: parsed.value.setId,
          name: parsed.value.data.name,
          issueKey: issue.identifier,
        });
      }
    }
    if (!issues.pageInfo.hasNextPage || !issues.pageInfo.endCursor) break;
    after = issues.pageInfo.endCursor;
  }
  return spaces;
}

export type ReadEntry = LocatedRecord | LocatedCheckIn | { problem: string };

/** One attachment of the space as a record, a check-in or a sentence; undefined when it is not the set's. */
export function readAttachment(attachment: RawSpaceAttachment, setId: string): ReadEntry | undefined {
  const url = parseSpaceUrl(attachment.url);
  if (!url || url.setId !== setId) return undefined;
  const where = attachment.issue.identifier;
  if (url.kind === 'checkin') {
    const text = parseRecordJson(where, attachment.metadata?.[LINEAR_CHECKIN_FIELD], 'check-in');
    const parsed = text.ok ? parseCheckIn({ where, value: text.value }) : text;
    return parsed.ok ? { where, ref: attachment.id, checkIn: parsed.value } : { problem: parsed.problem };
  }
  const text = parseRecordJson(where, attachment.metadata?.[LINEAR_RECORD_FIELD]);
  const parsed = text.ok ? parseRecord({ where, value: text.value }) : text;
  if (!parsed.ok) return { problem: parsed.problem };
  const record = parsed.value;
  if (record.setId !== setId) return undefined;
  if (record.kind !== url.kind || record.id !== url.id) {
    return { problem: `Skipped ${where}: its record is the ${record.kind} “${record.id}” but its link names the ${url.kind} “${url.id}”.` };
  }
  return { where, issueId: attachment.issue.id, record };
}
