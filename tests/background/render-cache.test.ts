/**
 * The render cache: what the background keeps of its overlay answers in storage.session, and what
 * a content script may paint from it (bounds, keys, scope, validation).
 */
import { describe, expect, it } from 'vitest';
import type { IssueAddress } from '../../lib/messaging';
import { readCachedOverlay, renderKeys, type SessionArea } from '../../lib/render-cache';
import type { OverlayResult, OverlayView } from '../../lib/view/types';
import {
  changesActiveSet,
  createRenderCache,
  rememberSelections,
  scopeFrom,
  scopeString,
  withRenderCache,
  type RenderScope,
} from '../../entrypoints/background/render-cache';
import { card, view } from '../components/fixtures';
import { memoryArea } from './memory-area';

const SITE = 'https://acme.atlassian.net';
const at = (key: string, site = SITE): IssueAddress => ({ tracker: 'jira', site, key });
const viewOf = (address: IssueAddress, overrides: Partial<OverlayView> = {}): OverlayView =>
  view({ issue: { ...view().issue, tracker: address.tracker, site: address.site, key: address.key }, ...overrides });
const ok = (address: IssueAddress, overrides: Partial<OverlayView> = {}): OverlayResult => ({
  state: 'ok',
  view: viewOf(address, overrides),
});
const ACME: RenderScope = { setId: 'acme-2025', scope: scopeString({ set: { id: 'acme-2025' }, cycleId: 'q2' }) };
const OTHER: RenderScope = { setId: 'other-set', scope: scopeString({ set: { id: 'other-set' }, cycleId: 'q2' }) };

function setup(options: { max?: number; enabled?: boolean } = {}) {
  const area = memoryArea() as SessionArea;
  let scope: RenderScope | null = ACME;
  const cache = createRenderCache({
    area,
    enabled: Promise.resolve(options.enabled ?? true),
    scopeOf: async () => scope,
    now: () => 1_000,
    ...(options.max ? { max: options.max } : {}),
  });
  return { area, cache, useScope: (next: RenderScope | null) => (scope = next) };
}

describe('the render cache, written by the background', () => {
  it('keeps an answered view and gives it back for the same issue', async () => {
    const { area, cache } = setup();
    await cache.remember(at('PLAT-2'), ok(at('PLAT-2')));
    expect(await readCachedOverlay(area, at('PLAT-2'))).toEqual(viewOf(at('PLAT-2')));
  });

  it('never gives one issue the answer of another, nor of the same key on another site', async () => {
    const { area, cache } = setup();
    await cache.remember(at('PLAT-2'), ok(at('PLAT-2')));
    expect(await readCachedOverlay(area, at('PLAT-3'))).toBeNull();
    expect(await readCachedOverlay(area, at('PLAT-2', 'https://other.atlassian.net'))).toBeNull();
    expect(await readCachedOverlay(area, { tracker: 'linear', site: SITE, key: 'PLAT-2' })).toBeNull();
  });

  it('keeps the last N issues, evicting the oldest, and counts a re-answered issue as newest', async () => {
    const { area, cache } = setup({ max: 3 });
    for (const key of ['A-1', 'A-2', 'A-3']) await cache.remember(at(key), ok(at(key)));
    await cache.remember(at('A-1'), ok(at('A-1')));
    await cache.remember(at('A-4'), ok(at('A-4')));
    expect(await readCachedOverlay(area, at('A-2'))).toBeNull();
    for (const key of ['A-1', 'A-3', 'A-4']) expect(await readCachedOverlay(area, at(key))).not.toBeNull();
    expect((await area.get(renderKeys.order))[renderKeys.order]).toEqual(['A-3', 'A-1', 'A-4'].map((key) => renderKeys.issue(at(key))));
    const stored = Object.keys(await area.get(null)).filter((key) => key.startsWith('krLensRender:issue:'));
    expect(stored).toHaveLength(3);
  });

  it('stays at 200 issues by default', async () => {
    const { area, cache } = setup();
    await Promise.all(Array.from({ length: 230 }, (_, i) => cache.remember(at(`B-${i}`), ok(at(`B-${i}`)))));
    const stored = Object.keys(await area.get(null)).filter((key) => key.startsWith('krLensRender:issue:'));
    expect(stored).toHaveLength(200);
    expect(await readCachedOverlay(area, at('B-29'))).toBeNull();
    expect(await readCachedOverlay(area, at('B-30'))).not.toBeNull();
  });

  it("never paints another set's answer: a changed set drops the site's scope until it answers again", async () => {
    const { area, cache, useScope } = setup();
    await cache.remember(at('PLAT-2'), ok(at('PLAT-2')));
    await cache.remember(at('PLAT-3'), ok(at('PLAT-3')));
    await cache.forgetScopes(); // the active set changed
    expect(await readCachedOverlay(area, at('PLAT-2'))).toBeNull();

    useScope(OTHER);
    await cache.remember(at('PLAT-3'), ok(at('PLAT-3'), { krs: [card({ setId: 'other-set' })] }));
    expect((await readCachedOverlay(area, at('PLAT-3')))?.krs[0]?.setId).toBe('other-set');
    // PLAT-2's entry is still the first set's: not shown under the other set.
    expect(await readCachedOverlay(area, at('PLAT-2'))).toBeNull();
  });

  it("does not keep an answer whose KRs are not the active set's (the set changed while it was answered)", async () => {
    const { area, cache, useScope } = setup();
    useScope(OTHER);
    await cache.remember(at('PLAT-2'), ok(at('PLAT-2'))); // KRs of acme-2025
    expect(await readCachedOverlay(area, at('PLAT-2'))).toBeNull();
  });

  it('keeps the last good view through an error, and forgets the issue when there is no set', async () => {
    const { area, cache, useScope } = setup();
    await cache.remember(at('PLAT-2'), ok(at('PLAT-2')));
    await cache.remember(at('PLAT-2'), { state: 'error', error: { kind: 'network', message: 'offline' } });
    expect(await readCachedOverlay(area, at('PLAT-2'))).not.toBeNull();
    await cache.remember(at('PLAT-2'), { state: 'setup', error: { kind: 'setup', message: 'import a set' } });
    expect(await readCachedOverlay(area, at('PLAT-2'))).toBeNull();
    await cache.remember(at('PLAT-3'), ok(at('PLAT-3')));
    useScope(null);
    await cache.remember(at('PLAT-3'), ok(at('PLAT-3')));
    expect(await readCachedOverlay(area, at('PLAT-3'))).toBeNull();
  });

  it('writes nothing where content scripts cannot read storage.session, and does not fail without one', async () => {
    const { area, cache } = setup({ enabled: false });
    await cache.remember(at('PLAT-2'), ok(at('PLAT-2')));
    expect(await area.get(null)).toEqual({});
    const none = createRenderCache({ area: undefined, enabled: Promise.resolve(true), scopeOf: async () => ACME, now: () => 0 });
    await expect(none.remember(at('PLAT-2'), ok(at('PLAT-2')))).resolves.toBeUndefined();
    await expect(readCachedOverlay(undefined, at('PLAT-2'))).resolves.toBeNull();
  });

  it('answers first and keeps a copy after: the wrapped service returns the answer unchanged', async () => {
    const { area, cache } = setup();
    const answer = ok(at('PLAT-2'));
    const service = withRenderCache(
      {
        getIssueOverlay: async (_params: IssueAddress & { fresh: boolean }) => answer,
        linkIssue: async (_params: IssueAddress & { setId: string; krId: string }) => ok(at('PLAT-2'), { krs: [] }),
        unlinkIssue: async (_params: IssueAddress & { setId: string; krId: string }) => answer,
        other: 1,
      },
      cache,
    );
    expect(service.other).toBe(1);
    expect(await service.getIssueOverlay({ ...at('PLAT-2'), fresh: false })).toBe(answer);
    await cache.remember(at('X-0'), ok(at('X-0'))); // writes are queued: this one lands after the copy
    expect(await readCachedOverlay(area, at('PLAT-2'))).toEqual(answer.state === 'ok' ? answer.view : null);
    await service.linkIssue({ ...at('PLAT-2'), setId: 'acme-2025', krId: 'kr-checkout' });
    await cache.remember(at('X-0'), ok(at('X-0')));
    expect((await readCachedOverlay(area, at('PLAT-2')))?.krs).toEqual([]);
  });

  it('takes the scope from the same source the service asks, with set, cycle and source apart', async () => {
    const scopeOf = scopeFrom({
      getActiveSelection: async (page) =>
        page.key === 'NONE-1' ? null : { set: { id: 's1' }, cycleId: 'q2', source: { place: 'Jira acme, project OKR' } },
    });
    expect(await scopeOf(at('NONE-1'))).toBeNull();
    expect(await scopeOf(at('PLAT-2'))).toEqual({ setId: 's1', scope: JSON.stringify(['Jira acme, project OKR', 's1', 'q2']) });
    expect(scopeString({ set: { id: 's1' }, cycleId: 'q2' })).not.toBe(scopeString({ set: { id: 's1' }, cycleId: 'q3' }));
  });

  it('names the storage.local changes that may change the active set', () => {
    expect(changesActiveSet(['krLens:active'])).toBe(true);
    expect(changesActiveSet(['krLens:activeSpace'])).toBe(true);
    expect(changesActiveSet(['krLens:activeSubscription'])).toBe(true);
    expect(changesActiveSet(['krLens:subscriptions'])).toBe(true);
    expect(changesActiveSet(['krLens:sets', 'krLens:set:x'])).toBe(true);
    expect(changesActiveSet(['krLens:spaceChoice:jira|https://acme.atlassian.net'])).toBe(true);
    expect(changesActiveSet(['kr-lens:cache:issue:jira:x', 'krLens:set:x', 'krLens:space:jira|x|OKR/s'])).toBe(false);
  });
});

describe('what a content script reads from the render cache (untrusted)', () => {
  const address = at('PLAT-2');
  async function stored(entry: unknown, scope: unknown = ACME.scope, withScope = true): Promise<OverlayView | null> {
    const area = memoryArea() as SessionArea;
    await area.set({ [renderKeys.issue(address)]: entry, ...(withScope ? { [renderKeys.scope(address)]: scope } : {}) });
    return readCachedOverlay(area, address);
  }
  const good = { scope: ACME.scope, savedAt: 1, view: viewOf(address) };

  it('shows a well-formed entry of the current scope', async () => {
    expect(await stored(good)).toEqual(good.view);
  });

  it.each<[string, unknown]>([
    ['not an object', 'PLAT-2'],
    ['null', null],
    ['no view', { scope: ACME.scope, savedAt: 1 }],
    ['a view of another issue under this key', { ...good, view: viewOf(at('PLAT-9')) }],
    ['a KR card without its explanation', { ...good, view: { ...good.view, krs: [{ ...card(), explanation: undefined }] } }],
    ['a title that is not text', { ...good, view: { ...good.view, issue: { ...good.view.issue, title: { toString: 1 } } } }],
    ['an unknown classification', { ...good, view: { ...good.view, classification: '<img onerror>' } }],
    ['krs that are not a list', { ...good, view: { ...good.view, krs: { length: 1 } } }],
    ['a progress that is not a number', { ...good, view: { ...good.view, krs: [card({ progress: '62%' as unknown as number })] } }],
    ['a huge title', { ...good, view: { ...good.view, issue: { ...good.view.issue, title: 'x'.repeat(30_000) } } }],
  ])('refuses %s', async (_name, entry) => {
    expect(await stored(entry)).toBeNull();
  });

  it("refuses an entry whose scope is not the site's current one, or when the site has none", async () => {
    expect(await stored(good, OTHER.scope)).toBeNull();
    expect(await stored(good, ACME.scope, false)).toBeNull();
    expect(await stored(good, 42)).toBeNull();
  });

  it('has nothing when the browser refuses the read (storage.session closed to content scripts)', async () => {
    const closed: SessionArea = {
      get: () => Promise.reject(new Error('Access to storage is not allowed from this context.')),
      set: async () => undefined,
      remove: async () => undefined,
    };
    expect(await readCachedOverlay(closed, address)).toBeNull();
  });
});

describe('remembering which set answered each issue', () => {
  it('gives the scope the service read for the page, without reading the set again', async () => {
    let reads = 0;
    const selections = rememberSelections({
      getActiveSelection: async (page?: { tracker: 'jira' | 'linear'; site: string; key?: string }) => {
        reads++;
        return page?.key === 'NONE-1' ? null : { set: { id: `s${reads}` }, cycleId: null };
      },
    });
    await selections.source.getActiveSelection(at('PLAT-2'));
    await selections.source.getActiveSelection(at('NONE-1'));
    expect(await selections.scopeOf(at('PLAT-2'))).toEqual({ setId: 's1', scope: scopeString({ set: { id: 's1' }, cycleId: null }) });
    expect(await selections.scopeOf(at('NONE-1'))).toBeNull();
    expect(reads).toBe(2);
    // A page the service never asked about is read.
    expect((await selections.scopeOf(at('PLAT-7')))?.setId).toBe('s3');
  });
});
