/**
 * Linear's descriptor: its page-safe half, its page driver, and what the background needs to
 * connect to the workspace of the stored key. Background only: this pulls in the API client.
 */
import { readSettings, settingsSchema, type Settings } from '../../settings';
import { SetupNeeded, TrackerError, type TrackerDescriptor } from '../tracker';
import { createLinearAdapter, LinearAdapter } from './client';
import { createLinearSpaceStore } from './space';
import { linearInfo } from './info';
import { linearPageDriver } from './page';
import { splitLinearScope } from './scopes';

const NO_KEY = 'Add a Linear API key in KR Lens Options to see key results on Linear.';

/**
 * The Linear workspace of the stored key, as the connection test names it: the one remembered in
 * settings, else "linear". Linear's API answers for the key's own workspace whatever the name;
 * the name only labels issue references.
 */
const workspaceOf = (settings: Settings): string => settings.linear?.workspace ?? 'linear';

export const linearTracker: TrackerDescriptor<'linear'> = {
  ...linearInfo,
  page: linearPageDriver,
  capabilities: { boards: false, scopeParts: false },
  // Kept per workspace; the key is read from storage at request time, never held here.
  createSpaceStore(adapter) {
    if (!(adapter instanceof LinearAdapter)) throw new TrackerError('invalid', 'A Linear team space needs a Linear connection.');
    return createLinearSpaceStore(adapter);
  },
  async createAdapter({ area, site: workspace, kept, linearApiUrl }) {
    if (!(await readSettings(area)).linear) throw new SetupNeeded(NO_KEY);
    const key = `linear|${workspace}`;
    let adapter = kept.get(key);
    if (!adapter) {
      const apiKey = async () => {
        const linearSettings = (await readSettings(area)).linear;
        if (!linearSettings) throw new SetupNeeded(NO_KEY);
        return linearSettings.apiKey;
      };
      kept.set(key, (adapter = createLinearAdapter({ workspace, apiKey, ...(linearApiUrl ? { apiUrl: linearApiUrl } : {}) })));
    }
    return adapter;
  },
  connection: {
    settingsSchema: settingsSchema.shape.linear,
    sites: (settings) => (settings.linear ? [workspaceOf(settings)] : []),
    merge(current, update) {
      const linear = update.linear === null ? undefined : 'apiKey' in update.linear ? { apiKey: update.linear.apiKey } : current.linear;
      return linear ? { linear } : {};
    },
    // A Linear key names its own workspace: test it without one and remember what it says.
    testTarget: (site, settings) => site ?? settings.linear?.workspace ?? '',
    secretNamesSite: {
      isNewSecret: (update) => update.linear !== null && 'apiKey' in update.linear,
      secretOf: (settings) => settings.linear?.apiKey,
      remember(settings, secret, workspace) {
        if (!settings.linear || settings.linear.apiKey !== secret || settings.linear.workspace === workspace) return null;
        return { ...settings, linear: { ...settings.linear, workspace } };
      },
    },
  },
  scopeSite: (_request, settings) => workspaceOf(settings),
  splitScope: (listed, scope) =>
    scope.type === 'linear-teams' || scope.type === 'assigned-to-me'
      ? splitLinearScope(listed, scope)
      : { issues: [...listed], ancestors: [] },
};
