import { browser } from 'wxt/browser';
import { createCache } from '../../lib/cache';
import { afterPrepared, createIndexedDbArea } from '../../lib/credential-store';
import { isServiceRequest } from '../../lib/messaging';
import { handleServiceMessage } from '../../lib/messaging-host';
import { callerOf } from '../../lib/service-access';
import { readSettings, writeSettings } from '../../lib/settings';
import { moveSettingsToCredentialStore } from '../../lib/settings-migration';
import { openToContentScripts, restrictToTrustedContexts } from '../../lib/storage-access';
import { getActiveSelection, upgradeStorage } from '../../lib/store';
import { createAdapterRegistry } from '../../lib/trackers/registry';
import { createOkrService } from './service';
import { changesActiveSet, createRenderCache, rememberSelections, withRenderCache } from './render-cache';
import { createSpaces } from './spaces/service';
import { createSpaceCache } from '../../lib/store/space-cache';
import { createSubscriptionStore } from '../../lib/store/subscriptions';
import { leavingSubscriptionOnSpace } from './subscriptions/exclusive';
import { createSubscriptions } from './subscriptions/service';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * The cache sweep reads all of storage.local; run at start it held back the first message by
 * 40–220 ms (measured in a restarted worker), so it waits until the first answers are out.
 */
const SWEEP_AFTER_MS = 10_000;

export default defineBackground(() => {
  // First, on every start: content scripts may not read or write storage.local (Chrome, Edge).
  void restrictToTrustedContexts(browser.storage.local);
  // storage.session holds the render cache only (overlay views), opened so pages paint it at once.
  const session = browser.storage.session;
  const renderOpen = openToContentScripts(session).then((level) => level === 'open');
  const area = browser.storage.local;
  // Connections and their secrets: in the credential store, moved there from storage.local once.
  const credentialStore = createIndexedDbArea();
  const credentials = afterPrepared(credentialStore, () => moveSettingsToCredentialStore(area, credentialStore));
  const cache = createCache(area);
  const registry = createAdapterRegistry(credentials);
  const spaceCache = createSpaceCache(area);
  const subscriptionStore = createSubscriptionStore(area);
  const subscriptions = createSubscriptions({
    store: subscriptionStore,
    spaces: spaceCache,
    fetch: (url, init) => fetch(url, init),
    now: Date.now,
  });
  const spaces = createSpaces({
    adapterFor: registry.adapterFor,
    cache: leavingSubscriptionOnSpace(spaceCache, subscriptionStore),
    subscription: subscriptions.activeSet,
    readSettings: () => readSettings(credentials),
    local: () => getActiveSelection(),
    now: Date.now,
  });
  const selections = rememberSelections(spaces.source);
  const renderCache = createRenderCache({ area: session, enabled: renderOpen, scopeOf: selections.scopeOf, now: Date.now });
  const okrService = createOkrService({
    sets: selections.source,
    spaces: spaces.methods,
    subscriptions: subscriptions.methods,
    adapterFor: registry.adapterFor,
    cache,
    now: Date.now,
    settings: {
      read: () => readSettings(credentials),
      write: async (settings) => {
        await writeSettings(credentials, settings);
        registry.forget();
      },
    },
  });

  const service = withRenderCache(okrService, renderCache);
  browser.storage.onChanged.addListener((changes, areaName) => {
    if (areaName === 'local' && changesActiveSet(Object.keys(changes))) void renderCache.forgetScopes();
  });

  const extension = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') };
  browser.runtime.onMessage.addListener((message, sender) => {
    // Our own requests only, and each only from a sender allowed to make it; others' are left to them.
    const caller = isServiceRequest(message) ? callerOf(sender, extension) : null;
    if (!caller) return undefined;
    return handleServiceMessage(service, message, caller);
  });
  browser.runtime.onInstalled.addListener(
    () => void upgradeStorage().catch((error) => console.error('KR Lens storage upgrade failed', error)),
  );
  credentials.prepared().catch((error) => console.error('KR Lens could not move its settings to the credential store', error));
  setTimeout(() => void cache.sweep(Date.now(), WEEK_MS).catch(() => undefined), SWEEP_AFTER_MS);
});
