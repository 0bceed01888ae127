/**
 * The one interface every tracker adapter implements, in neutral types, the one error type with
 * kinds that every failure becomes, and the descriptor that says all a tracker is. Adding a
 * tracker means adding a folder beside `jira/` and `linear/` (docs/adding-a-tracker.md).
 */
import type { SpaceStore } from '../space/space-store';
import type { z } from 'zod';
import type { IssueAddress, SettingsUpdate } from '../messaging';
import type { IssueSnapshot, KrRef, TrackerId } from '../okr/model';
import type { PublicSettings, Settings, StorageArea } from '../settings';
import type { ErrorView } from '../view/types';
import type { PageDriver } from './page-common';
import type { ScopeRequestOf } from './scope-requests';

export type TrackerErrorKind = 'auth' | 'permission' | 'not-found' | 'rate-limit' | 'network' | 'invalid' | 'unsupported';

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

/** Credentials for the tracker are missing: Options is where to add them. */
export class SetupNeeded extends TrackerError {
  constructor(message: string) {
    super('auth', message);
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
  /**
   * Set when the reader asked `descendants: false` and the adapter took it (they would cost
   * requests of their own): `descendants` is then empty, and `getDescendants` reads them.
   */
  descendantsLeftOut?: true;
}

/** Options of an issue page's read. */
export interface FamilyReadOptions extends ReadOptions {
  /**
   * False: the caller may find the descendants elsewhere (a KR's linked tree holds them), so an
   * adapter that reads them with requests of their own leaves them out (`descendantsLeftOut`).
   */
  descendants?: boolean;
}

export interface LinkedIssuesResult {
  /** Every issue linked to one of the KRs, plus all their descendants, each once. */
  issues: IssueSnapshot[];
  /** Set when the preferred query was refused and a slower fallback was used; shown to the user. */
  fallbackNotice?: string;
  /**
   * Set when every issue of the answer (descendants too) carries exactly its links to all the KRs
   * of `LinkedReadOptions.krs`, not only to the KRs searched for: each is then known with its
   * links checked, as an issue read would know it.
   */
  linksComplete?: true;
}

/**
 * Options of a linked-issues search. `krs` (the active set's) are the KRs whose links every issue
 * of the answer should report, beyond the KRs searched for: an adapter that can do so in the same
 * requests says `linksComplete`; `linkIndex` is the index of exactly `krs`, as for any read.
 */
export interface LinkedReadOptions extends Pick<ReadOptions, 'krs' | 'linkIndex'> {
  /**
   * Issues whose complete descendants the caller read moments ago (with the same `krs`), by
   * key: an adapter may take them as they are instead of asking for that part of the tree again.
   */
  knownBelow?: ReadonlyMap<string, readonly IssueSnapshot[]>;
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
  /**
   * The link index of exactly `krs` (see LinkIndex), possibly still being read, or how to start
   * reading it (the adapter then starts it once its first request has been answered, so two reads
   * never race a rate limit): an adapter whose reads do not carry links takes them from it instead
   * of checking them, and falls back to its own check when it resolves to null. Never rejects.
   */
  linkIndex?: PromiseLike<LinkIndex | null> | (() => PromiseLike<LinkIndex | null>);
}

/**
 * Every issue linked to any KR of a universe (the active set's KRs) at one time, with exactly its
 * links among them: an issue that is not in it has no link to any of them. Read once per freshness
 * window by adapters whose reads do not carry links (`readLinkIndex`), so a board's batches of cards
 * or the pages of one visit need no check of their own.
 */
export interface LinkIndex {
  /** `setId:krId` of the universe's KRs, sorted, each once. */
  universe: string[];
  /** The linked issues; `krRefs` are exactly their links to the universe's KRs. */
  issues: IssueSnapshot[];
  /** The tracker's own ids of the issues (id → key), so a read that meets one under a new key finds it. */
  ids: Record<string, string>;
}

export interface LinkIndexOptions {
  signal?: AbortSignal;
  /**
   * Write back what the tracker keeps to find links cheaply where the index found it wrong (Jira's
   * links mirror), as an issue page does; board markers only read.
   */
  repairMirrors?: boolean;
}

/** The universe of a link index for these KRs (see LinkIndex). */
export function linkUniverse(krs: readonly KrRef[]): string[] {
  return [...new Set(krs.map((kr) => `${kr.setId}:${kr.krId}`))].sort();
}

/** Whether an index covers exactly these KRs. */
export function indexCovers(index: LinkIndex, krs: readonly KrRef[]): boolean {
  const universe = linkUniverse(krs);
  return universe.length === index.universe.length && universe.every((id, i) => id === index.universe[i]);
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
  getIssueWithFamily(key: string, options?: FamilyReadOptions): Promise<IssueWithFamily | null>;
  /** Everything below an issue; adapters that may leave descendants out of a family read have it. */
  getDescendants?(issue: IssueSnapshot, options?: ReadOptions): Promise<IssueSnapshot[]>;
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
   * are exactly its links to these KRs (links to other KRs may be left out, unless the answer
   * says `linksComplete` for `options.krs`).
   */
  findLinkedIssues(krs: Array<KrRef & { url: string }>, signal?: AbortSignal, options?: LinkedReadOptions): Promise<LinkedIssuesResult>;
  /** The issues in a scope, with their ancestors so alignment through an epic can be seen. */
  listScope(scope: Scope, options?: ReadOptions): Promise<IssueSnapshot[]>;

  // Optional capabilities: present when the tracker's descriptor declares them in `capabilities`.
  /** A scope's own issues and, apart, their ancestors (`capabilities.scopeParts`). */
  listScopeParts?(scope: Scope, options?: ReadOptions): Promise<ScopeParts>;
  /**
   * The link index of these KRs (see LinkIndex); null when the linked issues are too many to be
   * worth reading at once, or the tracker cannot search links (then every read checks its own).
   * Only trackers whose reads do not carry links have it.
   */
  readLinkIndex?(krs: readonly KrWithUrl[], options?: LinkIndexOptions): Promise<LinkIndex | null>;
  /** The boards an activity report can read (`capabilities.boards`). */
  listBoards?(signal?: AbortSignal): Promise<TrackerBoard[]>;
}

/** A scope's issues and, apart, the ancestors read so alignment through them can be seen. */
export interface ScopeParts {
  issues: IssueSnapshot[];
  ancestors: IssueSnapshot[];
}

export interface TrackerBoard {
  id: number;
  name: string;
  projectKey?: string;
  type?: string;
}

// -- The descriptor ---------------------------------------------------------------------------

/** One choice of a `choice` field, with what it means once chosen. */
export interface ConnectionChoice {
  value: string;
  label: string;
  /** Shown under the choices while this one is chosen. */
  hint?: string;
}

/**
 * One field of a tracker's connection form in Options, as data: Options draws each connection's
 * inputs from these, so a tracker's fields need no Options code of their own.
 */
export interface ConnectionField {
  name: string;
  label: string;
  kind: 'url' | 'email' | 'secret' | 'choice';
  required: boolean;
  /** What the field is for, shown under it. */
  hint?: string;
  /** Where the hint's instructions are, linked after it. */
  hintLink?: { href: string; text: string };
  placeholder?: string;
  /** The choices of a `choice` field, in order. */
  choices?: readonly ConnectionChoice[];
  /** Shown only while another field of the same connection has this value. */
  shownWhen?: { field: string; value: string };
  /** The input's `data-testid` is `kr-lens-<tracker id>-<testId>` (a choice adds `-<value>`); `name` when absent. */
  testId?: string;
}

/** A kind of scope an activity report can read on this tracker. */
export interface ScopeKind {
  type: Scope['type'];
  label: string;
}

/**
 * The page-safe half of a descriptor: data and small functions extension pages may use. It pulls in
 * no API client (registry-free), so Options, the popup and the dashboard can import it.
 */
export interface TrackerInfo<Id extends TrackerId = TrackerId> {
  id: Id;
  /** The tracker's name as users know it, e.g. "Jira". */
  name: string;
  /** The connection form's fields in Options. */
  connectionFields: readonly ConnectionField[];
  /** The pages its content script runs on, and the site such a page's origin names (null: from the path). */
  contentPages: { matches(origin: string): boolean; site(origin: string): string | null };
  /** Sites seen while browsing are noted as connections (`noteJiraSite`). */
  notesSeenSites: boolean;
  /** The issue a tab's URL shows, as the content script names it; `knownSites` are the connected ones. */
  issueAddressOf(url: string, knownSites: readonly string[]): IssueAddress | null;
  /** "Jira acme.atlassian.net", "Linear acme": which connection an answer came from. */
  sourceLabel(site: string): string;
  /** Team spaces: where a space's home is, in the tracker's words. */
  space: {
    /** The Options field naming the home: "Jira project key". */
    homeLabel: string;
    /** A home as an example: "OKR". */
    homeExample: string;
    /** What to do when no connection can hold a space. */
    noConnection: string;
    /** "Jira acme.atlassian.net, project OKR": where a space lives. */
    place(site: string, home: string): string;
  };
  scopes: {
    kinds: readonly ScopeKind[];
    /** Validates a scope part of an activity report request (the message layer's edge). */
    requestSchema: z.ZodType<ScopeRequestOf<Id>>;
    /** What a scope part reads, in words. */
    label(request: ScopeRequestOf<Id>): string;
    /** "Assigned to me" on each of this tracker's connections. */
    assignedToMe(settings: PublicSettings): Array<ScopeRequestOf<Id>>;
  };
}

/** What the background needs to make an adapter: where credentials are, and kept adapters. */
export interface AdapterContext {
  area: StorageArea;
  site: string;
  /** Adapters kept per site across calls, so what they discovered is not asked for again. */
  kept: Map<string, TrackerAdapter>;
  /** Overrides for the local sandbox and tests, e.g. Linear's API at http://localhost. */
  linearApiUrl?: string;
}

/** The whole descriptor: the page-safe half, the page driver and the background's parts. */
export interface TrackerDescriptor<Id extends TrackerId = TrackerId> extends TrackerInfo<Id> {
  /** Selectors, mount and navigation: what the content script runs with. */
  page: PageDriver;
  /** The adapter for one site; throws SetupNeeded when credentials are missing. */
  createAdapter(context: AdapterContext): Promise<TrackerAdapter>;
  /** The team-space store over an adapter this descriptor made. */
  createSpaceStore(adapter: TrackerAdapter): SpaceStore;
  /** Optional capabilities, as data: the adapter then offers the matching method. */
  capabilities: { boards: boolean; scopeParts: boolean };
  connection: {
    /** The tracker's part of the stored settings. */
    settingsSchema: z.ZodType;
    /** The sites connected in these settings. */
    sites(settings: Settings): string[];
    /** This tracker's part of the settings after an update from Options. */
    merge(current: Settings, update: SettingsUpdate): Partial<Settings>;
    /** The site a connection test talks to, or why there is none. */
    testTarget(site: string | undefined, settings: Settings): string | ErrorView;
    /**
     * Set when a stored secret names its own site (Linear's key, its workspace): a save with a new
     * secret starts a check, a test without a site joins it, and the site it names is remembered.
     */
    secretNamesSite?: {
      isNewSecret(update: SettingsUpdate): boolean;
      secretOf(settings: Settings): string | undefined;
      /** The settings that remember `site` for that secret, or null when there is nothing to change. */
      remember(settings: Settings, secret: string, site: string): Settings | null;
    };
  };
  /** The site a scope part is read from. */
  scopeSite(request: ScopeRequestOf<Id>, settings: Settings): string;
  /** Tells a scope listing's own issues from their ancestors, when the adapter lists them together. */
  splitScope?(listed: readonly IssueSnapshot[], scope: Scope): ScopeParts;
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
