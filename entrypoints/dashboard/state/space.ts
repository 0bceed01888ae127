/**
 * The dashboard on a team space: the set comes from the background's copy of the space, and a
 * save writes only the records that changed, each against the rev this page read, plus new
 * check-ins (appended). When someone changed a record meanwhile nothing is written: the conflict
 * says who and when, the page takes their version as its new base, and the form keeps the typing
 * so saving again applies it over theirs.
 */
import { signal, type Signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { createSpaceCache } from '../../../lib/store/space-cache';
import type { OkrServiceClient } from '../../../lib/messaging';
import type { OkrSetInput } from '../../../lib/okr/model';
import { freezeLinkUrls } from '../../../lib/store/records';
import { spaceEditsBetween } from '../../../lib/space/edits';
import type { ActiveSpaceView, ConflictView } from '../../../lib/space-messages';
import type { ActiveSelection } from '../../../lib/store';
import { formatFieldError } from '../../../lib/store';
import { messageOf } from '../../../lib/util/error';

export interface DashboardSpace {
  /** The active space as last read; null when the active set is local. */
  space: Signal<ActiveSpaceView | null>;
  conflict: Signal<ConflictView | null>;
  /** The active space's selection, or null when the active set is local. Throws when the space cannot be read at all. */
  load(fresh: boolean): Promise<ActiveSelection | null>;
  save(
    current: ActiveSelection,
    next: OkrSetInput,
  ): Promise<{ ok: true; selection: ActiveSelection } | { ok: false; message: string; selection?: ActiveSelection }>;
}

const selectionOf = (view: ActiveSpaceView, cycleId: string | null): ActiveSelection => ({
  set: view.set,
  cycleId: cycleId ?? view.cycleId,
  revision: 0,
});

export function createDashboardSpace(client: OkrServiceClient): DashboardSpace {
  const space = signal<ActiveSpaceView | null>(null);
  const conflict = signal<ConflictView | null>(null);

  return {
    space,
    conflict,
    async load(fresh) {
      // Storage says whether a space is active: a local set needs no call to the background.
      if (!(await createSpaceCache(browser.storage.local).getActive())) {
        space.value = null;
        return null;
      }
      const result = await client.getActiveSpace({ fresh });
      if (result.state === 'none') {
        space.value = null;
        return null;
      }
      if (result.state === 'error') throw new Error(result.message);
      space.value = result.space;
      return selectionOf(result.space, null);
    },
    async save(current, next) {
      const view = space.value;
      if (!view) return { ok: false, message: 'No team space is loaded.' };
      // KR link URLs stay as they were; a new KR gets its own, as in a local set.
      const parsed = freezeLinkUrls(next, current.set, {});
      if (!parsed.ok) return { ok: false, message: parsed.errors.map(formatFieldError).join(' ') };
      const edits = spaceEditsBetween(current.set, parsed.set, view.revs);
      try {
        const result = await client.saveSpaceEdits({
          ref: { tracker: view.ref.tracker, site: view.ref.site, home: view.ref.home, setId: view.ref.setId },
          ...edits,
        });
        if (result.ok) {
          conflict.value = null;
          space.value = result.space;
          return { ok: true, selection: selectionOf(result.space, current.cycleId) };
        }
        conflict.value = result.conflict ?? null;
        if (result.space) space.value = result.space;
        return { ok: false, message: result.message, ...(result.space ? { selection: selectionOf(result.space, current.cycleId) } : {}) };
      } catch (error) {
        return { ok: false, message: messageOf(error) };
      }
    },
  };
}
