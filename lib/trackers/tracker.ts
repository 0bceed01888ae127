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

/**
 * An issue together with its ancestors (nearest first) and all its descendants. The issue's and
 * the ancestors' `krRefs` are their links (the KRs the issue serves); descendants' may be left
 * empty, since a KR's linked work is `findLinkedIssues`'s answer.
 */
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

/** A KR as a link names it, with its frozen link URL. */
export type KrWithUrl = KrRef & { url: string };

/**
 * Options of the reads that say which KRs issues serve. SPEC "The links are the truth": the
 * answer must match the tracker's links (Jira remote links, Linear attachments) for `krs`, whoever
 * made them. Jira's issue reads do not carry remote links, so the Jira adapter checks the links
 * of exactly these KRs in one search per read (see jira/link-truth.ts); without `krs` it reads
 * every issue's remote links, one request each. Linear's reads carry the attachments themselves.
 */
export interface ReadOptions {
  signal?: AbortSignal;
  /** The KRs whose links the answer must report exactly: the active set's. */
  krs?: readonly KrWithUrl[];
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
  getIssueWithFamily(key: string, options?: ReadOptions): Promise<IssueWithFamily | null>;
  /** Several issues at once; missing keys are left out. */
  getIssues(keys: string[], options?: ReadOptions): Promise<IssueSnapshot[]>;
  /**
   * Several issues and all their ancestors, for board markers: the issues' parents are read a
   * level at a time, except those in `known` (read moments ago), which are returned as they are.
   */
  getIssuesWithAncestors(keys: string[], options?: ReadOptions & { known?: ReadonlyMap<string, IssueSnapshot> }): Promise<IssueSnapshot[]>;
  /** Link an issue to a KR; idempotent (an existing link is updated, not duplicated). */
  link(key: string, target: KrLinkTarget, signal?: AbortSignal): Promise<void>;
  /** Remove the issue's link to that KR; removing a link that is not there succeeds. */
  unlink(key: string, kr: KrRef & { url: string }, signal?: AbortSignal): Promise<void>;
  /**
   * Every issue linked to any of these KRs, plus their descendants. Each linked issue's `krRefs`
   * are exactly its links to these KRs (links to other KRs may be left out).
   */
  findLinkedIssues(krs: Array<KrRef & { url: string }>, signal?: AbortSignal): Promise<LinkedIssuesResult>;
  /** The issues in a scope, with their ancestors so alignment through an epic can be seen. */
  listScope(scope: Scope, options?: ReadOptions): Promise<IssueSnapshot[]>;
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
