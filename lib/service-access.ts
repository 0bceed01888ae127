/**
 * Who may call which background method. The caller is what the browser says sent the message
 * (`runtime.MessageSender`), never what the message says about itself.
 *
 * - Extension pages (Options, the dashboard, the popup) may call everything, except what only
 *   Options may do: adding or removing a subscribed OKR file, which changes every page's set.
 * - A content script runs inside a tracker page we do not control, so it gets only what an issue
 *   page or a list needs (the overlay, the picker, link and unlink, markers, page health, noting
 *   the Jira site it is on), and only for the tracker site of its own tab.
 * - Anything else gets nothing.
 */
import type { ServiceMethod, ServiceParams } from './messaging';
import { TRACKER_INFO, TRACKER_INFOS } from './trackers/catalog';
import type { TrackerId } from './okr/model';
import type { ErrorView } from './view/types';

/** `page`: the extension page's file, e.g. `options.html`, as the browser names the sender's URL. */
export type Caller = { kind: 'extension-page'; page?: string } | ContentScriptCaller;

export interface ContentScriptCaller {
  kind: 'content-script';
  tracker: TrackerId;
  /**
   * The site the tab shows, as the service names sites: a Jira site's origin. Null for Linear:
   * its site is the workspace from the page's path, which the sender's URL may not follow through
   * in-page navigation; a Linear key reaches its own workspace only, whatever the name.
   */
  site: string | null;
}

/** The fields of `runtime.MessageSender` this reads. */
export interface MessageSenderLike {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: unknown;
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The caller of one message, or null when it is none of ours. `extension.baseUrl` is the
 * extension's root URL (`runtime.getURL('/')`: `chrome-extension://<id>/`, `moz-extension://<uuid>/`),
 * compared as text because URL parsers give such schemes no origin.
 */
export function callerOf(sender: MessageSenderLike | undefined, extension: { id: string; baseUrl: string }): Caller | null {
  if (!sender || sender.id !== extension.id || !sender.url) return null;
  if (sender.url.startsWith(extension.baseUrl)) {
    // Chrome also names the sender's origin; when it does, it must agree with the URL.
    const page = sender.url.slice(extension.baseUrl.length).split(/[?#]/)[0] ?? '';
    return sender.origin === undefined || `${sender.origin}/` === extension.baseUrl ? { kind: 'extension-page', page } : null;
  }
  const origin = originOf(sender.url);
  if (origin === null || (sender.origin !== undefined && sender.origin !== origin)) return null;
  // Content scripts run in the top frame of a tab only.
  if (sender.tab === undefined || sender.frameId !== 0) return null;
  // The pages the content scripts run on (their manifest `matches`), as each tracker declares them.
  const tracker = TRACKER_INFOS.find((info) => info.contentPages.matches(origin));
  return tracker ? { kind: 'content-script', tracker: tracker.id, site: tracker.contentPages.site(origin) } : null;
}

type ContentRule<M extends ServiceMethod> = (caller: ContentScriptCaller, params: ServiceParams<M>) => boolean;
/** `'extension-pages'`: extension pages only; a rule: also content scripts for which it holds. */
/** `'options-page'`: Options alone, for what changes where every page's set comes from. */
type Access<M extends ServiceMethod> = 'extension-pages' | 'options-page' | ContentRule<M>;

const sameSite = (caller: ContentScriptCaller, tracker: TrackerId, site: string) =>
  tracker === caller.tracker && (caller.site === null || caller.site === site);
const ownSite = (caller: ContentScriptCaller, params: { tracker: TrackerId; site: string }) =>
  sameSite(caller, params.tracker, params.site);

/** Every method declares its callers; a new method does not compile until it does. */
export const serviceAccess: { [M in ServiceMethod]: Access<M> } = {
  getIssueOverlay: ownSite,
  getPickerOptions: ownSite,
  linkIssue: ownSite,
  unlinkIssue: ownSite,
  getBoardMarkers: ownSite,
  reportPageHealth: (caller, params) => params.tracker === caller.tracker,
  noteJiraSite: (caller, params) => {
    const origin = originOf(params.site);
    return origin !== null && TRACKER_INFO[caller.tracker].notesSeenSites && sameSite(caller, caller.tracker, origin);
  },
  getSettings: 'extension-pages',
  saveSettings: 'extension-pages',
  getPageHealth: 'extension-pages',
  testConnection: 'extension-pages',
  getLinkedWork: 'extension-pages',
  runActivityReport: 'extension-pages',
  listJiraBoards: 'extension-pages',
  // Team spaces: Options and the dashboard only.
  listSpaces: 'extension-pages',
  useSpace: 'extension-pages',
  leaveSpace: 'extension-pages',
  getActiveSpace: 'extension-pages',
  planSpacePublish: 'extension-pages',
  publishSpace: 'extension-pages',
  getPublishProgress: 'extension-pages',
  saveSpaceEdits: 'extension-pages',
  // OKR files subscribed from a URL: only Options adds or removes one (it asks for the host first).
  listSubscriptions: 'extension-pages',
  subscribe: 'options-page',
  refreshSubscription: 'extension-pages',
  useSubscription: 'extension-pages',
  removeSubscription: 'options-page',
  getActiveSubscription: 'extension-pages',
};

export const OPTIONS_PAGE = 'options.html';

export function mayCall<M extends ServiceMethod>(caller: Caller, method: M, params: ServiceParams<M>): boolean {
  const access = serviceAccess[method] as Access<M>;
  if (caller.kind === 'extension-page') return access !== 'options-page' || caller.page === OPTIONS_PAGE;
  return typeof access === 'function' && access(caller, params);
}

export const REFUSED: ErrorView = {
  kind: 'permission',
  message: 'KR Lens answers this only to its own pages, or to its overlay on the tracker site it is about.',
};
