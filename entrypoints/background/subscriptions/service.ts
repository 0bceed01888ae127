/**
 * The background's subscribed OKR files: the calls Options and the other pages make (see
 * lib/subscription-messages.ts) and the active set when a subscription is the one chosen.
 */
import type { OkrServiceImpl } from '../../../lib/messaging-host';
import { shownCycleId } from '../../../lib/store/cycle';
import type { SpaceCache } from '../../../lib/store/space-cache';
import type { SubscriptionRecord, SubscriptionStore } from '../../../lib/store/subscriptions';
import type { SubscriptionResult, SubscriptionServiceProtocol, SubscriptionView } from '../../../lib/subscription-messages';
import { localDate } from '../../../lib/util/date';
import type { SourceView } from '../../../lib/view/types';
import type { ActiveSet } from '../spaces/active';
import { httpsProblem, readOkrFile, type FetchLike } from './read-file';
import { createSubscriptionRefresh } from './refresh';

export interface SubscriptionsDeps {
  store: SubscriptionStore;
  /** The team spaces' copy: making a subscription active leaves the active space. */
  spaces: Pick<SpaceCache, 'setActive'>;
  fetch: FetchLike;
  now(): number;
}

type SubscriptionMethods = Pick<OkrServiceImpl, keyof SubscriptionServiceProtocol>;

export function subscriptionSource(record: SubscriptionRecord): SourceView {
  return {
    name: record.set.name,
    place: record.url,
    readAt: record.fetchedAt,
    file: true,
    ...(record.problem ? { offline: record.problem.message } : {}),
  };
}

export function subscriptionView(record: SubscriptionRecord, activeUrl: string | null): SubscriptionView {
  const { problem } = record;
  return {
    url: record.url,
    setId: record.set.id,
    name: record.set.name,
    fetchedAt: record.fetchedAt,
    active: record.url === activeUrl,
    ...(problem ? { problem: { message: problem.message, errors: problem.errors } } : {}),
    source: subscriptionSource(record),
  };
}

const notSubscribed = (url: string): SubscriptionResult => ({
  ok: false,
  message: `${url} is not subscribed (any more): subscribe to it in Options.`,
  errors: [],
});

export function createSubscriptions(deps: SubscriptionsDeps) {
  const refresh = createSubscriptionRefresh(deps);
  const activeUrl = async () => (await deps.store.getActive())?.url ?? null;
  const answer = async (record: SubscriptionRecord | null, url: string): Promise<SubscriptionResult> =>
    record ? { ok: true, subscription: subscriptionView(record, await activeUrl()) } : notSubscribed(url);

  /** The first read: nothing is stored unless the file is there and valid. */
  async function subscribe(url: string): Promise<SubscriptionResult> {
    const refused = httpsProblem(url);
    if (refused) return { ok: false, message: refused, errors: [] };
    const href = new URL(url).href;
    if (await deps.store.get(href)) return answer(await refresh.refresh(href), href);
    const read = await readOkrFile(deps.fetch, href, {});
    if (read.kind === 'changed') {
      const { set, kind: _kind, ...validators } = read;
      const record: SubscriptionRecord = { url: href, set, fetchedAt: deps.now(), ...validators };
      await deps.store.put(record);
      return answer(record, href);
    }
    const reason = read.kind === 'unchanged' ? 'the server answered 304 to a first read' : read.reason;
    return {
      ok: false,
      message: `Couldn’t subscribe to ${href}: ${reason}. Nothing was stored.`,
      errors: read.kind === 'invalid' ? read.errors : [],
    };
  }

  async function use(url: string): Promise<SubscriptionResult> {
    const record = await deps.store.get(url);
    if (!record) return notSubscribed(url);
    await deps.store.setActive({ url, cycleId: null });
    await deps.spaces.setActive(null);
    return answer(record, url);
  }

  /** The active subscription's copy (read again when older than 10 minutes), or null. */
  async function active(): Promise<{ record: SubscriptionRecord; cycleId: string | null } | null> {
    const chosen = await deps.store.getActive();
    if (!chosen) return null;
    const record = await refresh.current(chosen.url);
    return record ? { record, cycleId: chosen.cycleId } : null;
  }

  async function activeSet(): Promise<ActiveSet | null> {
    const found = await active();
    if (!found) return null;
    const { record, cycleId } = found;
    const chosen = shownCycleId(record.set.cycles, cycleId, localDate(deps.now()));
    return { set: record.set, cycleId: chosen, source: subscriptionSource(record) };
  }

  const methods: SubscriptionMethods = {
    listSubscriptions: async () => {
      const current = await activeUrl();
      return (await deps.store.list()).map((record) => subscriptionView(record, current));
    },
    subscribe: ({ url }) => subscribe(url),
    refreshSubscription: async ({ url }) => answer(await refresh.refresh(url), url),
    useSubscription: ({ url }) => use(url),
    removeSubscription: ({ url }) => deps.store.remove(url),
    getActiveSubscription: async () => {
      const found = await activeSet();
      const chosen = await deps.store.get((await activeUrl()) ?? '');
      if (!found?.source || !chosen) return { state: 'none' };
      return {
        state: 'ok',
        set: found.set,
        cycleId: found.cycleId,
        source: found.source,
        subscription: subscriptionView(chosen, chosen.url),
      };
    },
  };

  return { methods, activeSet };
}

/** For a service made without subscriptions (tools, tests of other parts): every call says so. */
export function withoutSubscriptions(): SubscriptionMethods {
  const none = async (): Promise<SubscriptionResult> => ({
    ok: false,
    message: 'Subscriptions are not available in this KR Lens service.',
    errors: [],
  });
  return {
    listSubscriptions: async () => [],
    subscribe: none,
    refreshSubscription: none,
    useSubscription: none,
    removeSubscription: async () => undefined,
    getActiveSubscription: async () => ({ state: 'none' }),
  };
}
