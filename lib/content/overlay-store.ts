/**
 * The overlay's store: state the overlay renders, and the actions that call the background.
 * Rendering first from the cache (no request), then revalidating only when the answer says it
 * is stale, keeps a warm page at zero requests.
 *
 * A plain subscribable state rather than @preact/signals: content scripts have a 20 KB gzip
 * budget and signals cost ~4 KB of it, while the overlay needs only "re-render on change".
 */
import { ServiceCallError, type IssueAddress, type OkrServiceClient } from '../messaging';
import type { ErrorView, KrOptionView, OverlayResult, OverlayView } from '../view/types';

export interface OverlayState {
  result: OverlayResult | null;
  busy: boolean;
  /** The result is the last answer kept for this issue, painted while the background answers. */
  cached: boolean;
}

export interface OverlayStore {
  get(): OverlayState;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  load(): Promise<void>;
  refresh(): Promise<void>;
  link(krId: string): Promise<void>;
  unlink(krId: string): Promise<void>;
  loadOptions(): Promise<KrOptionView[]>;
}

function failure(error: unknown): ErrorView {
  if (error instanceof ServiceCallError) return error.error;
  return { kind: 'network', message: 'KR Lens could not load this issue. Try again in a moment.' };
}

/** Keeps the last good view visible under an error, so a failed refresh hides nothing. */
function withCache(previous: OverlayResult | null, error: ErrorView): OverlayResult {
  const cached = previous?.state === 'ok' ? previous.view : previous?.state === 'error' ? previous.cached : undefined;
  return { state: 'error', error, ...(cached ? { cached } : {}) };
}

/** Keeps the last good view visible under an error, marked stale when it was only the kept one. */
function errorOver(state: OverlayState, error: ErrorView): OverlayResult {
  const result = withCache(state.result, error);
  return state.cached && result.state === 'error' && result.cached ? { ...result, cached: { ...result.cached, stale: true } } : result;
}

/**
 * `readCached`: the last answer kept for this issue (the render cache), painted only while the
 * first answer has not come; the answer always replaces it.
 */
export function createOverlayStore(
  client: OkrServiceClient,
  address: IssueAddress,
  abort?: AbortSignal,
  readCached?: () => Promise<OverlayView | null>,
): OverlayStore {
  let state: OverlayState = { result: null, busy: false, cached: false };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<OverlayState>) => {
    if (abort?.aborted) return;
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };

  async function ask(fresh: boolean): Promise<OverlayResult | null> {
    try {
      const answer = await client.getIssueOverlay({ ...address, fresh });
      // An error the background has no last view for keeps the kept one, as stale.
      const shown = answer.state === 'error' && !answer.cached && state.cached ? errorOver(state, answer.error) : answer;
      set({ result: shown, cached: false });
      return answer;
    } catch (error) {
      set({ result: errorOver(state, failure(error)), cached: false });
      return null;
    }
  }

  // The picker's options carry each KR's set id, which a link needs.
  let lastOptions: KrOptionView[] = [];
  async function loadOptions(): Promise<KrOptionView[]> {
    lastOptions = await client.getPickerOptions(address);
    return lastOptions;
  }

  async function change(krId: string, kind: 'linkIssue' | 'unlinkIssue') {
    const current = state.result;
    const setId =
      (current?.state === 'ok' ? current.view.krs.find((kr) => kr.krId === krId)?.setId : undefined) ??
      lastOptions.find((option) => option.krId === krId)?.setId;
    set({ busy: true });
    try {
      const params = { ...address, krId, setId: setId ?? (await loadOptions()).find((o) => o.krId === krId)?.setId ?? '' };
      set({ result: await client[kind](params), busy: false, cached: false });
    } catch (error) {
      set({ result: errorOver(state, failure(error)), busy: false, cached: false });
    }
  }

  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load() {
      void readCached?.()
        .then((view) => {
          if (view && state.result === null) set({ result: { state: 'ok', view }, cached: true });
        })
        .catch(() => undefined);
      const first = await ask(false);
      if (first?.state === 'ok' && first.view.stale) await ask(true);
    },
    refresh: async () => void (await ask(true)),
    link: (krId) => change(krId, 'linkIssue'),
    unlink: (krId) => change(krId, 'unlinkIssue'),
    loadOptions,
  };
}
