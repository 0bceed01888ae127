/**
 * The issue page's overlay: the KRs an issue serves, the picker's options, and linking or
 * unlinking an issue, answered again from the tracker so the page shows its state, not our guess.
 */
import type { IssueAddress, KrAddress } from '../../../lib/messaging';
import type { OkrServiceImpl } from '../../../lib/messaging-host';
import { buildOverlayView, buildPickerOptions } from '../../../lib/view/overlay';
import type { KrOptionView, OverlayResult } from '../../../lib/view/types';
import { createIssuePieces } from './issue-pieces';
import { issueFromCache, readIssue, type IssueAnswer } from './issue-read';
import { FRESH_FOR_MS, NO_SET, toErrorView, type ServiceCore, type SourcedContext } from './shared';

type OverlayHandlers = Pick<OkrServiceImpl, 'getIssueOverlay' | 'getPickerOptions' | 'linkIssue' | 'unlinkIssue'>;

export function createOverlayHandlers({ deps, context, isFresh }: ServiceCore): OverlayHandlers {
  const pieces = createIssuePieces(deps.cache, isFresh);

  function overlayFrom(ctx: SourcedContext, { value, fetchedAt }: IssueAnswer): OverlayResult {
    const stale = deps.now() - fetchedAt > FRESH_FOR_MS;
    const view = buildOverlayView({ ...ctx, ...value, fetchedAt, stale });
    return { state: 'ok', view: ctx.source ? { ...view, source: ctx.source } : view };
  }

  /**
   * Not fresh: the cache's answer when it holds every piece (marked stale when one is old), else
   * the missing pieces read. Fresh: every piece read again. On failure, the last good answer.
   */
  async function overlay(address: IssueAddress, fresh: boolean): Promise<OverlayResult> {
    const ctx = await context(address);
    if (!ctx) return { state: 'setup', error: NO_SET };
    const cached = fresh ? null : await issueFromCache(pieces, ctx.set, address, false);
    if (cached) return overlayFrom(ctx, cached);
    try {
      const adapter = await deps.adapterFor(address.tracker, address.site);
      return overlayFrom(ctx, await readIssue({ pieces, adapter, set: ctx.set, now: deps.now(), usePieces: !fresh }, address));
    } catch (error) {
      const view = toErrorView(error);
      if (view.kind === 'setup') return { state: 'setup', error: view };
      const lastGood = await issueFromCache(pieces, ctx.set, address, false);
      const last = lastGood ? overlayFrom(ctx, lastGood) : null;
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
    await pieces.forgetLinked(address, { setId: ctx.set.id, krId: kr.id });
    return overlay(address, true);
  }

  async function pickerOptions(address: IssueAddress): Promise<KrOptionView[]> {
    const ctx = await context();
    if (!ctx) return [];
    const cached = await issueFromCache(pieces, ctx.set, address, false);
    return buildPickerOptions(ctx, cached?.value.family ?? null, cached?.value.linked ?? []);
  }

  return {
    getIssueOverlay: ({ fresh, ...address }) => overlay(address, fresh),
    getPickerOptions: (address) => pickerOptions(address),
    linkIssue: (params) => changeLink(params, 'link'),
    unlinkIssue: (params) => changeLink(params, 'unlink'),
  };
}
