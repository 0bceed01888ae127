/**
 * Linear JSON → IssueSnapshot, and Linear failures → TrackerError: pure functions, from literal data.
 */
import { describe, expect, it } from 'vitest';
import { issueSnapshotSchema } from '../../../lib/okr/model';
import { parseIdentifier, retryAfterMsFrom, toTrackerError } from '../../../lib/trackers/linear/client';
import { ancestorsOf, categoryOf, kindOf, krRefsOf, parseIssuePage, parseRawIssue, toSnapshot } from '../../../lib/trackers/linear/map';
import { TrackerError } from '../../../lib/trackers/tracker';

const rawIssue = (overrides: Record<string, unknown> = {}) => ({
  id: '1a',
  identifier: 'MOB-12',
  title: 'Null pointer in the image cache',
  url: 'https://linear.app/acme/issue/MOB-12/null-pointer',
  updatedAt: '2026-03-01T10:00:00.000Z',
  estimate: 2,
  state: { name: 'In Progress', type: 'started' },
  team: { key: 'MOB', name: 'Mobile' },
  cycle: { id: 'c1', number: 11, name: null },
  assignee: { id: 'u1', name: 'Dana Engineer' },
  parent: { id: '1p', identifier: 'MOB-10' },
  labels: { nodes: [{ name: 'Bug' }] },
  attachments: {
    nodes: [
      { url: 'https://okrs.acme.example/2026#kr-kr-mob-crash-free', metadata: { krLens: 'acme:kr-mob-crash-free' } },
      { url: 'https://github.com/acme/mobile/pull/812', metadata: { state: 'open' } },
    ],
  },
  children: { nodes: [] },
  ...overrides,
});

describe('categoryOf', () => {
  it.each([
    ['triage', 'todo'],
    ['backlog', 'todo'],
    ['unstarted', 'todo'],
    ['started', 'in_progress'],
    ['completed', 'done'],
    ['canceled', 'canceled'],
    ['duplicate', 'canceled'],
    ['something-new', 'todo'],
  ])('state type %s → %s', (type, category) => {
    expect(categoryOf(type)).toBe(category);
  });
});

describe('kindOf', () => {
  it.each([
    ['a Bug-labelled sub-issue', [{ name: 'Bug' }], { id: 'p', identifier: 'MOB-1' }, 'bug'],
    ['a bug label in any case', [{ name: ' bug ' }], null, 'bug'],
    ['a sub-issue', [{ name: 'Feature' }], { id: 'p', identifier: 'MOB-1' }, 'subtask'],
    ['a top-level issue', [], null, 'other'],
  ])('%s', (_what, labels, parent, kind) => {
    expect(kindOf({ labels: { nodes: labels }, parent })).toBe(kind);
  });
});

describe('krRefsOf', () => {
  it.each([
    ['metadata in the "<setId>:<krId>" form', [{ url: 'u', metadata: { krLens: 'acme:kr-a' } }], [{ setId: 'acme', krId: 'kr-a' }]],
    ['the kr-lens: prefixed form', [{ url: 'u', metadata: { krLens: 'kr-lens:acme:kr-a' } }], [{ setId: 'acme', krId: 'kr-a' }]],
    ['no metadata', [{ url: 'u', metadata: null }], []],
    ['metadata that is not ours', [{ url: 'u', metadata: { krLens: 'not a ref' } }], []],
    [
      'the same KR twice',
      [
        { url: 'u', metadata: { krLens: 'acme:kr-a' } },
        { url: 'v', metadata: { krLens: 'acme:kr-a' } },
      ],
      [{ setId: 'acme', krId: 'kr-a' }],
    ],
  ])('reads %s', (_what, attachments, refs) => {
    expect(krRefsOf(attachments)).toEqual(refs);
  });

  it('takes a bare KR link URL only when the caller says which KR it is', () => {
    const attachments = [{ url: 'https://okrs.acme.example/2026#kr-kr-b', metadata: {} }];
    expect(krRefsOf(attachments)).toEqual([]);
    const known = new Map([['https://okrs.acme.example/2026#kr-kr-b', { setId: 'acme', krId: 'kr-b' }]]);
    expect(krRefsOf(attachments, known)).toEqual([{ setId: 'acme', krId: 'kr-b' }]);
  });
});

describe('toSnapshot', () => {
  it('maps every field and yields a valid IssueSnapshot', () => {
    const snapshot = toSnapshot(parseRawIssue(rawIssue()), 'acme');
    expect(issueSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot).toEqual({
      ref: { tracker: 'linear', site: 'acme', key: 'MOB-12' },
      title: 'Null pointer in the image cache',
      url: 'https://linear.app/acme/issue/MOB-12/null-pointer',
      kind: 'bug',
      status: { name: 'In Progress', category: 'in_progress' },
      estimate: 2,
      parent: 'MOB-10',
      assignee: { id: 'u1', name: 'Dana Engineer' },
      team: 'Mobile',
      sprintOrCycle: { id: 'c1', name: 'Cycle 11' },
      labels: ['Bug'],
      updatedAt: '2026-03-01T10:00:00.000Z',
      krRefs: [{ setId: 'acme', krId: 'kr-mob-crash-free' }],
    });
  });

  it('leaves out what Linear does not have', () => {
    const snapshot = toSnapshot(parseRawIssue(rawIssue({ estimate: null, cycle: null, assignee: null, parent: null })), 'acme');
    expect(snapshot).not.toHaveProperty('estimate');
    expect(snapshot).not.toHaveProperty('sprintOrCycle');
    expect(snapshot).not.toHaveProperty('assignee');
    expect(snapshot).not.toHaveProperty('parent');
  });

  it('uses a named cycle’s name', () => {
    const snapshot = toSnapshot(parseRawIssue(rawIssue({ cycle: { id: 'c', number: 3, name: 'Stability push' } })), 'acme');
    expect(snapshot.sprintOrCycle).toEqual({ id: 'c', name: 'Stability push' });
  });
});

describe('parsing at the edge', () => {
  it.each([
    ['a missing state', { state: undefined }, /state/],
    ['a non-URL url', { url: 'not a url' }, /url/],
    ['a negative estimate', { estimate: -1 }, /estimate/],
  ])('rejects %s with an invalid TrackerError naming the path', (_what, overrides, path) => {
    const error = (() => {
      try {
        parseRawIssue(rawIssue(overrides));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TrackerError);
    expect((error as TrackerError).kind).toBe('invalid');
    expect((error as TrackerError).message).toMatch(path);
  });

  it('reads a page', () => {
    const page = parseIssuePage({ nodes: [rawIssue()], pageInfo: { hasNextPage: true, endCursor: 'x' } });
    expect(page).toMatchObject({ hasNextPage: true, endCursor: 'x' });
    expect(page.nodes).toHaveLength(1);
  });

  it('reads the nested parent chain nearest first, and stops where the query stopped', () => {
    const grandparent = rawIssue({ id: 'g', identifier: 'MOB-1', parent: { id: 'top', identifier: 'MOB-0' } });
    const parent = rawIssue({ id: 'p', identifier: 'MOB-10', parent: grandparent });
    const issue = parseRawIssue(rawIssue({ parent }));
    expect(ancestorsOf(issue).map((a) => a.identifier)).toEqual(['MOB-10', 'MOB-1']);
  });
});

describe('parseIdentifier', () => {
  it.each([
    ['MOB-12', { teamKey: 'MOB', number: 12 }],
    [' mob-7 ', { teamKey: 'MOB', number: 7 }],
    ['ENG2-3', { teamKey: 'ENG2', number: 3 }],
    ['MOB', null],
    ['12', null],
    ['0000-4000-8000', null],
  ])('%j → %j', (key, parsed) => {
    expect(parseIdentifier(key)).toEqual(parsed);
  });
});

describe('retryAfterMsFrom', () => {
  const now = 1_800_000_000_000;
  const headers = (entries: Record<string, string>) => new Headers(entries);
  it.each([
    ['a reset in epoch ms', { 'x-ratelimit-requests-reset': String(now + 4_000) }, 4_000],
    ['a reset in epoch seconds', { 'x-ratelimit-requests-reset': String((now + 5_000) / 1000) }, 5_000],
    [
      'the later of two resets',
      { 'x-ratelimit-requests-reset': String(now + 1_000), 'x-ratelimit-complexity-reset': String(now + 9_000) },
      9_000,
    ],
    ['Retry-After seconds', { 'retry-after': '7' }, 7_000],
    ['a reset already passed', { 'x-ratelimit-requests-reset': String(now - 1) }, 0],
    ['nothing', {}, undefined],
  ])('reads %s', (_what, entries, expected) => {
    expect(retryAfterMsFrom(headers(entries), now)).toBe(expected);
  });
});

describe('toTrackerError', () => {
  const linearFailure = (status: number, errors: unknown[], headers: Record<string, string> = {}) => ({
    raw: { response: { status, errors, headers: new Headers(headers) } },
  });
  it.each([
    ['RATELIMITED', linearFailure(400, [{ message: 'Rate limit exceeded', extensions: { code: 'RATELIMITED' } }]), 'rate-limit'],
    ['a bare 429', linearFailure(429, []), 'rate-limit'],
    ['AUTHENTICATION_ERROR with 400', linearFailure(400, [{ message: 'x', extensions: { code: 'AUTHENTICATION_ERROR' } }]), 'auth'],
    ['a bare 401', linearFailure(401, []), 'auth'],
    ['FORBIDDEN', linearFailure(403, [{ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }]), 'permission'],
    ['Entity not found', linearFailure(200, [{ message: 'Entity not found: Issue', extensions: { code: 'INPUT_ERROR' } }]), 'not-found'],
    ['a 502 page', linearFailure(502, []), 'network'],
    [
      'a validation failure',
      linearFailure(400, [{ message: 'Cannot query field', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]),
      'invalid',
    ],
    ['a dropped connection', new TypeError('fetch failed'), 'network'],
  ])('%s → %s', (_what, error, kind) => {
    const tracked = toTrackerError(error);
    expect(tracked.kind).toBe(kind);
    expect(tracked.message).toMatch(/^[A-Z].*[.!]$/);
  });

  it('carries the wait until the reset on a rate limit', () => {
    const now = 1_800_000_000_000;
    const error = toTrackerError(
      linearFailure(400, [{ message: 'Rate limit exceeded', extensions: { code: 'RATELIMITED' } }], {
        'x-ratelimit-requests-reset': String(now + 12_000),
      }),
      now,
    );
    // The announced wait plus a margin for the two clocks.
    expect(error.details.retryAfterMs).toBe(12_100);
    expect(error.message).toBe('Linear is rate-limiting this API key — try again in about 12 s.');
  });
});
