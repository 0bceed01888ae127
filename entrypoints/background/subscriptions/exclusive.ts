/**
 * One active set at a time: a team space made active (Use, Publish, found with no setup) leaves
 * the active subscription, as making a subscription active leaves the space (service.ts) and
 * choosing or importing a local set leaves both (lib/store).
 */
import type { SpaceCache } from '../../../lib/store/space-cache';
import type { SubscriptionStore } from '../../../lib/store/subscriptions';

export function leavingSubscriptionOnSpace(cache: SpaceCache, subscriptions: Pick<SubscriptionStore, 'setActive'>): SpaceCache {
  return {
    ...cache,
    async setActive(active) {
      await cache.setActive(active);
      if (active !== null) await subscriptions.setActive(null);
    },
  };
}
