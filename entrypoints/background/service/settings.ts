/**
 * Settings and connections: Options reads and saves them, content scripts note the Jira sites
 * they run on, and a connection test asks the tracker who the credentials belong to.
 */
import type { ConnectionTest, SettingsUpdate } from '../../../lib/messaging';
import type { OkrServiceImpl } from '../../../lib/messaging-host';
import type { TrackerId } from '../../../lib/okr/model';
import { isAtlassianCloud, toPublicSettings, withSeenJiraSite, type Settings } from '../../../lib/settings';
import { createSingleFlight, type SingleFlight } from '../../../lib/single-flight';
import { TRACKER_LIST, TRACKERS } from '../../../lib/trackers/registry';
import { TrackerError } from '../../../lib/trackers/tracker';
import { toErrorView, type ServiceCore } from './shared';

type SettingsHandlers = Pick<OkrServiceImpl, 'noteJiraSite' | 'getSettings' | 'saveSettings' | 'testConnection'>;

/** Applies an update from Options, each tracker its own part; secrets not re-entered are kept. */
export function mergeSettings(current: Settings, update: SettingsUpdate): Settings {
  const parts = TRACKER_LIST.map((descriptor) => descriptor.connection.merge(current, update));
  return Object.assign({ jira: [] }, ...parts) as Settings;
}

export function createSettingsHandlers({ deps }: ServiceCore): SettingsHandlers {
  /** Per tracker whose secret names its site: the check of the stored secret under way; a save starts one, Options joins it. */
  const checks = new Map<TrackerId, SingleFlight<ConnectionTest>>(
    TRACKER_LIST.filter((descriptor) => descriptor.connection.secretNamesSite).map((descriptor) => [
      descriptor.id,
      createSingleFlight<ConnectionTest>(),
    ]),
  );
  let settingsQueue: Promise<unknown> = Promise.resolve();

  /**
   * Read, change and write the settings one change at a time: the check a save starts writes the
   * workspace it learns while the user may already be saving again, and neither may undo the other.
   */
  function updateSettings(change: (current: Settings) => Settings | null): Promise<Settings> {
    const run = settingsQueue.then(async () => {
      const current = await deps.settings.read();
      const next = change(current);
      if (next === null || next === current) return current;
      await deps.settings.write(next);
      return next;
    });
    settingsQueue = run.catch(() => undefined);
    return run;
  }

  async function testConnection(tracker: TrackerId, site: string | undefined): Promise<ConnectionTest> {
    const settings = await deps.settings.read();
    const { connection } = TRACKERS[tracker];
    const target = connection.testTarget(site, settings);
    if (typeof target !== 'string') return { ok: false, error: target };
    const names = connection.secretNamesSite;
    const testedSecret = names?.secretOf(settings);
    try {
      const who = await (await deps.adapterFor(tracker, target)).whoAmI();
      // Only onto the secret that was tested: a secret saved since then belongs to its own check.
      if (names && who.site && testedSecret) {
        const learnt = who.site;
        await updateSettings((current) => names.remember(current, testedSecret, learnt));
      }
      return { ok: true, who: who.email ? `${who.name} (${who.email})` : who.name, site: who.site ?? target };
    } catch (error) {
      return { ok: false, error: toErrorView(error) };
    }
  }

  return {
    noteJiraSite: async ({ site }) => {
      const origin = new URL(site).origin;
      // Content scripts run on Atlassian Cloud only, so any other site here did not come from a
      // page we were on, and noting it would make it a tracker the background calls.
      if (!isAtlassianCloud(origin))
        throw new TrackerError('invalid', 'KR Lens notes only Atlassian Cloud sites seen while browsing; add other Jira sites in Options.');
      await updateSettings((settings) => withSeenJiraSite(settings, origin));
    },
    getSettings: async () => toPublicSettings(await deps.settings.read()),
    saveSettings: async (update) => {
      const saved = await updateSettings((current) => mergeSettings(current, update));
      // A new secret that names its site (a Linear key, its workspace): learn the site, so issue
      // pages and the dashboard name it right. Not awaited: a tracker that is slow or down must not
      // hold the save. Options shows the check by asking testConnection, which joins this one. A
      // secret the tracker refuses is still saved.
      for (const [tracker, check] of checks) {
        if (TRACKERS[tracker].connection.secretNamesSite?.isNewSecret(update))
          void check.restart(() => testConnection(tracker, undefined)).catch(() => undefined);
      }
      return toPublicSettings(saved);
    },
    testConnection: ({ tracker, site }) => {
      const check = site === undefined ? checks.get(tracker) : undefined;
      return check ? check.join(() => testConnection(tracker, undefined)) : testConnection(tracker, site);
    },
  };
}
