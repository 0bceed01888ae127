/**
 * The issue page's overlay: the KRs an issue serves, the picker's options, and linking or
 * unlinking an issue, answered again from the tracker so the page shows its state, not our guess.
 */
import type { IssueAddress, KrAddress } from '../../../lib/messaging';
import type { OkrServiceImpl } from '../../../lib/messaging-host';
import type { IssueSnapshot } from '../../../lib/okr/model';
import { TrackerError, type IssueWithFamily } from '../../../lib/trackers/tracker';
import { buildOverlayView, buildPickerOptions, servedKrRefs, type OkrContext } from '../../../lib/view/overlay';
import type { KrOptionView, OverlayResult } from '../../../lib/view/types';
import { FRESH_FOR_MS, NO_SET, readerKrs, toErrorView, type ServiceCore, type SourcedContext } from './shared';

interface IssueData {
  family: IssueWithFamily;
  linked: IssueSnapshot[];
  notice?: string;
}

type OverlayHandlers = Pick<OkrServiceImpl, 'getIssueOverlay' | 'getPickerOptions' | 'linkIssue' | 'unlinkIssue'>;

const issueCacheKey = (a: IssueAddress) => `issue:${a.tracker}:${a.site}:${a.key}`;

export function createOverlayHandlers({ deps, context }: ServiceCore): OverlayHandlers {
  /** Reads the issue, its family and the work linked to every KR it serves; caches it all. */
  async function fetchIssueData(ctx: OkrContext, address: IssueAddress): Promise<IssueData> {
    const adapter = await deps.adapterFor(address.tracker, address.site);
    const family = await adapter.getIssueWithFamily(address.key, { krs: readerKrs(ctx.set) });
    if (!family) {
      throw new TrackerError(
        'not-found',
        `${address.key} was not found: it may have been deleted or moved, or you may not have access to it.`,
      );
    }
    const served = servedKrRefs(ctx.set, family).filter((kr) => kr.measure.type === 'issues');
    const found =
      served.length > 0
        ? await adapter.findLinkedIssues(served.map((kr) => ({ setId: ctx.set.id, krId: kr.id, url: kr.url })))
        : { issues: [] };
    const data: IssueData = { family, linked: found.issues, ...(found.fallbackNotice ? { notice: found.fallbackNotice } : {}) };
    await deps.cache.put(issueCacheKey(address), data, deps.now());
    return data;
  }

  function overlayFrom(ctx: SourcedContext, data: IssueData, fetchedAt: number): OverlayResult {
    const stale = deps.now() - fetchedAt > FRESH_FOR_MS;
    const view = buildOverlayView({ ...ctx, ...data, fetchedAt, stale });
    return { state: 'ok', view: ctx.source ? { ...view, source: ctx.source } : view };
  }

  async function overlay(address: IssueAddress, fresh: boolean): Promise<OverlayResult> {
    const ctx = await context(address);
    if (!ctx) return { state: 'setup', error: NO_SET };
    const cached = await deps.cache.get<IssueData>(issueCacheKey(address));
    if (cached && !fresh) return overlayFrom(ctx, cached.value, cached.fetchedAt);
    try {
      const data = await fetchIssueData(ctx, address);
      return overlayFrom(ctx, data, deps.now());
    } catch (error) {
      const view = toErrorView(error);
      if (view.kind === 'setup') return { state: 'setup', error: view };
      const last = cached ? overlayFrom(ctx, cached.value, cached.fetchedAt) : null;
      return { state: 'error', error: view, ...(last?.state === 'ok' ? { cached: { ...last.view, stale: true } } : {}) };
    }
  }

  /** Link or unlink, then re-read so the answer shows the tracker's state, not our guess. */
  async function changeLink(address: IssueAddress & KrAddress, change: 'link' | 'unlink'): Promise<OverlayResult> {
    const ctx = await context();
    if (!ctx) return { state: 'setup', error: NO_SET };
    const kr = ctx.set.keyResults.find((candidate) => candidate.id === address.krId);
    if (address.setId !== ctx.set.id || !kr) {
      return {
        state: 'error',
        error: { kind: 'invalid', message: 'That key result is not in the active OKR set any more; reload the page.' },
      };
    }
    try {
      const adapter = await deps.adapterFor(address.tracker, address.site);
      if (change === 'link') {
        const objectiveTitle = ctx.set.objectives.find((o) => o.id === kr.objectiveId)?.title ?? '';
        await adapter.link(address.key, { setId: ctx.set.id, krId: kr.id, url: kr.url, title: kr.title, objectiveTitle });
      } else {
        await adapter.unlink(address.key, { setId: ctx.set.id, krId: kr.id, url: kr.url });
      }
    } catch (error) {
      return { state: 'error', error: toErrorView(error) };
    }
    return overlay(address, true);
  }

  async function pickerOptions(address: IssueAddress): Promise<KrOptionView[]> {
    const ctx = await context();
    if (!ctx) return [];
    const cached = await deps.cache.get<IssueData>(issueCacheKey(address));
    return buildPickerOptions(ctx, cached?.value.family ?? null, cached?.value.linked ?? []);
  }

  return {
    getIssueOverlay: ({ fresh, ...address }) => overlay(address, fresh),
    getPickerOptions: (address) => pickerOptions(address),
    linkIssue: (params) => changeLink(params, 'link'),
    unlinkIssue: (params) => changeLink(params, 'unlink'),
  };
}
