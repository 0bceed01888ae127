/**
 * The overlay store with the render cache: the kept answer painted while the background wakes,
 * marked as kept, and always replaced by the live answer.
 */
import { describe, expect, it } from 'vitest';
import { createOverlayStore } from '../../lib/content/overlay-store';
import { createServiceClient, type IssueAddress } from '../../lib/messaging';
import { overlayViewShape } from '../../lib/render-cache';
import type { Infer } from '../../lib/util/shape';
import type { OverlayResult, OverlayView } from '../../lib/view/types';
import { card, view } from '../components/fixtures';

const address: IssueAddress = { tracker: 'jira', site: 'https://acme.atlassian.net', key: 'ACME-10' };
const kept = view({ krs: [card({ title: 'Kept title' })] });
const live = view({ krs: [card({ title: 'Live title' })] });

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A client whose first getIssueOverlay answer is held until `answer` is called. */
function heldClient() {
  const held = deferred<{ ok: true; value: OverlayResult } | { ok: false; error: { kind: 'network'; message: string } }>();
  const client = createServiceClient(async (message) => (message.method === 'getIssueOverlay' ? held.promise : { ok: true, value: null }));
  return { client, answer: (reply: Parameters<typeof held.resolve>[0]) => held.resolve(reply) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the overlay store with a kept answer', () => {
  it('paints the kept answer, marked as kept, before the background answers, then the live one wins', async () => {
    const { client, answer } = heldClient();
    const store = createOverlayStore(client, address, undefined, async () => kept);
    const loading = store.load();
    await settle();
    expect(store.get()).toEqual({ result: { state: 'ok', view: kept }, busy: false, cached: true });
    answer({ ok: true, value: { state: 'ok', view: live } });
    await loading;
    expect(store.get()).toEqual({ result: { state: 'ok', view: live }, busy: false, cached: false });
  });

  it('never paints the kept answer over a live answer that came first', async () => {
    const { client, answer } = heldClient();
    const slow = deferred<OverlayView | null>();
    const store = createOverlayStore(client, address, undefined, () => slow.promise);
    answer({ ok: true, value: { state: 'ok', view: live } });
    await store.load();
    slow.resolve(kept);
    await settle();
    expect(store.get().result).toEqual({ state: 'ok', view: live });
    expect(store.get().cached).toBe(false);
  });

  it('keeps the kept view, as stale, under an error the background has no view for', async () => {
    const { client, answer } = heldClient();
    const store = createOverlayStore(client, address, undefined, async () => kept);
    const loading = store.load();
    await settle();
    answer({ ok: true, value: { state: 'error', error: { kind: 'network', message: "Can't reach Jira" } } });
    await loading;
    expect(store.get()).toEqual({
      result: { state: 'error', error: { kind: 'network', message: "Can't reach Jira" }, cached: { ...kept, stale: true } },
      busy: false,
      cached: false,
    });
  });

  it('keeps the kept view, as stale, when the message itself fails', async () => {
    const { client, answer } = heldClient();
    const store = createOverlayStore(client, address, undefined, async () => kept);
    const loading = store.load();
    await settle();
    answer({ ok: false, error: { kind: 'network', message: 'gone' } });
    await loading;
    const result = store.get().result;
    expect(result?.state === 'error' && result.cached).toEqual({ ...kept, stale: true });
  });

  it("shows the background's own error view as it is when it has one", async () => {
    const { client, answer } = heldClient();
    const store = createOverlayStore(client, address, undefined, async () => kept);
    const loading = store.load();
    await settle();
    const own: OverlayResult = { state: 'error', error: { kind: 'auth', message: 'Sign in' }, cached: { ...live, stale: true } };
    answer({ ok: true, value: own });
    await loading;
    expect(store.get().result).toEqual(own);
  });

  it('paints nothing once the page is left (SPA navigation to another issue)', async () => {
    const { client } = heldClient();
    const leave = new AbortController();
    const slow = deferred<OverlayView | null>();
    const store = createOverlayStore(client, address, leave.signal, () => slow.promise);
    void store.load();
    leave.abort();
    slow.resolve(kept);
    await settle();
    expect(store.get()).toEqual({ result: null, busy: false, cached: false });
  });

  it('waits for the background as before when nothing is kept or the read fails', async () => {
    for (const readCached of [async () => null, () => Promise.reject(new Error('closed'))]) {
      const { client, answer } = heldClient();
      const store = createOverlayStore(client, address, undefined, readCached);
      const loading = store.load();
      await settle();
      expect(store.get().result).toBeNull();
      answer({ ok: true, value: { state: 'ok', view: live } });
      await loading;
      expect(store.get().result).toEqual({ state: 'ok', view: live });
    }
  });
});

describe('the render cache shape', () => {
  it('accepts exactly the overlay view type (checked by the compiler) and a real view', () => {
    const fromShape = (value: Infer<typeof overlayViewShape>): OverlayView => value;
    const toShape = (value: OverlayView): Infer<typeof overlayViewShape> => value;
    expect(overlayViewShape.check(toShape(fromShape(view())))).toBe(true);
    expect(overlayViewShape.check(view({ children: { done: 1, total: 3 }, notice: 'fallback', krs: [] }))).toBe(true);
    expect(overlayViewShape.check(view({ source: { name: 'Acme', place: 'Jira acme, project OKR', readAt: 1 } }))).toBe(true);
    expect(overlayViewShape.check({ ...view(), fetchedAt: Number.NaN })).toBe(false);
    expect(overlayViewShape.check([view()])).toBe(false);
  });
});
