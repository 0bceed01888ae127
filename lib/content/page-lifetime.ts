/**
 * How long the content script runs on a page, and where the page is, in a form the page cannot
 * forge.
 *
 * WXT's content-script context ends itself when a "content script started" announcement for the
 * same script arrives on the document, so that an older copy stops after an update. The page can
 * send that announcement too (WXT posts its exact name on the window at start), and WXT would then
 * take KR Lens off the page. Here such an ending is only a hint: the overlay stops when the
 * browser confirms that this copy of the extension is gone (its runtime has no id any more after
 * a reload, update or removal), which no page can fake. Navigation is followed through the
 * browser's own `navigate` events (`isTrusted`; a page can dispatch look-alikes, never trusted
 * ones), or by reading the URL once a second where the Navigation API is missing.
 */
import { browser } from 'wxt/browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { PageContext } from './run-content-script';

/** The parts of `window` this reads; tests pass a stand-in. */
export interface PageWindow {
  location: { href: string };
  document: Pick<EventTarget, 'addEventListener'>;
  navigation?: Pick<EventTarget, 'addEventListener'>;
}

export interface LifetimeHints {
  /** False once this copy of the extension is gone. The only thing that ends the content script. */
  alive(): boolean;
  /** WXT's context: when it ends, `alive` is asked. */
  wxtSignal?: AbortSignal;
  /** The document event a newer copy announces itself with: when it arrives, `alive` is asked. */
  startedEvent?: string;
}

const POLL_MS = 1_000;

interface NavigateLike {
  isTrusted: boolean;
  destination?: { url?: unknown };
}

function watchLocation(win: PageWindow, onChange: (url: string) => void, signal: AbortSignal): void {
  let last = win.location.href;
  const changed = (url: string) => {
    if (url === last) return;
    last = url;
    onChange(url);
  };
  if (typeof win.navigation?.addEventListener === 'function') {
    // `navigate` fires before location.href changes: the new URL is the event's destination.
    const onNavigate = (event: Event) => {
      const navigate = event as unknown as NavigateLike;
      if (navigate.isTrusted && typeof navigate.destination?.url === 'string') changed(navigate.destination.url);
    };
    win.navigation.addEventListener('navigate', onNavigate, { signal });
    return;
  }
  const timer = setInterval(() => changed(win.location.href), POLL_MS);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}

/** A page context that only the end of this copy of the extension can end. */
export function guardedPageContext(hints: LifetimeHints, win: PageWindow = window): PageContext {
  const controller = new AbortController();
  const check = () => {
    if (!controller.signal.aborted && !hints.alive()) controller.abort();
  };
  hints.wxtSignal?.addEventListener('abort', check, { once: true });
  if (hints.startedEvent) win.document.addEventListener(hints.startedEvent, check, { signal: controller.signal });
  return {
    signal: controller.signal,
    onLocationChange(listener) {
      watchLocation(
        win,
        (url) => {
          check();
          if (!controller.signal.aborted) listener(url);
        },
        controller.signal,
      );
    },
  };
}

/** The content script's page context: WXT's context and announcements as hints only. */
export function pageContextOf(ctx: ContentScriptContext): PageContext {
  // WXT keeps the announcement's name in a static its types call private.
  const startedEvent = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE?: unknown }).SCRIPT_STARTED_MESSAGE_TYPE;
  return guardedPageContext({
    alive: () => browser.runtime?.id !== undefined,
    wxtSignal: ctx.signal,
    ...(typeof startedEvent === 'string' ? { startedEvent } : {}),
  });
}
