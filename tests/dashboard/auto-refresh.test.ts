/** When the dashboard reads its team space again: focus, visibility and a timer, never a storm. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REFRESH_EVERY_MS, startAutoRefresh } from '../../entrypoints/dashboard/state/auto-refresh';

class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';
  show(state: DocumentVisibilityState): void {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

/** A refresh that stays in flight until the test finishes it. */
function pendingRefreshes() {
  const finishers: Array<() => void> = [];
  const refresh = vi.fn(
    () =>
      new Promise<void>((resolve) => {
        finishers.push(resolve);
      }),
  );
  const finishAll = async () => {
    for (const finish of finishers.splice(0)) finish();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { refresh, finishAll };
}

function setup(options: { wanted?: () => boolean } = {}) {
  const doc = new FakeDocument();
  const win = new EventTarget();
  const controller = new AbortController();
  const { refresh, finishAll } = pendingRefreshes();
  const watch = startAutoRefresh(
    { refresh, wanted: options.wanted ?? (() => true), doc: doc as unknown as Document, win: win as unknown as Window },
    controller.signal,
  );
  return { doc, win, controller, refresh, finishAll, watch };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the dashboard’s space refresh', () => {
  it('refreshes on the timer while visible, and on focus once the freshness window has passed', async () => {
    const { win, refresh, finishAll } = setup();
    // Just loaded: focus within the window asks nothing.
    win.dispatchEvent(new Event('focus'));
    expect(refresh).toHaveBeenCalledTimes(0);

    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS);
    expect(refresh).toHaveBeenCalledTimes(1);
    await finishAll();

    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS / 2);
    win.dispatchEvent(new Event('focus'));
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS / 2);
    expect(refresh).toHaveBeenCalledTimes(2);
    await finishAll();

    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS + 1);
    expect(refresh).toHaveBeenCalledTimes(3);
    await finishAll();
    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS / 2);
    win.dispatchEvent(new Event('focus'));
    expect(refresh).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS / 2 + 1);
    expect(refresh).toHaveBeenCalledTimes(4);
  });

  it('refreshes when the page becomes visible again after the window', async () => {
    const { doc, refresh } = setup();
    doc.show('hidden');
    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS * 3);
    expect(refresh).toHaveBeenCalledTimes(0);
    doc.show('visible');
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('starts no second refresh while one is in flight, even when asked', async () => {
    const { win, watch, refresh, finishAll } = setup();
    const first = watch.trigger({ force: true });
    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS * 2);
    win.dispatchEvent(new Event('focus'));
    const second = watch.trigger({ force: true });
    expect(second).toBe(first);
    expect(refresh).toHaveBeenCalledTimes(1);
    await finishAll();
    void watch.trigger({ force: true });
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('does not refresh a hidden page, nor when no space is active, nor once stopped', async () => {
    let active = false;
    const { doc, win, controller, watch, refresh } = setup({ wanted: () => active });
    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS * 2);
    await watch.trigger({ force: true });
    expect(refresh).toHaveBeenCalledTimes(0);

    active = true;
    doc.visibilityState = 'hidden';
    await watch.trigger({ force: true });
    win.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS * 2);
    expect(refresh).toHaveBeenCalledTimes(0);

    controller.abort();
    doc.show('visible');
    win.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS * 2);
    expect(refresh).toHaveBeenCalledTimes(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a failed refresh lets the next one run', async () => {
    const doc = new FakeDocument();
    const refresh = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(undefined);
    const watch = startAutoRefresh(
      { refresh, wanted: () => true, doc: doc as unknown as Document, win: new EventTarget() as unknown as Window },
      new AbortController().signal,
    );
    await watch.trigger({ force: true });
    await watch.trigger({ force: true });
    expect(refresh).toHaveBeenCalledTimes(2);
  });
});
