/**
 * The background's team-space calls (extension pages only): the spaces found, making one the
 * active set, publishing the active local set, and saving edits and check-ins to the active space.
 */
import type { OkrSet, TrackerId } from './okr/model';
import type { SpaceRef } from './store/space-cache';
import type { SourceView } from './view/types';
import type { SpaceEdits } from './space/edits';

export interface SpaceListEntry extends SpaceRef {
  /** The issue holding the set's record, e.g. OKR-1. */
  issueKey: string;
  place: string;
  active: boolean;
  /** The space chosen for its site: that site's pages show it (several sites may each have one). */
  chosenForSite?: boolean;
}

export interface SpaceList {
  spaces: SpaceListEntry[];
  /** One sentence per tracker that could not be asked. */
  problems: string[];
}

export interface ActiveSpaceView {
  ref: SpaceRef;
  set: OkrSet;
  cycleId: string | null;
  revs: Record<string, number>;
  source: SourceView;
  skipped: string[];
}

export type ActiveSpaceResult = { state: 'none' } | { state: 'ok'; space: ActiveSpaceView } | { state: 'error'; message: string };

export interface PublishTarget {
  tracker: TrackerId;
  /** A Jira project key or a Linear team key. */
  home: string;
  /** One of the tracker's connected sites; the first one when left out. */
  site?: string;
}

export interface PublishPlanView {
  target: PublishTarget & { site: string; place: string };
  /** Every connected site of the target's tracker: with several, the user picks where it goes. */
  sites: string[];
  setName: string;
  /** Titles of the records to create, in order. */
  toCreate: string[];
  /** How many records are there already (a publish resumed). */
  existing: number;
  checkIns: { toCreate: number; existing: number };
  /** Sentences for what the account may not do there; publishing needs none. */
  missing: string[];
  skipped: string[];
}

export interface PublishProgressView {
  done: number;
  total: number;
  title: string;
  finished: boolean;
  error?: string;
}

export interface PublishOutcome {
  created: { records: number; checkIns: number };
  existing: { records: number; checkIns: number };
  space: ActiveSpaceView | null;
}

export interface ConflictView {
  /** The record's title as it is now. */
  title: string;
  where: string;
  updatedBy: string;
  updatedAt: string;
  /** "Edited by Ana Lopez at 14:02 on 2025-01-20: the key result is now “…”." */
  message: string;
}

/** On a conflict, `space` is the space as it is now: the page's next save is based on it. */
export type SpaceSaveResult =
  | { ok: true; space: ActiveSpaceView }
  | { ok: false; conflict?: ConflictView; message: string; space?: ActiveSpaceView };

export interface SpaceServiceProtocol {
  listSpaces(params: { fresh: boolean }): SpaceList;
  useSpace(params: Omit<SpaceRef, 'name'>): ActiveSpaceResult;
  /** The active set goes back to the active local set. */
  leaveSpace(params: Record<string, never>): void;
  getActiveSpace(params: { fresh: boolean }): ActiveSpaceResult;
  planSpacePublish(params: PublishTarget): PublishPlanView;
  publishSpace(params: PublishTarget): PublishOutcome;
  getPublishProgress(params: Record<string, never>): PublishProgressView | null;
  saveSpaceEdits(params: { ref: Omit<SpaceRef, 'name'> } & SpaceEdits): SpaceSaveResult;
}
