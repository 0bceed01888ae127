/**
 * Jira's page-safe descriptor half: what extension pages and the message layer may know about
 * Jira without its API client.
 */
import { isAtlassianCloud } from '../../settings';
import { hostOf } from '../../util/host';
import type { TrackerInfo } from '../tracker';
import { parseJiraLocation } from './page';
import { JIRA_SCOPE_KINDS, jiraScopeLabel, jiraScopeRequestSchema } from './scopes';

export const jiraInfo: TrackerInfo<'jira'> = {
  id: 'jira',
  name: 'Jira',
  connectionFields: [
    { name: 'site', label: 'Site address', kind: 'url', required: true, placeholder: 'https://acme.atlassian.net' },
    {
      name: 'auth',
      label: 'Sign in with',
      kind: 'choice',
      required: true,
      choices: [
        {
          value: 'session',
          label: 'Browser session (recommended)',
          hint: 'Uses the Jira session you are signed in with in this browser; nothing is stored.',
        },
        { value: 'basic', label: 'Email + API token' },
      ],
    },
    { name: 'email', label: 'Email', kind: 'email', required: true, shownWhen: { field: 'auth', value: 'basic' } },
    {
      name: 'apiToken',
      label: 'API token',
      kind: 'secret',
      required: true,
      hint: 'Create one at',
      hintLink: { href: 'https://id.atlassian.com/manage-profile/security/api-tokens', text: 'id.atlassian.com' },
      shownWhen: { field: 'auth', value: 'basic' },
      testId: 'token',
    },
  ],
  contentPages: { matches: isAtlassianCloud, site: (origin) => origin },
  notesSeenSites: true,
  issueAddressOf(url, knownSites) {
    const page = parseJiraLocation(url);
    if (page?.type !== 'issue') return null;
    // Any site could have a `/browse/ABC-1` path: Atlassian Cloud and the connected sites only.
    return isAtlassianCloud(page.site) || knownSites.includes(page.site) ? { tracker: 'jira', site: page.site, key: page.key } : null;
  },
  sourceLabel: (site) => `Jira ${hostOf(site)}`,
  space: {
    homeLabel: 'Jira project key',
    homeExample: 'OKR',
    noConnection: 'Add your Jira site under Connections first (or open any Jira issue page while signed in).',
    place: (site, home) => `Jira ${hostOf(site)}, project ${home}`,
  },
  scopes: {
    kinds: JIRA_SCOPE_KINDS,
    requestSchema: jiraScopeRequestSchema,
    label: jiraScopeLabel,
    assignedToMe: (settings) => settings.jira.map((c) => ({ tracker: 'jira', site: c.site, scope: { type: 'assigned-to-me' } })),
  },
};
