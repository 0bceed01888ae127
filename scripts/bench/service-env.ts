/**
 * The background service in Node, as its tests run it: WXT's fake browser storage, the example
 * OKR set imported through the real store, real adapters pointed at the fakes.
 *
 * The store reaches storage through `wxt/browser`, which picks `globalThis.chrome` when its module
 * is first evaluated; so the fake is installed first and the store is imported after it.
 */
import { localDate } from '../../lib/util/date';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Cache } from '../../lib/cache';
import type { OkrServiceImpl } from '../../lib/messaging-host';
import type { OkrSet, TrackerId } from '../../lib/okr/model';
import type { TrackerAdapter } from '../../lib/trackers/tracker';
import { ROOT } from './bundle';

export const EXAMPLE_SET_PATH = resolve(ROOT, 'public/examples/acme.okr.json');

export interface ServiceEnvironment {
  /** The example set as the store keeps it (link URLs assigned). */
  set: OkrSet;
  /** A fresh service with a fresh cache over the same storage. */
  service(options: { adapterFor(tracker: TrackerId, site: string): TrackerAdapter; now?: () => number }): {
    service: OkrServiceImpl;
    cache: Cache;
  };
}

export async function loadServiceEnvironment(): Promise<ServiceEnvironment> {
  const { fakeBrowser } = await import('wxt/testing/fake-browser');
  const global = globalThis as { chrome?: unknown };
  global.chrome ??= fakeBrowser;
  if (global.chrome !== fakeBrowser) throw new Error('A `chrome` global exists already; the bench needs the fake one.');
  const [{ createOkrService }, { createCache }, settings, store] = await Promise.all([
    import('../../entrypoints/background/okr-service'),
    import('../../lib/cache'),
    import('../../lib/settings'),
    import('../../lib/store'),
  ]);
  const today = localDate(new Date());
  fakeBrowser.reset();
  const parsed = store.parseOkrFile(readFileSync(EXAMPLE_SET_PATH, 'utf8'), 'acme.okr.json');
  if (!parsed.ok) throw new Error(`The example set does not parse: ${JSON.stringify(parsed)}`);
  const imported = await store.confirmImport(parsed.set, { today });
  if (!imported.ok) throw new Error(`The example set did not import: ${JSON.stringify(imported)}`);
  const selection = await store.getActiveSelection({ today });
  if (!selection) throw new Error('The example set imported but is not active.');
  const area = fakeBrowser.storage.local;
  return {
    set: selection.set,
    service(options) {
      const cache = createCache(area);
      const service = createOkrService({
        sets: { getActiveSelection: () => store.getActiveSelection({ today }) },
        adapterFor: async (tracker, site) => options.adapterFor(tracker, site),
        cache,
        now: options.now ?? Date.now,
        settings: { read: () => settings.readSettings(area), write: (s) => settings.writeSettings(area, s) },
      });
      return { service, cache };
    },
  };
}
