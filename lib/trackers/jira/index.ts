/**
 * Jira's descriptor: its page-safe half, its page driver, and what the background needs to
 * connect to a site. Background only: this pulls in the API client.
 */
import { jiraConnectionFor, readSettings, settingsSchema, type JiraConnection } from '../../settings';
import { SetupNeeded, TrackerError, type TrackerDescriptor } from '../tracker';
import { createJiraAdapter, JiraAdapter } from './client';
import { createJiraSpaceStore } from './space';
import { jiraInfo } from './info';
import { jiraPageDriver } from './page';

export const jiraTracker: TrackerDescriptor<'jira'> = {
  ...jiraInfo,
  page: jiraPageDriver,
  capabilities: { boards: true, scopeParts: true },
  // Token adapters are made per call, so the token is read at request time; session adapters
  // are kept per site so discovered fields (the story-point field) are not asked for again.
  createSpaceStore(adapter) {
    if (!(adapter instanceof JiraAdapter)) throw new TrackerError('invalid', 'A Jira team space needs a Jira connection.');
    return createJiraSpaceStore(adapter);
  },
  async createAdapter({ area, site, kept }) {
    const connection = jiraConnectionFor(await readSettings(area), site);
    if (!connection) throw new SetupNeeded(`Add ${site} in KR Lens Options to use it.`);
    if (connection.auth.type === 'basic') return createJiraAdapter({ site, auth: connection.auth });
    const key = `jira|${site}|session`;
    let adapter = kept.get(key);
    if (!adapter) kept.set(key, (adapter = createJiraAdapter({ site, auth: { type: 'session' } })));
    return adapter;
  },
  connection: {
    settingsSchema: settingsSchema.shape.jira,
    sites: (settings) => settings.jira.map((c) => c.site),
    /** Secrets not re-entered are kept from what is stored. */
    merge(current, update) {
      const jira = update.jira.map((entry): JiraConnection => {
        const site = new URL(entry.site).origin;
        if (entry.auth.type === 'session') return { site, auth: { type: 'session' } };
        const previous = current.jira.find((c) => c.site === site)?.auth;
        const apiToken =
          entry.auth.apiToken ?? (previous?.type === 'basic' && previous.email === entry.auth.email ? previous.apiToken : undefined);
        if (!apiToken) throw new TrackerError('invalid', `Enter the API token for ${entry.auth.email} on ${site}.`);
        return { site, auth: { type: 'basic', email: entry.auth.email, apiToken } };
      });
      return { jira };
    },
    testTarget: (site) =>
      site ? new URL(site).origin : { kind: 'invalid', message: 'Enter the Jira site address first, like https://acme.atlassian.net.' },
  },
  scopeSite: (request) => new URL(request.site).origin,
};
