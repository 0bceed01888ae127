/**
 * The Linear adapter: TrackerAdapter over Linear's GraphQL API, through @linear/sdk's raw client
 * with KR Lens's own documents (documents.ts), so a page of issues with everything the overlay
 * needs is one request. Links are issue attachments (SPEC "Where data lives"): url = the KR's link
 * URL, title "KR: <title>", subtitle the objective, metadata.krLens = "<setId>:<krId>".
 *
 * Every request goes through withRetry: reads are retried on 5xx, timeouts and dropped
 * connections; writes only when Linear rate-limited them (it refused before doing anything);
 * a rate limit is waited out until Linear's reset time, never less.
 */
// Only the SDK's GraphQL client, imported by name so the bundler leaves its generated models out.
import { chunk } from '../../util/chunk';
import { LinearGraphQLClient } from '@linear/sdk';
import type { IssueSnapshot, KrRef } from '../../okr/model';
import { withAncestors } from '../ancestors';
import { withRetry, type RetryOptions } from '../retry';
import {
  isTrackerError,
  krLinkTitle,
  TrackerError,
  type IssueWithFamily,
  type KrLinkTarget,
  type LinkedIssuesResult,
  type ReadOptions,
  type Scope,
  type TrackerAdapter,
  type Viewer,
} from '../tracker';
import {
  activeCyclesOf,
  ANCESTORS_QUERY,
  byAttachmentUrls,
  byIdentifier,
  byIdentifiers,
  byIds,
  DESCENDANT_LEVELS,
  DESCENDANTS_QUERY,
  descendantsFilter,
  ISSUE_ATTACHMENTS_QUERY,
  ISSUE_FAMILY_QUERY,
  ISSUES_BY_ID_QUERY,
  ISSUES_BY_KEY_QUERY,
  krAttachmentFilter,
  LINK_MUTATION,
  LINKED_ISSUES_QUERY,
  MAX_FILTER_VALUES,
  MAX_PAGE_SIZE,
  openAssignedToMe,
  SCOPE_QUERY,
  UNLINK_MUTATION,
  VIEWER_QUERY,
  type IssueFilter,
} from './documents';
import { ancestorsOf, hasChildren, parseIssuePage, parseRawIssue, parseViewer, toSnapshot, type RawIssue } from './map';

export const LINEAR_API_URL = 'https://api.linear.app/graphql';

export interface LinearAdapterConfig {
  /**
   * The workspace url key (`acme` in https://linear.app/acme/issue/MOB-12). Empty when it is not
   * known yet: `whoAmI` then learns it from the key instead of checking the key against it.
   */
  workspace: string;
  /** A personal API key, or a function that reads it from storage at request time. */
  apiKey: string | (() => string | Promise<string>);
  /** Linear's API by default; http is accepted only for localhost (tests and the local demo). */
  apiUrl?: string;
  /** How long one request may take before it counts as a network failure. */
  timeoutMs?: number;
  retry?: Partial<Pick<RetryOptions, 'maxAttempts' | 'baseDelayMs' | 'maxRateLimitWaitMs' | 'sleep' | 'random'>>;
}

const DEFAULT_TIMEOUT_MS = 20_000;
/** Never page smaller than this when Linear finds a page too complex. */
const MIN_PAGE_SIZE = 25;
/** Bounds on tree walks, so a parent loop in Linear's data cannot keep us asking forever. */
const MAX_TREE_ROUNDS = 30;

export function createLinearAdapter(config: LinearAdapterConfig): TrackerAdapter {
  return new LinearAdapter(config);
}

// ---------------------------------------------------------------------------------------------
// Linear's failures → TrackerError sentences.

interface LinearErrorEntry {
  message?: string;
  extensions?: { code?: string; type?: string; userPresentableMessage?: string };
}

interface LinearFailure {
  status?: number;
  headers?: { get(name: string): string | null };
  errors: LinearErrorEntry[];
}

/** The raw response behind an @linear/sdk error (LinearError.raw is its GraphQLClientError). */
function failureOf(error: unknown): LinearFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const response = (error as { raw?: { response?: unknown } }).raw?.response ?? (error as { response?: unknown }).response;
  if (typeof response !== 'object' || response === null) return undefined;
  const r = response as { status?: unknown; headers?: unknown; errors?: unknown };
  return {
    status: typeof r.status === 'number' ? r.status : undefined,
    headers:
      typeof r.headers === 'object' && r.headers !== null && typeof (r.headers as Headers).get === 'function'
        ? (r.headers as Headers)
        : undefined,
    errors: Array.isArray(r.errors) ? (r.errors as LinearErrorEntry[]) : [],
  };
}

/**
 * How long Linear wants us to wait: `X-RateLimit-Requests-Reset` (or the complexity one) is the
 * reset time in epoch milliseconds; `Retry-After` in seconds is honoured too.
 */
export function retryAfterMsFrom(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const resets = ['x-ratelimit-requests-reset', 'x-ratelimit-complexity-reset', 'x-ratelimit-endpoint-requests-reset']
    .map((name) => Number(headers.get(name) ?? NaN))
    .filter((value) => Number.isFinite(value) && value > 0)
    // A value this small is seconds since the epoch, not milliseconds.
    .map((value) => (value < 10_000_000_000 ? value * 1000 : value));
  const latestReset = resets.length > 0 ? Math.max(...resets) : undefined;
  if (latestReset !== undefined && latestReset > now) return latestReset - now;
  const retryAfter = Number(headers.get('retry-after') ?? NaN);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  return latestReset !== undefined ? 0 : undefined;
}

const RESET_MARGIN_MS = 100;

const tooComplexErrors = new WeakSet<TrackerError>();
const isTooComplex = (error: unknown) => error instanceof TrackerError && tooComplexErrors.has(error);

const codeOf = (entry: LinearErrorEntry | undefined) => entry?.extensions?.code?.toUpperCase();
const typeOf = (entry: LinearErrorEntry | undefined) => entry?.extensions?.type?.toLowerCase();

/** Turns whatever a request threw into the one error type, with a sentence the user can act on. */
export function toTrackerError(error: unknown, now = Date.now()): TrackerError {
  if (error instanceof TrackerError) return error;
  const failure = failureOf(error);
  if (!failure) {
    return new TrackerError('network', 'Could not reach Linear — check your connection and try again.', {
      tracker: 'linear',
      cause: error,
    });
  }
  const { status, errors } = failure;
  const first = errors[0];
  const codes = errors.map(codeOf);
  const types = errors.map(typeOf);
  const details = { tracker: 'linear' as const, status, cause: error };

  if (codes.includes('RATELIMITED') || types.includes('ratelimited') || status === 429) {
    const announced = retryAfterMsFrom(failure.headers, now);
    // A little past the reset: Linear's clock and ours are not the same clock.
    const retryAfterMs = announced === undefined ? undefined : announced + RESET_MARGIN_MS;
    const wait = retryAfterMs === undefined ? 'in a minute' : `in about ${Math.max(1, Math.round(retryAfterMs / 1000))} s`;
    return new TrackerError('rate-limit', `Linear is rate-limiting this API key — try again ${wait}.`, {
      ...details,
      retryAfterMs,
    });
  }
  if (codes.includes('AUTHENTICATION_ERROR') || types.includes('authentication error') || status === 401) {
    return new TrackerError('auth', 'Linear rejected the API key — add a valid personal API key in Options.', details);
  }
  if (codes.includes('FORBIDDEN') || types.includes('forbidden') || status === 403) {
    return new TrackerError(
      'permission',
      'Your Linear API key may not do this — ask a Linear admin for access to the team, or use a key that can edit issues.',
      details,
    );
  }
  if (status !== undefined && status >= 500) {
    return new TrackerError('network', `Linear is having trouble right now (HTTP ${status}) — try again in a few minutes.`, details);
  }
  const message = first?.message ?? `HTTP ${status ?? '?'}`;
  if (errors.some((e) => /entity not found/i.test(e.message ?? '')) || codes.includes('ENTITY_NOT_FOUND')) {
    return new TrackerError('not-found', 'Linear has no such issue, or your API key cannot see it.', details);
  }
  const tracked = new TrackerError(
    'invalid',
    `Linear did not accept KR Lens's request (${first?.extensions?.userPresentableMessage ?? message}) — KR Lens may need an update.`,
    details,
  );
  if (errors.some((e) => /complex/i.test(e.message ?? ''))) tooComplexErrors.add(tracked);
  return tracked;
}

// ---------------------------------------------------------------------------------------------

/** `MOB-12` (any case) → team key and number; anything else is not a Linear issue key. */
export function parseIdentifier(key: string): { teamKey: string; number: number } | null {
  const match = /^([A-Za-z0-9_]{1,10})-(\d{1,9})$/.exec(key.trim());
  return match ? { teamKey: match[1]!.toUpperCase(), number: Number(match[2]) } : null;
}

function field(data: unknown, name: string): unknown {
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;
}

function checkApiUrl(apiUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return `“${apiUrl}” is not a valid Linear API address.`;
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && local)) return undefined;
  return 'The Linear API address must use https — the API key would otherwise travel in the clear.';
}

/** Exported for the team-space store (space.ts), which sends its documents through the same transport. */
export class LinearAdapter implements TrackerAdapter {
  readonly tracker = 'linear' as const;
  readonly site: string;
  private readonly apiUrl: string;
  private readonly apiUrlProblem: string | undefined;
  /** Shrinks (and stays shrunk) if Linear ever finds a full page too complex. */
  private pageSize = MAX_PAGE_SIZE;

  constructor(private readonly config: LinearAdapterConfig) {
    this.site = config.workspace.trim().toLowerCase();
    this.apiUrl = config.apiUrl ?? LINEAR_API_URL;
    this.apiUrlProblem = checkApiUrl(this.apiUrl);
  }

  // -- transport --------------------------------------------------------------------------------

  private async apiKey(): Promise<string> {
    const key = (typeof this.config.apiKey === 'function' ? await this.config.apiKey() : this.config.apiKey).trim();
    if (!key) throw new TrackerError('auth', 'Add your Linear personal API key in Options to connect Linear.', { tracker: 'linear' });
    return key;
  }

  /** One GraphQL request, with a timeout, the caller's abort signal and the retry policy. */
  private send(document: string, variables: Record<string, unknown>, write: boolean, signal?: AbortSignal): Promise<unknown> {
    const attempt = async (): Promise<unknown> => {
      if (this.apiUrlProblem) throw new TrackerError('invalid', this.apiUrlProblem, { tracker: 'linear' });
      const apiKey = await this.apiKey();
      const controller = new AbortController();
      const timeoutMs = this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      const forwardAbort = () => controller.abort(signal?.reason);
      if (signal?.aborted) forwardAbort();
      signal?.addEventListener('abort', forwardAbort, { once: true });
      try {
        // The SDK's GraphQL client alone: our own documents need none of its generated models,
        // which would otherwise make up most of the background bundle. A client per request:
        // the SDK passes its options to fetch, which is how the signal gets there.
        const client = new LinearGraphQLClient(this.apiUrl, { headers: { Authorization: apiKey }, signal: controller.signal });
        const response = await client.rawRequest(document, variables);
        return response.data;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (timedOut) {
          const seconds = (timeoutMs / 1000).toLocaleString('en', { maximumFractionDigits: 1 });
          throw new TrackerError('network', `Linear took longer than ${seconds} s to answer — try again in a moment.`, {
            tracker: 'linear',
            cause: error,
          });
        }
        throw toTrackerError(error);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', forwardAbort);
      }
    };
    return withRetry(attempt, { ...this.config.retry, idempotent: !write, signal });
  }

  query(document: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
    return this.send(document, variables, false, signal);
  }

  mutate(document: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
    return this.send(document, variables, true, signal);
  }

  /** Runs a paged request, halving the page size while Linear says the query is too complex. */
  private async withPageSize<T>(run: (first: number) => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await run(this.pageSize);
      } catch (error) {
        if (!isTooComplex(error) || this.pageSize <= MIN_PAGE_SIZE) throw error;
        this.pageSize = Math.max(MIN_PAGE_SIZE, Math.floor(this.pageSize / 2));
      }
    }
  }

  /** Every issue matching `filter`, page after page (from `after`, when another request read the first page). */
  private async allIssues(
    document: string,
    filter: IssueFilter,
    signal?: AbortSignal,
    krAttachments: Record<string, unknown> = krAttachmentFilter(),
    from?: string,
  ): Promise<RawIssue[]> {
    const issues: RawIssue[] = [];
    let after = from;
    for (;;) {
      const page = await this.withPageSize(async (first) =>
        parseIssuePage(field(await this.query(document, { filter, first, after, krAttachments }, signal), 'issues')),
      );
      issues.push(...page.nodes);
      if (!page.hasNextPage || !page.endCursor) return issues;
      after = page.endCursor;
    }
  }

  // -- tree walks -------------------------------------------------------------------------------

  /**
   * Everything below `rootIds`. Each round asks for three levels below the frontier in one
   * request per 100 frontier issues (more pages if needed); issues found at the third level that
   * have children of their own become the next frontier. `firstRound` is a round already fetched.
   */
  private async descendantsOf(rootIds: readonly string[], signal?: AbortSignal, firstRound?: RawIssue[]): Promise<RawIssue[]> {
    const seen = new Set(rootIds);
    const found: RawIssue[] = [];
    let frontier = [...rootIds];
    let prefetched = firstRound;
    for (let round = 0; frontier.length > 0 && round < MAX_TREE_ROUNDS; round++) {
      let level = prefetched;
      prefetched = undefined;
      if (!level) {
        level = [];
        for (const ids of chunk(frontier, MAX_FILTER_VALUES)) {
          level.push(...(await this.allIssues(DESCENDANTS_QUERY, descendantsFilter(byIds(ids)), signal)));
        }
      }
      const byId = new Map<string, RawIssue>();
      for (const issue of level) {
        if (seen.has(issue.id)) continue;
        seen.add(issue.id);
        byId.set(issue.id, issue);
        found.push(issue);
      }
      const frontierIds = new Set(frontier);
      frontier = [...byId.values()]
        .filter((issue) => hasChildren(issue) && depthBelow(issue, frontierIds, byId) === DESCENDANT_LEVELS)
        .map((issue) => issue.id);
    }
    return found;
  }

  /** Ancestors beyond what one request nests: follows `parent` until the top. */
  private async completeAncestors(chain: RawIssue[], start: RawIssue, signal?: AbortSignal): Promise<RawIssue[]> {
    const seen = new Set([start.id, ...chain.map((issue) => issue.id)]);
    let top = chain[chain.length - 1] ?? start;
    for (let round = 0; top.parent && !seen.has(top.parent.id) && round < MAX_TREE_ROUNDS; round++) {
      const next = parseRawIssue(
        field(await this.query(ANCESTORS_QUERY, { id: top.parent.id, krAttachments: krAttachmentFilter() }, signal), 'issue'),
      );
      const more = [next, ...ancestorsOf(next)].filter((issue) => !seen.has(issue.id));
      if (more.length === 0) break;
      for (const issue of more) seen.add(issue.id);
      chain.push(...more);
      top = chain[chain.length - 1]!;
    }
    return chain;
  }

  /** The ancestors of a set of issues, fetched a level at a time for all of them together. */
  private async ancestorsOfAll(issues: readonly RawIssue[], signal?: AbortSignal): Promise<RawIssue[]> {
    const known = new Map(issues.map((issue) => [issue.id, issue]));
    const found: RawIssue[] = [];
    let missing = [...new Set(issues.flatMap((issue) => (issue.parent && !known.has(issue.parent.id) ? [issue.parent.id] : [])))];
    for (let round = 0; missing.length > 0 && round < MAX_TREE_ROUNDS; round++) {
      const level: RawIssue[] = [];
      for (const ids of chunk(missing, MAX_FILTER_VALUES)) level.push(...(await this.allIssues(ISSUES_BY_ID_QUERY, byIds(ids), signal)));
      for (const issue of level) {
        if (known.has(issue.id)) continue;
        known.set(issue.id, issue);
        found.push(issue);
      }
      missing = [...new Set(level.flatMap((issue) => (issue.parent && !known.has(issue.parent.id) ? [issue.parent.id] : [])))];
    }
    return found;
  }

  private snapshots(issues: Iterable<RawIssue>, krByUrl?: ReadonlyMap<string, KrRef>): IssueSnapshot[] {
    const seen = new Set<string>();
    const snapshots: IssueSnapshot[] = [];
    for (const issue of issues) {
      if (seen.has(issue.id)) continue;
      seen.add(issue.id);
      snapshots.push(toSnapshot(issue, this.site, krByUrl));
    }
    return snapshots;
  }

  // -- TrackerAdapter ---------------------------------------------------------------------------

  async whoAmI(signal?: AbortSignal): Promise<Viewer> {
    const viewer = parseViewer(field(await this.query(VIEWER_QUERY, {}, signal), 'viewer'));
    if (this.site !== '' && viewer.workspace.toLowerCase() !== this.site) {
      throw new TrackerError(
        'auth',
        `This Linear API key belongs to the workspace “${viewer.workspaceName}” (${viewer.workspace}), not “${this.site}” — add a key from ${this.site} in Options.`,
        { tracker: 'linear' },
      );
    }
    return { id: viewer.id, name: viewer.name, ...(viewer.email ? { email: viewer.email } : {}), site: viewer.workspace.toLowerCase() };
  }

  /**
   * The issue's own attachments and each ancestor's come with the issue (SPEC "The links are the
   * truth": Linear has no mirror), so `options.krs` is not needed to report them exactly.
   */
  async getIssueWithFamily(key: string, options: ReadOptions = {}): Promise<IssueWithFamily | null> {
    const { signal } = options;
    const identifier = parseIdentifier(key);
    if (!identifier) return null;
    const first = async (pageSize: number) => {
      try {
        return await this.query(
          ISSUE_FAMILY_QUERY,
          {
            id: `${identifier.teamKey}-${identifier.number}`,
            descendants: descendantsFilter(byIdentifier(identifier.teamKey, identifier.number)),
            first: pageSize,
            krAttachments: krAttachmentFilter(),
          },
          signal,
        );
      } catch (error) {
        if (isTrackerError(error) && error.kind === 'not-found') return null;
        throw error;
      }
    };
    const data = await this.withPageSize(first);
    if (data === null) return null;
    const issue = parseRawIssue(field(data, 'issue'));
    const ancestors = await this.completeAncestors(ancestorsOf(issue), issue, signal);

    let firstRound: RawIssue[] | undefined;
    // Linear still answers a moved issue's old key; the descendant filter used the old team and
    // number, so it is only trusted when the key is the issue's current identifier.
    if (issue.identifier.toUpperCase() === `${identifier.teamKey}-${identifier.number}`) {
      const page = parseIssuePage(field(data, 'descendants'));
      firstRound = page.nodes;
      if (page.hasNextPage && page.endCursor) {
        const filter = descendantsFilter(byIdentifier(identifier.teamKey, identifier.number));
        firstRound.push(...(await this.allIssues(DESCENDANTS_QUERY, filter, signal, krAttachmentFilter(), page.endCursor)));
      }
    }
    const descendants = hasChildren(issue) ? await this.descendantsOf([issue.id], signal, firstRound) : [];
    return {
      issue: toSnapshot(issue, this.site),
      ancestors: this.snapshots(ancestors),
      descendants: this.snapshots(descendants),
    };
  }

  async getIssues(keys: string[], options: ReadOptions = {}): Promise<IssueSnapshot[]> {
    const { signal } = options;
    const wanted = [
      ...new Set(
        keys
          .map((key) => parseIdentifier(key))
          .filter((id) => id !== null)
          .map((id) => `${id.teamKey}-${id.number}`),
      ),
    ];
    const found = new Map<string, RawIssue>();
    for (const batch of chunk(wanted, MAX_FILTER_VALUES)) {
      const numbersByTeam = new Map<string, number[]>();
      for (const key of batch) {
        const { teamKey, number } = parseIdentifier(key)!;
        numbersByTeam.set(teamKey, [...(numbersByTeam.get(teamKey) ?? []), number]);
      }
      for (const issue of await this.allIssues(ISSUES_BY_KEY_QUERY, byIdentifiers(numbersByTeam), signal)) {
        found.set(issue.identifier.toUpperCase(), issue);
      }
    }
    return this.snapshots(wanted.flatMap((key) => (found.has(key) ? [found.get(key)!] : [])));
  }

  async getIssuesWithAncestors(
    keys: string[],
    options: ReadOptions & { known?: ReadonlyMap<string, IssueSnapshot> } = {},
  ): Promise<IssueSnapshot[]> {
    const read = (wanted: string[]) => this.getIssues(wanted, options);
    return withAncestors(await read(keys), read, options.known);
  }

  async link(key: string, target: KrLinkTarget, signal?: AbortSignal): Promise<void> {
    const data = await this.mutate(
      LINK_MUTATION,
      {
        input: {
          issueId: key.trim(),
          url: target.url,
          title: krLinkTitle(target.title),
          subtitle: target.objectiveTitle,
          metadata: { krLens: `${target.setId}:${target.krId}` },
        },
      },
      signal,
    );
    if (field(field(data, 'attachmentCreate'), 'success') !== true) {
      throw new TrackerError('invalid', `Linear did not save the link from ${key} to “${target.title}” — try again.`, {
        tracker: 'linear',
      });
    }
  }

  async unlink(key: string, kr: KrRef & { url: string }, signal?: AbortSignal): Promise<void> {
    let data: unknown;
    try {
      data = await this.query(ISSUE_ATTACHMENTS_QUERY, { id: key.trim(), url: kr.url }, signal);
    } catch (error) {
      // No such issue: there is no link to remove either.
      if (isTrackerError(error) && error.kind === 'not-found') return;
      throw error;
    }
    const attachments = field(field(field(data, 'issue'), 'attachments'), 'nodes');
    const ids = Array.isArray(attachments)
      ? attachments.flatMap((node) =>
          typeof field(node, 'id') === 'string' && field(node, 'url') === kr.url ? [field(node, 'id') as string] : [],
        )
      : [];
    for (const id of ids) {
      try {
        await this.mutate(UNLINK_MUTATION, { id }, signal);
      } catch (error) {
        // Deleted meanwhile (another tab, a teammate): the goal is reached.
        if (!(isTrackerError(error) && error.kind === 'not-found')) throw error;
      }
    }
  }

  async findLinkedIssues(krs: Array<KrRef & { url: string }>, signal?: AbortSignal): Promise<LinkedIssuesResult> {
    const krByUrl = new Map(krs.map((kr) => [kr.url, { setId: kr.setId, krId: kr.krId }]));
    const linked = new Map<string, RawIssue>();
    for (const urls of chunk([...krByUrl.keys()], MAX_FILTER_VALUES)) {
      const issues = await this.allIssues(LINKED_ISSUES_QUERY, byAttachmentUrls(urls), signal, krAttachmentFilter(urls));
      for (const issue of issues) linked.set(issue.id, issue);
    }
    const parents = [...linked.values()].filter(hasChildren).map((issue) => issue.id);
    const descendants = await this.descendantsOf(parents, signal);
    return { issues: this.snapshots([...linked.values(), ...descendants], krByUrl) };
  }

  async listScope(scope: Scope, options: ReadOptions = {}): Promise<IssueSnapshot[]> {
    const { signal } = options;
    let filter: IssueFilter;
    if (scope.type === 'linear-teams') {
      const teamKeys = [...new Set(scope.teamKeys.map((key) => key.trim().toUpperCase()).filter(Boolean))];
      if (teamKeys.length === 0) return [];
      filter = activeCyclesOf(teamKeys);
    } else if (scope.type === 'assigned-to-me') {
      filter = openAssignedToMe();
    } else {
      throw new TrackerError('unsupported', 'That scope is a Jira one — for Linear, choose teams or “assigned to me”.', {
        tracker: 'linear',
      });
    }
    const issues = await this.allIssues(SCOPE_QUERY, filter, signal);
    const ancestors = await this.ancestorsOfAll(issues, signal);
    return this.snapshots([...issues, ...ancestors]);
  }
}

/** How many levels below the frontier an issue sits, following parents through this round's finds. */
function depthBelow(issue: RawIssue, frontier: ReadonlySet<string>, round: ReadonlyMap<string, RawIssue>): number {
  let depth = 1;
  let parentId = issue.parent?.id;
  while (parentId !== undefined && !frontier.has(parentId) && depth <= DESCENDANT_LEVELS) {
    parentId = round.get(parentId)?.parent?.id;
    depth += 1;
  }
  return depth;
}
