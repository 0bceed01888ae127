/**
 * The read faults the reliability e2e files inject, one table per tracker: how each is made in
 * the fake, the sentence the user must see (or null: the fresh view arrives in the end), how many
 * reads KR Lens may make, and the least time a fresh view may take.
 */
import { DANA_API_KEY } from '../sandbox/linear';
import { e2e, JIRA_ISSUE_PATH, type ReadFault } from './reliability-harness';

export const JIRA_FAULTS: ReadFault[] = [
  {
    name: 'the session expired (401)',
    // The browser still sends its cookie; Jira no longer knows it.
    inject: () => void (e2e.sandbox.jira.state.users.find((u) => u.sessionToken === 'dana-session')!.sessionToken = 'rotated'),
    sees: 'Sign in to Jira at acme.atlassian.net, then reload.',
    reads: 1,
  },
  {
    name: 'no permission (403)',
    inject: () =>
      e2e.sandbox.jira.faults.add({ path: /^\/rest\/api\/3\/issue\/PLAT-2/, times: Infinity, fault: { kind: 'status', status: 403 } }),
    sees: "You don't have permission to read PLAT-2 on Jira at acme.atlassian.net.",
    reads: 1,
  },
  {
    name: 'the issue was deleted (404)',
    inject: () => void e2e.sandbox.jira.state.issues.delete('PLAT-2'),
    sees: 'PLAT-2 was not found: it may have been deleted or moved, or you may not have access to it.',
    reads: 1,
  },
  {
    name: 'a burst of two 500s',
    inject: () => e2e.sandbox.jira.faults.add({ path: JIRA_ISSUE_PATH, method: 'GET', times: 2, fault: { kind: 'status', status: 500 } }),
    sees: null,
    reads: 3,
  },
  {
    name: '500s that do not stop',
    inject: () => e2e.sandbox.jira.faults.add({ path: /^\/rest\//, times: Infinity, fault: { kind: 'status', status: 500 } }),
    sees: 'Jira at acme.atlassian.net is having trouble (HTTP 500). Try again in a few minutes.',
    reads: 4,
  },
  {
    name: 'rate limited with Retry-After: 2',
    inject: () =>
      e2e.sandbox.jira.faults.add({
        path: /^\/rest\/api\/3\/issue\/PLAT-2(\/remotelink)?$/,
        method: 'GET',
        times: 2,
        fault: { kind: 'status', status: 429, retryAfter: 2 },
      }),
    sees: null,
    // Was 2, when the issue's remote links were read beside it and took one of the two 429s: its
    // links are now checked in the search with its epic's, so both 429s fall on the issue read.
    reads: 3,
    waitsMs: 2_000,
  },
  {
    name: 'rate limited for longer than KR Lens waits (Retry-After: 120)',
    inject: () =>
      e2e.sandbox.jira.faults.add({
        path: JIRA_ISSUE_PATH,
        method: 'GET',
        times: Infinity,
        fault: { kind: 'status', status: 429, retryAfter: 120 },
      }),
    sees: 'Jira at acme.atlassian.net is limiting requests; try again in 120 s.',
    reads: 1,
  },
  {
    name: 'a 10-second answer',
    inject: () => e2e.sandbox.jira.faults.add({ path: JIRA_ISSUE_PATH, method: 'GET', times: 1, fault: { kind: 'delay', ms: 10_000 } }),
    sees: null,
    reads: 1,
    waitsMs: 10_000,
  },
  {
    name: 'an answer slower than the 20-second limit',
    inject: () => e2e.sandbox.jira.faults.add({ path: JIRA_ISSUE_PATH, method: 'GET', times: 1, fault: { kind: 'delay', ms: 30_000 } }),
    sees: null,
    reads: 2,
    waitsMs: 20_000,
  },
  {
    name: 'the connection drops every time',
    inject: () => e2e.sandbox.jira.faults.add({ path: /^\/rest\//, times: Infinity, fault: { kind: 'reset' } }),
    sees: "Can't reach Jira at acme.atlassian.net. Check your connection, then try again.",
    reads: 4,
  },
];

export const LINEAR_FAULTS: ReadFault[] = [
  {
    name: 'the API key was revoked',
    inject: () => void e2e.sandbox.linear.state.workspace.apiKeys.delete(DANA_API_KEY),
    sees: 'Linear rejected the API key — add a valid personal API key in Options.',
    reads: 1,
  },
  {
    name: 'FORBIDDEN',
    inject: () => e2e.sandbox.linear.faults.inject({ kind: 'forbidden' }, { times: Infinity }),
    sees: 'Your Linear API key may not do this — ask a Linear admin for access to the team, or use a key that can edit issues.',
    reads: 1,
  },
  {
    name: 'RATELIMITED until 2 s from now',
    inject: () => e2e.sandbox.linear.faults.inject({ kind: 'ratelimited', resetAfterMs: 2_000 }),
    sees: null,
    reads: 2,
    waitsMs: 2_000,
  },
  {
    name: 'a burst of two 500s',
    inject: () => e2e.sandbox.linear.faults.inject({ kind: 'status', status: 500 }, { times: 2 }),
    sees: null,
    reads: 3,
  },
  {
    name: '502s from a proxy that do not stop',
    inject: () => e2e.sandbox.linear.faults.inject({ kind: 'status', status: 502 }, { times: Infinity }),
    sees: 'Linear is having trouble right now (HTTP 502) — try again in a few minutes.',
    reads: 4,
  },
  {
    name: 'a 10-second answer',
    inject: () => e2e.sandbox.linear.faults.inject({ kind: 'slow', delayMs: 10_000 }),
    sees: null,
    reads: 1,
    waitsMs: 10_000,
  },
  {
    name: 'the connection drops every time',
    inject: () => e2e.sandbox.linear.faults.inject({ kind: 'reset' }, { times: Infinity }),
    sees: 'Could not reach Linear — check your connection and try again.',
    reads: 4,
  },
];
