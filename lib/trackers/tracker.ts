/**
 * The one interface every tracker adapter implements, in neutral types, and the one error type
 * with kinds that every failure becomes. Adding a tracker means adding a folder beside `jira/`
 * and `linear/` that implements `TrackerAdapter`.
 */
import type { IssueSnapshot, KrRef, TrackerId } from '../okr/model';

export type TrackerErrorKind =
  | 'auth'
  | 'permission'
  | 'not-found'
  | 'rate-limit'
  | 'network'
  | 'invalid'
  | 'unsupported';

/** A failure the user can act on: `message` is the sentence we show them. */
export class TrackerError extends Error {
  override readonly name = 'TrackerError';
  constructor(
    readonly kind: TrackerErrorKind,
    message: string,
    readonly details: {
      tracker?: TrackerId;
      status?: number;
      /** Milliseconds to wait before trying again (rate limits). */
      retryAfterMs?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message);
  }

  /** A plain object that survives structured cloning across extension messaging. */
  toJSON(): { kind: TrackerErrorKind; message: string; status?: number; retryAfterMs?: number } {
    return { kind: this.kind, message: this.message, status: this.details.status, retryAfterMs: this.details.retryAfterMs };
  }
}

export function isTrackerError(error: unknown): error is TrackerError {
  return error instanceof TrackerError;
}

/** What a KR link writes into the tracker (SPEC "Where data lives"). */
export interface KrLinkTarget {
  setId: string;
  krId: string;
  /** The KR's frozen link URL. */
  url: string;
  /** The KR title; written as "KR: <title>". */
  title: string;
  /** The objective's title. */
  objectiveTitle: string;
}

/** An issue together with its ancestors (nearest first) and all its descendants. */
export interface IssueWithFamily {
  issue: IssueSnapshot;
  ancestors: IssueSnapshot[];
  descendants: IssueSnapshot[];
}

export interface LinkedIssuesResult {
  /** Every issue linked to one of the KRs, plus all their descendants, each once. */
  issues: IssueSnapshot[];
  /** Set when the preferred query was refused and a slower fallback was used; shown to the user. */
  fallbackNotice?: string;
}

/** Which work an activity report or board marker pass looks at. */
export type Scope =
  | { type: 'assigned-to-me' }
  | { type: 'jira-boards'; boardIds: number[] }
  | { type: 'jira-jql'; jql: string }
  | { type: 'jira-filter'; filterId: string }
  | { type: 'linear-teams'; teamKeys: string[] };

export interface Viewer {
  id: string;
  name: string;
  email?: string;
  /** The site the credentials belong to (a Linear key names its workspace), when the tracker says. */
  site?: string;
}

export interface TrackerAdapter {
  readonly tracker: TrackerId;
  /** The Jira site origin or the Linear workspace url key this adapter talks to. */
  readonly site: string;

  /** Who the credentials belong to; the connection test in Options. */
  whoAmI(signal?: AbortSignal): Promise<Viewer>;
  /** An issue with ancestors and descendants; null when it does not exist (404 is expected). */
  getIssueWithFamily(key: string, signal?: AbortSignal): Promise<IssueWithFamily | null>;
  /** Several issues at once, for board markers; missing keys are left out. */
  getIssues(keys: string[], signal?: AbortSignal): Promise<IssueSnapshot[]>;
  /** Link an issue to a KR; idempotent (an existing link is updated, not duplicated). */
  link(key: string, target: KrLinkTarget, signal?: AbortSignal): Promise<void>;
  /** Remove the issue's link to that KR; removing a link that is not there succeeds. */
  unlink(key: string, kr: KrRef & { url: string }, signal?: AbortSignal): Promise<void>;
  /** Every issue linked to any of these KRs, plus their descendants. */
  findLinkedIssues(krs: Array<KrRef & { url: string }>, signal?: AbortSignal): Promise<LinkedIssuesResult>;
  /** The issues in a scope, with their ancestors so alignment through an epic can be seen. */
  listScope(scope: Scope, signal?: AbortSignal): Promise<IssueSnapshot[]>;
}

/** How a KR link is named in the tracker: Jira remote link globalId and Linear attachment metadata. */
export function krGlobalId(ref: KrRef): string {
  return `kr-lens:${ref.setId}:${ref.krId}`;
}

/** Reads `kr-lens:<setId>:<krId>` (or `<setId>:<krId>`) back; anything else is not ours. */
export function parseKrGlobalId(value: string): KrRef | null {
  const match = /^(?:kr-lens:)?([A-Za-z0-9][A-Za-z0-9._-]*):([A-Za-z0-9][A-Za-z0-9._-]*)$/.exec(value);
  return match ? { setId: match[1]!, krId: match[2]! } : null;
}

export const KR_LINK_RELATIONSHIP = 'serves key result';
export const krLinkTitle = (krTitle: string): string => `KR: ${krTitle}`;
