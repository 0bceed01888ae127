/**
 * The dashboard keeps up with its team space: on focus, on becoming visible and on a timer it
 * reads the space again (the background answers from its copy while that is fresh) and shows what
 * changed. Another space made active elsewhere, or a return to a local set, reloads the page's
 * state. Nothing is read while an edit is open, so the form's base never moves under the typing.
 */
import type { ReadonlySignal } from '@preact/signals';
import type { SpaceRef } from '../../../lib/store/space-cache';
import type { DashboardCore } from './core';
import { startAutoRefresh, type AutoRefresh, type AutoRefreshDeps } from './auto-refresh';

export interface SpaceWatch {
  /** Refreshes on focus, visibility and a timer until `signal` aborts. */
  watchSpace(signal: AbortSignal, env?: Pick<AutoRefreshDeps, 'doc' | 'win' | 'everyMs'>): AutoRefresh;
}

const sameRef = (a: Omit<SpaceRef, 'name'>, b: Omit<SpaceRef, 'name'>): boolean =>
  a.tracker === b.tracker && a.site === b.site && a.home === b.home && a.setId === b.setId;

/** Reads the active space again and shows it; `reload` runs when another set became active. */
export async function refreshSpace(core: DashboardCore, reload: () => Promise<void>): Promise<void> {
  const before = core.spaces.space.value;
  const next = await core.spaces.load(false);
  const after = core.spaces.space.value;
  if (!before || !next || !after || !sameRef(before.ref, after.ref)) {
    await reload();
    return;
  }
  if (after !== before) core.selection.value = { ...next, cycleId: core.selection.value?.cycleId ?? next.cycleId };
  await core.loadWork(false);
}

export function createSpaceWatch(core: DashboardCore, reload: () => Promise<void>, editing: ReadonlySignal<unknown>): SpaceWatch {
  return {
    watchSpace(signal, env = {}) {
      return startAutoRefresh(
        {
          ...env,
          refresh: () => refreshSpace(core, reload),
          wanted: () => core.spaces.space.value !== null && editing.value === null,
        },
        signal,
      );
    },
  };
}
