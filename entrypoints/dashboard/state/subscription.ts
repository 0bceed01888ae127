/**
 * The dashboard on a subscribed OKR file: the set comes from the background's last good copy of
 * the file (read again when older than 10 minutes), and nothing is saved: the file is the place
 * to change it.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { OkrServiceClient } from '../../../lib/messaging';
import { storageKeys, type ActiveSelection } from '../../../lib/store';
import type { SubscriptionView } from '../../../lib/subscription-messages';
import { readOnlyText } from '../../../lib/view/read-only';

export interface DashboardSubscription {
  /** The active subscription as last read; null when the active set is not one. */
  subscription: Signal<SubscriptionView | null>;
  /** The sentence the edit and check-in controls show instead; null when the set can be changed here. */
  readOnly: ReadonlySignal<string | null>;
  /** The active subscription's selection, or null when none is active. */
  load(): Promise<ActiveSelection | null>;
}

export function createDashboardSubscription(client: OkrServiceClient): DashboardSubscription {
  const subscription = signal<SubscriptionView | null>(null);
  const readOnly = computed(() => (subscription.value ? readOnlyText(subscription.value.name, subscription.value.url) : null));
  return {
    subscription,
    readOnly,
    async load() {
      // Storage says whether a subscription is active: a local set needs no call to the background.
      const key = storageKeys.activeSubscription;
      if (!(await browser.storage.local.get(key))[key]) {
        subscription.value = null;
        return null;
      }
      const result = await client.getActiveSubscription({});
      subscription.value = result.state === 'ok' ? result.subscription : null;
      return result.state === 'ok' ? { set: result.set, cycleId: result.cycleId, revision: 0 } : null;
    },
  };
}
