/**
 * The Linear adapter's plumbing: one GraphQL request with a timeout, the caller's abort signal
 * and the retry policy (see client.ts), paging with a page size that shrinks when Linear finds a
 * page too complex, and the walks up and down an issue tree.
 */
// Only the SDK's GraphQL client, imported by name so the bundler leaves its generated models out.
import { LinearGraphQLClient } from '@linear/sdk';
import { chunk } from '../../util/chunk';
import type { IssueSnapshot, KrRef } from '../../okr/model';
import { withRetry, type RetryOptions } from '../retry';
import { TrackerError } from '../tracker';
import { isTooComplex, toTrackerError } from './client-errors';
import {
  ANCESTORS_QUERY,
  byIds,
  DESCENDANT_LEVELS,
  DESCENDANTS_QUERY,
  descendantsFilter,
  ISSUES_BY_ID_QUERY,
  krAttachmentFilter,
  MAX_FILTER_VALUES,
  MAX_PAGE_SIZE,
  type IssueFilter,
} from './documents';
import { ancestorsOf, hasChildren, parseIssuePage, parseRawIssue, toSnapshot, type RawIssue } from './map';

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
export const MAX_TREE_ROUNDS = 30;

/** `MOB-12` (any case) → team key and number; anything else is not a Linear issue key. */
export function parseIdentifier(key: string): { teamKey: string; number: number } | null {
  const match = /^([A-Za-z0-9_]{1,10})-(\d{1,9})$/.exec(key.trim());
  return match ? { teamKey: match[1]!.toUpperCase(), number: Number(match[2]) } : null;
}

export function field(data: unknown, name: string): unknown {
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

export class LinearTransport {
  readonly tracker = 'linear' as const;
  readonly site: string;
  private readonly apiUrl: string;
  private readonly apiUrlProblem: string | undefined;
  /** Shrinks (and stays shrunk) if Linear ever finds a full page too complex. */
  private pageSize = MAX_PAGE_SIZE;

  constructor(protected readonly config: LinearAdapterConfig) {
    this.site = config.workspace.trim().toLowerCase();
    this.apiUrl = config.apiUrl ?? LINEAR_API_URL;
    this.apiUrlProblem = checkApiUrl(this.apiUrl);
  }

  // -- transport --------------------------------------------------------------------------------

  protected async apiKey(): Promise<string> {
    const key = (typeof this.config.apiKey === 'function' ? await this.config.apiKey() : this.config.apiKey).trim();
    if (!key) throw new TrackerError('auth', 'Add your Linear personal API key in Options to connect Linear.', { tracker: 'linear' });
    return key;
  }

  /** One GraphQL request, with a timeout, the caller's abort signal and the retry policy. */
  protected send(document: string, variables: Record<string, unknown>, write: boolean, signal?: AbortSignal): Promise<unknown> {
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
  protected async withPageSize<T>(run: (first: number) => Promise<T>): Promise<T> {
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
  protected async allIssues(
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
   * have children of their own become the next frontier. `firstRound` is a round already fetched;
   * an issue `known` says the caller holds everything below is not asked about.
   */
  protected async descendantsOf(
    rootIds: readonly string[],
    signal?: AbortSignal,
    firstRound?: RawIssue[],
    krAttachments: Record<string, unknown> = krAttachmentFilter(),
    known: (issue: RawIssue) => boolean = () => false,
  ): Promise<RawIssue[]> {
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
          level.push(...(await this.allIssues(DESCENDANTS_QUERY, descendantsFilter(byIds(ids)), signal, krAttachments)));
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
        .filter((issue) => hasChildren(issue) && depthBelow(issue, frontierIds, byId) === DESCENDANT_LEVELS && !known(issue))
        .map((issue) => issue.id);
    }
    return found;
  }

  /** Ancestors beyond what one request nests: follows `parent` until the top. */
  protected async completeAncestors(
    chain: RawIssue[],
    start: RawIssue,
    signal?: AbortSignal,
    krAttachments: Record<string, unknown> = krAttachmentFilter(),
  ): Promise<RawIssue[]> {
    const seen = new Set([start.id, ...chain.map((issue) => issue.id)]);
    let top = chain[chain.length - 1] ?? start;
    for (let round = 0; top.parent && !seen.has(top.parent.id) && round < MAX_TREE_ROUNDS; round++) {
      const next = parseRawIssue(field(await this.query(ANCESTORS_QUERY, { id: top.parent.id, krAttachments }, signal), 'issue'));
      const more = [next, ...ancestorsOf(next)].filter((issue) => !seen.has(issue.id));
      if (more.length === 0) break;
      for (const issue of more) seen.add(issue.id);
      chain.push(...more);
      top = chain[chain.length - 1]!;
    }
    return chain;
  }

  /** The ancestors of a set of issues, fetched a level at a time for all of them together. */
  protected async ancestorsOfAll(
    issues: readonly RawIssue[],
    signal?: AbortSignal,
    krAttachments: Record<string, unknown> = krAttachmentFilter(),
  ): Promise<RawIssue[]> {
    const known = new Map(issues.map((issue) => [issue.id, issue]));
    const found: RawIssue[] = [];
    let missing = [...new Set(issues.flatMap((issue) => (issue.parent && !known.has(issue.parent.id) ? [issue.parent.id] : [])))];
    for (let round = 0; missing.length > 0 && round < MAX_TREE_ROUNDS; round++) {
      const level: RawIssue[] = [];
      for (const ids of chunk(missing, MAX_FILTER_VALUES)) {
        level.push(...(await this.allIssues(ISSUES_BY_ID_QUERY, byIds(ids), signal, krAttachments)));
      }
      for (const issue of level) {
        if (known.has(issue.id)) continue;
        known.set(issue.id, issue);
        found.push(issue);
      }
      missing = [...new Set(level.flatMap((issue) => (issue.parent && !known.has(issue.parent.id) ? [issue.parent.id] : [])))];
    }
    return found;
  }

  protected snapshots(issues: Iterable<RawIssue>, krByUrl?: ReadonlyMap<string, KrRef>): IssueSnapshot[] {
    const seen = new Set<string>();
    const snapshots: IssueSnapshot[] = [];
    for (const issue of issues) {
      if (seen.has(issue.id)) continue;
      seen.add(issue.id);
      snapshots.push(toSnapshot(issue, this.site, krByUrl));
    }
    return snapshots;
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
