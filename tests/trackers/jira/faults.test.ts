/** Each failure Jira can hand us becomes the right TrackerError, retried only where it is safe. */
import { describe, expect, it } from 'vitest';
import { defaultLinkUrl } from '../../../lib/okr/model';
import { TrackerError } from '../../../lib/trackers/tracker';
import { ACME_USERS } from '../../sandbox/jira/seed';
import { adapterFor, fetchWithSessionCookie, requestsTo, useFakeJira } from './helpers';

const MYSELF = '/rest/api/3/myself';
const ISSUE = '/rest/api/3/issue/PLAT-1';
const REMOTELINK = '/rest/api/3/issue/GROW-15/remotelink';
const target = {
  setId: 'acme',
  krId: 'kr-grow-activation',
  url: defaultLinkUrl({ id: 'acme' }, 'kr-grow-activation'),
  title: 'Activation',
  objectiveTitle: 'Day one',
};

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TrackerError) return error;
    throw error;
  }
  throw new Error('expected a TrackerError, but the call succeeded');
}

describe('Jira adapter: failures', () => {
  const fake = useFakeJira();
  const host = () => new URL(fake().url).host;

  it('an expired session asks the user to sign in to the site', async () => {
    const adapter = adapterFor(fake(), 'session', { fetch: fetchWithSessionCookie('expired-session') });
    const error = await failure(adapter.whoAmI());
    expect(error.kind).toBe('auth');
    expect(error.message).toBe(`Sign in to Jira at ${host()}, then reload.`);
    expect(requestsTo(fake(), 'GET', MYSELF)).toHaveLength(1);
  });

  it('a rejected API token names the account and where to fix it', async () => {
    const adapter = adapterFor(fake(), 'basic', { auth: { type: 'basic', email: ACME_USERS.dana.emailAddress, apiToken: 'revoked' } });
    const error = await failure(adapter.whoAmI());
    expect(error.kind).toBe('auth');
    expect(error.message).toBe(`Jira rejected the API token for ${ACME_USERS.dana.emailAddress} — check it in Options.`);
  });

  it('a session write without the XSRF header is refused by the fake as by Jira (the adapter always sends it)', async () => {
    const response = await fetchWithSessionCookie(ACME_USERS.dana.sessionToken)(`${fake().url}${REMOTELINK}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ globalId: 'kr-lens:acme:x', object: { url: 'https://example.com', title: 'KR: x' } }),
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('XSRF check failed');
    await expect(adapterFor(fake(), 'session').link('GROW-15', target)).resolves.toBeUndefined();
  });

  it.each([
    ['401 mid-session', 401, 'auth', (h: string) => `Sign in to Jira at ${h}, then reload.`],
    ['403', 403, 'permission', (h: string) => `You don't have permission to read PLAT-1 on Jira at ${h}.`],
    ['400', 400, 'invalid', (h: string) => `Jira at ${h} refused to read PLAT-1: Injected fault: HTTP 400`],
  ])('%s becomes a %s error with a sentence, not retried', async (_name, status, kind, sentence) => {
    fake().faults.add({ path: ISSUE, method: 'GET', fault: { kind: 'status', status } });
    const error = await failure(adapterFor(fake()).getIssueWithFamily('PLAT-1'));
    expect(error.kind).toBe(kind);
    expect(error.message).toBe(sentence(host()));
    expect(error.details.status).toBe(status);
    expect(requestsTo(fake(), 'GET', ISSUE)).toHaveLength(1);
  });

  it('403 on a write says what was not allowed', async () => {
    fake().faults.add({ path: REMOTELINK, method: 'POST', fault: { kind: 'status', status: 403 } });
    const error = await failure(adapterFor(fake()).link('GROW-15', target));
    expect(error).toMatchObject({
      kind: 'permission',
      message: `You don't have permission to link GROW-15 to a key result on Jira at ${host()}.`,
    });
  });

  it('404 on an issue page is no issue, not an error', async () => {
    fake().faults.add({ path: ISSUE, method: 'GET', fault: { kind: 'status', status: 404 } });
    expect(await adapterFor(fake()).getIssueWithFamily('PLAT-1')).toBeNull();
  });

  it('429 is honoured: no request before Retry-After has elapsed, then it succeeds', async () => {
    fake().faults.add({ path: MYSELF, fault: { kind: 'status', status: 429, retryAfter: 1 } });
    const viewer = await adapterFor(fake()).whoAmI();
    expect(viewer.id).toBe(ACME_USERS.dana.accountId);
    const [limited, retried] = requestsTo(fake(), 'GET', MYSELF);
    expect(limited!.status).toBe(429);
    expect(retried!.status).toBe(200);
    expect(retried!.time - limited!.time).toBeGreaterThanOrEqual(1000);
  });

  it('429 is retried for writes too: the server refused before doing anything', async () => {
    fake().faults.add({ path: REMOTELINK, method: 'POST', fault: { kind: 'status', status: 429, retryAfter: 0 } });
    await adapterFor(fake()).link('GROW-15', target);
    expect(requestsTo(fake(), 'POST', REMOTELINK).map((r) => r.status)).toEqual([429, 201]);
    expect(fake().state.issues.get('GROW-15')!.remoteLinks).toHaveLength(1);
  });

  it('a Retry-After longer than KR Lens waits becomes a rate-limit error that carries the wait', async () => {
    fake().faults.add({ path: MYSELF, fault: { kind: 'status', status: 429, retryAfter: 120 } });
    const error = await failure(adapterFor(fake(), 'session', { retry: { maxRateLimitWaitMs: 5_000 } }).whoAmI());
    expect(error).toMatchObject({ kind: 'rate-limit', details: { retryAfterMs: 120_000 } });
    expect(error.message).toBe(`Jira at ${host()} is limiting requests; try again in 120 s.`);
    expect(requestsTo(fake(), 'GET', MYSELF)).toHaveLength(1);
  });

  it.each([500, 502, 503])('a burst of %i is retried and then succeeds', async (status) => {
    fake().faults.add({ path: ISSUE, method: 'GET', times: 2, fault: { kind: 'status', status } });
    const family = await adapterFor(fake()).getIssueWithFamily('PLAT-1');
    expect(family?.issue.ref.key).toBe('PLAT-1');
    expect(requestsTo(fake(), 'GET', ISSUE).map((r) => r.status)).toEqual([status, status, 200]);
  });

  it('500 forever gives up after the retry budget with a sentence', async () => {
    fake().faults.add({ path: MYSELF, times: Infinity, fault: { kind: 'status', status: 500 } });
    const error = await failure(adapterFor(fake(), 'session', { retry: { maxAttempts: 3, baseDelayMs: 5 } }).whoAmI());
    expect(error).toMatchObject({ kind: 'network', details: { status: 500 } });
    expect(error.message).toBe(`Jira at ${host()} is having trouble (HTTP 500). Try again in a few minutes.`);
    expect(requestsTo(fake(), 'GET', MYSELF)).toHaveLength(3);
  });

  it('a write is not retried on 500: it may have happened', async () => {
    fake().faults.add({ path: REMOTELINK, method: 'POST', fault: { kind: 'status', status: 500 } });
    const error = await failure(adapterFor(fake()).link('GROW-15', target));
    expect(error.kind).toBe('network');
    expect(requestsTo(fake(), 'POST', REMOTELINK)).toHaveLength(1);
  });

  it('a dropped connection is retried for reads', async () => {
    fake().faults.add({ path: MYSELF, fault: { kind: 'reset' } });
    await expect(adapterFor(fake()).whoAmI()).resolves.toMatchObject({ id: ACME_USERS.dana.accountId });
    expect(requestsTo(fake(), 'GET', MYSELF)).toHaveLength(2);
  });

  it('a connection that keeps dropping is a network error with a sentence', async () => {
    fake().faults.add({ path: MYSELF, times: Infinity, fault: { kind: 'reset' } });
    const error = await failure(adapterFor(fake(), 'session', { retry: { maxAttempts: 2, baseDelayMs: 5 } }).whoAmI());
    expect(error.kind).toBe('network');
    expect(error.details.status).toBeUndefined();
    expect(error.message).toBe(`Can't reach Jira at ${host()}. Check your connection, then try again.`);
  });

  it('a slow answer is waited for', async () => {
    fake().faults.add({ path: MYSELF, fault: { kind: 'delay', ms: 150 } });
    await expect(adapterFor(fake()).whoAmI()).resolves.toMatchObject({ id: ACME_USERS.dana.accountId });
  });

  it('a slow answer can be abandoned with an AbortSignal, without retries', async () => {
    fake().faults.add({ path: MYSELF, fault: { kind: 'delay', ms: 2_000 } });
    const signal = AbortSignal.timeout(100);
    const started = Date.now();
    await expect(adapterFor(fake()).whoAmI(signal)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(requestsTo(fake(), 'GET', MYSELF)).toHaveLength(1);
  });
});
