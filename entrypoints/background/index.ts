import { browser } from 'wxt/browser';
import { createCache } from '../../lib/cache';
import { isServiceRequest } from '../../lib/messaging';
import { handleServiceMessage, isOwnSender } from '../../lib/messaging-host';
import { readSettings, writeSettings } from '../../lib/settings';
import { getActiveSelection, upgradeStorage } from '../../lib/store';
import { createAdapterRegistry } from '../../lib/trackers/registry';
import { createOkrService } from './okr-service';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export default defineBackground(() => {
  const area = browser.storage.local;
  const cache = createCache(area);
  const registry = createAdapterRegistry(area);
  const service = createOkrService({
    sets: { getActiveSelection: () => getActiveSelection() },
    adapterFor: registry.adapterFor,
    cache,
    now: Date.now,
    settings: {
      read: () => readSettings(area),
      write: async (settings) => {
        await writeSettings(area, settings);
        registry.forget();
      },
    },
  });

  browser.runtime.onMessage.addListener((message, sender) => {
    // Answer only our own requests from our own scripts; anything else is left to others.
    if (!isServiceRequest(message) || !isOwnSender(sender, browser.runtime.id)) return undefined;
    return handleServiceMessage(service, message);
  });
  browser.runtime.onInstalled.addListener(() => void upgradeStorage().catch((error) => console.error('KR Lens storage upgrade failed', error)));
  void cache.sweep(Date.now(), WEEK_MS).catch(() => undefined);
});
