/**
 * The Jira adapter's plumbing: jira.js loaded on first use (see client.ts), one request with a
 * time limit and the retry policy, the site's field catalog, searches, bulk fetches and the walks
 * up and down an issue tree.
 */
import { chunk } from '../../util/chunk';
import { hostOf } from '../../util/host';
import type { IssueSnapshot } from '../../okr/model';
import { abortableSleep, withRetry, type RetryOptions } from '../retry';
import { TrackerError } from '../tracker';
import { jqlString } from './link-truth';
import { collectTokenPages } from './token-pages';
import { attemptSignal, throwIfAborted, toTrackerError, type ErrorContext } from './client-errors';
import {
  canHaveChildren,
  discoverFieldCatalog,
  issueFieldsToRequest,
  JIRA_LINKS_PROPERTY,
  mapIssue,
  parseJiraResponse,
  rawBulkFetchSchema,
  rawFieldsSchema,
  rawRemoteLinksSchema,
  rawSearchPageSchema,
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
/** The same bound as Linear's: an answer that never comes must not hold the overlay forever. */
const DEFAULT_TIMEOUT_MS = 20_000;
export const MAX_PAGES = 1000;
const MAX_LEVELS = 10;
/** retry.ts's longest rate-limit wait, unless the config says otherwise. */
const MAX_RATE_LIMIT_WAIT_MS = 60_000;

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

export interface Clients {
  v3: Version3Client;
  agile: AgileClient;
}

export class JiraTransport {
  readonly tracker = 'jira' as const;
  readonly site: string;
  private catalog: Promise<JiraFieldCatalog> | undefined;
  /**
   * No request to the site before this time (ms since the epoch): a rate limit answered to one
   * request holds every request of the adapter, so reads sent side by side (an issue and the link
   * index) do not send another request before Retry-After has elapsed.
   */
  private heldUntil = 0;

  constructor(protected readonly config: JiraAdapterConfig) {
    this.site = new URL(config.site).origin;
  }

  protected async clients(signal?: AbortSignal): Promise<Clients> {
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
        const held = this.heldUntil - Date.now();
        if (held > 0) await abortableSleep(held, signal);
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
          const failure = toTrackerError(error, { site: this.site, auth: this.config.auth, ...context });
          this.holdAfter(failure);
          throw failure;
        } finally {
          attempt.dispose();
        }
      },
      { idempotent, signal, ...this.config.retry },
    );
  }

  /** A rate limit short enough to wait out (retry.ts) holds the adapter's other requests too. */
  private holdAfter(failure: TrackerError): void {
    const wait = failure.kind === 'rate-limit' ? failure.details.retryAfterMs : undefined;
    if (wait === undefined || wait > (this.config.retry?.maxRateLimitWaitMs ?? MAX_RATE_LIMIT_WAIT_MS)) return;
    this.heldUntil = Math.max(this.heldUntil, Date.now() + wait);
  }

  /** The story point and sprint fields of this site, read once per adapter. */
  protected fieldCatalog(signal?: AbortSignal): Promise<JiraFieldCatalog> {
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

  protected map(raw: RawIssue, catalog: JiraFieldCatalog): IssueSnapshot {
    return mapIssue(raw, { site: this.site, catalog });
  }

  /** Every issue a JQL selects, with the fields KR Lens maps and the links mirror. */
  protected searchAll(jql: string, catalog: JiraFieldCatalog, action: string, signal?: AbortSignal): Promise<RawIssue[]> {
    const page = { fields: issueFieldsToRequest(catalog), properties: [JIRA_LINKS_PROPERTY], maxResults: SEARCH_PAGE_SIZE };
    return this.searchPages(jql, page, action, signal);
  }

  /** The ids of every issue a JQL selects, 5,000 a page. */
  protected async searchIds(jql: string, action: string, signal?: AbortSignal): Promise<string[]> {
    return (await this.searchPages(jql, { fields: ['id'], maxResults: ID_SEARCH_PAGE_SIZE }, action, signal)).map((raw) => raw.id);
  }

  /** Every issue a JQL selects, following nextPageToken at the page cap. */
  protected async searchPages(
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
  protected async bulkFetch(keys: string[], catalog: JiraFieldCatalog, signal?: AbortSignal): Promise<RawIssue[]> {
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

  protected async remoteLinks(key: string, signal?: AbortSignal) {
    const raw = await this.request({ action: `read the links of ${key}`, subject: `Issue ${key}` }, true, signal, (c) =>
      c.v3.issueRemoteLinks.getRemoteIssueLinks({ issueIdOrKey: key }),
    );
    return parseJiraResponse(rawRemoteLinksSchema, raw, `the links of ${key}`);
  }

  /**
   * Children, grandchildren, …: one `parent in (…)` search per level per 100 parents. What links
   * they carry is not read here (the KRs an issue serves come from it and its ancestors, and a
   * KR's linked work from findLinkedIssues), so they carry none: never an unchecked guess.
   */
  protected async descendantsOf(
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
  protected async ancestorsOf(issues: readonly RawIssue[], catalog: JiraFieldCatalog, signal?: AbortSignal): Promise<RawIssue[]> {
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
}
