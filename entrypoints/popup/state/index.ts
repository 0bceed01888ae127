/**
 * The popup's state and actions (STYLE habit 9): the current tab's issue and the KRs it serves,
 * the active cycle's objectives with progress, and how much work assigned to me serves no KR.
 * The only place the popup reads the OKR store or calls the background; components render signals.
 *
 * The popup opens in a blink and closes as fast, so it answers from the background's cache first
 * (`fresh: false`) and asks the trackers again only when that answer is stale.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { createServiceClient, type SendMessage } from '../../../lib/messaging';
import type { PublicSettings } from '../../../lib/settings';
import { localDate } from '../../../lib/util/date';
import { messageOf } from '../../../lib/util/error';
import { loadOkr, type OkrState } from './okr';
import { loadTab, type TabState } from './tab';
import { loadUnaligned, type UnalignedState } from './unaligned';

export interface PopupStoreDeps {
  send: SendMessage;
  /** The active tab's address; undefined when the browser does not share it (no host permission). */
  activeTabUrl: () => Promise<string | undefined>;
  /** Today as `YYYY-MM-DD`. */
  today?: () => string;
}

export interface PopupStore {
  tab: ReadonlySignal<TabState>;
  okr: ReadonlySignal<OkrState>;
  unalignedMine: ReadonlySignal<UnalignedState>;
  load(): Promise<void>;
}

export function createPopupStore(deps: PopupStoreDeps): PopupStore {
  const client = createServiceClient(deps.send);
  const today = deps.today ?? (() => localDate());
  const tab = signal<TabState>({ state: 'loading' });
  const okr = signal<OkrState>({ state: 'loading' });
  const unalignedMine = signal<UnalignedState>({ state: 'loading' });

  return {
    tab,
    okr,
    unalignedMine,
    async load() {
      batch(() => {
        tab.value = { state: 'loading' };
        okr.value = { state: 'loading' };
        unalignedMine.value = { state: 'loading' };
      });
      const settings: PublicSettings | null = await client.getSettings({}).catch(() => null);
      await Promise.all([
        loadTab(client, tab, deps.activeTabUrl, settings?.jira.map((c) => c.site) ?? []),
        loadOkr(client, okr, today).catch((error: unknown) => {
          okr.value = { state: 'none', message: messageOf(error) };
        }),
        loadUnaligned(client, unalignedMine, settings),
      ]);
    },
  };
}
