/**
 * Whether the browser lets KR Lens reach the trackers' hosts, and asking for it. Chrome grants
 * manifest host permissions at install, though a user can withhold them ("Site access"); Firefox
 * treats MV3 host permissions as optional: a user may never have granted them, or revoked them in
 * about:addons. Without them the content scripts never run and the background cannot call the
 * trackers, so Options shows which hosts are missing and asks for them on a click.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { messageOf } from '../../../lib/util/error';

export type HostAccessState = { step: 'idle' } | { step: 'asking' } | { step: 'refused' } | { step: 'failed'; message: string };

export interface HostAccessDeps {
  /** The host patterns KR Lens needs everywhere: the manifest's `host_permissions`. */
  origins: readonly string[];
  contains(origins: string[]): Promise<boolean>;
  /** Must be called from the click itself: Firefox drops the prompt once the handler has awaited. */
  request(origins: string[]): Promise<boolean>;
  /** Calls `listener` whenever permissions change elsewhere (about:addons, the extensions menu). */
  watch?(listener: () => void): () => void;
}

export interface HostAccessStore {
  /** The patterns not granted, in manifest order; null until the first check. */
  missing: ReadonlySignal<readonly string[] | null>;
  state: ReadonlySignal<HostAccessState>;
  check(): Promise<void>;
  grant(): Promise<void>;
  dispose(): void;
}

export function browserHostAccessDeps(): HostAccessDeps {
  const onChange = (listener: () => void) => {
    browser.permissions.onAdded.addListener(listener);
    browser.permissions.onRemoved.addListener(listener);
    return () => {
      browser.permissions.onAdded.removeListener(listener);
      browser.permissions.onRemoved.removeListener(listener);
    };
  };
  return {
    origins: browser.runtime.getManifest().host_permissions ?? [],
    contains: (origins) => browser.permissions.contains({ origins }),
    request: (origins) => browser.permissions.request({ origins }),
    watch: onChange,
  };
}

export function createHostAccessStore(deps: HostAccessDeps): HostAccessStore {
  const missing = signal<readonly string[] | null>(null);
  const state = signal<HostAccessState>({ step: 'idle' });

  async function check(): Promise<void> {
    try {
      const granted = await Promise.all(deps.origins.map((origin) => deps.contains([origin])));
      missing.value = deps.origins.filter((_, index) => !granted[index]);
    } catch (error) {
      state.value = { step: 'failed', message: `KR Lens could not check its site access: ${messageOf(error)}` };
    }
  }

  async function grant(): Promise<void> {
    const wanted = [...(missing.value ?? deps.origins)];
    if (wanted.length === 0) return;
    const asked = deps.request(wanted); // first, before any await: the click's user gesture
    state.value = { step: 'asking' };
    try {
      const granted = await asked;
      await check();
      state.value = granted ? { step: 'idle' } : { step: 'refused' };
    } catch (error) {
      state.value = { step: 'failed', message: `The browser did not ask: ${messageOf(error)}` };
    }
  }

  const unwatch = deps.watch?.(() => void check()) ?? (() => undefined);
  return { missing, state, check, grant, dispose: unwatch };
}
