/**
 * Team spaces on Linear (SPEC "Team spaces"), through the adapter's transport (GraphQL documents
 * in space-documents.ts, the same retry policy and time limits).
 *
 * - A record is an issue in the home team, titled like the record, with the workspace labels
 *   `kr-lens` (and `kr-lens-set` on the set's), made with issueLabelCreate when missing. The
 *   record itself is the JSON string `metadata.krLensRecord` of an attachment on that issue whose
 *   url is `https://kr-lens.invalid/space/<setId>/<kind>/<id>`.
 * - The issue's id is chosen by KR Lens (a UUID derived from team, set, kind and id): a create
 *   whose answer was lost, or a publish cut off between the issue and its attachment, finds the
 *   same issue on the next try instead of making a second one.
 * - A check-in is an attachment on the KR's issue at `…/checkin/<id>`, titled as its sentence,
 *   with `metadata.krLensCheckIn`. attachmentCreate upserts by url on an issue, so appending the
 *   same check-in twice keeps one, and two people's check-ins never touch each other.
 * - Reading is one flat connection: every attachment whose url starts with the space's prefix,
 *   250 a page. A refresh adds `updatedAt > <last read − 2 min>`.
 * - Linear has no compare-and-set: no mutation takes a version or an expected value. An update
 *   reads the record, compares its rev, upserts the next one, and reads it back. The window is
 *   between that read and the upsert (one round trip): a write landing inside it is overwritten
 *   unseen. A write landing after ours is caught by the read-back and reported as a conflict.
 */
import type { CheckIn } from '../../okr/model';
import { withCheckIn, withRecord } from '../../space/merge';
import {
  checkInText,
  checkInUrl,
  LINEAR_CHECKIN_FIELD,
  LINEAR_RECORD_FIELD,
  recordKey,
  recordTitle,
  recordUrl,
  SPACE_LABEL,
  SPACE_SET_LABEL,
  spaceUrlPrefix,
  stampRecord,
  type RecordDraft,
  type SpaceRecord,
} from '../../space/record';
import {
  spaceKey,
  type AppendResult,
  type CreateResult,
  type LocatedCheckIn,
  type LocatedRecord,
  type SpaceCursor,
  type SpaceHome,
  type SpaceRead,
  type SpaceStore,
  type SpaceSummary,
  type UpdateResult,
} from '../../space/space-store';
import { TrackerError } from '../tracker';
import type { LinearAdapter } from './client';
import { type HomeContext, loadHome } from './space-home';
import { discoverSpaces, readAttachment, spaceAttachments } from './space-read';
import { SPACE_ATTACH, SPACE_ISSUE_CREATE, SPACE_ISSUE_QUERY, SPACE_ISSUE_UPDATE } from './space-documents';
import {
  clampTitle,
  notMemberSentence,
  parseLinear,
  rawAttachSchema,
  rawIssueCreateSchema,
  rawIssueSchema,
  rawIssueUpdateSchema,
  recordIssueId,
} from './space-map';

export interface LinearSpaceOptions {
  now?: () => Date;
}

/** A refresh looks back this much before its last read: Linear's clock is not ours. */
const REFRESH_MARGIN_MS = 120_000;

const NOUN: Record<SpaceRecord['kind'], string> = { set: 'OKR set', cycle: 'cycle', objective: 'objective', kr: 'key result' };

export function createLinearSpaceStore(adapter: LinearAdapter, options: LinearSpaceOptions = {}): LinearSpaceStore {
  return new LinearSpaceStore(adapter, options);
}

export class LinearSpaceStore implements SpaceStore {
  readonly tracker = 'linear' as const;
  readonly site: string;
  private readonly memory = new Map<string, SpaceRead>();
  private readonly homes = new Map<string, Promise<HomeContext>>();

  constructor(
    private readonly adapter: LinearAdapter,
    private readonly options: LinearSpaceOptions = {},
  ) {
    this.site = adapter.site;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private remember(space: SpaceHome, update: (read: SpaceRead) => SpaceRead): void {
    const read = this.memory.get(spaceKey(space));
    if (read) this.memory.set(spaceKey(space), update(read));
  }

  private async known(space: SpaceHome, signal?: AbortSignal): Promise<SpaceRead> {
    return this.memory.get(spaceKey(space)) ?? (await this.readSpace(space, undefined, signal));
  }

  // --- reading ---------------------------------------------------------------------------------

  async readSpace(space: SpaceHome, since?: SpaceCursor, signal?: AbortSignal): Promise<SpaceRead> {
    const now = this.now();
    const prefix = { url: { startsWith: spaceUrlPrefix(space.setId) } };
    const filter = since
      ? { and: [prefix, { updatedAt: { gt: new Date(Date.parse(since.readAt) - REFRESH_MARGIN_MS).toISOString() } }] }
      : prefix;
    const read: SpaceRead = {
      records: [],
      checkIns: [],
      skipped: [],
      readAt: now.toISOString(),
      complete: since === undefined,
      cursor: { readAt: now.toISOString(), seen: [] },
    };
    for (const attachment of await spaceAttachments(this.adapter, filter, signal)) {
      const entry = readAttachment(attachment, space.setId);
      if (!entry) continue;
      if ('problem' in entry) read.skipped.push(entry.problem);
      else if ('record' in entry) read.records.push(entry);
      else read.checkIns.push(entry);
    }
    const previous = this.memory.get(spaceKey(space));
    if (read.complete) this.memory.set(spaceKey(space), read);
    else if (previous)
      this.memory.set(
        spaceKey(space),
        [...read.records, ...read.checkIns].reduce<SpaceRead>(
          (merged, located) => ('record' in located ? withRecord(merged, located) : withCheckIn(merged, located)),
          { ...previous, readAt: read.readAt },
        ),
      );
    return read;
  }

  discover(signal?: AbortSignal): Promise<SpaceSummary[]> {
    return discoverSpaces(this.adapter, signal);
  }

  // --- the home team ---------------------------------------------------------------------------

  /** The team, its membership, the writer's name, and the workspace labels (made when missing). */
  private home(teamKey: string, signal?: AbortSignal): Promise<HomeContext> {
    const key = teamKey.toUpperCase();
    let loading = this.homes.get(key);
    if (!loading) {
      loading = loadHome(this.adapter, key, signal);
      this.homes.set(key, loading);
      loading.catch(() => this.homes.delete(key));
    }
    return loading;
  }

  async missingPermissions(home: string, signal?: AbortSignal): Promise<string[]> {
    const context = await this.home(home, signal);
    return context.member ? [] : [notMemberSentence(context.teamKey)];
  }

  // --- writing ---------------------------------------------------------------------------------

  private async attach(
    issueId: string,
    url: string,
    title: string,
    metadata: Record<string, string>,
    signal?: AbortSignal,
    subtitle?: string,
  ) {
    const data = await this.adapter.mutate(
      SPACE_ATTACH,
      { input: { issueId, url, title: clampTitle(title), ...(subtitle ? { subtitle } : {}), metadata } },
      signal,
    );
    const { attachmentCreate } = parseLinear(rawAttachSchema, data, 'the saved attachment');
    if (!attachmentCreate.success) throw new TrackerError('invalid', `Linear did not save “${title}” — try again.`, { tracker: 'linear' });
    return attachmentCreate.attachment;
  }

  private attachRecord(issueId: string, record: SpaceRecord, signal?: AbortSignal) {
    const url = recordUrl(record.setId, record.kind, record.id);
    return this.attach(
      issueId,
      url,
      `KR Lens ${NOUN[record.kind]}: ${recordTitle(record)}`,
      { [LINEAR_RECORD_FIELD]: JSON.stringify(record) },
      signal,
      `rev ${record.rev} · ${record.updatedBy}`,
    );
  }

  /** Creates the record's issue, or finds it when an earlier try made it (same id). */
  private async issueFor(
    context: HomeContext,
    record: SpaceRecord,
    signal?: AbortSignal,
  ): Promise<{ id: string; identifier: string; title: string }> {
    const id = await recordIssueId(context.teamId, record.setId, record.kind, record.id);
    const labelIds = [context.labels.get(SPACE_LABEL)!, ...(record.kind === 'set' ? [context.labels.get(SPACE_SET_LABEL)!] : [])];
    try {
      const data = await this.adapter.mutate(
        SPACE_ISSUE_CREATE,
        { input: { id, teamId: context.teamId, title: clampTitle(recordTitle(record)), labelIds } },
        signal,
      );
      const issue = parseLinear(rawIssueCreateSchema, data, 'the new issue').issueCreate.issue;
      if (issue) return issue;
      throw new TrackerError('invalid', `Linear did not create the issue for “${recordTitle(record)}” — try again.`, { tracker: 'linear' });
    } catch (error) {
      signal?.throwIfAborted();
      const existing = await this.findIssue(id, signal);
      if (existing) return existing;
      if (error instanceof TrackerError && (error.kind === 'permission' || error.kind === 'not-found') && !context.member) {
        throw new TrackerError('permission', notMemberSentence(context.teamKey), { ...error.details, cause: error });
      }
      throw error;
    }
  }

  private async findIssue(id: string, signal?: AbortSignal) {
    try {
      return parseLinear(rawIssueSchema, await this.adapter.query(SPACE_ISSUE_QUERY, { id }, signal), 'an issue').issue ?? undefined;
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'not-found') return undefined;
      throw error;
    }
  }

  async createRecord(space: SpaceHome, draft: RecordDraft, signal?: AbortSignal): Promise<CreateResult> {
    const existing = (await this.known(space, signal)).records.find((located) => recordKey(located.record) === recordKey(draft));
    if (existing) return { record: existing, created: false };
    const context = await this.home(space.home, signal);
    const record = stampRecord(space.setId, draft, context.viewerName, this.now().toISOString());
    const issue = await this.issueFor(context, record, signal);
    await this.attachRecord(issue.id, record, signal);
    const located: LocatedRecord = { where: issue.identifier, issueId: issue.id, record };
    this.remember(space, (read) => withRecord(read, located));
    return { record: located, created: true };
  }

  /** The record as Linear holds it now, on the issue it was read from. */
  private async currentRecord(located: LocatedRecord, signal?: AbortSignal): Promise<SpaceRecord> {
    const url = recordUrl(located.record.setId, located.record.kind, located.record.id);
    const nodes = await spaceAttachments(this.adapter, { url: { eq: url } }, signal);
    const node = nodes.find((n) => n.issue.id === located.issueId) ?? nodes[0];
    const entry = node ? readAttachment(node, located.record.setId) : undefined;
    if (entry && 'record' in entry) return entry.record;
    const problem = entry && 'problem' in entry ? entry.problem : `${located.where} no longer holds its KR Lens record.`;
    throw new TrackerError('invalid', `${problem} Nothing was written.`, { tracker: 'linear' });
  }

  async updateRecord(space: SpaceHome, draft: RecordDraft, basedOnRev: number, signal?: AbortSignal): Promise<UpdateResult> {
    const located = (await this.known(space, signal)).records.find((l) => recordKey(l.record) === recordKey(draft));
    if (!located)
      throw new TrackerError('not-found', `The space has no ${draft.kind} “${draft.id}” to change; refresh it and try again.`, {
        tracker: 'linear',
      });
    const current = await this.currentRecord(located, signal);
    if (current.rev !== basedOnRev) return conflict(current, located.where);
    const record = stampRecord(space.setId, draft, (await this.home(space.home, signal)).viewerName, this.now().toISOString(), basedOnRev);
    await this.attachRecord(located.issueId, record, signal);
    if (recordTitle(record) !== recordTitle(current)) {
      parseLinear(
        rawIssueUpdateSchema,
        await this.adapter.mutate(SPACE_ISSUE_UPDATE, { id: located.issueId, input: { title: clampTitle(recordTitle(record)) } }, signal),
        'the renamed issue',
      );
    }
    const after = await this.currentRecord(located, signal);
    if (after.rev !== record.rev || after.updatedAt !== record.updatedAt || after.updatedBy !== record.updatedBy)
      return conflict(after, located.where);
    const written: LocatedRecord = { ...located, record };
    this.remember(space, (read) => withRecord(read, written));
    return { ok: true, record: written };
  }

  async appendCheckIn(space: SpaceHome, checkIn: CheckIn, signal?: AbortSignal): Promise<AppendResult> {
    const read = await this.known(space, signal);
    const existing = read.checkIns.find((located) => located.checkIn.id === checkIn.id);
    if (existing) return { checkIn: existing, created: false };
    const kr = read.records.find((l) => l.record.kind === 'kr' && l.record.id === checkIn.krId && !l.record.deleted);
    if (!kr || kr.record.kind !== 'kr') {
      throw new TrackerError('not-found', `The space has no key result “${checkIn.krId}” to check in on; refresh it and try again.`, {
        tracker: 'linear',
      });
    }
    const title = checkInText(checkIn, kr.record.data);
    const attachment = await this.attach(
      kr.issueId,
      checkInUrl(space.setId, checkIn.id),
      title,
      { [LINEAR_CHECKIN_FIELD]: JSON.stringify(checkIn) },
      signal,
    );
    const located: LocatedCheckIn = { where: kr.where, ref: attachment.id, checkIn };
    this.remember(space, (r) => withCheckIn(r, located));
    return { checkIn: located, created: true };
  }
}

const conflict = (current: SpaceRecord, where: string): UpdateResult => ({
  ok: false,
  conflict: { current, where, updatedBy: current.updatedBy, updatedAt: current.updatedAt },
});
