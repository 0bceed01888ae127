/**
 * The Options page as a user meets it: the real page components over the real store (WXT's fake
 * browser storage) and, behind a recording `send`, the real background service with its request
 * validation; only the tracker adapters are fakes, answering "who am I".
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '../../components/options/OptionsApp';
import { createOkrService } from '../../entrypoints/background/okr-service';
import { createCache } from '../../lib/cache';
import type { SendMessage, ServiceRequest } from '../../lib/messaging';
import { handleServiceMessage } from '../../lib/messaging-host';
import { getActiveSelection } from '../../lib/store';
import { createOptionsStore, type OptionsStore } from '../../entrypoints/options/state';
import type { DownloadFile } from '../../lib/download';
import { readSettings, writeSettings, type Settings } from '../../lib/settings';
import type { TrackerAdapter, TrackerError, Viewer } from '../../lib/trackers/tracker';

/** Inside cycle 2026-q4 of the Acme example. */
export const TODAY = '2026-11-21';

export const ACME_JSON = readFileSync(
  // A path, not a URL: under happy-dom `URL` is the DOM's, which node:fs does not take.
  join(dirname(fileURLToPath(import.meta.url)), '../../public/examples/acme.okr.json'),
  'utf8',
);

type Row = Record<string, unknown>;

/** The Acme example as a plain document, to break or edit. */
export function acmeDocument(): Row & { objectives: Row[]; keyResults: Row[]; checkIns: Row[] } {
  return JSON.parse(ACME_JSON) as ReturnType<typeof acmeDocument>;
}

export interface HarnessOptions {
  settings?: Settings;
  /**
   * Who each tracker site says the credentials belong to (key: Jira origin, or "linear"), or its
   * error; a promise answers when the test settles it (or never), a function is asked anew each time.
   */
  viewers?: Record<string, Viewer | TrackerError | Promise<Viewer> | (() => Promise<Viewer>)>;
  /** The answer to the host permission prompt. */
  grantPermissions?: boolean;
  /** Jira pages the content script reported before Options opened. */
  seenJiraSites?: string[];
  /**
   * The background answers getSettings only once this settles, as a busy or waking service worker
   * does; the page is then shown before its load finished, as the real page is.
   */
  settingsAnswered?: Promise<unknown>;
}

export interface Harness {
  store: OptionsStore;
  view: ReturnType<typeof render>;
  /** Every request the page sent to the background, in order. */
  calls: ServiceRequest[];
  permissionRequests: string[][];
  downloads: DownloadFile[];
  storedSettings: () => Promise<Settings>;
  /** A copy of everything in extension storage. */
  storage: () => Promise<Record<string, unknown>>;
}

export async function openOptions(options: HarnessOptions = {}): Promise<Harness> {
  const area = fakeBrowser.storage.local;
  if (options.settings) await writeSettings(area, options.settings);
  const viewers = options.viewers ?? {};
  const service = createOkrService({
    sets: { getActiveSelection: () => getActiveSelection({ today: TODAY }) },
    adapterFor: async (tracker, site) => {
      const viewer = viewers[tracker === 'linear' ? 'linear' : site];
      if (!viewer) throw new Error(`no fake ${tracker} adapter for ${site}`);
      const whoAmI = async () => {
        if (viewer instanceof Error) throw viewer;
        return typeof viewer === 'function' ? viewer() : viewer;
      };
      return { whoAmI } as unknown as TrackerAdapter;
    },
    cache: createCache(area),
    now: () => Date.parse(`${TODAY}T12:00:00Z`),
    settings: { read: () => readSettings(area), write: (settings) => writeSettings(area, settings) },
  });
  for (const site of options.seenJiraSites ?? []) await service.noteJiraSite({ site });
  const calls: ServiceRequest[] = [];
  const send: SendMessage = async (message) => {
    calls.push(structuredClone(message));
    if (message.method === 'getSettings') await options.settingsAnswered;
    return handleServiceMessage(service, message);
  };
  const permissionRequests: string[][] = [];
  const downloads: DownloadFile[] = [];
  const store = createOptionsStore({
    send,
    today: () => TODAY,
    requestOrigins: async (origins) => {
      permissionRequests.push(origins);
      return options.grantPermissions ?? true;
    },
    download: (file) => downloads.push(file),
  });
  const loaded = store.load();
  if (!options.settingsAnswered) await loaded;
  const view = render(<OptionsApp store={store} />);
  return {
    store,
    view,
    calls,
    permissionRequests,
    downloads,
    storedSettings: () => readSettings(area),
    storage: async () => structuredClone(await area.get(null)),
  };
}

export function okrFile(text: string, name: string): File {
  return new File([text], name, { type: name.endsWith('.json') ? 'application/json' : 'application/yaml' });
}

/** Every text the page holds: markup plus the live values of its form fields (not in the markup). */
export function everythingShown(container: HTMLElement): string {
  const values = [...container.querySelectorAll('input, textarea, select')].map((el) => (el as HTMLInputElement).value);
  return `${container.innerHTML}\n${values.join('\n')}`;
}
