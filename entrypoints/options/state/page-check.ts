/** The last issue page seen on each tracker, and which of its anchors were found. */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { PageHealthView } from '../../../lib/messaging';
import type { OptionsCore } from './core';

export interface PageCheck {
  pageHealth: ReadonlySignal<PageHealthView[]>;
  loadPageHealth(): Promise<void>;
}

export function createPageCheck(core: Pick<OptionsCore, 'client'>): PageCheck {
  const pageHealth = signal<PageHealthView[]>([]);
  return {
    pageHealth,
    async loadPageHealth() {
      try {
        pageHealth.value = await core.client.getPageHealth({});
      } catch {
        pageHealth.value = []; // the page check is a hint; Options works without it
      }
    },
  };
}
