/**
 * Reading and writing KR links on Jira (see client.ts's header): the check of the links mirror
 * against the remote links (link-truth.ts), the search for a KR's linked issues, the fallback for
 * sites without `issuesWithRemoteLinksByGlobalId`, and the mirror written back.
 */
import { chunk } from '../../util/chunk';
import { hostOf } from '../../util/host';
import type { IssueSnapshot } from '../../okr/model';
import { krGlobalId, TrackerError, type KrWithUrl } from '../tracker';
import { isRefusedMirrorWrite, isRefusedRemoteLinkFunction, throwIfAborted } from './client-errors';
import { GLOBAL_IDS_PER_SEARCH, JiraTransport } from './client-transport';
import { candidateOf, checkLinks, linkedToAny, type CheckOptions, type CheckedLinks } from './link-truth';
import {
  globalIdsFromProperty,
  JIRA_LINKS_PROPERTY,
  krGlobalIdsFromRemoteLinks,
  krRefsFromProperty,
  linksPropertyValue,
  type JiraFieldCatalog,
  type RawIssue,
} from './map';

const DEFAULT_FALLBACK_SCOPE_JQL = 'updated >= -90d';

export class JiraLinkReads extends JiraTransport {
  /** Remembered so later refreshes go straight to the fallback instead of failing first. */
  protected remoteLinkFunctionRefused = false;
  /** Issues whose mirror the site refused to take: a read does not try to repair it again. */
  protected readonly mirrorRefused = new Set<string>();

  /** The KR links of these issues (see link-truth.ts); remembers a site that refuses the check. */
  protected async checkLinks(raws: readonly RawIssue[], options: CheckOptions & { signal?: AbortSignal }): Promise<CheckedLinks> {
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
  protected async checkedSnapshots(
    raws: readonly RawIssue[],
    catalog: JiraFieldCatalog,
    options: CheckOptions & { signal?: AbortSignal },
  ): Promise<IssueSnapshot[]> {
    const { refs } = await this.checkLinks(raws, options);
    return raws.map((raw) => ({ ...this.map(raw, catalog), krRefs: refs.get(raw.key) ?? [] }));
  }

  /**
   * Rewrites the links mirror from the issue's actual remote links, after a link or unlink. A
   * site that refuses the write (see isRefusedMirrorWrite) is not asked again and not retried.
   */
  protected async syncLinksProperty(key: string, signal?: AbortSignal): Promise<void> {
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

  protected async writeLinksProperty(key: string, globalIds: string[], signal?: AbortSignal): Promise<void> {
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
  protected async repairMirrors(raws: readonly RawIssue[], read: ReadonlyMap<string, string[]>, signal?: AbortSignal): Promise<void> {
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

  /**
   * ceil(K/100) searches × pages, then the KRs of each match: a single KR needs nothing more;
   * several are told apart by one check of the matches' mirrors (see link-truth.ts).
   */
  protected async searchByGlobalIds(krs: readonly KrWithUrl[], catalog: JiraFieldCatalog, signal?: AbortSignal): Promise<IssueSnapshot[]> {
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
  protected async searchScopeForLinks(
    krs: readonly KrWithUrl[],
    catalog: JiraFieldCatalog,
    signal?: AbortSignal,
  ): Promise<IssueSnapshot[]> {
    const wanted = new Set(krs.map(krGlobalId));
    const jql = `${this.config.fallbackScopeJql ?? DEFAULT_FALLBACK_SCOPE_JQL} ORDER BY key ASC`;
    const claimed = (await this.searchAll(jql, catalog, 'search for linked issues', signal)).filter((raw) =>
      (krRefsFromProperty(raw.properties?.[JIRA_LINKS_PROPERTY]) ?? []).some((ref) => wanted.has(krGlobalId(ref))),
    );
    const checked = await this.checkedSnapshots(claimed, catalog, { krs, signal });
    return checked.filter((issue) => issue.krRefs.some((ref) => wanted.has(krGlobalId(ref))));
  }

  protected fallbackNotice(): string {
    const host = hostOf(this.site);
    return this.config.fallbackScopeJql
      ? `Jira at ${host} does not offer the search for linked issues, so KR Lens looked for KR links only among issues matching "${this.config.fallbackScopeJql}".`
      : `Jira at ${host} does not offer the search for linked issues, so KR Lens looked for KR links only among issues updated in the last 90 days; older linked work is not counted.`;
  }
}
