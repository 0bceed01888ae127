/**
 * Team spaces on Jira Cloud (SPEC "Team spaces"), over the adapter's transport (jira.js REST v3,
 * retry policy and time limits of client.ts).
 *
 * - A record is an issue in the home project labelled `kr-lens` (the set's also `kr-lens-set`),
 *   titled like the record, holding the record in the issue property `kr-lens.record`. It is
 *   created in one request (createIssue takes `properties`), so there is no half-made record.
 * - A check-in is a comment on the KR's issue, worded as a sentence, with the comment property
 *   `kr-lens.checkin`, created in one request too. Appending never collides.
 * - Reading: see space-read.ts. Discovery: `labels = "kr-lens-set"` across the site.
 * - Updating by rev is a true compare-and-set: bulkSetIssueProperty with the filter
 *   `{entityIds: [the issue], currentValue: the record as read}` writes only if nobody wrote in
 *   between. It runs as a task (303 → GET /task/{id}), which is followed to its end, and the
 *   record is then read back to see whose write is there. Should a site's filter never match a
 *   value read back from it (its JSON comparison differs from ours), the store says so in a
 *   comment here and falls back to read-compare-write, whose window is one round trip.
 * - After a record write the issue's summary and description are edited: the title stays the
 *   record's, and the issue's `updated` time moves (a property write alone may not move it),
 *   which is what a refresh searches by.
 */
import { hostOf } from '../../util/host';
import type { CheckIn } from '../../okr/model';
import { withCheckIn, withRecord } from '../../space/merge';
import {
  checkInText,
  JIRA_CHECKIN_PROPERTY,
  JIRA_RECORD_PROPERTY,
  parseRecord,
  recordKey,
  recordSizeProblem,
  recordTitle,
  SPACE_LABEL,
  SPACE_SET_LABEL,
  stampRecord,
  type RecordDraft,
  type SpaceRecord,
} from '../../space/record';
import {
  spaceKey,
  type AppendResult,
  type CreateResult,
  type LocatedRecord,
  type SpaceCursor,
  type SpaceHome,
  type SpaceRead,
  type SpaceStore,
  type SpaceSummary,
  type UpdateResult,
} from '../../space/space-store';
import { TrackerError, type Viewer } from '../tracker';
import { jqlString, type JiraAdapter } from './client';
import { parseJiraResponse } from './map';
import { compareAndSetRecord, conflictOf, conflictWith, readRecordIssue, sameRecord, type RecordIssue } from './space-cas';
import {
  adfText,
  clampSummary,
  lacksPermissionSentence,
  rawCreatedCommentSchema,
  rawCreatedIssueSchema,
  rawCreateMetaSchema,
  rawMyPermissionsSchema,
  recordDescription,
  SPACE_PERMISSIONS,
  type SpacePermission,
} from './space-map';
import { byNumericId, commentIdsOf, commentsWithProperties, readCheckIns, readRecords, searchSpaceIssues } from './space-read';

export interface JiraSpaceOptions {
  now?: () => Date;
  /** How often and how long to wait for a bulk property task to finish. */
  taskPoll?: { attempts: number; delayMs: number };
}

/** A refresh looks back this much further than its last read: clocks differ, and JQL counts minutes. */
const REFRESH_MARGIN_MINUTES = 2;
/** Issue ids reconciled per search (Jira's maximum). */
const RECONCILE_MAX = 50;

/**
 * The space's JQL. A refresh uses a relative date (`-15m`): JQL reads absolute dates in the
 * user's Jira time zone, relative ones need no time zone at all.
 */
export function spaceJql(home: string, since: SpaceCursor | undefined, now: Date): string {
  const base = `project = ${jqlString(home)} AND labels = ${jqlString(SPACE_LABEL)}`;
  if (!since) return `${base} ORDER BY created ASC`;
  const minutes = Math.max(1, Math.ceil((now.getTime() - Date.parse(since.readAt)) / 60_000)) + REFRESH_MARGIN_MINUTES;
  return `${base} AND updated >= -${minutes}m ORDER BY created ASC`;
}

export function createJiraSpaceStore(adapter: JiraAdapter, options: JiraSpaceOptions = {}): JiraSpaceStore {
  return new JiraSpaceStore(adapter, options);
}

export class JiraSpaceStore implements SpaceStore {
  readonly tracker = 'jira' as const;
  readonly site: string;
  /** What this store knows of each space: its last read with its own writes put in. */
  private readonly memory = new Map<string, SpaceRead>();
  private readonly written = new Map<string, number[]>();
  private viewer: Promise<Viewer> | undefined;
  private readonly issueTypes = new Map<string, Promise<string>>();
  private readonly fallback = { readCompareWrite: false };

  constructor(
    private readonly adapter: JiraAdapter,
    private readonly options: JiraSpaceOptions = {},
  ) {
    this.site = adapter.site;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private me(signal?: AbortSignal): Promise<Viewer> {
    const loading = (this.viewer ??= this.adapter.whoAmI(signal));
    loading.catch(() => {
      if (this.viewer === loading) this.viewer = undefined;
    });
    return loading;
  }

  /** A 403 (or Jira's 400 that says "permission") becomes a sentence naming the permission. */
  private async as<T>(permission: SpacePermission, project: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const refused =
        error instanceof TrackerError && (error.kind === 'permission' || (error.kind === 'invalid' && /permission/i.test(error.message)));
      if (!refused) throw error;
      throw new TrackerError('permission', lacksPermissionSentence(permission, project, hostOf(this.site)), {
        ...error.details,
        cause: error,
      });
    }
  }

  private remember(space: SpaceHome, update: (read: SpaceRead) => SpaceRead, issueId?: string): void {
    const key = spaceKey(space);
    const read = this.memory.get(key);
    if (read) this.memory.set(key, update(read));
    if (issueId !== undefined) this.written.set(key, [...(this.written.get(key) ?? []), Number(issueId)].slice(-RECONCILE_MAX));
  }

  /** The space as this store knows it, read in full first if it was never read. */
  private async known(space: SpaceHome, signal?: AbortSignal): Promise<SpaceRead> {
    return this.memory.get(spaceKey(space)) ?? (await this.readSpace(space, undefined, signal));
  }

  // --- reading ---------------------------------------------------------------------------------

  async readSpace(space: SpaceHome, since?: SpaceCursor, signal?: AbortSignal): Promise<SpaceRead> {
    const now = this.now();
    const issues = await searchSpaceIssues(
      this.adapter,
      { jql: spaceJql(space.home, since, now), fields: ['summary', 'comment'], reconcile: this.written.get(spaceKey(space)) },
      signal,
    );
    const skipped: string[] = [];
    const { records, krIssues } = readRecords(issues, space.setId, skipped);
    const seen = new Set(since?.seen ?? []);
    const commentIssue = new Map<string, string>();
    for (const issue of krIssues) for (const id of await commentIdsOf(this.adapter, issue, signal)) commentIssue.set(id, issue.key);
    const comments = await commentsWithProperties(
      this.adapter,
      [...commentIssue.keys()].filter((id) => !seen.has(id)),
      signal,
    );
    const checkIns = readCheckIns(comments.sort(byNumericId((c) => c.id)), commentIssue, skipped);
    const read: SpaceRead = {
      records,
      checkIns,
      skipped,
      readAt: now.toISOString(),
      complete: since === undefined,
      cursor: { readAt: now.toISOString(), seen: [...new Set([...seen, ...commentIssue.keys()])] },
    };
    this.keep(space, read);
    return read;
  }

  private keep(space: SpaceHome, read: SpaceRead): void {
    const key = spaceKey(space);
    const previous = this.memory.get(key);
    if (read.complete || !previous) {
      if (read.complete) this.memory.set(key, read);
      return;
    }
    let merged = { ...previous, readAt: read.readAt, cursor: read.cursor };
    for (const located of read.records) merged = withRecord(merged, located);
    for (const located of read.checkIns) merged = withCheckIn(merged, located);
    this.memory.set(key, merged);
  }

  async discover(signal?: AbortSignal): Promise<SpaceSummary[]> {
    const issues = await searchSpaceIssues(
      this.adapter,
      { jql: `labels = ${jqlString(SPACE_SET_LABEL)} ORDER BY created ASC`, fields: ['summary', 'project'] },
      signal,
    );
    const spaces: SpaceSummary[] = [];
    for (const issue of issues) {
      const parsed = parseRecord({ where: issue.key, value: issue.properties?.[JIRA_RECORD_PROPERTY] });
      const home = issue.fields?.project?.key ?? issue.key.replace(/-\d+$/, '');
      if (!parsed.ok || parsed.value.kind !== 'set' || parsed.value.deleted) continue;
      spaces.push({ tracker: 'jira', site: this.site, home, setId: parsed.value.setId, name: parsed.value.data.name, issueKey: issue.key });
    }
    return spaces;
  }

  async missingPermissions(home: string, signal?: AbortSignal): Promise<string[]> {
    const keys = Object.keys(SPACE_PERMISSIONS) as SpacePermission[];
    const raw = await this.adapter.request(
      { action: `read your permissions in project ${home}`, subject: `Project ${home}` },
      true,
      signal,
      (c) => c.v3.permissions.getMyPermissions({ projectKey: home, permissions: keys.join(',') }),
    );
    const { permissions } = parseJiraResponse(rawMyPermissionsSchema, raw, 'your permissions');
    return keys
      .filter((key) => permissions[key]?.havePermission !== true)
      .map((key) => lacksPermissionSentence(key, home, hostOf(this.site)));
  }

  // --- writing ---------------------------------------------------------------------------------

  /** Task where the project has it, else the first issue type that is not a sub-task (createmeta). */
  private issueTypeFor(home: string, signal?: AbortSignal): Promise<string> {
    let loading = this.issueTypes.get(home);
    if (!loading) {
      loading = this.as('CREATE_ISSUES', home, async () => {
        const raw = await this.adapter.request(
          { action: `create issues in project ${home}`, subject: `Jira project ${home}` },
          true,
          signal,
          (c) => c.v3.issues.getCreateIssueMetaIssueTypes({ projectIdOrKey: home, maxResults: 200 }),
        );
        const types = (parseJiraResponse(rawCreateMetaSchema, raw, `the issue types of ${home}`).issueTypes ?? []).filter(
          (t) => t.subtask !== true,
        );
        const chosen = types.find((t) => t.name.toLowerCase() === 'task') ?? types[0];
        // No type to create means no Create issues permission: createmeta lists what the user may create.
        if (!chosen)
          throw new TrackerError('permission', lacksPermissionSentence('CREATE_ISSUES', home, hostOf(this.site)), { tracker: 'jira' });
        return chosen.id;
      });
      const settled = loading;
      this.issueTypes.set(home, settled);
      settled.catch(() => this.issueTypes.delete(home));
    }
    return loading;
  }

  private checkSize(record: SpaceRecord): void {
    const problem = recordSizeProblem(record, recordTitle(record));
    if (problem) throw new TrackerError('invalid', problem, { tracker: 'jira' });
  }

  async createRecord(space: SpaceHome, draft: RecordDraft, signal?: AbortSignal): Promise<CreateResult> {
    const existing = (await this.known(space, signal)).records.find((located) => recordKey(located.record) === recordKey(draft));
    if (existing) return { record: existing, created: false };
    const record = stampRecord(space.setId, draft, (await this.me(signal)).name, this.now().toISOString());
    this.checkSize(record);
    const issueTypeId = await this.issueTypeFor(space.home, signal);
    const raw = await this.as('CREATE_ISSUES', space.home, () =>
      this.adapter.request(
        { action: `create issues in project ${space.home}`, subject: `Jira project ${space.home}` },
        false,
        signal,
        (c) =>
          c.v3.issues.createIssue({
            fields: {
              project: { key: space.home },
              issuetype: { id: issueTypeId },
              summary: clampSummary(recordTitle(record)),
              labels: record.kind === 'set' ? [SPACE_LABEL, SPACE_SET_LABEL] : [SPACE_LABEL],
              description: adfText(recordDescription(record)),
            },
            properties: [{ key: JIRA_RECORD_PROPERTY, value: record }],
          }),
      ),
    );
    const created = parseJiraResponse(rawCreatedIssueSchema, raw, 'the new record issue');
    const located: LocatedRecord = { where: created.key, issueId: created.id, record };
    this.remember(space, (read) => withRecord(read, located), created.id);
    return { record: located, created: true };
  }

  async updateRecord(space: SpaceHome, draft: RecordDraft, basedOnRev: number, signal?: AbortSignal): Promise<UpdateResult> {
    const known = (await this.known(space, signal)).records.find((located) => recordKey(located.record) === recordKey(draft));
    if (!known)
      throw new TrackerError('not-found', `The space has no ${draft.kind} “${draft.id}” to change; refresh it and try again.`, {
        tracker: 'jira',
      });
    const current = await readRecordIssue(this.adapter, known.issueId, signal);
    const conflict = conflictWith(current, basedOnRev);
    if (conflict) return conflict;
    const record = stampRecord(space.setId, draft, (await this.me(signal)).name, this.now().toISOString(), basedOnRev);
    this.checkSize(record);
    const after = await this.as('EDIT_ISSUES', space.home, () =>
      compareAndSetRecord(
        this.adapter,
        { issue: current, next: record, fallback: this.fallback, ...(this.options.taskPoll ? { taskPoll: this.options.taskPoll } : {}) },
        signal,
      ),
    );
    if (!sameRecord(after.record, record)) return conflictWith(after, basedOnRev) ?? conflictOf(after);
    const located: LocatedRecord = { where: current.key, issueId: current.id, record };
    await this.mirrorOnIssue(current, record, signal);
    this.remember(space, (read) => withRecord(read, located), current.id);
    return { ok: true, record: located };
  }

  /**
   * Best effort: the record is written either way, and failing the save here would make the user
   * save again against a rev that has already moved.
   */
  private async mirrorOnIssue(issue: RecordIssue, record: SpaceRecord, signal?: AbortSignal): Promise<void> {
    const summary = clampSummary(recordTitle(record));
    try {
      await this.adapter.request({ action: `edit ${issue.key}`, subject: `Issue ${issue.key}` }, false, signal, (c) =>
        c.v3.issues.editIssue({
          issueIdOrKey: issue.id,
          fields: { ...(summary === issue.summary ? {} : { summary }), description: adfText(recordDescription(record)) },
        }),
      );
    } catch (error) {
      signal?.throwIfAborted();
      if (!(error instanceof TrackerError)) throw error;
    }
  }

  async appendCheckIn(space: SpaceHome, checkIn: CheckIn, signal?: AbortSignal): Promise<AppendResult> {
    const read = await this.known(space, signal);
    const existing = read.checkIns.find((located) => located.checkIn.id === checkIn.id);
    if (existing) return { checkIn: existing, created: false };
    const kr = read.records.find(
      (located) => located.record.kind === 'kr' && located.record.id === checkIn.krId && !located.record.deleted,
    );
    if (!kr || kr.record.kind !== 'kr') {
      throw new TrackerError('not-found', `The space has no key result “${checkIn.krId}” to check in on; refresh it and try again.`, {
        tracker: 'jira',
      });
    }
    const krData = kr.record.data;
    const raw = await this.as('ADD_COMMENTS', space.home, () =>
      this.adapter.request({ action: `comment on ${kr.where}`, subject: `Issue ${kr.where}` }, false, signal, (c) =>
        c.v3.issueComments.addComment({
          issueIdOrKey: kr.issueId,
          comment: adfText(checkInText(checkIn, krData)),
          properties: [{ key: JIRA_CHECKIN_PROPERTY, value: checkIn }],
        }),
      ),
    );
    const located = { where: kr.where, ref: parseJiraResponse(rawCreatedCommentSchema, raw, 'the new check-in').id, checkIn };
    this.remember(space, (r) => withCheckIn(r, located), kr.issueId);
    return { checkIn: located, created: true };
  }
}
