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
import { chunk } from '../../util/chunk';
import type { IssueSnapshot, KrRef } from '../../okr/model';
import { withAncestors } from '../ancestors';
import {
  isTrackerError,
  krLinkTitle,
  TrackerError,
  type IssueWithFamily,
  type KrLinkTarget,
  type LinkedIssuesResult,
  type LinkedReadOptions,
  type ReadOptions,
  type Scope,
  type TrackerAdapter,
  type Viewer,
} from '../tracker';
import { field, LinearTransport, parseIdentifier, type LinearAdapterConfig } from './client-transport';
import {
  activeCyclesOf,
  byAttachmentUrls,
  byIdentifier,
  byIdentifiers,
  DESCENDANTS_QUERY,
  descendantsFilter,
  ISSUE_ATTACHMENTS_QUERY,
  ISSUE_FAMILY_QUERY,
  ISSUES_BY_KEY_QUERY,
  krAttachmentFilter,
  LINK_MUTATION,
  LINKED_ISSUES_QUERY,
  LINKED_WITH_DESCENDANTS_QUERY,
  linkedWithDescendantsPage,
  MAX_FILTER_VALUES,
  openAssignedToMe,
  SCOPE_QUERY,
  UNLINK_MUTATION,
  VIEWER_QUERY,
  type IssueFilter,
} from './documents';
import { knownSubtrees, withKnown } from './known-below';
import { ancestorsOf, hasChildren, parseIssuePage, parseRawIssue, parseViewer, toSnapshot, type IssuePage, type RawIssue } from './map';
import { krUniverse } from './universe';

export { retryAfterMsFrom, toTrackerError } from './client-errors';
export { LINEAR_API_URL, parseIdentifier, type LinearAdapterConfig } from './client-transport';

export function createLinearAdapter(config: LinearAdapterConfig): TrackerAdapter {
  return new LinearAdapter(config);
}

/** Exported for the team-space store (space.ts), which sends its documents through the same transport. */
export class LinearAdapter extends LinearTransport implements TrackerAdapter {
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
   * truth": Linear has no mirror); with `options.krs` every issue of the family, descendants too,
   * carries exactly its links to those KRs, however they were made (universe.ts).
   */
  async getIssueWithFamily(key: string, options: ReadOptions = {}): Promise<IssueWithFamily | null> {
    const { signal } = options;
    const identifier = parseIdentifier(key);
    if (!identifier) return null;
    const universe = krUniverse(options.krs);
    const first = async (pageSize: number) => {
      try {
        return await this.query(
          ISSUE_FAMILY_QUERY,
          {
            id: `${identifier.teamKey}-${identifier.number}`,
            descendants: descendantsFilter(byIdentifier(identifier.teamKey, identifier.number)),
            first: pageSize,
            krAttachments: universe.attachments,
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
    const ancestors = await this.completeAncestors(ancestorsOf(issue), issue, signal, universe.attachments);

    let firstRound: RawIssue[] | undefined;
    // Linear still answers a moved issue's old key; the descendant filter used the old team and
    // number, so it is only trusted when the key is the issue's current identifier.
    if (issue.identifier.toUpperCase() === `${identifier.teamKey}-${identifier.number}`) {
      const page = parseIssuePage(field(data, 'descendants'));
      firstRound = page.nodes;
      if (page.hasNextPage && page.endCursor) {
        const filter = descendantsFilter(byIdentifier(identifier.teamKey, identifier.number));
        firstRound.push(...(await this.allIssues(DESCENDANTS_QUERY, filter, signal, universe.attachments, page.endCursor)));
      }
    }
    const descendants = hasChildren(issue) ? await this.descendantsOf([issue.id], signal, firstRound, universe.attachments) : [];
    return {
      issue: toSnapshot(issue, this.site, universe.byUrl),
      ancestors: this.snapshots(ancestors, universe.byUrl),
      descendants: this.snapshots(descendants, universe.byUrl),
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
    const universe = krUniverse(options.krs);
    const found = new Map<string, RawIssue>();
    for (const batch of chunk(wanted, MAX_FILTER_VALUES)) {
      const numbersByTeam = new Map<string, number[]>();
      for (const key of batch) {
        const { teamKey, number } = parseIdentifier(key)!;
        numbersByTeam.set(teamKey, [...(numbersByTeam.get(teamKey) ?? []), number]);
      }
      for (const issue of await this.allIssues(ISSUES_BY_KEY_QUERY, byIdentifiers(numbersByTeam), signal, universe.attachments)) {
        found.set(issue.identifier.toUpperCase(), issue);
      }
    }
    return this.snapshots(
      wanted.flatMap((key) => (found.has(key) ? [found.get(key)!] : [])),
      universe.byUrl,
    );
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

  /**
   * One request per 100 KRs carries the linked issues and three levels of their sub-issues; only
   * further pages, and trees deeper than three levels, cost more (not the parts of the tree in
   * `options.knownBelow`). With `options.krs`, every issue carries all its links to those KRs
   * (the attachment filter takes them by URL prefix: universe.ts), and the answer says so.
   */
  async findLinkedIssues(
    krs: Array<KrRef & { url: string }>,
    signal?: AbortSignal,
    options: LinkedReadOptions = {},
  ): Promise<LinkedIssuesResult> {
    const universe = krUniverse(options.krs, krs);
    const linked = new Map<string, RawIssue>();
    const below: RawIssue[] = [];
    for (const urls of chunk([...new Set(krs.map((kr) => kr.url))], MAX_FILTER_VALUES)) {
      const found = await this.linkedWithDescendants(urls, universe.exact ? universe.attachments : krAttachmentFilter(urls), signal);
      for (const issue of found.linked) linked.set(issue.id, issue);
      below.push(...found.descendants);
    }
    const parents = [...linked.values()].filter(hasChildren).map((issue) => issue.id);
    const known = knownSubtrees(options.knownBelow);
    const descendants = await this.descendantsOf(parents, signal, below, universe.attachments, known.has);
    const issues = withKnown(this.snapshots([...linked.values(), ...descendants], universe.byUrl), known.taken());
    return { issues, ...(universe.exact ? { linksComplete: true as const } : {}) };
  }

  /** The issues carrying these URLs and everything up to three levels below them, every page. */
  private async linkedWithDescendants(
    urls: string[],
    krAttachments: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<{ linked: RawIssue[]; descendants: RawIssue[] }> {
    const filter = byAttachmentUrls(urls);
    const descendantFilter = descendantsFilter(filter);
    const data = await this.withPageSize(async (pageSize) =>
      this.query(
        LINKED_WITH_DESCENDANTS_QUERY,
        { filter, descendants: descendantFilter, first: linkedWithDescendantsPage(pageSize), krAttachments },
        signal,
      ),
    );
    const rest = async (document: string, page: IssuePage, pageFilter: IssueFilter) =>
      page.hasNextPage && page.endCursor
        ? [...page.nodes, ...(await this.allIssues(document, pageFilter, signal, krAttachments, page.endCursor))]
        : page.nodes;
    const [linked, descendants] = await Promise.all([
      rest(LINKED_ISSUES_QUERY, parseIssuePage(field(data, 'issues')), filter),
      rest(DESCENDANTS_QUERY, parseIssuePage(field(data, 'descendants')), descendantFilter),
    ]);
    return { linked, descendants };
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
    const universe = krUniverse(options.krs);
    const issues = await this.allIssues(SCOPE_QUERY, filter, signal, universe.attachments);
    const ancestors = await this.ancestorsOfAll(issues, signal, universe.attachments);
    return this.snapshots([...issues, ...ancestors], universe.byUrl);
  }
}
