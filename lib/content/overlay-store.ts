/**
 * The overlay's store (STYLE habit 9): signals the components read, and the actions that call
 * the background. Rendering first from the cache (no request), then revalidating only when the
 * answer says it is stale, keeps a warm page at zero requests.
 */
import { signal, type Signal } from '@preact/signals';
import { ServiceCallError, type IssueAddress, type OkrServiceClient } from '../messaging';
import type { ErrorView, KrOptionView, OverlayResult } from '../view/types';

export interface OverlayStore {
  result: Signal<OverlayResult | null>;
  busy: Signal<boolean>;
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

export function createOverlayStore(client: OkrServiceClient, address: IssueAddress, signal_?: AbortSignal): OverlayStore {
  const result = signal<OverlayResult | null>(null);
  const busy = signal(false);
  const live = () => !signal_?.aborted;

  async function ask(fresh: boolean): Promise<OverlayResult | null> {
    try {
      const answer = await client.getIssueOverlay({ ...address, fresh });
      if (live()) result.value = answer;
      return answer;
    } catch (error) {
      if (live()) result.value = withCache(result.value, failure(error));
      return null;
    }
  }

  async function change(krId: string, kind: 'linkIssue' | 'unlinkIssue') {
    const current = result.value;
    const setId =
      (current?.state === 'ok' ? current.view.krs.find((kr) => kr.krId === krId)?.setId : undefined) ??
      lastOptions.find((option) => option.krId === krId)?.setId;
    busy.value = true;
    try {
      const params = { ...address, krId, setId: setId ?? (await loadOptions()).find((o) => o.krId === krId)?.setId ?? '' };
      const answer = await client[kind](params);
      if (live()) result.value = answer;
    } catch (error) {
      if (live()) result.value = withCache(result.value, failure(error));
    } finally {
      busy.value = false;
    }
  }

  // The picker's options carry each KR's set id, which a link needs.
  let lastOptions: KrOptionView[] = [];
  async function loadOptions(): Promise<KrOptionView[]> {
    lastOptions = await client.getPickerOptions(address);
    return lastOptions;
  }

  return {
    result,
    busy,
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
