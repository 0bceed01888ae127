/**
 * Comments in the fake Jira, as Jira Cloud keeps and renders them: ids grow across the site,
 * bodies are ADF, properties are kept per comment and only POST /comment/list expands them, and
 * an issue's `comment` field holds at most `COMMENT_FIELD_CAP` comments (the newest) while its
 * `total` tells the real count.
 */
import type { FakeIssue, FakeJiraState, FakeUser } from './state';
import { jiraTimestamp, renderUser } from './state';

export interface FakeComment {
  id: string;
  authorId: string;
  body: unknown;
  created: string;
  updated: string;
  properties: Record<string, unknown>;
}

/** How many comments an issue's `comment` field carries; Jira Cloud caps it and reports `total`. */
export const COMMENT_FIELD_CAP = 100;

const counters = new WeakMap<FakeJiraState, { nextCommentId: number }>();

function nextCommentId(state: FakeJiraState): string {
  let counter = counters.get(state);
  if (!counter) {
    const existing = [...state.issues.values()].flatMap((i) => (i.comments ?? []).map((c) => Number(c.id)));
    counter = { nextCommentId: Math.max(20000, ...existing) + 1 };
    counters.set(state, counter);
  }
  return String(counter.nextCommentId++);
}

export function addComment(
  state: FakeJiraState,
  issue: FakeIssue,
  author: FakeUser,
  body: unknown,
  properties: Record<string, unknown> = {},
): FakeComment {
  const now = jiraTimestamp(new Date());
  const comment: FakeComment = { id: nextCommentId(state), authorId: author.accountId, body, created: now, updated: now, properties };
  (issue.comments ??= []).push(comment);
  issue.updated = now;
  return comment;
}

export function findComment(state: FakeJiraState, id: string): { issue: FakeIssue; comment: FakeComment } | undefined {
  for (const issue of state.issues.values()) {
    const comment = issue.comments?.find((c) => c.id === id);
    if (comment) return { issue, comment };
  }
  return undefined;
}

export function renderComment(
  state: FakeJiraState,
  issue: FakeIssue,
  comment: FakeComment,
  expandProperties = false,
): Record<string, unknown> {
  const author = state.users.find((u) => u.accountId === comment.authorId);
  return {
    self: `${state.site}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    ...(author ? { author: renderUser(state, author), updateAuthor: renderUser(state, author) } : {}),
    body: comment.body,
    created: comment.created,
    updated: comment.updated,
    jsdPublic: true,
    ...(expandProperties ? { properties: Object.entries(comment.properties).map(([key, value]) => ({ key, value })) } : {}),
  };
}

/** The `comment` field of an issue: the newest comments up to the cap, and the real total. */
export function renderCommentField(state: FakeJiraState, issue: FakeIssue): Record<string, unknown> {
  const all = issue.comments ?? [];
  const shown = all.slice(Math.max(0, all.length - COMMENT_FIELD_CAP));
  return {
    comments: shown.map((c) => renderComment(state, issue, c)),
    self: `${state.site}/rest/api/3/issue/${issue.id}/comment`,
    maxResults: shown.length,
    total: all.length,
    startAt: all.length - shown.length,
  };
}
