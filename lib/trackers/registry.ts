/**
 * Which adapter serves which tracker site, built from the stored connections. Adding a tracker
 * means one more entry here and one more folder beside `jira/` and `linear/`.
 */
import type { TrackerId } from '../okr/model';
import { jiraConnectionFor, readSettings, type StorageArea } from '../settings';
import { createJiraAdapter } from './jira/client';
import { createLinearAdapter } from './linear/client';
import { TrackerError, type TrackerAdapter } from './tracker';

export class SetupNeeded extends TrackerError {
  constructor(message: string) {
    super('auth', message);
  }
}

export interface RegistryOptions {
  /** Overrides for the local sandbox and tests, e.g. Linear's API at http://localhost. */
  linearApiUrl?: string;
}

/**
 * Adapters are kept per site so discovered fields (Jira's story-point field) are not asked for
 * again; secrets are not kept in them where they can be read at request time instead (Linear),
 * and Jira token adapters are made per call for the same reason.
 */
export function createAdapterRegistry(area: StorageArea, options: RegistryOptions = {}) {
  const kept = new Map<string, TrackerAdapter>();

  async function jira(site: string): Promise<TrackerAdapter> {
    const connection = jiraConnectionFor(await readSettings(area), site);
    if (!connection) throw new SetupNeeded(`Add ${site} in KR Lens Options to use it.`);
    if (connection.auth.type === 'basic') return createJiraAdapter({ site, auth: connection.auth });
    const key = `jira|${site}|session`;
    let adapter = kept.get(key);
    if (!adapter) kept.set(key, (adapter = createJiraAdapter({ site, auth: { type: 'session' } })));
    return adapter;
  }

  async function linear(workspace: string): Promise<TrackerAdapter> {
    if (!(await readSettings(area)).linear) throw new SetupNeeded('Add a Linear API key in KR Lens Options to see key results on Linear.');
    const key = `linear|${workspace}`;
    let adapter = kept.get(key);
    if (!adapter) {
      const apiKey = async () => {
        const linearSettings = (await readSettings(area)).linear;
        if (!linearSettings) throw new SetupNeeded('Add a Linear API key in KR Lens Options to see key results on Linear.');
        return linearSettings.apiKey;
      };
      kept.set(key, (adapter = createLinearAdapter({ workspace, apiKey, ...(options.linearApiUrl ? { apiUrl: options.linearApiUrl } : {}) })));
    }
    return adapter;
  }

  return {
    adapterFor: (tracker: TrackerId, site: string): Promise<TrackerAdapter> => (tracker === 'jira' ? jira(site) : linear(site)),
    /** Credentials changed: forget adapters that may hold what they learned with the old ones. */
    forget: () => kept.clear(),
  };
}
