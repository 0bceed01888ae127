/**
 * Reading a Jira team space in few requests (request counts are asserted in tests/space):
 *
 * 1. One search `project = X AND labels = "kr-lens"` asking for the `kr-lens.record` property and
 *    the `comment` field, paged by nextPageToken (100 issues a page, fewer when Jira trims a heavy
 *    page). Records come with it; so do the ids of every comment on each KR's issue.
 * 2. Jira caps the comments an issue's `comment` field holds and says the true `total`; only an
 *    issue over the cap costs its own comment pages (GET /issue/{key}/comment).
 * 3. The comment properties (`kr-lens.checkin`) are only expanded by POST /comment/list
 *    (≤ 1,000 ids a request); the per-issue list and the comment field don't expand them.
 *
 * So a space of R records and C comments on its KRs costs ceil(R/100) + ceil(C/1000) requests when
 * no issue is over the comment cap. A refresh adds `updated >= -Nm` and asks only for comments it
 * has not seen.
 */
import { chunk } from '../../util/chunk';
import { collectTokenPages } from './token-pages';
import { JIRA_CHECKIN_PROPERTY, JIRA_RECORD_PROPERTY, parseCheckIn, parseRecord, SPACE_LABEL } from '../../space/record';
import type { LocatedCheckIn, LocatedRecord } from '../../space/space-store';
import { SEARCH_PAGE_SIZE, type JiraAdapter } from './client';
import { parseJiraResponse } from './map';
import { rawCommentListSchema, rawCommentPageSchema, rawSpaceSearchPageSchema, type RawSpaceIssue } from './space-map';

/** POST /comment/list takes at most this many ids (contract: 400 above it). */
export const COMMENT_IDS_PER_LIST = 1000;
/** GET /issue/{key}/comment pages hold at most 100 comments on Jira Cloud. */
const COMMENT_PAGE_SIZE = 100;
const MAX_PAGES = 1000;

export interface SpaceSearch {
  jql: string;
  fields: string[];
  /** Issue ids written lately: Jira's search may lag a write, and these are reconciled (≤ 50). */
  reconcile?: number[];
}

/** Every issue of a space search, page after page. */
export async function searchSpaceIssues(adapter: JiraAdapter, search: SpaceSearch, signal?: AbortSignal): Promise<RawSpaceIssue[]> {
  return collectTokenPages(async (nextPageToken) => {
    const raw = await adapter.request({ action: 'read the team space', subject: 'The team space' }, true, signal, (c) =>
      c.v3.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
        jql: search.jql,
        fields: search.fields,
        properties: [JIRA_RECORD_PROPERTY],
        maxResults: SEARCH_PAGE_SIZE,
        ...(search.reconcile && search.reconcile.length > 0 ? { reconcileIssues: search.reconcile.slice(-50) } : {}),
        ...(nextPageToken ? { nextPageToken } : {}),
      }),
    );
    return parseJiraResponse(rawSpaceSearchPageSchema, raw, 'a team-space search');
  });
}

/** The issue's comment ids: from its comment field, and from its comment pages when the field was capped. */
export async function commentIdsOf(adapter: JiraAdapter, issue: RawSpaceIssue, signal?: AbortSignal): Promise<string[]> {
  const field = issue.fields?.comment;
  const ids = (field?.comments ?? []).map((c) => c.id);
  const total = field?.total ?? ids.length;
  if (ids.length >= total) return ids;
  const all: string[] = [];
  for (let startAt = 0, page = 0; page < MAX_PAGES; page++) {
    const raw = await adapter.request({ action: `read the comments of ${issue.key}`, subject: `Issue ${issue.key}` }, true, signal, (c) =>
      c.v3.issueComments.getComments({ issueIdOrKey: issue.id, startAt, maxResults: COMMENT_PAGE_SIZE, orderBy: 'created' }),
    );
    const parsed = parseJiraResponse(rawCommentPageSchema, raw, `the comments of ${issue.key}`);
    all.push(...parsed.comments.map((c) => c.id));
    startAt += parsed.comments.length;
    if (parsed.comments.length === 0 || startAt >= (parsed.total ?? startAt)) break;
  }
  return [...new Set(all)];
}

export interface CommentProperties {
  id: string;
  properties: Map<string, unknown>;
}

/** Comments by id with their properties, 1,000 ids a request (and its pages, should Jira page one). */
export async function commentsWithProperties(
  adapter: JiraAdapter,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<CommentProperties[]> {
  const found: CommentProperties[] = [];
  for (const batch of chunk([...ids], COMMENT_IDS_PER_LIST)) {
    const numeric = batch.map(Number).filter((id) => Number.isSafeInteger(id));
    let received = 0;
    for (let page = 0; page < MAX_PAGES && received < numeric.length; page++) {
      const raw = await adapter.request({ action: 'read check-ins', subject: 'The check-ins' }, true, signal, (c) =>
        // Only this endpoint expands comment properties; the remaining ids are asked again if Jira pages.
        c.v3.issueComments.getCommentsByIds({ ids: numeric.slice(received), expand: 'properties' }),
      );
      const parsed = parseJiraResponse(rawCommentListSchema, raw, 'a list of comments');
      for (const comment of parsed.values) {
        found.push({ id: comment.id, properties: new Map((comment.properties ?? []).map((p) => [p.key, p.value])) });
      }
      received += parsed.values.length;
      if (parsed.values.length === 0 || parsed.isLast !== false) break;
    }
  }
  return found;
}

/** Jira ids grow with creation: sorting by them gives creation order, which a set's order follows. */
export const byNumericId =
  <T>(idOf: (item: T) => string) =>
  (a: T, b: T) =>
    Number(idOf(a)) - Number(idOf(b));

/** The space's records among the issues found, oldest first, and the KRs' issues (which hold the check-ins). */
export function readRecords(
  issues: readonly RawSpaceIssue[],
  setId: string,
  skipped: string[],
): { records: LocatedRecord[]; krIssues: RawSpaceIssue[] } {
  const records: LocatedRecord[] = [];
  const krIssues: RawSpaceIssue[] = [];
  for (const issue of [...issues].sort(byNumericId((i) => i.id))) {
    const value = issue.properties?.[JIRA_RECORD_PROPERTY];
    if (value === undefined) {
      skipped.push(`Skipped ${issue.key}: it is labelled ${SPACE_LABEL} but holds no KR Lens record.`);
      continue;
    }
    const parsed = parseRecord({ where: issue.key, value });
    if (!parsed.ok) skipped.push(parsed.problem);
    else if (parsed.value.setId === setId) {
      records.push({ where: issue.key, issueId: issue.id, record: parsed.value });
      if (parsed.value.kind === 'kr') krIssues.push(issue);
    }
  }
  return { records, krIssues };
}

/** The space's check-ins among the KRs' comments; a comment that holds a broken one is named in `skipped`. */
export function readCheckIns(
  comments: readonly CommentProperties[],
  issueOf: ReadonlyMap<string, string>,
  skipped: string[],
): LocatedCheckIn[] {
  return comments.flatMap((comment) => {
    const value = comment.properties.get(JIRA_CHECKIN_PROPERTY);
    if (value === undefined) return [];
    const where = issueOf.get(comment.id) ?? '?';
    const parsed = parseCheckIn({ where, value });
    if (!parsed.ok) {
      skipped.push(parsed.problem);
      return [];
    }
    return [{ where, ref: comment.id, checkIn: parsed.value }];
  });
}
