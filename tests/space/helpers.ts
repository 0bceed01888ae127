/**
 * Shared set-up for the team-space contract suites: the example set, stores for several people
 * against the fake trackers over HTTP, and reading a space back into a set.
 */
import { readFileSync } from 'node:fs';
import { assignLinkUrls, okrSetSchema, type OkrSet } from '../../lib/okr/model';
import { entriesOf } from '../../lib/space/merge';
import { setFromRecords } from '../../lib/space/record';
import type { SpaceHome, SpaceRead, SpaceStore } from '../../lib/space/space-store';
import { createJiraAdapter } from '../../lib/trackers/jira/client';
import { createJiraSpaceStore, type JiraSpaceStore } from '../../lib/trackers/jira/space';
import { LinearAdapter } from '../../lib/trackers/linear/client';
import { createLinearSpaceStore, type LinearSpaceStore } from '../../lib/trackers/linear/space';
import type { RunningFakeJira } from '../sandbox/jira/server';
import { ACME_USERS } from '../sandbox/jira/seed';
import { DANA_API_KEY, LINEAR_WORKSPACE, type RunningFakeLinear } from '../sandbox/linear';
import { fetchWithSessionCookie } from '../trackers/jira/helpers';

export const EXAMPLE: OkrSet = assignLinkUrls(
  okrSetSchema.parse(JSON.parse(readFileSync(new URL('../../public/examples/acme.okr.json', import.meta.url), 'utf8'))),
);

export const JIRA_HOME: SpaceHome = { home: 'OKR', setId: 'acme' };

/** A project for the space, beside the seeded PLAT and GROW. */
export function addOkrProject(fake: RunningFakeJira): void {
  fake.state.projects.push({ id: '10009', key: 'OKR', name: 'Company OKRs' });
}

export type JiraPerson = 'dana' | 'priya';

/** A store signed in as one person, as the browser would be (session cookie). */
export function jiraStore(fake: RunningFakeJira, person: JiraPerson = 'dana', auth: 'session' | 'token' = 'session'): JiraSpaceStore {
  const user = ACME_USERS[person];
  const adapter = createJiraAdapter({
    site: fake.url,
    ...(auth === 'session'
      ? { auth: { type: 'session' as const }, fetch: fetchWithSessionCookie(user.sessionToken) }
      : { auth: { type: 'basic' as const, email: user.emailAddress, apiToken: user.apiToken } }),
    retry: { baseDelayMs: 10, random: () => 0.5 },
  });
  return createJiraSpaceStore(adapter, { taskPoll: { attempts: 10, delayMs: 5 } });
}

/** A space read as a set, the way the extension will show it. */
export function asSet(read: SpaceRead, setId = 'acme') {
  const { records, checkIns } = entriesOf(read);
  return setFromRecords(records, checkIns, { setId });
}

/** The space as a set, with every sentence about what was skipped: by the store and by assembly. */
export async function readSet(store: SpaceStore, space: SpaceHome) {
  const read = await store.readSpace(space);
  const { set, skipped } = asSet(read, space.setId);
  return { read, set, skipped: [...read.skipped, ...skipped] };
}

export const LINEAR_HOME: SpaceHome = { home: 'MOB', setId: 'acme' };

/** A Linear store for one person's API key. */
export function linearStore(fake: RunningFakeLinear, apiKey: string = DANA_API_KEY): LinearSpaceStore {
  const adapter = new LinearAdapter({ workspace: LINEAR_WORKSPACE, apiKey, apiUrl: fake.url, retry: { baseDelayMs: 5 } });
  return createLinearSpaceStore(adapter);
}
