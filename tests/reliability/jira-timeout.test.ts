/**
 * A Jira answer that never comes must not hold the overlay forever: each request has a bounded
 * time, after which it counts as a network failure (reads are retried, writes are not, since a
 * write may have landed).
 */
import { describe, expect, it } from 'vitest';
import { defaultLinkUrl } from '../../lib/okr/model';
import { TrackerError } from '../../lib/trackers/tracker';
import { adapterFor, requestsTo, useFakeJira } from '../trackers/jira/helpers';

const MYSELF = '/rest/api/3/myself';
const REMOTELINK = '/rest/api/3/issue/GROW-15/remotelink';
const target = {
  setId: 'acme',
  krId: 'kr-grow-activation',
  url: defaultLinkUrl({ id: 'acme' }, 'kr-grow-activation'),
  title: 'Activation',
  objectiveTitle: 'Day one',
};

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  const outcome = await promise.then(
    () => new Error('expected a TrackerError, but the call succeeded'),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(TrackerError);
  return outcome as TrackerError;
}

describe('Jira adapter: every request has a time limit', () => {
  const fake = useFakeJira();
  const host = () => new URL(fake().url).host;

  it('a read slower than the limit on every attempt ends with a sentence, after the retry budget', async () => {
    fake().faults.add({ path: MYSELF, times: Infinity, fault: { kind: 'delay', ms: 3_000 } });
    const started = Date.now();
    const error = await failure(adapterFor(fake(), 'session', { timeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 5 } }).whoAmI());
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`Jira at ${host()} took longer than 0.2 s to answer. Try again in a moment.`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(requestsTo(fake(), 'GET', MYSELF)).toHaveLength(2);
  });

  it('a read slow once is retried and succeeds', async () => {
    fake().faults.add({ path: MYSELF, times: 1, fault: { kind: 'delay', ms: 3_000 } });
    const viewer = await adapterFor(fake(), 'session', { timeoutMs: 200 }).whoAmI();
    expect(viewer.name).toBe('Dana Engineer');
    expect(requestsTo(fake(), 'GET', MYSELF)).toHaveLength(2);
  });

  it('a slow write is not retried: it may have landed, and the next read shows whether it did', async () => {
    fake().faults.add({ path: REMOTELINK, method: 'POST', fault: { kind: 'delay', ms: 600 } });
    const adapter = adapterFor(fake(), 'session', { timeoutMs: 200 });
    const error = await failure(adapter.link('GROW-15', target));
    expect(error.kind).toBe('network');
    expect(requestsTo(fake(), 'POST', REMOTELINK)).toHaveLength(1);
    // The fake finishes the write after KR Lens stopped waiting, as a real server may.
    await expect.poll(() => fake().state.issues.get('GROW-15')!.remoteLinks.length, { timeout: 2_000 }).toBe(1);
    const family = await adapter.getIssueWithFamily('GROW-15');
    expect(family?.issue.krRefs).toEqual([{ setId: 'acme', krId: 'kr-grow-activation' }]);
  });

  it('a slow answer within the limit is waited for', async () => {
    fake().faults.add({ path: MYSELF, fault: { kind: 'delay', ms: 150 } });
    await expect(adapterFor(fake(), 'session', { timeoutMs: 2_000 }).whoAmI()).resolves.toMatchObject({ name: 'Dana Engineer' });
    expect(requestsTo(fake(), 'GET', MYSELF)).toHaveLength(1);
  });
});
