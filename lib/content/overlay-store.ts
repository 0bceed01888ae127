/**
 * The overlay's store: state the overlay renders, and the actions that call the background.
 * Rendering first from the cache (no request), then revalidating only when the answer says it
 * is stale, keeps a warm page at zero requests.
 *
 * A plain subscribable state rather than @preact/signals: content scripts have a 20 KB gzip
 * budget and signals cost ~4 KB of it, while the overlay needs only "re-render on change".
 */
import { ServiceCallError, type IssueAddress, type OkrServiceClient } from '../messaging';
import type { ErrorView, KrOptionView, OverlayResult } from '../view/types';

export interface OverlayState {
  result: OverlayResult | null;
  busy: boolean;
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

export function createOverlayStore(client: OkrServiceClient, address: IssueAddress, abort?: AbortSignal): OverlayStore {
  let state: OverlayState = { result: null, busy: false };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<OverlayState>) => {
    if (abort?.aborted) return;
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };

  async function ask(fresh: boolean): Promise<OverlayResult | null> {
    try {
      const answer = await client.getIssueOverlay({ ...address, fresh });
      set({ result: answer });
      return answer;
    } catch (error) {
      set({ result: withCache(state.result, failure(error)) });
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
      set({ result: await client[kind](params), busy: false });
    } catch (error) {
      set({ result: withCache(state.result, failure(error)), busy: false });
    }
  }

  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load() {
      const first = await ask(false);
      if (first?.state === 'ok' && first.view.stale) await ask(true);
    },
    refresh: async () => void (await ask(true)),
    link: (krId) => change(krId, 'linkIssue'),
    unlink: (krId) => change(krId, 'unlinkIssue'),
    loadOptions,
  };
}
