/**
 * Linear writes cut off half-way, and two people writing at once. A KR link on Linear is one
 * attachment per issue and KR link URL: an answer lost after Linear saved it must not turn into
 * a second attachment, and two people linking different KRs must both be kept.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrackerError, type KrLinkTarget } from '../../lib/trackers/tracker';
import { findIssueByIdentifier, KR_CRASH_FREE, KR_OFFLINE, PRIYA_API_KEY } from '../sandbox/linear';
import { useFakeLinear } from '../trackers/linear/helpers';

const linear = useFakeLinear();
/** MOB-1 already serves the offline KR in the seed; the tests link it to the crash-free KR too. */
const KEY = 'MOB-1';

const target = (kr: typeof KR_CRASH_FREE): KrLinkTarget => ({
  setId: kr.setId,
  krId: kr.krId,
  url: kr.url,
  title: kr.title,
  objectiveTitle: kr.objectiveTitle,
});

/** The attachments on MOB-1 at a KR link URL, as Linear holds them. */
function attachmentsAt(url: string) {
  const workspace = linear.fake.state.workspace;
  const issue = findIssueByIdentifier(workspace, KEY)!;
  return workspace.attachments.filter((attachment) => attachment.issueId === issue.id && attachment.url === url);
}

/** Linear does the work, then its answer to the named operation is lost on the way back. */
function loseAnswersTo(operation: string, times: number): void {
  const realFetch = globalThis.fetch;
  let remaining = times;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const response = await realFetch(input, init);
    if (remaining > 0 && linear.fake.requests.at(-1)?.operationName === operation) {
      remaining -= 1;
      await response.arrayBuffer();
      throw new TypeError('fetch failed: the connection was reset');
    }
    return response;
  });
}

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  const outcome = await promise.then(
    () => new Error('expected a TrackerError, but the call succeeded'),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(TrackerError);
  return outcome as TrackerError;
}

const servedKrs = async () => (await linear.adapter().getIssueWithFamily(KEY))!.issue.krRefs.map((ref) => ref.krId).sort();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Linear: a link or unlink whose answer is lost', () => {
  it('a link saved by Linear but not confirmed: not retried, shown on the next read, and linking again adds no second attachment', async () => {
    loseAnswersTo('KrLensLink', 1);
    expect((await failure(linear.adapter().link(KEY, target(KR_CRASH_FREE)))).kind).toBe('network');
    expect(linear.fake.operations().filter((name) => name === 'KrLensLink')).toHaveLength(1);
    expect(attachmentsAt(KR_CRASH_FREE.url)).toHaveLength(1);
    expect(await servedKrs()).toEqual([KR_CRASH_FREE.krId, KR_OFFLINE.krId].sort());

    await linear.adapter().link(KEY, target(KR_CRASH_FREE));
    expect(attachmentsAt(KR_CRASH_FREE.url)).toHaveLength(1);
  });

  it('an unlink done by Linear but not confirmed: the next read shows no link, and unlinking again succeeds', async () => {
    await linear.adapter().link(KEY, target(KR_CRASH_FREE));
    loseAnswersTo('KrLensUnlink', 1);
    expect((await failure(linear.adapter().unlink(KEY, target(KR_CRASH_FREE)))).kind).toBe('network');
    expect(attachmentsAt(KR_CRASH_FREE.url)).toHaveLength(0);
    expect(await servedKrs()).toEqual([KR_OFFLINE.krId]);
    await linear.adapter().unlink(KEY, target(KR_CRASH_FREE));
    expect(attachmentsAt(KR_CRASH_FREE.url)).toHaveLength(0);
  });

  it('a link Linear never received (the connection dropped first) leaves nothing behind', async () => {
    linear.fake.faults.inject({ kind: 'reset' }, { when: (request) => request.operationName === 'KrLensLink' });
    expect((await failure(linear.adapter().link(KEY, target(KR_CRASH_FREE)))).kind).toBe('network');
    expect(attachmentsAt(KR_CRASH_FREE.url)).toHaveLength(0);
    expect(await servedKrs()).toEqual([KR_OFFLINE.krId]);
  });
});

describe('Linear: two people link the same issue to different KRs at the same moment', () => {
  it('keeps both links', async () => {
    const workspace = linear.fake.state.workspace;
    workspace.attachments = workspace.attachments.filter((attachment) => attachment.url !== KR_OFFLINE.url);
    expect(await servedKrs()).toEqual([]);
    const dana = linear.adapter();
    const priya = linear.adapter({ apiKey: PRIYA_API_KEY });
    await Promise.all([dana.link(KEY, target(KR_CRASH_FREE)), priya.link(KEY, target(KR_OFFLINE))]);
    expect(attachmentsAt(KR_CRASH_FREE.url)).toHaveLength(1);
    expect(attachmentsAt(KR_OFFLINE.url)).toHaveLength(1);
    expect(await servedKrs()).toEqual([KR_CRASH_FREE.krId, KR_OFFLINE.krId].sort());
  });

  it('keeps one link when both link the same KR', async () => {
    const priya = linear.adapter({ apiKey: PRIYA_API_KEY });
    await Promise.all([linear.adapter().link(KEY, target(KR_CRASH_FREE)), priya.link(KEY, target(KR_CRASH_FREE))]);
    expect(attachmentsAt(KR_CRASH_FREE.url)).toHaveLength(1);
  });
});
