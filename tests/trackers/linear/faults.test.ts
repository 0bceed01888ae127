/**
 * Linear failing in each way it can: every failure becomes a TrackerError with a sentence, reads
 * are retried where that can help, writes are not (except after a rate limit, which Linear refused
 * before doing anything), and a rate limit is waited out until its reset — never a request before.
 */
import { describe, expect, it } from 'vitest';
import { TrackerError } from '../../../lib/trackers/tracker';
import { findIssueByIdentifier, KR_CRASH_FREE, type RecordedRequest } from '../../sandbox/linear';
import { useFakeLinear } from './helpers';

const linear = useFakeLinear();

const crashFreeTarget = {
  setId: KR_CRASH_FREE.setId,
  krId: KR_CRASH_FREE.krId,
  url: KR_CRASH_FREE.url,
  title: KR_CRASH_FREE.title,
  objectiveTitle: KR_CRASH_FREE.objectiveTitle,
};
const isLink = (request: RecordedRequest) => request.operationName === 'KrLensLink';
const linksOn = (key: string) => {
  const workspace = linear.fake.state.workspace;
  const issue = findIssueByIdentifier(workspace, key)!;
  return workspace.attachments.filter((a) => a.issueId === issue.id && a.url === KR_CRASH_FREE.url);
};

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrackerError);
  return error as TrackerError;
}

describe('authentication', () => {
  it.each([[400 as const], [401 as const]])('a rejected key (HTTP %s) is an auth error, not retried', async (status) => {
    linear.fake.state.authErrorStatus = status;
    const error = await failure(linear.adapter({ apiKey: 'lin_api_revoked' }).getIssues(['MOB-12']));
    expect(error.kind).toBe('auth');
    expect(error.message).toBe('Linear rejected the API key — add a valid personal API key in Options.');
    expect(linear.fake.requests).toHaveLength(1);
  });

  it('sends the key as Linear expects a personal API key: bare, without Bearer', async () => {
    await linear.adapter().whoAmI();
    expect(linear.fake.requests[0]!.apiKey).toMatch(/^lin_api_/);
  });

  it('reads the key at request time from a function (storage), and asks for one when it is empty', async () => {
    const error = await failure(linear.adapter({ apiKey: async () => '  ' }).whoAmI());
    expect(error).toMatchObject({ kind: 'auth', message: 'Add your Linear personal API key in Options to connect Linear.' });
    expect(linear.fake.requests).toHaveLength(0);
  });

  it.each([['http://api.linear.example/graphql'], ['ftp://localhost/graphql']])('refuses to send the key to %s', async (apiUrl) => {
    const error = await failure(linear.adapter({ apiUrl }).whoAmI());
    expect(error.kind).toBe('invalid');
    expect(linear.fake.requests).toHaveLength(0);
  });
});

describe('permission and absence', () => {
  it('FORBIDDEN is a permission error with a sentence, not retried', async () => {
    linear.fake.faults.inject({ kind: 'forbidden' });
    const error = await failure(linear.adapter().link('MOB-12', crashFreeTarget));
    expect(error.kind).toBe('permission');
    expect(error.message).toMatch(/^Your Linear API key may not do this/);
    expect(linear.fake.requests).toHaveLength(1);
    expect(linksOn('MOB-12')).toHaveLength(0);
  });

  it('a missing issue is a value (null), not an error', async () => {
    await expect(linear.adapter().getIssueWithFamily('WEB-404')).resolves.toBeNull();
    expect(linear.fake.requests).toHaveLength(1);
  });
});

describe('rate limits', () => {
  it('waits until Linear’s reset before the next request, then succeeds', async () => {
    linear.fake.faults.inject({ kind: 'ratelimited', resetAfterMs: 400 });
    const issues = await linear.adapter().getIssues(['MOB-12']);
    expect(issues.map((i) => i.ref.key)).toEqual(['MOB-12']);
    const [limited, retried] = linear.fake.requests;
    expect(limited!.status).toBe(400);
    expect(retried!.status).toBe(200);
    // The proof: the retry came no earlier than the reset Linear announced.
    expect(retried!.at).toBeGreaterThanOrEqual(linear.fake.state.rateLimitedUntil!);
    expect(linear.fake.requests).toHaveLength(2);
  });

  it('retries a rate-limited write too: Linear refused it before doing anything', async () => {
    linear.fake.faults.inject({ kind: 'ratelimited', resetAfterMs: 150 }, { when: isLink });
    await linear.adapter().link('MOB-12', crashFreeTarget);
    expect(linear.fake.operations()).toEqual(['KrLensLink', 'KrLensLink']);
    expect(linksOn('MOB-12')).toHaveLength(1);
  });

  it('gives up with the wait in the error when the reset is too far away', async () => {
    linear.fake.faults.inject({ kind: 'ratelimited', resetAfterMs: 120_000 });
    const error = await failure(linear.adapter().getIssues(['MOB-12']));
    expect(error.kind).toBe('rate-limit');
    expect(error.details.retryAfterMs).toBeGreaterThan(110_000);
    expect(error.message).toMatch(/^Linear is rate-limiting this API key — try again in about 1[12]\d s\.$/);
    expect(linear.fake.requests).toHaveLength(1);
  });
});

describe('server faults', () => {
  it.each([
    ['a burst of 500s', 500, 2],
    ['a 502 from the proxy', 502, 1],
    ['a 503', 503, 3],
  ])('a read survives %s', async (_what, status, times) => {
    linear.fake.faults.inject({ kind: 'status', status }, { times });
    const family = await linear.adapter().getIssueWithFamily('MOB-12');
    expect(family?.issue.ref.key).toBe('MOB-12');
    expect(linear.fake.requests).toHaveLength(times + 1);
  });

  it('a read that keeps failing ends in a sentence after a bounded number of tries', async () => {
    linear.fake.faults.inject({ kind: 'status', status: 500 }, { times: Infinity });
    const error = await failure(linear.adapter().getIssueWithFamily('MOB-12'));
    expect(error.kind).toBe('network');
    expect(error.details.status).toBe(500);
    expect(error.message).toBe('Linear is having trouble right now (HTTP 500) — try again in a few minutes.');
    expect(linear.fake.requests).toHaveLength(4);
  });

  it('a write is not retried on a 500: it may have happened', async () => {
    linear.fake.faults.inject({ kind: 'status', status: 500 }, { when: isLink });
    const error = await failure(linear.adapter().link('MOB-12', crashFreeTarget));
    expect(error.kind).toBe('network');
    expect(linear.fake.operations()).toEqual(['KrLensLink']);
  });

  it('a dropped connection is retried for a read', async () => {
    linear.fake.faults.inject({ kind: 'reset' });
    const issues = await linear.adapter().getIssues(['WEB-4']);
    expect(issues).toHaveLength(1);
    expect(linear.fake.requests.map((r) => r.status)).toEqual([undefined, 200]);
  });

  it('a dropped connection on a write is a network error, not retried', async () => {
    linear.fake.faults.inject({ kind: 'reset' }, { when: isLink });
    const error = await failure(linear.adapter().link('MOB-12', crashFreeTarget));
    expect(error).toMatchObject({ kind: 'network', message: 'Could not reach Linear — check your connection and try again.' });
    expect(linear.fake.requests).toHaveLength(1);
  });
});

describe('slow answers', () => {
  it('an answer slower than the timeout counts as a network failure and the read is retried', async () => {
    linear.fake.faults.inject({ kind: 'slow', delayMs: 600 });
    const issues = await linear.adapter({ timeoutMs: 200 }).getIssues(['MOB-12']);
    expect(issues).toHaveLength(1);
    expect(linear.fake.requests).toHaveLength(2);
  });

  it('a slow answer within the timeout is simply waited for', async () => {
    linear.fake.faults.inject({ kind: 'slow', delayMs: 150 });
    const issues = await linear.adapter({ timeoutMs: 2_000 }).getIssues(['MOB-12']);
    expect(issues).toHaveLength(1);
    expect(linear.fake.requests).toHaveLength(1);
  });

  it('a slow write past the timeout fails with a sentence and is not retried', async () => {
    linear.fake.faults.inject({ kind: 'slow', delayMs: 600 }, { when: isLink });
    const error = await failure(linear.adapter({ timeoutMs: 200 }).link('MOB-12', crashFreeTarget));
    expect(error).toMatchObject({ kind: 'network', message: 'Linear took longer than 0.2 s to answer — try again in a moment.' });
    expect(linear.fake.requests).toHaveLength(1);
  });

  it('the caller’s abort stops the request and is not retried', async () => {
    linear.fake.faults.inject({ kind: 'slow', delayMs: 500 });
    const controller = new AbortController();
    const pending = linear.adapter().getIssues(['MOB-12'], { signal: controller.signal });
    setTimeout(() => controller.abort(new DOMException('navigated away', 'AbortError')), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(linear.fake.requests).toHaveLength(1);
  });
});

describe('query complexity', () => {
  it('halves the page size when Linear finds a full page too complex', async () => {
    linear.fake.state.maxComplexity = 5_000;
    const adapter = linear.adapter();
    const issues = await adapter.listScope({ type: 'linear-teams', teamKeys: ['WEB'] });
    expect(issues.map((i) => i.ref.key).sort()).toEqual(['WEB-1', 'WEB-2', 'WEB-3', 'WEB-4', 'WEB-6']);
    // The smaller page is remembered: the next read does not hit the ceiling again.
    await adapter.getIssues(['WEB-4']);
    expect(linear.fake.requests.map((r) => r.variables.first)).toEqual([250, 125, 125]);
    // The refused first page is the one violation expected here.
    expect(linear.fake.violations.map((v) => v.kind)).toEqual(['too-complex']);
    linear.fake.violations.length = 0;
  });
});
