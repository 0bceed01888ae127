/**
 * Jira writes that are cut off half-way, and two people writing at once. A KR link on Jira is
 * two writes: the remote link (the truth), then the `kr-lens-links` issue property that mirrors
 * it for searches and board markers. Whatever is lost between them, the next read of the issue
 * must show the truth and bring the mirror back in line; nothing is lost or duplicated.
 */
import { describe, expect, it } from 'vitest';
import { defaultLinkUrl } from '../../lib/okr/model';
import { JIRA_LINKS_PROPERTY } from '../../lib/trackers/jira/map';
import { krGlobalId, TrackerError, type KrLinkTarget } from '../../lib/trackers/tracker';
import type { RunningFakeJira } from '../sandbox/jira/server';
import { ACME_USERS } from '../sandbox/jira/seed';
import { adapterFor, fetchWithSessionCookie, requestsTo, useFakeJira } from '../trackers/jira/helpers';

const KEY = 'GROW-15';
const REMOTELINK = `/rest/api/3/issue/${KEY}/remotelink`;
const PROPERTY = `/rest/api/3/issue/${KEY}/properties/${JIRA_LINKS_PROPERTY}`;

const krTarget = (krId: string): KrLinkTarget => ({
  setId: 'acme',
  krId,
  url: defaultLinkUrl({ id: 'acme' }, krId),
  title: `Title of ${krId}`,
  objectiveTitle: 'An objective',
});
const ACTIVATION = krTarget('kr-grow-activation');
const P95 = krTarget('kr-plat-p95-checkout');
const globalIdOf = (target: KrLinkTarget) => krGlobalId(target);

const remoteGlobalIds = (fake: RunningFakeJira) =>
  fake.state.issues
    .get(KEY)!
    .remoteLinks.map((link) => link.globalId)
    .sort();
const mirror = (fake: RunningFakeJira) =>
  ((fake.state.issues.get(KEY)!.properties[JIRA_LINKS_PROPERTY] as { globalIds?: string[] } | undefined)?.globalIds ?? []).slice().sort();

function requestOf(input: RequestInfo | URL, init?: RequestInit): { method: string; path: string } {
  const url = new URL(input instanceof Request ? input.url : String(input));
  return { method: (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(), path: url.pathname };
}

/** The server does the work, then the answer is lost on the way back (a dropped connection). */
function losingAnswers(base: typeof fetch, lose: (request: { method: string; path: string }) => boolean): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (lose(requestOf(input, init))) {
      await response.arrayBuffer();
      throw new TypeError('fetch failed: the connection was reset');
    }
    return response;
  };
}

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  const outcome = await promise.then(
    () => new Error('expected a TrackerError, but the call succeeded'),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(TrackerError);
  return outcome as TrackerError;
}

describe('Jira: a link or unlink cut off half-way', () => {
  const fake = useFakeJira();
  const session = () => fetchWithSessionCookie(ACME_USERS.dana.sessionToken);
  /** What a board marker sees: the issue read by key, its KRs from the mirror. */
  const markerKrs = async () => (await adapterFor(fake()).getIssues([KEY]))[0]!.krRefs.map((ref) => ref.krId).sort();
  const pageKrs = async () => (await adapterFor(fake()).getIssueWithFamily(KEY))!.issue.krRefs.map((ref) => ref.krId).sort();

  it('the remote link is written, the mirror write fails: the page shows the link, the next page read repairs the mirror, a retry adds nothing', async () => {
    fake().faults.add({ path: PROPERTY, method: 'PUT', times: Infinity, fault: { kind: 'reset' } });
    const error = await failure(adapterFor(fake(), 'session', { retry: { baseDelayMs: 5, maxAttempts: 2 } }).link(KEY, ACTIVATION));
    expect(error.kind).toBe('network');
    expect(remoteGlobalIds(fake())).toEqual([globalIdOf(ACTIVATION)]);
    expect(mirror(fake())).toEqual([]);
    fake().faults.clear();

    expect(await pageKrs()).toEqual(['kr-grow-activation']);
    expect(mirror(fake())).toEqual([globalIdOf(ACTIVATION)]);
    expect(await markerKrs()).toEqual(['kr-grow-activation']);

    await adapterFor(fake()).link(KEY, ACTIVATION);
    expect(remoteGlobalIds(fake())).toEqual([globalIdOf(ACTIVATION)]);
    expect(mirror(fake())).toEqual([globalIdOf(ACTIVATION)]);
  });

  it('the answer to the remote link write is lost: not retried (it may have landed), and the next read shows it did', async () => {
    const adapter = adapterFor(fake(), 'session', { fetch: losingAnswers(session(), (r) => r.method === 'POST' && r.path === REMOTELINK) });
    expect((await failure(adapter.link(KEY, ACTIVATION))).kind).toBe('network');
    expect(requestsTo(fake(), 'POST', REMOTELINK)).toHaveLength(1);
    expect(remoteGlobalIds(fake())).toEqual([globalIdOf(ACTIVATION)]);
    expect(await pageKrs()).toEqual(['kr-grow-activation']);
    expect(await markerKrs()).toEqual(['kr-grow-activation']);
  });

  it('the remote link is deleted, the mirror write fails: the page shows no link, and the next page read clears the mirror', async () => {
    await adapterFor(fake()).link(KEY, ACTIVATION);
    fake().faults.add({ path: PROPERTY, method: 'PUT', times: Infinity, fault: { kind: 'reset' } });
    await failure(adapterFor(fake(), 'session', { retry: { baseDelayMs: 5, maxAttempts: 2 } }).unlink(KEY, ACTIVATION));
    expect(remoteGlobalIds(fake())).toEqual([]);
    expect(mirror(fake())).toEqual([globalIdOf(ACTIVATION)]);
    fake().faults.clear();

    expect(await pageKrs()).toEqual([]);
    expect(await markerKrs()).toEqual([]);
    expect(mirror(fake())).toEqual([]);
    // Unlinking again succeeds: the goal is already reached.
    await adapterFor(fake()).unlink(KEY, ACTIVATION);
    expect(remoteGlobalIds(fake())).toEqual([]);
  });

  it('a page whose mirror already agrees writes nothing', async () => {
    await adapterFor(fake()).link(KEY, ACTIVATION);
    const before = fake().requests.length;
    expect(await pageKrs()).toEqual(['kr-grow-activation']);
    expect(
      fake()
        .requests.slice(before)
        .filter((r) => r.method !== 'GET' && r.path !== '/rest/api/3/issue/bulkfetch' && r.path !== '/rest/api/3/search/jql'),
    ).toEqual([]);
  });

  it('a page whose user may not edit the issue still shows the link when the repair is refused', async () => {
    fake().faults.add({ path: PROPERTY, method: 'PUT', times: 2, fault: { kind: 'reset' } });
    await failure(adapterFor(fake(), 'session', { retry: { baseDelayMs: 5, maxAttempts: 2 } }).link(KEY, ACTIVATION));
    fake().faults.clear();
    fake().faults.add({ path: PROPERTY, method: 'PUT', times: Infinity, fault: { kind: 'status', status: 403 } });
    expect(await pageKrs()).toEqual(['kr-grow-activation']);
  });
});

describe('Jira: two people link the same issue to different KRs at the same moment', () => {
  const fake = useFakeJira();

  it('keeps both links, and the page read puts both in the mirror the slower writer overwrote', async () => {
    // Dana's mirror write waits until Priya has linked and mirrored: Dana then writes the mirror
    // she computed before Priya's link existed, the worst interleaving for the mirror.
    let reachedMirror!: () => void;
    const danaAtMirror = new Promise<void>((resolve) => (reachedMirror = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const session = fetchWithSessionCookie(ACME_USERS.dana.sessionToken);
    const danaFetch: typeof fetch = async (input, init) => {
      const request = requestOf(input, init);
      if (request.method === 'PUT' && request.path === PROPERTY) {
        reachedMirror();
        await gate;
      }
      return session(input, init);
    };
    const dana = adapterFor(fake(), 'session', { fetch: danaFetch });
    const priya = adapterFor(fake(), 'basic', {
      auth: { type: 'basic', email: ACME_USERS.priya.emailAddress, apiToken: ACME_USERS.priya.apiToken },
    });

    const danaLinks = dana.link(KEY, ACTIVATION);
    await danaAtMirror;
    await priya.link(KEY, P95);
    release();
    await danaLinks;

    expect(remoteGlobalIds(fake())).toEqual([globalIdOf(ACTIVATION), globalIdOf(P95)].sort());
    expect(mirror(fake())).toEqual([globalIdOf(ACTIVATION)]);

    const family = await priya.getIssueWithFamily(KEY);
    expect(family!.issue.krRefs.map((ref) => ref.krId).sort()).toEqual(['kr-grow-activation', 'kr-plat-p95-checkout']);
    expect(mirror(fake())).toEqual([globalIdOf(ACTIVATION), globalIdOf(P95)].sort());
    const found = await priya.findLinkedIssues([ACTIVATION, P95]);
    const issue = found.issues.find((i) => i.ref.key === KEY)!;
    expect(issue.krRefs.map((ref) => ref.krId).sort()).toEqual(['kr-grow-activation', 'kr-plat-p95-checkout']);
  });

  it('keeps both when the two links race freely', async () => {
    const priya = adapterFor(fake(), 'basic', {
      auth: { type: 'basic', email: ACME_USERS.priya.emailAddress, apiToken: ACME_USERS.priya.apiToken },
    });
    await Promise.all([adapterFor(fake()).link(KEY, ACTIVATION), priya.link(KEY, P95)]);
    expect(remoteGlobalIds(fake())).toEqual([globalIdOf(ACTIVATION), globalIdOf(P95)].sort());
    const family = await adapterFor(fake()).getIssueWithFamily(KEY);
    expect(family!.issue.krRefs.map((ref) => ref.krId).sort()).toEqual(['kr-grow-activation', 'kr-plat-p95-checkout']);
    expect(mirror(fake())).toEqual([globalIdOf(ACTIVATION), globalIdOf(P95)].sort());
  });
});
