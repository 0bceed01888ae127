/**
 * What a tracker offers team spaces (SPEC "Team spaces"): find spaces, read one, create a record,
 * update a record by rev, append a check-in. One implementation per tracker folder
 * (`lib/trackers/<id>/space.ts`), beside its adapter; failures are TrackerErrors whose sentence
 * names what the user can do, and a permission failure names the permission the user lacks
 * (Jira: Create issues, Edit issues, Add comments; Linear: team membership).
 */
import type { CheckIn, TrackerId } from '../okr/model';
import type { RecordDraft, SpaceRecord } from './record';

/** A space: the set's id and its home (a Jira project key or a Linear team key). */
export interface SpaceHome {
  home: string;
  setId: string;
}

export interface SpaceSummary extends SpaceHome {
  tracker: TrackerId;
  /** The Jira site origin or the Linear workspace url key. */
  site: string;
  /** The set's name, from its record. */
  name: string;
  /** The issue holding the set record. */
  issueKey: string;
}

/** A record with the issue it sits on. */
export interface LocatedRecord {
  /** The issue's key (OKR-12): what people and sentences use. */
  where: string;
  /** The tracker's own id for the issue (Jira numeric id, Linear UUID). */
  issueId: string;
  record: SpaceRecord;
}

export interface LocatedCheckIn {
  where: string;
  /** The tracker's id for the check-in itself (Jira comment id, Linear attachment id). */
  ref: string;
  checkIn: CheckIn;
}

/** Where the last read ended, so the next one asks only for what changed. */
export interface SpaceCursor {
  readAt: string;
  /** Tracker ids of check-ins (and other comments) already read: not fetched again. */
  seen: string[];
}

export interface SpaceRead {
  /** In creation order: setFromRecords keeps it, so a space reads back in its set's order. */
  records: LocatedRecord[];
  checkIns: LocatedCheckIn[];
  /** One sentence per record or check-in that could not be read, naming its issue. */
  skipped: string[];
  /** When this read started, by the client's clock. */
  readAt: string;
  /** False for a refresh that returned only what changed since a cursor. */
  complete: boolean;
  /** Pass to the next read. */
  cursor: SpaceCursor;
}

export interface WriteConflict {
  /** The record as it is now in the tracker. */
  current: SpaceRecord;
  where: string;
  updatedBy: string;
  updatedAt: string;
}

export type UpdateResult = { ok: true; record: LocatedRecord } | { ok: false; conflict: WriteConflict };

export interface CreateResult {
  record: LocatedRecord;
  /** False when the record was already there (a publish resumed): nothing was written. */
  created: boolean;
}

export interface AppendResult {
  checkIn: LocatedCheckIn;
  created: boolean;
}

export interface SpaceStore {
  readonly tracker: TrackerId;
  readonly site: string;

  /** The spaces this account can see: issues labelled kr-lens-set with a readable set record. */
  discover(signal?: AbortSignal): Promise<SpaceSummary[]>;
  /** Sentences for each permission publishing and editing need and the account lacks; empty when it may do all. */
  missingPermissions(home: string, signal?: AbortSignal): Promise<string[]>;
  /** The whole space, or with a cursor only what changed since (where the tracker can say). */
  readSpace(space: SpaceHome, since?: SpaceCursor, signal?: AbortSignal): Promise<SpaceRead>;
  /**
   * Creates the record's issue at rev 1, unless the space already holds a record of that kind and
   * id: then that one is returned and nothing is written, so a publish cut off half-way resumes
   * without duplicates.
   */
  createRecord(space: SpaceHome, draft: RecordDraft, signal?: AbortSignal): Promise<CreateResult>;
  /** Writes rev `basedOnRev + 1` only if the record is still at `basedOnRev`; otherwise writes nothing. */
  updateRecord(space: SpaceHome, draft: RecordDraft, basedOnRev: number, signal?: AbortSignal): Promise<UpdateResult>;
  /** Appends a check-in on its KR's issue; one already there (same id) is not appended again. */
  appendCheckIn(space: SpaceHome, checkIn: CheckIn, signal?: AbortSignal): Promise<AppendResult>;
}

export const spaceKey = (space: SpaceHome): string => `${space.home.toUpperCase()}/${space.setId}`;
