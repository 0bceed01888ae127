/**
 * The Jira adapter's link index (link-index.ts): reading it, and taking the links of a read from
 * it instead of checking them when the read was given one.
 */
import {
  krGlobalId,
  linkUniverse,
  TrackerError,
  type KrWithUrl,
  type LinkIndex,
  type LinkIndexOptions,
  type ReadOptions,
} from '../tracker';
import { isRefusedRemoteLinkFunction } from './client-errors';
import { JiraLinkReads } from './client-links';
import { GLOBAL_IDS_PER_SEARCH, SEARCH_PAGE_SIZE } from './client-transport';
import { INDEX_MAX_PAGES, usableIndex } from './link-index';
import { linkedToAny, type CheckOptions, type CheckedLinks } from './link-truth';
import { issueFieldsToRequest, JIRA_LINKS_PROPERTY, parseJiraResponse, rawSearchPageSchema, type RawIssue } from './map';
import { collectTokenPagesUpTo } from './token-pages';

export class JiraIndexReads extends JiraLinkReads {
  /**
   * Every issue linked to these KRs with exactly its links among them (see link-index.ts); null
   * when they fill more than `INDEX_MAX_PAGES` search pages or the site refuses the search.
   */
  async readLinkIndex(krs: readonly KrWithUrl[], options: LinkIndexOptions = {}): Promise<LinkIndex | null> {
    const { signal } = options;
    const universe = linkUniverse(krs);
    if (this.remoteLinkFunctionRefused) return null;
    if (universe.length === 0) return { universe, issues: [], ids: {} };
    const catalog = await this.fieldCatalog(signal);
    let raws: RawIssue[] | null;
    try {
      raws = await this.linkedUpTo(krs, catalog, signal);
    } catch (error) {
      if (!(error instanceof TrackerError && isRefusedRemoteLinkFunction(error))) throw error;
      this.remoteLinkFunctionRefused = true;
      return null;
    }
    if (raws === null) return null;
    const checked = await this.checkLinks(raws, { krs, linked: true, signal });
    if (checked.refused) return null;
    if (options.repairMirrors) await this.repairMirrors(raws, checked.read, signal);
    const linked = raws.filter((raw) => (checked.refs.get(raw.key) ?? []).length > 0);
    return {
      universe,
      issues: linked.map((raw) => ({ ...this.map(raw, catalog), krRefs: checked.refs.get(raw.key)! })),
      ids: Object.fromEntries(linked.map((raw) => [raw.id, raw.key])),
    };
  }

  /** The links of a read: from the index it was given, else checked (link-truth.ts). */
  protected override async checkLinks(
    raws: readonly RawIssue[],
    options: CheckOptions & { signal?: AbortSignal; linkIndex?: ReadOptions['linkIndex'] },
  ): Promise<CheckedLinks> {
    const index = await usableIndex(options);
    if (!index) return super.checkLinks(raws, options);
    return { refs: new Map(raws.map((raw) => [raw.key, index.refsOf(raw)])), read: new Map(), refused: false };
  }

  /** The issues linked to any of the KRs, with fields and mirror; null beyond the page cap. */
  private async linkedUpTo(
    krs: readonly KrWithUrl[],
    catalog: Awaited<ReturnType<JiraLinkReads['fieldCatalog']>>,
    signal?: AbortSignal,
  ): Promise<RawIssue[] | null> {
    if (krs.length > GLOBAL_IDS_PER_SEARCH * INDEX_MAX_PAGES) return null;
    const jql = `${linkedToAny([...new Set(krs.map(krGlobalId))].sort())} ORDER BY key ASC`;
    const page = { fields: issueFieldsToRequest(catalog), properties: [JIRA_LINKS_PROPERTY], maxResults: SEARCH_PAGE_SIZE };
    return collectTokenPagesUpTo(async (nextPageToken) => {
      const raw = await this.request({ action: 'search for linked issues', subject: 'The search' }, true, signal, (c) =>
        c.v3.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({ jql, ...page, ...(nextPageToken ? { nextPageToken } : {}) }),
      );
      return parseJiraResponse(rawSearchPageSchema, raw, 'a search');
    }, INDEX_MAX_PAGES);
  }
}
