/**
 * When the dashboard reads its team space again: as the page comes back (window focus, or the tab
 * becoming visible) and on a timer while it is visible. Never a storm: one read at a time, none
 * while the page is hidden or nothing asks for one, and none within the background's freshness
 * window of the last read (the background would answer it from its copy anyway).
 */

/** The background serves a space read within this long of the last one from its copy. */
export const REFRESH_EVERY_MS = 60_000;

export interface AutoRefreshDeps {
  /** Reads the space again; resolves when the page shows the result. */
  refresh(): Promise<void>;
  /** False when there is nothing to refresh (no active space) or now is a bad time (an open edit). */
  wanted(): boolean;
  /** The clock; Date.now by default. */
  now?: () => number;
  /** Where focus and visibility come from; the page's own by default. */
  doc?: Pick<Document, 'visibilityState' | 'addEventListener'>;
  win?: Pick<Window, 'addEventListener'>;
  everyMs?: number;
}

export interface AutoRefresh {
  /** Refreshes unless one is running, the page is hidden or unwanted, or (unless `force`) the last read is recent. */
  trigger(options?: { force?: boolean }): Promise<void>;
}

/** Starts listening; everything stops when `signal` aborts. */
export function startAutoRefresh(deps: AutoRefreshDeps, signal: AbortSignal): AutoRefresh {
  const doc = deps.doc ?? document;
  const win = deps.win ?? window;
  const everyMs = deps.everyMs ?? REFRESH_EVERY_MS;
  const now = deps.now ?? Date.now;
  let running: Promise<void> | null = null;
  let lastAt = now();

  function trigger(options: { force?: boolean } = {}): Promise<void> {
    if (running) return running;
    if (signal.aborted || doc.visibilityState === 'hidden' || !deps.wanted()) return Promise.resolve();
    if (!options.force && now() - lastAt < everyMs) return Promise.resolve();
    lastAt = now();
    running = deps
      .refresh()
      .catch(() => undefined) // the page shows its own error; the next trigger tries again
      .finally(() => {
        running = null;
      });
    return running;
  }

  const onVisible = () => {
    if (doc.visibilityState === 'visible') void trigger();
  };
  win.addEventListener('focus', onVisible, { signal });
  doc.addEventListener('visibilitychange', onVisible, { signal });
  const timer = setInterval(onVisible, everyMs);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  return { trigger };
}
