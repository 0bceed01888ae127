/**
 * Linear's page-safe descriptor half: what extension pages and the message layer may know about
 * Linear without its API client.
 */
import type { TrackerInfo } from '../tracker';
import { LINEAR_HOST, parseLinearLocation } from './page';
import { LINEAR_SCOPE_KINDS, linearScopeLabel, linearScopeRequestSchema } from './scopes';

export const linearInfo: TrackerInfo<'linear'> = {
  id: 'linear',
  name: 'Linear',
  connectionFields: [{ name: 'apiKey', label: 'API key', kind: 'secret', required: true, placeholder: 'lin_api_…', testId: 'key' }],
  // A Linear page's site is the workspace from its path, which the sender's URL may not follow
  // through in-page navigation; a Linear key reaches its own workspace only, whatever the name.
  contentPages: { matches: (origin) => origin === `https://${LINEAR_HOST}`, site: () => null },
  notesSeenSites: false,
  issueAddressOf(url) {
    const page = parseLinearLocation(url);
    return page?.type === 'issue' ? { tracker: 'linear', site: page.workspace, key: page.key } : null;
  },
  /** "Linear acme", or "Linear" while the workspace is not known. */
  sourceLabel: (site) => (site === 'linear' ? 'Linear' : `Linear ${site}`),
  space: {
    homeLabel: 'Linear team key',
    homeExample: 'ENG',
    noConnection: 'Add a Linear API key under Connections first.',
    place: (site, home) => `Linear ${site}, team ${home}`,
  },
  scopes: {
    kinds: LINEAR_SCOPE_KINDS,
    requestSchema: linearScopeRequestSchema,
    label: linearScopeLabel,
    assignedToMe: (settings) => (settings.linear.connected ? [{ tracker: 'linear', scope: { type: 'assigned-to-me' } }] : []),
  },
};
