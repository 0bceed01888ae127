/**
 * Follows the host page's theme while the content script runs, so the overlay and the markers
 * switch with Jira or Linear instead of waiting for the next navigation. Both apps switch theme in
 * place: Jira rewrites `data-color-mode` on <html>, Linear its theme class or `color-scheme` on
 * <html>/<body> or its stylesheets, and either may follow the system's `prefers-color-scheme`.
 */
import type { Theme } from '../trackers/page-common';

export interface ThemeWatch {
  /** The theme now. */
  get(): Theme;
  /** Calls `listener` with each new theme until `signal` aborts. */
  subscribe(listener: (theme: Theme) => void, signal: AbortSignal): void;
}

/** `read` decides the theme; it runs again on every signal that the theme may have changed. */
export function watchTheme(read: () => Theme, signal: AbortSignal): ThemeWatch {
  let theme = read();
  const listeners = new Set<(theme: Theme) => void>();
  const check = () => {
    const next = read();
    if (next === theme) return;
    theme = next;
    for (const listener of [...listeners]) listener(next);
  };

  // At most one read a frame: the page may touch these attributes and stylesheets often.
  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (!signal.aborted) check();
    });
  };

  const observer = new MutationObserver(schedule);
  for (const element of [document.documentElement, document.body]) if (element) observer.observe(element, { attributes: true });
  // A stylesheet swapped or rewritten changes the background that Linear's theme is read from.
  if (document.head) observer.observe(document.head, { childList: true, subtree: true, characterData: true });
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  media?.addEventListener?.('change', schedule);
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      media?.removeEventListener?.('change', schedule);
      listeners.clear();
    },
    { once: true },
  );

  return {
    get: () => theme,
    subscribe(listener, until) {
      listeners.add(listener);
      until.addEventListener('abort', () => listeners.delete(listener), { once: true });
    },
  };
}
