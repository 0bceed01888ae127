/**
 * View models: what the background service sends to content scripts and extension pages, and
 * what components render. Plain JSON (they cross extension messaging), already formatted where
 * formatting needs the core (percentages, bands), and free of anything secret.
 */
import type { IssueKind, ObjectiveLevel, StatusCategory, TrackerId } from '../okr/model';
import type { TrackerErrorKind } from '../trackers/tracker';

export type Band = 'green' | 'yellow' | 'red';
export type KrStatusName = 'on-track' | 'at-risk' | 'off-track' | 'unknown';
export type Classification = 'aligned' | 'run' | 'unaligned';

export interface ChainItemView {
  kind: 'kr' | 'objective';
  id: string;
  title: string;
  level?: ObjectiveLevel;
}

export interface ExplanationIssueView {
  key: string;
  title: string;
  url: string;
  statusName: string;
  counted: 'done' | 'in_progress' | 'todo';
  weight: number;
  estimated: boolean;
  /** The linked issue this one contributes through, when it is a descendant. */
  via?: string;
}

export interface ExplanationCheckInView {
  at: string;
  value?: number;
  confidence: number;
  note?: string;
  author?: string;
}

export interface ExplanationView {
  measure: 'issues' | 'metric' | 'milestone';
  /** For issues KRs: how issues are weighed, so an issue without an estimate (weighed by the mean) is labelled. */
  weighting?: 'count' | 'estimate';
  /** The formula with this KR's numbers, e.g. "3 done + 0.5 × 2 in progress of 8 issues = 50%". */
  formula: string;
  notes: string[];
  issues: ExplanationIssueView[];
  checkIns: ExplanationCheckInView[];
}

/** How far a KR or objective has come, as every view shows it: progress, score band and status. */
export interface ProgressFigures {
  /** 0..1, null when unknown. */
  progress: number | null;
  /** "62%", or "—" when unknown. */
  progressText: string;
  score: number | null;
  band: Band | null;
  status: KrStatusName;
}

export interface KrCardView extends ProgressFigures {
  setId: string;
  krId: string;
  title: string;
  url: string;
  objectiveId: string;
  objectiveTitle: string;
  /** Above the KR's own objective, bottom up: the KR that objective inherits, its objective, … to the top. */
  chain: ChainItemView[];
  measure: 'issues' | 'metric' | 'milestone';
  /** Latest confidence 0..10, when there is a check-in. */
  confidence?: number;
  /** The ancestor key when the issue serves this KR through it ("via ACME-10"). */
  via?: string;
  /** True when this issue itself carries the link (so it can be unlinked here). */
  direct: boolean;
  explanation: ExplanationView;
}

export interface IssueHeaderView {
  tracker: TrackerId;
  site: string;
  key: string;
  title: string;
  url: string;
  kind: IssueKind;
  statusName: string;
  category: StatusCategory;
}

export interface OverlayView {
  issue: IssueHeaderView;
  classification: Classification;
  krs: KrCardView[];
  /** For an issue with children: how many are done; they count toward the issue's KRs. */
  children?: { done: number; total: number };
  /** When the data came from the tracker (ms since epoch). */
  fetchedAt: number;
  /** True when served from the cache and a refresh is due. */
  stale: boolean;
  /** A sentence about degraded data (e.g. a fallback query was used). */
  notice?: string;
  /** Where the OKRs come from when they are a team space, and when they were read. */
  source?: SourceView;
}

/** A team space or subscribed file a figure comes from: its set's name, where it lives, when it was read. */
export interface SourceView {
  name: string;
  /** "Jira acme.atlassian.net, project OKR". */
  place: string;
  /** When the tracker last answered (ms since epoch). */
  readAt: number;
  /** Set when the tracker could not be reached: the copy answered, and this says why. */
  offline?: string;
  /** A subscribed OKR file (read-only): `place` is its URL, `offline` the full sentence. */
  file?: boolean;
}

export interface ErrorView {
  kind: TrackerErrorKind | 'setup';
  message: string;
}

export type OverlayResult =
  | { state: 'ok'; view: OverlayView }
  /** No OKR set or no active cycle yet: the user must import one first. */
  | { state: 'setup'; error: ErrorView }
  /** The tracker failed; `cached` is the last good view, if any. */
  | { state: 'error'; error: ErrorView; cached?: OverlayView };

export interface KrOptionView {
  setId: string;
  krId: string;
  title: string;
  objectiveTitle: string;
  teams: string[];
  measure: 'issues' | 'metric' | 'milestone';
  progressText: string;
  /** Suggested first, e.g. the KR the issue's epic serves. */
  suggested: boolean;
  /** Already linked to this issue directly. */
  linked: boolean;
}

export interface MarkerView {
  key: string;
  classification: Classification;
  /** Short KR titles for the chip (first one shown, count of the rest). */
  krTitles: string[];
}
