/**
 * Shared set-up for the Jira adapter suites: a fake Jira over real HTTP and adapters pointed at
 * it, signed in with a session cookie (what the browser sends) or an API token.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { defaultLinkUrl } from '../../../lib/okr/model';
import { createJiraAdapter, type JiraAdapter, type JiraAdapterConfig } from '../../../lib/trackers/jira/client';
import type { KrWithUrl } from '../../../lib/trackers/tracker';
import { startFakeJira, type CreateFakeJiraOptions, type RecordedRequest, type RunningFakeJira } from '../../sandbox/jira/server';
import { ACME_USERS } from '../../sandbox/jira/seed';

/** A fetch that sends a Jira session cookie, as the browser does for a signed-in user. */
export function fetchWithSessionCookie(token: string): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    request.headers.set('cookie', `cloud.session.token=${token}`);
    return fetch(request);
  };
}

/**
 * The example set's KRs, as the background passes them to every read: the KRs whose links the
 * answer must get exactly right.
 */
export function exampleSetKrs(): KrWithUrl[] {
  const set = JSON.parse(readFileSync(new URL('../../../public/examples/acme.okr.json', import.meta.url), 'utf8')) as {
    id: string;
    keyResults: Array<{ id: string; url?: string }>;
  };
  return set.keyResults.map((kr) => ({ setId: set.id, krId: kr.id, url: kr.url ?? defaultLinkUrl(set, kr.id) }));
}

export type AuthKind = 'session' | 'basic';

export function adapterFor(fake: RunningFakeJira, auth: AuthKind = 'session', overrides: Partial<JiraAdapterConfig> = {}): JiraAdapter {
  const dana = ACME_USERS.dana;
  return createJiraAdapter({
    site: fake.url,
    ...(auth === 'session'
      ? { auth: { type: 'session' }, fetch: fetchWithSessionCookie(dana.sessionToken) }
      : { auth: { type: 'basic', email: dana.emailAddress, apiToken: dana.apiToken } }),
    // Short backoff keeps fault tests fast; the policy itself is retry.ts's.
    retry: { baseDelayMs: 10, random: () => 0.5 },
    ...overrides,
  });
}

/**
 * One fake per suite, reset before each test; every test ends with no contract violation.
 * Returns a getter because the server starts in beforeAll.
 */
export function useFakeJira(options: CreateFakeJiraOptions = {}): () => RunningFakeJira {
  let fake: RunningFakeJira | undefined;
  beforeAll(async () => {
    fake = await startFakeJira(options);
  });
  afterEach(() => {
    const violations = [...fake!.violations];
    fake!.reset();
    expect(violations).toEqual([]);
  });
  afterAll(async () => {
    await fake?.close();
  });
  return () => fake!;
}

export const requestsTo = (fake: RunningFakeJira, method: string, path: string | RegExp): RecordedRequest[] =>
  fake.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));

export const SEARCH = '/rest/api/3/search/jql';

/** The JQL of each search request, in order. */
export const searchedJql = (fake: RunningFakeJira): string[] =>
  requestsTo(fake, 'POST', SEARCH).map((r) => String((r.body as { jql?: unknown }).jql));
