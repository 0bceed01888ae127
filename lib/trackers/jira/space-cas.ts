/**
 * Writing a record only if it is still what was read: Jira's one compare-and-set,
 * bulkSetIssueProperty (PUT /rest/api/3/issue/properties/{key}) with the filter
 * `{entityIds: [the issue], currentValue: the value read}`. `entityIds` is always given: without
 * it Jira writes the property on every issue the user can edit.
 *
 * The call answers 303 to its task (GET /rest/api/3/task/{id}, readable by its creator), which is
 * followed until it ends; then the record is read back. Three outcomes:
 * - our record is there: written;
 * - another record is there: someone wrote first, and the filter kept ours out;
 * - the value read before is still there, unchanged: the user may not edit the issue (Jira skips
 *   issues the user can't edit instead of failing; GET /mypermissions tells), or the filter did
 *   not match a value Jira itself returned. Jira compares JSON its own way; a site where that happens falls back to
 *   read-compare-write (read, compare the rev, PUT the single property, read back), whose window
 *   between the read and the write is one round trip.
 */
import { JIRA_RECORD_PROPERTY, parseRecord, type SpaceRecord } from '../../space/record';
import { abortableSleep } from '../retry';
import type { UpdateResult } from '../../space/space-store';
import { TrackerError } from '../tracker';
import type { JiraAdapter } from './client';
import { parseJiraResponse } from './map';
import { rawMyPermissionsSchema, rawSpaceIssueSchema, rawTaskSchema, TASK_DONE, TASK_FAILED } from './space-map';

/** A record issue as read just now. */
export interface RecordIssue {
  id: string;
  key: string;
  summary: string | undefined;
  /** The property exactly as Jira returned it: what the compare-and-set filter is given. */
  raw: unknown;
  record?: SpaceRecord;
  problem?: string;
}

export async function readRecordIssue(adapter: JiraAdapter, issueIdOrKey: string, signal?: AbortSignal): Promise<RecordIssue> {
  const raw = await adapter.request({ action: `read ${issueIdOrKey}`, subject: `Issue ${issueIdOrKey}` }, true, signal, (c) =>
    c.v3.issues.getIssue({ issueIdOrKey, fields: ['summary'], properties: [JIRA_RECORD_PROPERTY] }),
  );
  const issue = parseJiraResponse(rawSpaceIssueSchema, raw, `issue ${issueIdOrKey}`);
  const value = issue.properties?.[JIRA_RECORD_PROPERTY];
  const base = { id: issue.id, key: issue.key, summary: issue.fields?.summary ?? undefined, raw: value };
  if (value === undefined) return { ...base, problem: `${issue.key} no longer holds a KR Lens record; nothing was written.` };
  const parsed = parseRecord({ where: issue.key, value });
  return parsed.ok ? { ...base, record: parsed.value } : { ...base, problem: `${parsed.problem} Nothing was written to it.` };
}

/** JSON equality that ignores key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
          )
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

export interface TaskPoll {
  attempts: number;
  delayMs: number;
}
const DEFAULT_POLL: TaskPoll = { attempts: 20, delayMs: 250 };

/**
 * Follows the task the 303 led to until it ends. Returns false when the answer was not a task
 * (a client that did not follow the redirect): the caller then watches the property instead.
 */
async function waitForTask(adapter: JiraAdapter, answer: unknown, key: string, poll: TaskPoll, signal?: AbortSignal): Promise<boolean> {
  let task = rawTaskSchema.safeParse(answer);
  if (!task.success) return false;
  for (let attempt = 0; ; attempt++) {
    const { id, status, message } = task.data;
    if (TASK_DONE.has(status)) return true;
    if (TASK_FAILED.has(status)) {
      throw new TrackerError(
        'invalid',
        `Jira did not save the change to ${key} (${message ?? status.toLowerCase()}); nothing was written.`,
        { tracker: 'jira' },
      );
    }
    if (attempt >= poll.attempts) {
      throw new TrackerError('network', `Jira is still saving the change to ${key}; refresh in a moment to see whether it was saved.`, {
        tracker: 'jira',
      });
    }
    await abortableSleep(poll.delayMs, signal);
    const raw = await adapter.request({ action: `follow the change to ${key}`, subject: `The change to ${key}` }, true, signal, (c) =>
      c.v3.tasks.getTask({ taskId: id }),
    );
    task = { success: true, data: parseJiraResponse(rawTaskSchema, raw, `the change to ${key}`) } as typeof task;
  }
}

export interface CompareAndSet {
  issue: RecordIssue;
  next: SpaceRecord;
  taskPoll?: TaskPoll;
  /** Set once this site's filter was seen not to match a value read from it; kept by the store. */
  fallback: { readCompareWrite: boolean };
}

/** Writes `next` if the property still holds `issue.raw`; returns the issue as read afterwards. */
export async function compareAndSetRecord(adapter: JiraAdapter, write: CompareAndSet, signal?: AbortSignal): Promise<RecordIssue> {
  const { issue, next } = write;
  const poll = write.taskPoll ?? DEFAULT_POLL;
  if (!write.fallback.readCompareWrite) {
    const answer = await adapter.request({ action: `edit ${issue.key}`, subject: `Issue ${issue.key}` }, false, signal, (c) =>
      c.v3.issueProperties.bulkSetIssueProperty({
        propertyKey: JIRA_RECORD_PROPERTY,
        value: next,
        filter: { entityIds: [Number(issue.id)], currentValue: issue.raw },
      }),
    );
    const followed = await waitForTask(adapter, answer as unknown, issue.key, poll, signal);
    for (let look = 0; look < (followed ? 1 : poll.attempts); look++) {
      if (look > 0) await abortableSleep(poll.delayMs, signal);
      const after = await readRecordIssue(adapter, issue.id, signal);
      if (!sameJson(after.raw, issue.raw)) return after;
    }
    // Unchanged after a finished task: either the user may not edit the issue (Jira then skips it
    // rather than failing), or the filter did not match the value as Jira returned it.
    if (!(await mayEdit(adapter, issue, signal))) {
      throw new TrackerError('permission', `You don't have permission to edit ${issue.key}.`, { tracker: 'jira', status: 403 });
    }
    write.fallback.readCompareWrite = true;
  }
  return readCompareWrite(adapter, write, signal);
}

async function mayEdit(adapter: JiraAdapter, issue: RecordIssue, signal?: AbortSignal): Promise<boolean> {
  const raw = await adapter.request({ action: `read your permissions on ${issue.key}`, subject: `Issue ${issue.key}` }, true, signal, (c) =>
    c.v3.permissions.getMyPermissions({ issueId: issue.id, permissions: 'EDIT_ISSUES' }),
  );
  return parseJiraResponse(rawMyPermissionsSchema, raw, 'your permissions').permissions.EDIT_ISSUES?.havePermission === true;
}

async function readCompareWrite(adapter: JiraAdapter, { issue, next }: CompareAndSet, signal?: AbortSignal): Promise<RecordIssue> {
  const before = await readRecordIssue(adapter, issue.id, signal);
  if (!sameJson(before.raw, issue.raw)) return before;
  await adapter.request({ action: `edit ${issue.key}`, subject: `Issue ${issue.key}` }, false, signal, (c) =>
    c.v3.issueProperties.setIssueProperty({ issueIdOrKey: issue.id, propertyKey: JIRA_RECORD_PROPERTY, propertyValue: next }),
  );
  return readRecordIssue(adapter, issue.id, signal);
}

export const sameRecord = (a: SpaceRecord | undefined, b: SpaceRecord) =>
  a !== undefined && a.rev === b.rev && a.updatedAt === b.updatedAt && a.updatedBy === b.updatedBy;

export function conflictOf(issue: RecordIssue): UpdateResult {
  if (!issue.record) {
    throw new TrackerError('invalid', issue.problem ?? `The record on ${issue.key} can't be read; nothing was written.`, {
      tracker: 'jira',
    });
  }
  return {
    ok: false,
    conflict: { current: issue.record, where: issue.key, updatedBy: issue.record.updatedBy, updatedAt: issue.record.updatedAt },
  };
}

/** A conflict when the record has moved past `basedOnRev` (or can't be read); nothing is written then. */
export function conflictWith(issue: RecordIssue, basedOnRev: number): UpdateResult | undefined {
  if (issue.record && issue.record.rev === basedOnRev) return undefined;
  return conflictOf(issue);
}
