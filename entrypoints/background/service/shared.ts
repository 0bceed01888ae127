/**
 * What every handler of the service shares: its dependencies, the active OKR context, the cache
 * policy and the error views. Handlers get these from `createServiceCore` and keep their own
 * state.
 *
 * Cache policy (stale-while-revalidate): tracker data, not views, is cached, so a set edited in
 * Options shows at once without a request. `fresh: false` answers from the cache with no request
 * at all; the caller asks again with `fresh: true` when the answer says it is stale.
 */
import type { Cache } from '../../../lib/cache';
import type { OkrSet, TrackerId } from '../../../lib/okr/model';
import { resolvePlaybook } from '../../../lib/okr/playbook';
import type { Settings } from '../../../lib/settings';
import { SetupNeeded } from '../../../lib/trackers/registry';
import { TrackerError, type KrWithUrl, type TrackerAdapter } from '../../../lib/trackers/tracker';
import { localDate } from '../../../lib/util/date';
import type { OkrContext } from '../../../lib/view/overlay';
import type { ErrorView, SourceView } from '../../../lib/view/types';
import type { IssueAddress } from '../../../lib/messaging';
import type { OkrServiceImpl } from '../../../lib/messaging-host';
import type { SpaceServiceProtocol } from '../../../lib/space-messages';
import type { SubscriptionServiceProtocol } from '../../../lib/subscription-messages';

/** Data younger than this is shown without asking the tracker again. */
export const FRESH_FOR_MS = 60_000;

export interface ActiveSetSource {
  /** `page`: the tracker page asking, so a team space found on its site can answer with no setup. */
  getActiveSelection(page?: {
    tracker: TrackerId;
    site: string;
    key?: string;
  }): Promise<{ set: OkrSet; cycleId: string | null; source?: SourceView } | null>;
}

export interface OkrServiceDeps {
  sets: ActiveSetSource;
  /** The adapter for a tracker site; throws SetupNeeded when credentials are missing. */
  adapterFor(tracker: TrackerId, site: string): Promise<TrackerAdapter>;
  cache: Cache;
  now(): number;
  settings: {
    read(): Promise<Settings>;
    write(settings: Settings): Promise<void>;
  };
  /** The team-space calls (entrypoints/background/spaces); a service made without them refuses them. */
  spaces?: Pick<OkrServiceImpl, keyof SpaceServiceProtocol>;
  /** The subscribed OKR files (entrypoints/background/subscriptions); without them none can be added. */
  subscriptions?: Pick<OkrServiceImpl, keyof SubscriptionServiceProtocol>;
}

export const NO_SET: ErrorView = {
  kind: 'setup',
  message: 'No OKR set yet: open KR Lens Options and import your OKRs to see key results here.',
};

/**
 * The KRs whose links every reader must see exactly (SPEC "The links are the truth"): all of the
 * active set's. The adapters check the trackers' links of exactly these, whoever made them.
 */
export function readerKrs(set: OkrSet): KrWithUrl[] {
  return set.keyResults.map((kr) => ({ setId: set.id, krId: kr.id, url: kr.url }));
}

export function toErrorView(error: unknown): ErrorView {
  if (error instanceof SetupNeeded) return { kind: 'setup', message: error.message };
  if (error instanceof TrackerError) return { kind: error.kind, message: error.message };
  throw error;
}

export type CachedRead<T> = { value: T; fetchedAt: number; error?: ErrorView } | { error: ErrorView };

export type SourcedContext = OkrContext & { source?: SourceView };

/** What the handlers are built from. */
export interface ServiceCore {
  deps: OkrServiceDeps;
  /**
   * The active set, its playbook, today's date and where the set comes from; null when there is
   * none. `page`: the issue page asking, so a team space on its site can answer with no setup.
   */
  context(page?: IssueAddress): Promise<SourcedContext | null>;
  /** Cached tracker data, or a fresh read; on failure the last good answer, marked stale. */
  cachedRead<T>(key: string, fresh: boolean, read: () => Promise<T>): Promise<CachedRead<T>>;
  /** Whether data read at `fetchedAt` is still fresh. */
  isFresh(fetchedAt: number): boolean;
}

export function createServiceCore(deps: OkrServiceDeps): ServiceCore {
  return {
    deps,
    async context(page) {
      const selection = await deps.sets.getActiveSelection(page);
      if (!selection) return null;
      const source = selection.source ? { source: selection.source } : {};
      return { set: selection.set, playbook: resolvePlaybook(selection.set.playbook), today: localDate(deps.now()), ...source };
    },
    async cachedRead<T>(key: string, fresh: boolean, read: () => Promise<T>): Promise<CachedRead<T>> {
      const cached = await deps.cache.get<T>(key);
      if (cached && !fresh) return { value: cached.value, fetchedAt: cached.fetchedAt };
      try {
        const value = await read();
        const fetchedAt = deps.now();
        await deps.cache.put(key, value, fetchedAt);
        return { value, fetchedAt };
      } catch (error) {
        const view = toErrorView(error);
        return cached ? { value: cached.value, fetchedAt: cached.fetchedAt, error: view } : { error: view };
      }
    },
    isFresh: (fetchedAt) => deps.now() - fetchedAt <= FRESH_FOR_MS,
  };
}
