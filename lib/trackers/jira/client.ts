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
import type { IssueSnapshot, KrRef } from '../../okr/model';
import {
  KR_LINK_RELATIONSHIP,
  krGlobalId,
  krLinkTitle,
  linkUniverse,
  TrackerError,
  type FamilyReadOptions,
  type IssueWithFamily,
  type KrLinkTarget,
  type LinkedIssuesResult,
  type ReadOptions,
  type Scope,
  type TrackerAdapter,
  type Viewer,
} from '../tracker';
import { withAncestors } from '../ancestors';
import { jqlString, jqlWhere, type CheckScope } from './link-truth';
import { JiraBoards } from './client-boards';
import { isRefusedRemoteLinkFunction } from './client-errors';
import { JiraIndexReads } from './client-index';
import { usableIndex, type IndexLookup } from './link-index';
import type { JiraAdapterConfig } from './client-transport';
import {
  issueFieldsToRequest,
  JIRA_LINKS_PROPERTY,
  mapViewer,
  parseJiraResponse,
  rawIssueSchema,
  rawMyselfSchema,
  type JiraBoard,
  type JiraFieldCatalog,
  type RawIssue,
} from './map';

export { parseRetryAfterMs, toTrackerError } from './client-errors';
export {
  GLOBAL_IDS_PER_SEARCH,
  KEYS_PER_REQUEST,
  SEARCH_PAGE_SIZE,
  type JiraAdapterConfig,
  type JiraAuthConfig,
} from './client-transport';
export { jqlString };

/** Jira stores remote link titles and summaries in 255-character columns. */
const REMOTE_LINK_TEXT_MAX = 255;

export class JiraAdapter extends JiraIndexReads implements TrackerAdapter {
  private readonly boards = new JiraBoards(this);

  constructor(config: JiraAdapterConfig) {
    super(config);
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
  async getIssueWithFamily(key: string, options: FamilyReadOptions = {}): Promise<IssueWithFamily | null> {
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
    const index = await usableIndex(options);
    if (index) return this.familyFromIndex(raw, index, catalog, options);
    const ancestors = await this.ancestorsOf([raw], catalog, signal);
    const chain = [raw, ...ancestors];
    const checkAndRepair = async () => {
      const checked = await this.checkLinks(chain, options);
      await this.repairMirrors(chain, checked.read, signal);
      return checked;
    };
    const leaveOut = options.descendants === false;
    const [links, descendants] = await Promise.all([
      checkAndRepair(),
      leaveOut ? [] : this.descendantsOf([this.map(raw, catalog)], catalog, new Set(chain.map((r) => r.key)), signal),
    ]);
    const [issue, ...above] = chain.map((r) => ({ ...this.map(r, catalog), krRefs: links.refs.get(r.key) ?? [] }));
    return { issue: issue!, ancestors: orderChain(issue!, above), descendants, ...(leaveOut ? { descendantsLeftOut: true as const } : {}) };
  }

  /**
   * With a link index the links need no check, and an ancestor the index holds (a linked epic)
   * needs no read: the index's search brought it with its fields.
   */
  private async familyFromIndex(
    raw: RawIssue,
    index: IndexLookup,
    catalog: JiraFieldCatalog,
    options: FamilyReadOptions,
  ): Promise<IssueWithFamily> {
    const { signal } = options;
    const withRefs = (r: RawIssue): IssueSnapshot => ({ ...this.map(r, catalog), krRefs: index.refsOf(r) });
    const issue = withRefs(raw);
    const read = async (keys: string[]) => (await this.bulkFetch(keys, catalog, signal)).map(withRefs);
    const leaveOut = options.descendants === false;
    const [all, descendants] = await Promise.all([
      withAncestors([issue], read, index.byKey),
      leaveOut ? [] : this.descendantsOf([issue], catalog, new Set([issue.ref.key]), signal),
    ]);
    const known = new Set(all.map((i) => i.ref.key));
    const below = descendants.filter((d) => !known.has(d.ref.key));
    const ancestors = orderChain(issue, all.slice(1));
    return { issue, ancestors, descendants: below, ...(leaveOut ? { descendantsLeftOut: true as const } : {}) };
  }

  /** Children, grandchildren, …: one `parent in (…)` search per level (see descendantsOf). */
  async getDescendants(issue: IssueSnapshot, options: ReadOptions = {}): Promise<IssueSnapshot[]> {
    const catalog = await this.fieldCatalog(options.signal);
    return this.descendantsOf([issue], catalog, new Set([issue.ref.key]), options.signal);
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
    const cards = await read(keys);
    const index = await usableIndex(options);
    if (index) {
      // The linked issues the index holds are known parents, as are those read moments ago.
      const all = await withAncestors(cards, read, new Map([...(options.known ?? []), ...index.byKey]));
      return all.map((issue) => {
        const raw = raws.get(issue.ref.key);
        return raw ? { ...issue, krRefs: index.refsOf(raw) } : issue;
      });
    }
    const all = await withAncestors(cards, read, options.known);
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

  async findLinkedIssues(
    krs: Array<KrRef & { url: string }>,
    signal?: AbortSignal,
    options: Pick<ReadOptions, 'linkIndex' | 'krs'> = {},
  ): Promise<LinkedIssuesResult> {
    const unique = [...new Map(krs.map((kr) => [krGlobalId(kr), kr])).values()];
    if (unique.length === 0) return { issues: [] };
    const catalog = await this.fieldCatalog(signal);
    const fromIndex = await this.linkedFromIndex(unique, options);
    if (fromIndex) {
      const descendants = await this.descendantsOf(fromIndex, catalog, new Set(fromIndex.map((i) => i.ref.key)), signal);
      return { issues: [...fromIndex, ...descendants] };
    }
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

  /** The issues linked to these KRs, from an index that covers them all; null without one. */
  private async linkedFromIndex(krs: readonly KrRef[], options: Pick<ReadOptions, 'linkIndex' | 'krs'>): Promise<IssueSnapshot[] | null> {
    const index = await usableIndex(options);
    const universe = new Set(linkUniverse(options.krs ?? []));
    const wanted = new Set(linkUniverse(krs));
    if (!index || ![...wanted].every((id) => universe.has(id))) return null;
    return [...index.byKey.values()].filter((issue) => issue.krRefs.some((ref) => wanted.has(`${ref.setId}:${ref.krId}`)));
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
        const boards = await this.boards.activeSprintsOf(scope.boardIds, signal);
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
  listBoards(signal?: AbortSignal): Promise<JiraBoard[]> {
    return this.boards.listBoards(signal);
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
