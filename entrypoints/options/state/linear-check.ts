/**
 * Options' check of the stored Linear key, apart from saving it: a save only writes the key, and
 * this check then says whether Linear accepts it ("checking", then "connected" with the workspace,
 * or the error sentence). A check started later replaces an earlier one still under way, so a slow
 * answer about a key that was since replaced never shows.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { OkrServiceClient } from '../../../lib/messaging';
import { TRACKER_INFO } from '../../../lib/trackers/catalog';

export type LinearConnectionState =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'connected'; workspace: string; who: string }
  | { state: 'error'; message: string };

export interface LinearConnectionCheck {
  state: ReadonlySignal<LinearConnectionState>;
  /** Asks the background about the stored key; resolves with what is then shown, or null when a later check took over. */
  check(): Promise<LinearConnectionState | null>;
  /** Nothing to say: no key is stored, or the page has not checked it. */
  clear(): void;
}

export function createLinearConnectionCheck(
  client: Pick<OkrServiceClient, 'testConnection'>,
  messageOf: (error: unknown) => string,
): LinearConnectionCheck {
  const state = signal<LinearConnectionState>({ state: 'idle' });
  let latest = 0;

  async function check(): Promise<LinearConnectionState | null> {
    const id = ++latest;
    state.value = { state: 'checking' };
    let next: LinearConnectionState;
    try {
      const result = await client.testConnection({ tracker: TRACKER_INFO.linear.id });
      next = result.ok
        ? { state: 'connected', workspace: result.site, who: result.who }
        : { state: 'error', message: result.error.message };
    } catch (error) {
      next = { state: 'error', message: messageOf(error) };
    }
    if (id !== latest) return null;
    state.value = next;
    return next;
  }

  return {
    state,
    check,
    clear: () => {
      latest += 1;
      state.value = { state: 'idle' };
    },
  };
}
