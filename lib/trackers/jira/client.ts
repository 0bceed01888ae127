/**
 * The Jira Cloud adapter: TrackerAdapter over jira.js (REST v3 and Agile 1.0).
 *
 * jira.js is imported lazily: WXT imports the background entry in Node at build time, and axios
 * (inside jira.js) reads `location` when it loads. In the service worker axios has no XHR, so it
 * runs on its fetch adapter; session auth sends the browser's Jira cookies
 * (`withCredentials` → `credentials: 'include'`) and every request carries
 * `X-Atlassian-Token: no-check`, which Jira requires of cookie-authenticated writes.
 *
 * How links are found and attributed with few requests (request counts are asserted in tests):
 * - Links are remote links with globalId `kr-lens:<setId>:<krId>` (SPEC "Where data lives").
 * - Jira's search returns issues, not their remote links, and reading each issue's links would
 *   cost one request per issue. So `link`/`unlink` also mirror the issue's KR globalIds into
 *   the issue property `kr-lens-links` (after re-reading the links, so the mirror is exact), and
 *   every search and issue read asks for that property: the issue's KRs come with it for free.
 *   The issue shown on a page has its links read directly (below), and a mirror that disagrees
 *   with them — a write cut off half-way, two people linking at once — is rewritten then.
 * - `findLinkedIssues` for K KRs costs ceil(K/100) searches
 *   (`issue in issuesWithRemoteLinksByGlobalId(…)`, at most 100 ids each) × their pages (100
 *   issues each, the cap with fields), then one `parent in (…)` search per level of descendants
 *   per 100 parents. Only an issue whose mirror does not explain why it matched (linked by hand
 *   or by another tool) costs one remote-link read.
 * - The issue shown on a page has its remote links read directly (one request, in parallel with
 *   the issue), so what the page offers to unlink is exactly what Jira has.
 *
 * Endpoints (all in contracts/jira-platform and jira-software OpenAPI): GET /rest/api/3/myself,
 * GET /rest/api/3/field, GET /rest/api/3/issue/{key}, POST /rest/api/3/issue/bulkfetch (by key,
 * because JQL `key in (…)` fails outright on one missing key), POST /rest/api/3/search/jql,
 * GET|POST|DELETE /rest/api/3/issue/{key}/remotelink, PUT /rest/api/3/issue/{key}/properties/{key},
 * GET /rest/agile/1.0/board, /board/{id}/configuration, /board/{id}/sprint?state=active.
 */
import type { IssueSnapshot, KrRef } from '../../okr/model';
import { withRetry, type RetryOptions } from '../retry';
import {
  KR_LINK_RELATIONSHIP,
  krGlobalId,
  krLinkTitle,
  TrackerError,
  type IssueWithFamily,
  type KrLinkTarget,
  type LinkedIssuesResult,
  type Scope,
  type TrackerAdapter,
  type Viewer,
} from '../tracker';
import {
  boardEstimationFieldId,
  canHaveChildren,
  discoverFieldCatalog,
  issueFieldsToRequest,
  JIRA_LINKS_PROPERTY,
  krGlobalIdsFromRemoteLinks,
  krRefsFromProperty,
  krRefsFromRemoteLinks,
  linksPropertyValue,
  mapBoards,
  mapIssue,
  mapViewer,
  parseJiraResponse,
  rawBoardConfigurationSchema,
  rawBoardPageSchema,
  rawBulkFetchSchema,
  rawFieldsSchema,
  rawIssueSchema,
  rawMyselfSchema,
  rawRemoteLinksSchema,
  rawSearchPageSchema,
  rawSprintPageSchema,
  type JiraBoard,
  type JiraFieldCatalog,
  type RawIssue,
} from './map';

export type JiraAuthConfig = { type: 'session' } | { type: 'basic'; email: string; apiToken: string };

export interface JiraAdapterConfig {
  /** The site origin, e.g. https://acme.atlassian.net. */
  site: string;
  auth: JiraAuthConfig;
  /** The fetch to use (tests add a session cookie); the global fetch by default. */
  fetch?: typeof fetch;
  /** Retry tuning; tests shorten the backoff. */
  retry?: Pick<RetryOptions, 'maxAttempts' | 'baseDelayMs' | 'maxRateLimitWaitMs' | 'random'>;
  /** How long one request may take before it counts as a network failure (then a read is retried). */
  timeoutMs?: number;
  /**
   * Where to look for links when the site refuses `issuesWithRemoteLinksByGlobalId`: a bounded
   * JQL. Default: issues updated in the last 90 days.
   */
  fallbackScopeJql?: string;
}

/** The enhanced search's page cap when fields are requested (5000 only for id/key-only pages). */
export const SEARCH_PAGE_SIZE = 100;
/** `issuesWithRemoteLinksByGlobalId` takes at most 100 ids (SPEC). */
export const GLOBAL_IDS_PER_SEARCH = 100;
/** Keys per `parent in (…)` search and per bulk fetch (the bulk fetch's documented maximum). */
export const KEYS_PER_REQUEST = 100;
const DEFAULT_FALLBACK_SCOPE_JQL = 'updated >= -90d';
/** The same bound as Linear's: an answer that never comes must not hold the overlay forever. */
const DEFAULT_TIMEOUT_MS = 20_000;
const MAX_PAGES = 1000;
const MAX_LEVELS = 10;
/** Jira stores remote link titles and summaries in 255-character columns. */
const REMOTE_LINK_TEXT_MAX = 255;

type Version3Client = import('jira.js/version3').Version3Client;
type AgileClient = import('jira.js/agile').AgileClient;
interface JiraJs {
  Version3Client: typeof import('jira.js/version3').Version3Client;
  AgileClient: typeof import('jira.js/agile').AgileClient;
}
let jiraJs: Promise<JiraJs> | undefined;
/**
 * Loaded on first use, never at module load (see the header). The subpaths leave jira.js's v2
 * and Service Desk clients out of the bundle (~160 KB minified).
 */
const loadJiraJs = (): Promise<JiraJs> =>
  (jiraJs ??= Promise.all([import('jira.js/version3'), import('jira.js/agile')]).then(([v3, agile]) => ({
    Version3Client: v3.Version3Client,
    AgileClient: agile.AgileClient,
  })));

interface Clients {
  v3: Version3Client;
  agile: AgileClient;
}

export const chunk = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** A JQL string literal. */
export const jqlString = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export const hostOf = (site: string) => {
  try {
    return new URL(site).host;
  } catch {
    return site;
  }
};

// ---------------------------------------------------------------------------------------------
// Errors: every failure becomes a TrackerError with a sentence the user can act on.

interface ErrorContext {
  site: string;
  auth: JiraAuthConfig;
  /** What we were doing, for permission sentences: "read PLAT-1", "link PLAT-1 to a key result". */
  action: string;
  /** What a 404 is about: "Issue PLAT-1", "Board 12". */
  subject: string;
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorMessages(data: unknown): string {
  if (typeof data === 'string') return data.trim().slice(0, 300);
  if (!data || typeof data !== 'object') return '';
  const body = data as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  const messages = Array.isArray(body.errorMessages) ? body.errorMessages.map(String) : [];
  const errors = body.errors && typeof body.errors === 'object' ? Object.values(body.errors as Record<string, unknown>).map(String) : [];
  const all = [...messages, ...errors, ...(typeof body.message === 'string' ? [body.message] : [])];
  return all.join(' ').trim().slice(0, 300);
}

interface HttpFailure {
  status?: number;
  data?: unknown;
  retryAfter?: string;
}

/** Reads jira.js's HttpException (which wraps the AxiosError) or a bare AxiosError without importing axios. */
function readHttpFailure(error: unknown): HttpFailure | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as { status?: unknown; response?: unknown; cause?: unknown; isAxiosError?: unknown };
  const axiosError = (e.isAxiosError ? e : e.cause) as { response?: { status?: number; data?: unknown; headers?: unknown } } | undefined;
  const response = axiosError?.response;
  const headers = response?.headers as { get?: (name: string) => unknown; [key: string]: unknown } | undefined;
  const retryAfter = headers ? (typeof headers.get === 'function' ? headers.get('retry-after') : headers['retry-after']) : undefined;
  if (response?.status !== undefined) {
    return { status: response.status, data: response.data, retryAfter: retryAfter === undefined || retryAfter === null ? undefined : String(retryAfter) };
  }
  const wrapped = e.response as { status?: unknown; data?: unknown } | undefined;
  if (typeof e.status === 'number' && wrapped && typeof wrapped === 'object' && typeof wrapped.status === 'number') {
    return { status: wrapped.status, data: wrapped.data };
  }
  return { status: undefined };
}

export function toTrackerError(error: unknown, context: ErrorContext): TrackerError {
  if (error instanceof TrackerError) return error;
  const host = hostOf(context.site);
  const failure = readHttpFailure(error);
  const status = failure?.status;
  const details = { tracker: 'jira' as const, status, cause: error };
  const said = errorMessages(failure?.data);
  if (status === 401) {
    return new TrackerError(
      'auth',
      context.auth.type === 'basic'
        ? `Jira rejected the API token for ${context.auth.email} — check it in Options.`
        : `Sign in to Jira at ${host}, then reload.`,
      details,
    );
  }
  if (status === 403) return new TrackerError('permission', `You don't have permission to ${context.action} on Jira at ${host}.`, details);
  if (status === 404) return new TrackerError('not-found', `${context.subject} was not found on Jira at ${host}, or you can't see it.`, details);
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(failure?.retryAfter);
    const wait = retryAfterMs === undefined ? 'in a minute' : `in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s`;
    return new TrackerError('rate-limit', `Jira at ${host} is limiting requests; try again ${wait}.`, { ...details, retryAfterMs });
  }
  if (status !== undefined && status >= 500) {
    return new TrackerError('network', `Jira at ${host} is having trouble (HTTP ${status}). Try again in a few minutes.`, details);
  }
  if (status !== undefined && status >= 400) {
    return new TrackerError('invalid', `Jira at ${host} refused to ${context.action}${said ? `: ${said}` : '.'}`, details);
  }
  return new TrackerError('network', `Can't reach Jira at ${host}. Check your connection, then try again.`, details);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}

/**
 * One attempt's signal: aborted by the caller or after `timeoutMs`. A controller and a timer
 * rather than AbortSignal.any, which Firefox gained only in version 124.
 */
function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`No answer within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const forward = () => controller.abort(caller?.reason);
  if (caller?.aborted) forward();
  caller?.addEventListener('abort', forward, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', forward);
    },
  };
}

/**
 * A site without the function answers like any unknown function ("Unable to find JQL function
 * 'issuesWithRemoteLinksByGlobalId(…)'."). Other 400s about it (too many ids) are our bug and
 * must surface, not be papered over by the slower fallback.
 */
const isRefusedRemoteLinkFunction = (error: TrackerError) =>
  error.details.status === 400 &&
  /issuesWithRemoteLinksByGlobalId/i.test(error.message) &&
  /unable to find|not (available|supported|enabled)|does not exist|unknown function/i.test(error.message);

// ---------------------------------------------------------------------------------------------

export class JiraAdapter implements TrackerAdapter {
  readonly tracker = 'jira' as const;
  readonly site: string;
  private catalog: Promise<JiraFieldCatalog> | undefined;
  /** Board id → its estimation field; a board's configuration rarely changes, its sprints often. */
  private readonly boardEstimation = new Map<number, Promise<string | undefined>>();
  /** Remembered so later refreshes go straight to the fallback instead of failing first. */
  private remoteLinkFunctionRefused = false;

  constructor(private readonly config: JiraAdapterConfig) {
    this.site = new URL(config.site).origin;
  }

  // --- plumbing ------------------------------------------------------------------------------

  private async clients(signal?: AbortSignal): Promise<Clients> {
    const { Version3Client, AgileClient } = await loadJiraJs();
    const { auth } = this.config;
    const config = {
      host: this.site,
      noCheckAtlassianToken: true,
      ...(auth.type === 'basic' ? { authentication: { basic: { email: auth.email, apiToken: auth.apiToken } } } : {}),
      baseRequestConfig: {
        adapter: 'fetch',
        withCredentials: auth.type === 'session',
        signal,
        ...(this.config.fetch ? { env: { fetch: this.config.fetch } } : {}),
      },
    };
    return { v3: new Version3Client(config), agile: new AgileClient(config) };
  }

  /**
   * One HTTP request with a time limit per attempt and the retry policy; failures become
   * TrackerErrors, an abort by the caller stays an abort. The team-space store (space.ts) sends
   * its requests through it too, so both share one transport, time limit and retry policy.
   */
  async request<T>(
    context: Pick<ErrorContext, 'action' | 'subject'>,
    idempotent: boolean,
    signal: AbortSignal | undefined,
    send: (clients: Clients) => Promise<T>,
  ): Promise<T> {
    return withRetry(
      async () => {
        throwIfAborted(signal);
        // The time limit is Jira's, so loading jira.js on first use does not count against it.
        await loadJiraJs();
        const timeoutMs = this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const attempt = attemptSignal(signal, timeoutMs);
        try {
          return await send(await this.clients(attempt.signal));
        } catch (error) {
          throwIfAborted(signal);
          if (attempt.timedOut()) {
            const seconds = (timeoutMs / 1000).toLocaleString('en', { maximumFractionDigits: 1 });
            throw new TrackerError('network', `Jira at ${hostOf(this.site)} took longer than ${seconds} s to answer. Try again in a moment.`, {
              tracker: 'jira',
              cause: error,
            });
          }
          throw toTrackerError(error, { site: this.site, auth: this.config.auth, ...context });
        } finally {
          attempt.dispose();
        }
      },
      { idempotent, signal, ...this.config.retry },
    );
  }

  /** The story point and sprint fields of this site, read once per adapter. */
  private fieldCatalog(signal?: AbortSignal): Promise<JiraFieldCatalog> {
    if (!this.catalog) {
      const loading = this.request({ action: 'read the field list', subject: 'The field list' }, true, signal, (c) =>
        c.v3.issueFields.getFields(),
      ).then((raw) => discoverFieldCatalog(parseJiraResponse(rawFieldsSchema, raw, 'the field list')));
      this.catalog = loading;
      // A failed discovery (offline, aborted) is not remembered.
      loading.catch(() => {
        if (this.catalog === loading) this.catalog = undefined;
      });
    }
    return this.catalog;
  }

  private map(raw: RawIssue, catalog: JiraFieldCatalog): IssueSnapshot {
    return mapIssue(raw, { site: this.site, catalog });
  }

  /** Every issue a JQL selects, following nextPageToken at the page cap. */
  private async searchAll(jql: string, catalog: JiraFieldCatalog, action: string, signal?: AbortSignal): Promise<RawIssue[]> {
    const issues: RawIssue[] = [];
    const seenTokens = new Set<string>();
    let nextPageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const raw = await this.request({ action, subject: 'The search' }, true, signal, (c) =>
        c.v3.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
          jql,
          fields: issueFieldsToRequest(catalog),
          properties: [JIRA_LINKS_PROPERTY],
          maxResults: SEARCH_PAGE_SIZE,
          ...(nextPageToken ? { nextPageToken } : {}),
        }),
      );
      const parsed = parseJiraResponse(rawSearchPageSchema, raw, 'a search');
      issues.push(...parsed.issues);
      const token = parsed.nextPageToken ?? undefined;
      if (!token || parsed.isLast === true || seenTokens.has(token)) break;
      seenTokens.add(token);
      nextPageToken = token;
    }
    return issues;
  }

  /** Issues by key, 100 per bulk fetch; keys that do not exist or are hidden are left out (no JQL error). */
  private async bulkFetch(keys: string[], catalog: JiraFieldCatalog, signal?: AbortSignal): Promise<RawIssue[]> {
    const issues: RawIssue[] = [];
    for (const batch of chunk([...new Set(keys)], KEYS_PER_REQUEST)) {
      const raw = await this.request({ action: 'read issues', subject: 'The issues' }, true, signal, (c) =>
        c.v3.issues.bulkFetchIssues({
          issueIdsOrKeys: batch,
          fields: issueFieldsToRequest(catalog),
          properties: [JIRA_LINKS_PROPERTY],
        }),
      );
      issues.push(...parseJiraResponse(rawBulkFetchSchema, raw, 'a bulk fetch').issues);
    }
    return issues;
  }

  private async remoteLinks(key: string, signal?: AbortSignal) {
    const raw = await this.request({ action: `read the links of ${key}`, subject: `Issue ${key}` }, true, signal, (c) =>
      c.v3.issueRemoteLinks.getRemoteIssueLinks({ issueIdOrKey: key }),
    );
    return parseJiraResponse(rawRemoteLinksSchema, raw, `the links of ${key}`);
  }

  /** Children, grandchildren, …: one `parent in (…)` search per level per 100 parents. */
  private async descendantsOf(roots: IssueSnapshot[], catalog: JiraFieldCatalog, known: Set<string>, signal?: AbortSignal): Promise<IssueSnapshot[]> {
    const found: IssueSnapshot[] = [];
    let level = roots.filter(canHaveChildren).map((i) => i.ref.key);
    for (let depth = 0; depth < MAX_LEVELS && level.length > 0; depth++) {
      const next: IssueSnapshot[] = [];
      for (const batch of chunk(level, KEYS_PER_REQUEST)) {
        const jql = `parent in (${batch.map(jqlString).join(', ')}) ORDER BY key ASC`;
        for (const raw of await this.searchAll(jql, catalog, 'read child issues', signal)) {
          if (known.has(raw.key)) continue;
          known.add(raw.key);
          const issue = this.map(raw, catalog);
          found.push(issue);
          next.push(issue);
        }
      }
      level = next.filter(canHaveChildren).map((i) => i.ref.key);
    }
    return found;
  }

  /** The parents of these issues that are not among them, level by level up to the top. */
  private async ancestorsOf(issues: IssueSnapshot[], catalog: JiraFieldCatalog, signal?: AbortSignal): Promise<IssueSnapshot[]> {
    const known = new Set(issues.map((i) => i.ref.key));
    const ancestors: IssueSnapshot[] = [];
    let missing = [...new Set(issues.map((i) => i.parent).filter((p): p is string => p !== undefined && !known.has(p)))];
    for (let depth = 0; depth < MAX_LEVELS && missing.length > 0; depth++) {
      missing.forEach((key) => known.add(key));
      const fetched = (await this.bulkFetch(missing, catalog, signal)).map((raw) => this.map(raw, catalog));
      ancestors.push(...fetched);
      missing = [...new Set(fetched.map((i) => i.parent).filter((p): p is string => p !== undefined && !known.has(p)))];
    }
    return ancestors;
  }

  /**
   * Rewrites the links mirror from the issue's actual remote links. A user who may link issues
   * but not edit them cannot write properties: the link still stands, and searches then read
   * that issue's links directly.
   */
  private async syncLinksProperty(key: string, signal?: AbortSignal): Promise<void> {
    let globalIds: string[];
    try {
      globalIds = krGlobalIdsFromRemoteLinks(await this.remoteLinks(key, signal));
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'not-found') return;
      throw error;
    }
    try {
      await this.writeLinksProperty(key, globalIds, signal);
    } catch (error) {
      if (error instanceof TrackerError && (error.kind === 'permission' || error.kind === 'not-found')) return;
      throw error;
    }
  }

  private async writeLinksProperty(key: string, globalIds: string[], signal?: AbortSignal): Promise<void> {
    await this.request({ action: `update ${key}`, subject: `Issue ${key}` }, true, signal, (c) =>
      c.v3.issueProperties.setIssueProperty({
        issueIdOrKey: key,
        propertyKey: JIRA_LINKS_PROPERTY,
        propertyValue: linksPropertyValue(globalIds),
      }),
    );
  }

  /**
   * The issue on the page had its remote links read directly. A mirror that disagrees with them
   * (a link or unlink cut off between its two writes, or two people linking at once) would keep
   * board markers and searches wrong until the next link on this issue, so it is rewritten now.
   * Best effort: the page's answer comes from the links either way.
   */
  private async repairLinksProperty(key: string, mirrored: unknown, globalIds: string[], signal?: AbortSignal): Promise<void> {
    const current = (krRefsFromProperty(mirrored) ?? []).map(krGlobalId);
    const wanted = linksPropertyValue(globalIds).globalIds;
    if (linksPropertyValue(current).globalIds.join('\n') === wanted.join('\n')) return;
    try {
      await this.writeLinksProperty(key, wanted, signal);
    } catch (error) {
      throwIfAborted(signal);
      if (!(error instanceof TrackerError)) throw error;
    }
  }

  // --- TrackerAdapter ------------------------------------------------------------------------

  async whoAmI(signal?: AbortSignal): Promise<Viewer> {
    const raw = await this.request({ action: 'read your profile', subject: 'Your profile' }, true, signal, (c) =>
      c.v3.myself.getCurrentUser(),
    );
    return mapViewer(parseJiraResponse(rawMyselfSchema, raw, 'who you are'));
  }

  async getIssueWithFamily(key: string, signal?: AbortSignal): Promise<IssueWithFamily | null> {
    const catalog = await this.fieldCatalog(signal);
    const context = { action: `read ${key}`, subject: `Issue ${key}` };
    const [issueResult, linksResult] = await Promise.allSettled([
      this.request(context, true, signal, (c) =>
        c.v3.issues.getIssue({ issueIdOrKey: key, fields: issueFieldsToRequest(catalog), properties: [JIRA_LINKS_PROPERTY] }),
      ),
      this.remoteLinks(key, signal),
    ]);
    if (issueResult.status === 'rejected') {
      if (issueResult.reason instanceof TrackerError && issueResult.reason.kind === 'not-found') return null;
      throw issueResult.reason;
    }
    if (linksResult.status === 'rejected') throw linksResult.reason;
    const raw = parseJiraResponse(rawIssueSchema, issueResult.value, `issue ${key}`);
    await this.repairLinksProperty(raw.key, raw.properties?.[JIRA_LINKS_PROPERTY], krGlobalIdsFromRemoteLinks(linksResult.value), signal);
    const issue = { ...this.map(raw, catalog), krRefs: krRefsFromRemoteLinks(linksResult.value) };
    const ancestors = await this.ancestorsOf([issue], catalog, signal);
    const known = new Set([issue.ref.key, ...ancestors.map((a) => a.ref.key)]);
    const descendants = await this.descendantsOf([issue], catalog, known, signal);
    return { issue, ancestors: orderChain(issue, ancestors), descendants };
  }

  async getIssues(keys: string[], signal?: AbortSignal): Promise<IssueSnapshot[]> {
    if (keys.length === 0) return [];
    const catalog = await this.fieldCatalog(signal);
    return (await this.bulkFetch(keys, catalog, signal)).map((raw) => this.map(raw, catalog));
  }

  async link(key: string, target: KrLinkTarget, signal?: AbortSignal): Promise<void> {
    await this.request({ action: `link ${key} to a key result`, subject: `Issue ${key}` }, false, signal, (c) =>
      c.v3.issueRemoteLinks.createOrUpdateRemoteIssueLink({
        issueIdOrKey: key,
        // Jira updates the link with this globalId instead of adding a second one: re-linking is idempotent.
        globalId: krGlobalId(target),
        relationship: KR_LINK_RELATIONSHIP,
        application: { type: 'kr-lens', name: 'KR Lens' },
        object: {
          url: target.url,
          title: clampText(krLinkTitle(target.title)),
          summary: clampText(target.objectiveTitle),
        },
      }),
    );
    await this.syncLinksProperty(key, signal);
  }

  async unlink(key: string, kr: KrRef & { url: string }, signal?: AbortSignal): Promise<void> {
    try {
      await this.request({ action: `unlink ${key} from a key result`, subject: `The link on ${key}` }, false, signal, (c) =>
        c.v3.issueRemoteLinks.deleteRemoteIssueLinkByGlobalId({ issueIdOrKey: key, globalId: krGlobalId(kr) }),
      );
    } catch (error) {
      // Removing a link that is not there succeeds.
      if (!(error instanceof TrackerError && error.kind === 'not-found')) throw error;
    }
    await this.syncLinksProperty(key, signal);
  }

  async findLinkedIssues(krs: Array<KrRef & { url: string }>, signal?: AbortSignal): Promise<LinkedIssuesResult> {
    const globalIds = [...new Set(krs.map(krGlobalId))];
    if (globalIds.length === 0) return { issues: [] };
    const catalog = await this.fieldCatalog(signal);
    let linked: IssueSnapshot[] | null = null;
    let fallbackNotice: string | undefined;
    if (!this.remoteLinkFunctionRefused) {
      try {
        linked = await this.searchByGlobalIds(globalIds, catalog, signal);
      } catch (error) {
        if (!(error instanceof TrackerError && isRefusedRemoteLinkFunction(error))) throw error;
        this.remoteLinkFunctionRefused = true;
      }
    }
    if (linked === null) {
      linked = await this.searchScopeForLinks(globalIds, catalog, signal);
      fallbackNotice = this.fallbackNotice();
    }
    const known = new Set(linked.map((i) => i.ref.key));
    const descendants = await this.descendantsOf(linked, catalog, known, signal);
    return { issues: [...linked, ...descendants], ...(fallbackNotice ? { fallbackNotice } : {}) };
  }

  /** ceil(K/100) searches × pages; issues attributed to KRs through the links mirror. */
  private async searchByGlobalIds(globalIds: string[], catalog: JiraFieldCatalog, signal?: AbortSignal): Promise<IssueSnapshot[]> {
    const byKey = new Map<string, IssueSnapshot>();
    const unexplained = new Set<string>();
    for (const batch of chunk(globalIds, GLOBAL_IDS_PER_SEARCH)) {
      const wanted = new Set(batch);
      const jql = `issue in issuesWithRemoteLinksByGlobalId(${batch.map(jqlString).join(', ')}) ORDER BY key ASC`;
      for (const raw of await this.searchAll(jql, catalog, 'search for linked issues', signal)) {
        const issue = byKey.get(raw.key) ?? this.map(raw, catalog);
        byKey.set(raw.key, issue);
        const mirrored = krRefsFromProperty(raw.properties?.[JIRA_LINKS_PROPERTY]);
        const explains = mirrored?.some((ref) => wanted.has(krGlobalId(ref))) ?? false;
        if (!explains) unexplained.add(raw.key);
      }
    }
    // Linked by hand or by another tool: the mirror cannot say which KR, so read the links themselves.
    for (const key of unexplained) {
      const issue = byKey.get(key)!;
      byKey.set(key, { ...issue, krRefs: krRefsFromRemoteLinks(await this.remoteLinks(key, signal)) });
    }
    return [...byKey.values()];
  }

  /** The fallback: the links mirror of every issue in a bounded scope, read from search pages. */
  private async searchScopeForLinks(globalIds: string[], catalog: JiraFieldCatalog, signal?: AbortSignal): Promise<IssueSnapshot[]> {
    const wanted = new Set(globalIds);
    const jql = `${this.config.fallbackScopeJql ?? DEFAULT_FALLBACK_SCOPE_JQL} ORDER BY key ASC`;
    const raws = await this.searchAll(jql, catalog, 'search for linked issues', signal);
    return raws
      .map((raw) => this.map(raw, catalog))
      .filter((issue) => issue.krRefs.some((ref) => wanted.has(krGlobalId(ref))));
  }

  private fallbackNotice(): string {
    const host = hostOf(this.site);
    return this.config.fallbackScopeJql
      ? `Jira at ${host} does not offer the search for linked issues, so KR Lens looked for KR links only among issues matching "${this.config.fallbackScopeJql}".`
      : `Jira at ${host} does not offer the search for linked issues, so KR Lens looked for KR links only among issues updated in the last 90 days; older linked work is not counted.`;
  }

  async listScope(scope: Scope, signal?: AbortSignal): Promise<IssueSnapshot[]> {
    const { issues, ancestors } = await this.listScopeParts(scope, signal);
    return [...issues, ...ancestors];
  }

  /** The scope's issues and, apart, the ancestors fetched so alignment through an epic is visible. */
  async listScopeParts(scope: Scope, signal?: AbortSignal): Promise<{ issues: IssueSnapshot[]; ancestors: IssueSnapshot[] }> {
    const base = await this.fieldCatalog(signal);
    let jql: string;
    let catalog = base;
    switch (scope.type) {
      case 'assigned-to-me':
        jql = 'assignee = currentUser() AND statusCategory != Done ORDER BY key ASC';
        break;
      case 'jira-jql':
        jql = scope.jql;
        break;
      case 'jira-filter':
        jql = `filter = ${/^\d+$/.test(scope.filterId) ? scope.filterId : jqlString(scope.filterId)}`;
        break;
      case 'jira-boards': {
        const boards = await this.activeSprintsOf(scope.boardIds, signal);
        const sprintIds = [...new Set(boards.flatMap((b) => b.sprintIds))];
        if (sprintIds.length === 0) return { issues: [], ancestors: [] };
        // The boards' own estimation statistic wins over fields found by name.
        const boardFields = boards.map((b) => b.estimationFieldId).filter((id): id is string => id !== undefined);
        catalog = { ...base, estimateFieldIds: [...new Set([...boardFields, ...base.estimateFieldIds])] };
        jql = `sprint in (${sprintIds.join(', ')}) ORDER BY key ASC`;
        break;
      }
      case 'linear-teams':
        throw new TrackerError('unsupported', 'Linear teams are not a Jira scope.', { tracker: 'jira' });
    }
    const issues = (await this.searchAll(jql, catalog, 'search issues', signal)).map((raw) => this.map(raw, catalog));
    const ancestors = await this.ancestorsOf(issues, catalog, signal);
    return { issues, ancestors };
  }

  /** The boards the user can see, for choosing a board scope in Options. */
  async listBoards(signal?: AbortSignal): Promise<JiraBoard[]> {
    const boards: JiraBoard[] = [];
    for (let startAt = 0, page = 0; page < MAX_PAGES; page++) {
      const parsed = parseJiraResponse(
        rawBoardPageSchema,
        await this.request({ action: 'see boards', subject: 'The board list' }, true, signal, (c) =>
          c.agile.board.getAllBoards({ startAt, maxResults: 50 }),
        ),
        'the board list',
      );
      boards.push(...mapBoards(parsed));
      if (parsed.isLast !== false || parsed.values.length === 0) break;
      startAt += parsed.values.length;
    }
    return boards;
  }

  /** Per board: its estimation field (read once per adapter) and its active sprints. */
  private async activeSprintsOf(boardIds: number[], signal?: AbortSignal): Promise<Array<{ estimationFieldId?: string; sprintIds: number[] }>> {
    const results: Array<{ estimationFieldId?: string; sprintIds: number[] }> = [];
    for (const boardId of boardIds) {
      const context = { action: `see board ${boardId}`, subject: `Board ${boardId}` };
      const estimationFieldId = await this.boardEstimationField(boardId, signal);
      const sprintIds: number[] = [];
      for (let startAt = 0, page = 0; page < MAX_PAGES; page++) {
        const sprints = parseJiraResponse(
          rawSprintPageSchema,
          await this.request(context, true, signal, (c) => c.agile.board.getAllSprints({ boardId, state: 'active', startAt })),
          `the sprints of board ${boardId}`,
        );
        sprintIds.push(...sprints.values.filter((s) => s.state === undefined || s.state === null || s.state === 'active').map((s) => s.id));
        if (sprints.isLast !== false || sprints.values.length === 0) break;
        startAt += sprints.values.length;
      }
      results.push({ estimationFieldId, sprintIds });
    }
    return results;
  }

  private boardEstimationField(boardId: number, signal?: AbortSignal): Promise<string | undefined> {
    let cached = this.boardEstimation.get(boardId);
    if (!cached) {
      cached = this.request({ action: `see board ${boardId}`, subject: `Board ${boardId}` }, true, signal, (c) =>
        c.agile.board.getConfiguration({ boardId }),
      ).then((raw) => boardEstimationFieldId(parseJiraResponse(rawBoardConfigurationSchema, raw, `the configuration of board ${boardId}`)));
      const loading = cached;
      this.boardEstimation.set(boardId, loading);
      loading.catch(() => {
        if (this.boardEstimation.get(boardId) === loading) this.boardEstimation.delete(boardId);
      });
    }
    return cached;
  }
}

const clampText = (text: string) => (text.length > REMOTE_LINK_TEXT_MAX ? `${text.slice(0, REMOTE_LINK_TEXT_MAX - 1)}…` : text);

/** Ancestors nearest first, following parent pointers from the issue. */
function orderChain(issue: IssueSnapshot, ancestors: IssueSnapshot[]): IssueSnapshot[] {
  const byKey = new Map(ancestors.map((a) => [a.ref.key, a]));
  const chain: IssueSnapshot[] = [];
  let parent = issue.parent;
  while (parent !== undefined && byKey.has(parent)) {
    const next = byKey.get(parent)!;
    byKey.delete(parent);
    chain.push(next);
    parent = next.parent;
  }
  return chain;
}

export function createJiraAdapter(config: JiraAdapterConfig): JiraAdapter {
  return new JiraAdapter(config);
}
