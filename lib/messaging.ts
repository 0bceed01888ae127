/**
 * The typed message layer between content scripts / extension pages and the background service:
 * every call, its parameters, and the payload types of its answers.
 *
 * A small layer of our own over `runtime.sendMessage` rather than @webext-core/messaging: that
 * library answers through `sendResponse` on the `chrome` global, which WXT's fake browser (our
 * unit-test runtime) does not provide, while WXT's promise-based `browser` works in Chrome,
 * Firefox and tests alike. This file has no zod so content scripts stay small; the background
 * validates every request with the schemas in `messaging-schemas.ts`.
 */
import type { ActivityReport } from './okr/activity';
import type { IssueSnapshot, TrackerId } from './okr/model';
import type { KrOptionView, MarkerView, OverlayResult, ErrorView } from './view/types';
import type { PublicSettings } from './settings';
import type { ScopeRequest } from './trackers/scope-requests';
import type { SpaceServiceProtocol } from './space-messages';
import type { SubscriptionServiceProtocol } from './subscription-messages';

export interface IssueAddress {
  tracker: TrackerId;
  /** Jira: the site origin; Linear: the workspace url key. */
  site: string;
  key: string;
}

export interface KrAddress {
  setId: string;
  krId: string;
}

/** Every call a content script or page can make, with its parameters and answer. */
export interface OkrServiceProtocol extends SpaceServiceProtocol, SubscriptionServiceProtocol {
  /** `fresh: false` answers from the cache when it can (no request); `true` asks the tracker. */
  getIssueOverlay(params: IssueAddress & { fresh: boolean }): OverlayResult;
  getPickerOptions(params: IssueAddress): KrOptionView[];
  linkIssue(params: IssueAddress & KrAddress): OverlayResult;
  unlinkIssue(params: IssueAddress & KrAddress): OverlayResult;
  getBoardMarkers(params: { tracker: TrackerId; site: string; keys: string[]; fresh: boolean }): MarkerView[];
  /** A site seen while browsing (session auth needs no setup); remembered for Options. */
  noteJiraSite(params: { site: string }): void;
  /** Connections without secrets, for Options and the popup. */
  getSettings(params: Record<string, never>): PublicSettings;
  /**
   * Replaces the tracker connections. Secrets go one way: a Jira token or Linear key left out
   * (`keepToken`/`keepKey`) keeps the stored one, so pages never need to read them back.
   */
  saveSettings(params: SettingsUpdate): PublicSettings;
  /** What the content script found of the page's anchors on the last issue page it saw. */
  reportPageHealth(params: PageHealthReport): void;
  /** The last page-health report per tracker, for Options' page check. */
  getPageHealth(params: Record<string, never>): PageHealthView[];
  /** Asks the tracker who the credentials belong to: the connection test in Options. */
  testConnection(params: { tracker: TrackerId; site?: string }): ConnectionTest;
  /**
   * The work linked to these KRs of the active set, from every connected Jira site and the Linear
   * workspace, for the dashboard and popup to compute progress with. `fresh: false` answers from
   * the cache when it can.
   */
  getLinkedWork(params: { setId: string; krIds: string[]; fresh: boolean }): LinkedWorkResult;
  /** rule 8 over a scope (boards' open sprints, JQL, Linear teams' active cycles, me). */
  runActivityReport(params: { scopes: ScopeRequest[]; fresh: boolean }): ActivityResult;
  /** The boards a Jira site shows the user, for the activity report's scope picker. */
  listJiraBoards(params: { site: string }): JiraBoardView[];
}

// ---------------------------------------------------------------------------------------------
// What the background sends the dashboard and the popup: linked work and activity reports.

export interface TrackerProblem {
  tracker: TrackerId;
  /** Jira site origin or Linear workspace; a label the user recognises. */
  site: string;
  error: ErrorView;
}

export interface LinkedWork {
  /** Every issue linked to one of the asked KRs, with all descendants, from every connected tracker. */
  issues: IssueSnapshot[];
  /** When the trackers were read (ms since epoch); the oldest read when answers were cached. */
  fetchedAt: number;
  /** True when served from the cache and a refresh is due. */
  stale: boolean;
  /** Sentences about degraded data, e.g. a fallback search was used. */
  notices: string[];
  /** Trackers that could not be read; the issues from the others are still there. */
  problems: TrackerProblem[];
  /** Which trackers were asked, e.g. "Jira acme.atlassian.net", "Linear acme". */
  sources: string[];
}

export type LinkedWorkResult = { state: 'ok'; work: LinkedWork } | { state: 'setup'; error: ErrorView };

export type { JiraScopeChoice } from './trackers/jira/scopes';
export type { LinearScopeChoice } from './trackers/linear/scopes';
/** One part of an activity report's scope, as each tracker defines it (`lib/trackers/<id>/scopes.ts`). */
export type { ScopeRequest };

export interface ActivityResultView {
  report: ActivityReport;
  /** What was read, one label per scope part, e.g. "Jira boards 1, 2 on acme.atlassian.net". */
  scopes: string[];
  problems: Array<{ scope: string; error: ErrorView }>;
  fetchedAt: number;
  stale: boolean;
}

export type ActivityResult = { state: 'ok'; result: ActivityResultView } | { state: 'setup'; error: ErrorView };

export interface JiraBoardView {
  id: number;
  name: string;
  projectKey?: string;
  type?: string;
}

// ---------------------------------------------------------------------------------------------
// Options' page check and connections.

export interface PageHealthEntry {
  /** The anchor's name, e.g. "issue summary". */
  name: string;
  /** Whether a page of this kind is expected to have it. */
  required: boolean;
  found: boolean;
  /** 0 when the preferred selector matched; higher means a fallback did. */
  fallbackIndex: number | null;
}

export interface PageHealthReport {
  tracker: TrackerId;
  /** `issue` or `list`: which kind of page the anchors were looked for on. */
  page: 'issue' | 'list';
  entries: PageHealthEntry[];
}

export interface PageHealthView extends PageHealthReport {
  /** When it was reported, ms since epoch. */
  checkedAt: number;
}

export interface SettingsUpdate {
  jira: Array<{ site: string; auth: { type: 'session' } | { type: 'basic'; email: string; apiToken?: string } }>;
  linear: { apiKey: string } | { keepKey: true } | null;
}

export type ConnectionTest = { ok: true; who: string; site: string } | { ok: false; error: ErrorView };

// ---------------------------------------------------------------------------------------------
// The wire: requests, replies and the client.

export type ServiceMethod = keyof OkrServiceProtocol;
export type ServiceParams<M extends ServiceMethod> = Parameters<OkrServiceProtocol[M]>[0];
export type ServiceResult<M extends ServiceMethod> = ReturnType<OkrServiceProtocol[M]>;

/** A request on the wire; the marker keeps other extensions' or libraries' messages apart. */
export interface ServiceRequest {
  krLens: 1;
  method: string;
  params: unknown;
}

export type ServiceReply<T> = { ok: true; value: T } | { ok: false; error: ErrorView };

/** Thrown on the calling side when the background answered with an error. */
export class ServiceCallError extends Error {
  override readonly name = 'ServiceCallError';
  constructor(readonly error: ErrorView) {
    super(error.message);
  }
}

export type SendMessage = (message: ServiceRequest) => Promise<unknown>;

export type OkrServiceClient = {
  [M in ServiceMethod]: (params: ServiceParams<M>) => Promise<ServiceResult<M>>;
};

const UNREACHABLE: ErrorView = {
  kind: 'network',
  message: 'KR Lens could not reach its background service. Reload the page; if it persists, reload the extension.',
};

function isReply(value: unknown): value is ServiceReply<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** A client whose methods send one request each and resolve with the background's answer. */
export function createServiceClient(send: SendMessage): OkrServiceClient {
  return new Proxy({} as OkrServiceClient, {
    get(_target, method) {
      if (typeof method !== 'string') return undefined;
      return async (params: unknown) => {
        let reply: unknown;
        try {
          reply = await send({ krLens: 1, method, params });
        } catch {
          throw new ServiceCallError(UNREACHABLE);
        }
        if (!isReply(reply)) throw new ServiceCallError(UNREACHABLE);
        if (!reply.ok) throw new ServiceCallError(reply.error);
        return reply.value;
      };
    },
  });
}

export function isServiceRequest(message: unknown): message is ServiceRequest {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { krLens?: unknown }).krLens === 1 &&
    typeof (message as { method?: unknown }).method === 'string'
  );
}
