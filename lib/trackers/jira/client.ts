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
 * - Links are remote links with globalId `kr-lens:<setId>:<krId>` (SPEC "Where data lives"), and
 *   they are the truth, whoever made them.
 * - Jira's search returns issues, not their remote links, and reading each issue's links would
 *   cost one request per issue. So `link`/`unlink` also mirror the issue's KR globalIds into
 *   the issue property `kr-lens-links`, and every search and issue read asks for that property.
 *   The mirror is only a guess: every read checks the guesses of all the issues it read in one
 *   search, and reads the remote links of just the issues whose mirror is wrong
 *   (link-truth.ts). A mirror that cannot be written (the user may link issues but not edit
 *   them: 403) never fails a link.
 * - An issue page (`getIssueWithFamily`): the issue, one bulk fetch per ancestor level, then the
 *   check of the issue and its ancestors beside the first search for its children. The mirrors
 *   found wrong there are rewritten (best effort), so the next read is cheaper.
 * - `findLinkedIssues` for K KRs costs ceil(K/100) searches
 *   (`issue in issuesWithRemoteLinksByGlobalId(…)`, at most 100 ids each) × their pages (100
 *   issues each, the cap with fields), one check telling the KRs of a match apart (none for a
 *   single KR), then one `parent in (…)` search per level of descendants per 100 parents.
 *
 * Endpoints (all in contracts/jira-platform and jira-software OpenAPI): GET /rest/api/3/myself,
 * GET /rest/api/3/field, GET /rest/api/3/issue/{key}, POST /rest/api/3/issue/bulkfetch (by key,
 * because JQL `key in (…)` fails outright on one missing key), POST /rest/api/3/search/jql,
 * GET|POST|DELETE /rest/api/3/issue/{key}/remotelink, PUT /rest/api/3/issue/{key}/properties/{key},
 * GET /rest/agile/1.0/board, /board/{id}/configuration, /board/{id}/sprint?state=active.
 */
import { chunk } from '../../util/chunk';
import { hostOf } from '../../util/host';
import { collectTokenPages } from './token-pages';
import type { IssueSnapshot, KrRef } from '../../okr/model';
import { withRetry, type RetryOptions } from '../retry';
import {
  KR_LINK_RELATIONSHIP,
  krGlobalId,
  krLinkTitle,
  TrackerError,
  type IssueWithFamily,
  type KrLinkTarget,
  type KrWithUrl,
  type LinkedIssuesResult,
  type ReadOptions,
  type Scope,
  type TrackerAdapter,
  type Viewer,
} from '../tracker';
import { withAncestors } from '../ancestors';
import {
  candidateOf,
  checkLinks,
  jqlString,
  jqlWhere,
  linkedToAny,
  type CheckOptions,
  type CheckScope,
  type CheckedLinks,
} from './link-truth';
import {
  boardEstimationFieldId,
  canHaveChildren,
  discoverFieldCatalog,
  issueFieldsToRequest,
  globalIdsFromProperty,
  JIRA_LINKS_PROPERTY,
  krGlobalIdsFromRemoteLinks,
  krRefsFromProperty,
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
/** The enhanced search's page cap when only ids are asked for. */
const ID_SEARCH_PAGE_SIZE = 5000;
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

export { jqlString };

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
    return {
      status: response.status,
      data: response.data,
      retryAfter: retryAfter === undefined || retryAfter === null ? undefined : String(retryAfter),
    };
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
  if (status === 404)
    return new TrackerError('not-found', `${context.subject} was not found on Jira at ${host}, or you can't see it.`, details);
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

/**
 * The site will not take the links mirror: the user may not edit the issue (403), the issue is
 * gone (404), or the site has no issue properties (501). Not worth a retry or a sentence: the
 * link itself stands, and reads find it from the remote links.
 */
const isRefusedMirrorWrite = (error: unknown) => error instanceof TrackerError && [403, 404, 501].includes(error.details.status ?? 0);

// ---------------------------------------------------------------------------------------------

export class JiraAdapter implements TrackerAdapter {
  readonly tracker = 'jira' as const;
  readonly site: string;
  private catalog: Promise<JiraFieldCatalog> | undefined;
  /** Board id → its estimation field; a board's configuration rarely changes, its sprints often. */
  private readonly boardEstimation = new Map<number, Promise<string | undefined>>();
  /** Remembered so later refreshes go straight to the fallback instead of failing first. */
  private remoteLinkFunctionRefused = false;
  /** Issues whose mirror the site refused to take: a read does not try to repair it again. */
  private readonly mirrorRefused = new Set<string>();

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
            throw new TrackerError(
              'network',
              `Jira at ${hostOf(this.site)} took longer than ${seconds} s to answer. Try again in a moment.`,
              {
                tracker: 'jira',
                cause: error,
              },
            );
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

  /** Every issue a JQL selects, with the fields KR Lens maps and the links mirror. */
  private searchAll(jql: string, catalog: JiraFieldCatalog, action: string, signal?: AbortSignal): Promise<RawIssue[]> {
    const page = { fields: issueFieldsToRequest(catalog), properties: [JIRA_LINKS_PROPERTY], maxResults: SEARCH_PAGE_SIZE };
    return this.searchPages(jql, page, action, signal);
  }

  /** The ids of every issue a JQL selects, 5,000 a page. */
  private async searchIds(jql: string, action: string, signal?: AbortSignal): Promise<string[]> {
    return (await this.searchPages(jql, { fields: ['id'], maxResults: ID_SEARCH_PAGE_SIZE }, action, signal)).map((raw) => raw.id);
  }

  /** Every issue a JQL selects, following nextPageToken at the page cap. */
  private async searchPages(
    jql: string,
    request: { fields: string[]; properties?: string[]; maxResults: number },
    action: string,
    signal?: AbortSignal,
  ): Promise<RawIssue[]> {
    return collectTokenPages(async (nextPageToken) => {
      const raw = await this.request({ action, subject: 'The search' }, true, signal, (c) =>
        c.v3.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({ jql, ...request, ...(nextPageToken ? { nextPageToken } : {}) }),
      );
      return parseJiraResponse(rawSearchPageSchema, raw, 'a search');
    });
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

  /** The KR links of these issues (see link-truth.ts); remembers a site that refuses the check. */
  private async checkLinks(raws: readonly RawIssue[], options: CheckOptions & { signal?: AbortSignal }): Promise<CheckedLinks> {
    const { signal } = options;
    const checked = await checkLinks(
      {
        searchIds: (jql) => this.searchIds(jql, 'check the KR links of issues', signal),
        krGlobalIds: async (key) => {
          try {
            return krGlobalIdsFromRemoteLinks(await this.remoteLinks(key, signal));
          } catch (error) {
            if (error instanceof TrackerError && error.kind === 'not-found') return null;
            throw error;
          }
        },
        isRefusedFunction: (error) => error instanceof TrackerError && isRefusedRemoteLinkFunction(error),
      },
      raws.map(candidateOf),
      { ...options, functionRefused: this.remoteLinkFunctionRefused },
    );
    if (checked.refused) this.remoteLinkFunctionRefused = true;
    return checked;
  }

  /** Snapshots of raw issues with their KR links checked. */
  private async checkedSnapshots(
    raws: readonly RawIssue[],
    catalog: JiraFieldCatalog,
    options: CheckOptions & { signal?: AbortSignal },
  ): Promise<IssueSnapshot[]> {
    const { refs } = await this.checkLinks(raws, options);
    return raws.map((raw) => ({ ...this.map(raw, catalog), krRefs: refs.get(raw.key) ?? [] }));
  }

  /**
   * Children, grandchildren, …: one `parent in (…)` search per level per 100 parents. What links
   * they carry is not read here (the KRs an issue serves come from it and its ancestors, and a
   * KR's linked work from findLinkedIssues), so they carry none: never an unchecked guess.
   */
  private async descendantsOf(
    roots: IssueSnapshot[],
    catalog: JiraFieldCatalog,
    known: Set<string>,
    signal?: AbortSignal,
  ): Promise<IssueSnapshot[]> {
    const found: IssueSnapshot[] = [];
    let level = roots.filter(canHaveChildren).map((i) => i.ref.key);
    for (let depth = 0; depth < MAX_LEVELS && level.length > 0; depth++) {
      const next: IssueSnapshot[] = [];
      for (const batch of chunk(level, KEYS_PER_REQUEST)) {
        const jql = `parent in (${batch.map(jqlString).join(', ')}) ORDER BY key ASC`;
        for (const raw of await this.searchAll(jql, catalog, 'read child issues', signal)) {
          if (known.has(raw.key)) continue;
          known.add(raw.key);
          const issue = { ...this.map(raw, catalog), krRefs: [] };
          found.push(issue);
          next.push(issue);
        }
      }
      level = next.filter(canHaveChildren).map((i) => i.ref.key);
    }
    return found;
  }

  /**
   * The raw parents of these issues that are not among them, level by level up to the top (a
   * bulk fetch per level), nearest level first.
   */
  private async ancestorsOf(issues: readonly RawIssue[], catalog: JiraFieldCatalog, signal?: AbortSignal): Promise<RawIssue[]> {
    const parentOf = (raw: RawIssue) => this.map(raw, catalog).parent;
    const known = new Set(issues.map((i) => i.key));
    const ancestors: RawIssue[] = [];
    let missing = [...new Set(issues.map(parentOf).filter((p): p is string => p !== undefined && !known.has(p)))];
    for (let depth = 0; depth < MAX_LEVELS && missing.length > 0; depth++) {
      for (const key of missing) known.add(key);
      const fetched = await this.bulkFetch(missing, catalog, signal);
      ancestors.push(...fetched);
      missing = [...new Set(fetched.map(parentOf).filter((p): p is string => p !== undefined && !known.has(p)))];
    }
    return ancestors;
  }

  /**
   * Rewrites the links mirror from the issue's actual remote links, after a link or unlink. A
   * site that refuses the write (see isRefusedMirrorWrite) is not asked again and not retried.
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
      if (!isRefusedMirrorWrite(error)) throw error;
    }
  }

  private async writeLinksProperty(key: string, globalIds: string[], signal?: AbortSignal): Promise<void> {
    try {
      await this.request({ action: `update ${key}`, subject: `Issue ${key}` }, true, signal, (c) =>
        c.v3.issueProperties.setIssueProperty({
          issueIdOrKey: key,
          propertyKey: JIRA_LINKS_PROPERTY,
          propertyValue: linksPropertyValue(globalIds),
        }),
      );
      this.mirrorRefused.delete(key);
    } catch (error) {
      if (isRefusedMirrorWrite(error)) this.mirrorRefused.add(key);
      throw error;
    }
  }

  /**
   * The issues whose links were read because their mirror was wrong or missing get it rewritten,
   * so the next read of them is checked without a link read. Best effort: the answer comes from
   * the links either way, and a mirror the site refused is not asked for again.
   */
  private async repairMirrors(raws: readonly RawIssue[], read: ReadonlyMap<string, string[]>, signal?: AbortSignal): Promise<void> {
    const repairs = raws.flatMap((raw) => {
      const links = read.get(raw.key);
      if (links === undefined || this.mirrorRefused.has(raw.key)) return [];
      const wanted = linksPropertyValue(links).globalIds;
      const current = linksPropertyValue(globalIdsFromProperty(raw.properties?.[JIRA_LINKS_PROPERTY]) ?? []).globalIds;
      return current.join('\n') === wanted.join('\n') ? [] : [{ key: raw.key, wanted }];
    });
    await Promise.all(
      repairs.map(async ({ key, wanted }) => {
        try {
          await this.writeLinksProperty(key, wanted, signal);
        } catch (error) {
          throwIfAborted(signal);
          if (!(error instanceof TrackerError)) throw error;
        }
      }),
    );
  }

  // --- TrackerAdapter ------------------------------------------------------------------------

  async whoAmI(signal?: AbortSignal): Promise<Viewer> {
    const raw = await this.request({ action: 'read your profile', subject: 'Your profile' }, true, signal, (c) =>
      c.v3.myself.getCurrentUser(),
    );
    return mapViewer(parseJiraResponse(rawMyselfSchema, raw, 'who you are'));
  }

  /**
   * The issue, one bulk fetch per ancestor level, then the check of the links of the issue and its
   * ancestors beside the search for its children (see the header).
   */
  async getIssueWithFamily(key: string, options: ReadOptions = {}): Promise<IssueWithFamily | null> {
    const { signal } = options;
    const catalog = await this.fieldCatalog(signal);
    let raw: RawIssue;
    try {
      const answer = await this.request({ action: `read ${key}`, subject: `Issue ${key}` }, true, signal, (c) =>
        c.v3.issues.getIssue({ issueIdOrKey: key, fields: issueFieldsToRequest(catalog), properties: [JIRA_LINKS_PROPERTY] }),
      );
      raw = parseJiraResponse(rawIssueSchema, answer, `issue ${key}`);
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'not-found') return null;
      throw error;
    }
    const ancestors = await this.ancestorsOf([raw], catalog, signal);
    const chain = [raw, ...ancestors];
    const known = new Set(chain.map((r) => r.key));
    const checkAndRepair = async () => {
      const checked = await this.checkLinks(chain, options);
      await this.repairMirrors(chain, checked.read, signal);
      return checked;
    };
    const [links, descendants] = await Promise.all([
      checkAndRepair(),
      this.descendantsOf([this.map(raw, catalog)], catalog, known, signal),
    ]);
    const [issue, ...above] = chain.map((r) => ({ ...this.map(r, catalog), krRefs: links.refs.get(r.key) ?? [] }));
    return { issue: issue!, ancestors: orderChain(issue!, above), descendants };
  }

  async getIssues(keys: string[], options: ReadOptions = {}): Promise<IssueSnapshot[]> {
    if (keys.length === 0) return [];
    const catalog = await this.fieldCatalog(options.signal);
    return this.checkedSnapshots(await this.bulkFetch(keys, catalog, options.signal), catalog, options);
  }

  /** The issues and their ancestors a bulk fetch per level, then one check of all their links. */
  async getIssuesWithAncestors(
    keys: string[],
    options: ReadOptions & { known?: ReadonlyMap<string, IssueSnapshot> } = {},
  ): Promise<IssueSnapshot[]> {
    if (keys.length === 0) return [];
    const catalog = await this.fieldCatalog(options.signal);
    const raws = new Map<string, RawIssue>();
    const read = async (wanted: string[]) => {
      const fetched = await this.bulkFetch(wanted, catalog, options.signal);
      for (const raw of fetched) raws.set(raw.key, raw);
      return fetched.map((raw) => this.map(raw, catalog));
    };
    const all = await withAncestors(await read(keys), read, options.known);
    const checked = new Map((await this.checkedSnapshots([...raws.values()], catalog, options)).map((issue) => [issue.ref.key, issue]));
    return all.map((issue) => checked.get(issue.ref.key) ?? issue);
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
    const unique = [...new Map(krs.map((kr) => [krGlobalId(kr), kr])).values()];
    if (unique.length === 0) return { issues: [] };
    const catalog = await this.fieldCatalog(signal);
    let linked: IssueSnapshot[] | null = null;
    let fallbackNotice: string | undefined;
    if (!this.remoteLinkFunctionRefused) {
      try {
        linked = await this.searchByGlobalIds(unique, catalog, signal);
      } catch (error) {
        if (!(error instanceof TrackerError && isRefusedRemoteLinkFunction(error))) throw error;
        this.remoteLinkFunctionRefused = true;
      }
    }
    if (linked === null) {
      linked = await this.searchScopeForLinks(unique, catalog, signal);
      fallbackNotice = this.fallbackNotice();
    }
    const known = new Set(linked.map((i) => i.ref.key));
    const descendants = await this.descendantsOf(linked, catalog, known, signal);
    return { issues: [...linked, ...descendants], ...(fallbackNotice ? { fallbackNotice } : {}) };
  }

  /**
   * ceil(K/100) searches × pages, then the KRs of each match: a single KR needs nothing more;
   * several are told apart by one check of the matches' mirrors (see link-truth.ts).
   */
  private async searchByGlobalIds(krs: readonly KrWithUrl[], catalog: JiraFieldCatalog, signal?: AbortSignal): Promise<IssueSnapshot[]> {
    const byKey = new Map<string, RawIssue>();
    for (const batch of chunk(krs, GLOBAL_IDS_PER_SEARCH)) {
      const jql = `${linkedToAny(batch.map(krGlobalId))} ORDER BY key ASC`;
      for (const raw of await this.searchAll(jql, catalog, 'search for linked issues', signal)) byKey.set(raw.key, raw);
    }
    const raws = [...byKey.values()];
    if (krs.length === 1) return raws.map((raw) => ({ ...this.map(raw, catalog), krRefs: [{ setId: krs[0]!.setId, krId: krs[0]!.krId }] }));
    return this.checkedSnapshots(raws, catalog, { krs, linked: true, signal });
  }

  /**
   * The fallback: the links mirror of every issue in a bounded scope, read from search pages. A
   * match's links are then read, so a stale mirror does not keep a deleted link alive; links
   * without a mirror stay out of sight here (the notice says the search was not available).
   */
  private async searchScopeForLinks(krs: readonly KrWithUrl[], catalog: JiraFieldCatalog, signal?: AbortSignal): Promise<IssueSnapshot[]> {
    const wanted = new Set(krs.map(krGlobalId));
    const jql = `${this.config.fallbackScopeJql ?? DEFAULT_FALLBACK_SCOPE_JQL} ORDER BY key ASC`;
    const claimed = (await this.searchAll(jql, catalog, 'search for linked issues', signal)).filter((raw) =>
      (krRefsFromProperty(raw.properties?.[JIRA_LINKS_PROPERTY]) ?? []).some((ref) => wanted.has(krGlobalId(ref))),
    );
    const checked = await this.checkedSnapshots(claimed, catalog, { krs, signal });
    return checked.filter((issue) => issue.krRefs.some((ref) => wanted.has(krGlobalId(ref))));
  }

  private fallbackNotice(): string {
    const host = hostOf(this.site);
    return this.config.fallbackScopeJql
      ? `Jira at ${host} does not offer the search for linked issues, so KR Lens looked for KR links only among issues matching "${this.config.fallbackScopeJql}".`
      : `Jira at ${host} does not offer the search for linked issues, so KR Lens looked for KR links only among issues updated in the last 90 days; older linked work is not counted.`;
  }

  async listScope(scope: Scope, options: ReadOptions = {}): Promise<IssueSnapshot[]> {
    const { issues, ancestors } = await this.listScopeParts(scope, options);
    return [...issues, ...ancestors];
  }

  /**
   * The scope's issues and, apart, the ancestors fetched so alignment through an epic is visible;
   * then one check of all their links, the scope's issues selected by the scope's own JQL.
   */
  async listScopeParts(scope: Scope, options: ReadOptions = {}): Promise<{ issues: IssueSnapshot[]; ancestors: IssueSnapshot[] }> {
    const { signal } = options;
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
    const issues = await this.searchAll(jql, catalog, 'search issues', signal);
    const ancestors = await this.ancestorsOf(issues, catalog, signal);
    const where = jqlWhere(jql);
    const scoped: CheckScope | undefined = where === null ? undefined : { where, ids: new Set(issues.map((raw) => raw.id)) };
    const checked = await this.checkedSnapshots([...issues, ...ancestors], catalog, { ...options, ...(scoped ? { scope: scoped } : {}) });
    return { issues: checked.slice(0, issues.length), ancestors: checked.slice(issues.length) };
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
  private async activeSprintsOf(
    boardIds: number[],
    signal?: AbortSignal,
  ): Promise<Array<{ estimationFieldId?: string; sprintIds: number[] }>> {
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
