/**
 * Writes the render cache (lib/render-cache.ts) as the service answers overlays, so the next page
 * for the same issue can paint at once while a stopped worker wakes. Wraps the service rather than
 * living in it: the overlay handler stays about trackers and views.
 *
 * Bounded to the last MAX_RENDER_ENTRIES issues (oldest evicted). Each entry carries the scope
 * (set, cycle and source) it was answered under, and the site's current scope is stored beside
 * it; `forgetScopes` drops every site's scope when the active set may have changed, so no page
 * paints another set's answer. Writes are serialized and never delay the answer they copy.
 */
import type { IssueAddress } from '../../lib/messaging';
import type { OkrServiceImpl } from '../../lib/messaging-host';
import { MAX_RENDER_ENTRIES, renderKeys, type RenderEntry, type SessionArea } from '../../lib/render-cache';
import { storageKeys } from '../../lib/store/records';
import { SUBSCRIPTIONS_KEY } from '../../lib/store/subscriptions';
import type { OverlayResult } from '../../lib/view/types';

/** Which set answers for a page: its id and a scope string naming set, cycle and source. */
export interface RenderScope {
  setId: string;
  scope: string;
}

export interface RenderCacheDeps {
  /** `storage.session`; absent where the browser has none. */
  area: SessionArea | undefined;
  /** Whether content scripts can read `area` (Chrome opens it on request): nothing is written otherwise. */
  enabled: Promise<boolean>;
  scopeOf(page: IssueAddress): Promise<RenderScope | null>;
  now(): number;
  max?: number;
}

export interface RenderCache {
  /** Keeps an answer for `address`; resolves when written (callers need not wait). */
  remember(address: IssueAddress, result: OverlayResult): Promise<void>;
  /** Forgets which set every site answered with: no entry is painted until the site answers again. */
  forgetScopes(): Promise<void>;
}

interface SelectionSource {
  getActiveSelection(page: IssueAddress): Promise<{ set: { id: string }; cycleId: string | null; source?: { place: string } } | null>;
}

/** The scope a page's answers come under, from the same source the service asks. */
export function scopeFrom(source: SelectionSource): (page: IssueAddress) => Promise<RenderScope | null> {
  return async (page) => {
    const selection = await source.getActiveSelection(page);
    return selection ? { setId: selection.set.id, scope: scopeString(selection) } : null;
  };
}

type PageHint = Partial<IssueAddress> & Pick<IssueAddress, 'tracker' | 'site'>;
interface PageSelectionSource {
  getActiveSelection(page?: PageHint): Promise<{ set: { id: string }; cycleId: string | null; source?: { place: string } } | null>;
}

/**
 * The source the service reads its set from, remembering which set it answered each issue with,
 * so keeping that answer needs no second read (and parse) of the set.
 */
export function rememberSelections<S extends PageSelectionSource>(
  source: S,
): { source: S; scopeOf(page: IssueAddress): Promise<RenderScope | null> } {
  const last = new Map<string, RenderScope | null>();
  const read = scopeFrom(source);
  const wrapped: S = {
    ...source,
    async getActiveSelection(page?: PageHint) {
      const selection = await source.getActiveSelection(page);
      if (page?.key)
        last.set(renderKeys.issue(page as IssueAddress), selection ? { setId: selection.set.id, scope: scopeString(selection) } : null);
      return selection;
    },
  };
  return {
    source: wrapped,
    scopeOf: async (page) => {
      const key = renderKeys.issue(page);
      if (!last.has(key)) return read(page);
      // Taken once: the map holds only answers still on their way to the cache, not every issue seen.
      const scope = last.get(key) ?? null;
      last.delete(key);
      return scope;
    },
  };
}

/** The scope string of an active selection: where the set comes from, which set, which cycle. */
export function scopeString(selection: { set: { id: string }; cycleId: string | null; source?: { place: string } }): string {
  return JSON.stringify([selection.source?.place ?? 'local', selection.set.id, selection.cycleId]);
}

function orderOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : [];
}

export function createRenderCache(deps: RenderCacheDeps): RenderCache {
  const max = deps.max ?? MAX_RENDER_ENTRIES;
  let queue: Promise<void> = Promise.resolve();
  const serial = (task: (area: SessionArea) => Promise<void>): Promise<void> => {
    queue = queue
      .then(async () => {
        if (deps.area && (await deps.enabled)) await task(deps.area);
      })
      .catch(() => undefined);
    return queue;
  };

  async function write(area: SessionArea, address: IssueAddress, result: OverlayResult): Promise<void> {
    // Errors keep the last good entry (the page shows it under the sentence anyway).
    if (result.state === 'error') return;
    const scope = result.state === 'ok' ? await deps.scopeOf(address) : null;
    if (result.state === 'setup' || !scope) return area.remove([renderKeys.issue(address), renderKeys.scope(address)]);
    const { view } = result;
    // An answer from another set than the one now active (it changed meanwhile) is not kept.
    if (view.krs.some((kr) => kr.setId !== scope.setId)) return;
    const entryKey = renderKeys.issue(address);
    const order = orderOf((await area.get(renderKeys.order))[renderKeys.order]).filter((key) => key !== entryKey);
    order.push(entryKey);
    const evicted = order.splice(0, Math.max(0, order.length - max));
    const entry: RenderEntry = { scope: scope.scope, savedAt: deps.now(), view };
    await area.set({ [entryKey]: entry, [renderKeys.scope(address)]: scope.scope, [renderKeys.order]: order });
    if (evicted.length > 0) await area.remove(evicted);
  }

  async function forget(area: SessionArea): Promise<void> {
    const all = await area.get(null);
    const scopes = Object.keys(all).filter((key) => key.startsWith(renderKeys.scopePrefix));
    if (scopes.length > 0) await area.remove(scopes);
  }

  return {
    remember: (address, result) => serial((area) => write(area, address, result)),
    forgetScopes: () => serial(forget),
  };
}

type OverlayMethods = Pick<OkrServiceImpl, 'getIssueOverlay' | 'linkIssue' | 'unlinkIssue'>;

/** The service with every overlay answer copied to the render cache, after it is returned. */
export function withRenderCache<S extends OverlayMethods>(service: S, cache: RenderCache): S {
  const keep = (params: IssueAddress, result: OverlayResult) => {
    void cache.remember({ tracker: params.tracker, site: params.site, key: params.key }, result);
    return result;
  };
  return {
    ...service,
    getIssueOverlay: async (params) => keep(params, await service.getIssueOverlay(params)),
    linkIssue: async (params) => keep(params, await service.linkIssue(params)),
    unlinkIssue: async (params) => keep(params, await service.unlinkIssue(params)),
  };
}

/**
 * storage.local keys whose change may change which set answers: selection, index, space choices,
 * and the subscribed files (a refresh may bring another version of the set).
 */
const SELECTION_KEYS = new Set([
  storageKeys.active,
  storageKeys.activeSpace,
  storageKeys.activeSubscription,
  storageKeys.index,
  SUBSCRIPTIONS_KEY,
]);
/** lib/store/space-cache.ts `spaceStorageKeys.choice`: the space a site uses. */
const SPACE_CHOICE_PREFIX = 'krLens:spaceChoice:';

export function changesActiveSet(keys: string[]): boolean {
  return keys.some((key) => SELECTION_KEYS.has(key) || key.startsWith(SPACE_CHOICE_PREFIX));
}
