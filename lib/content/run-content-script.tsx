/**
 * What the Jira and Linear content scripts share: follow the page's SPA navigation, mount the
 * overlay on issue pages (anchored, or the floating chip when the page's anchor is missing),
 * and decorate boards and lists with markers in batches. Everything is torn down through one
 * AbortSignal per page, and nothing here may throw into the host page.
 */
import { render } from 'preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { Overlay } from '../../components/Overlay';
import { FloatingChip } from '../../components/FloatingChip';
import { BoardMarker } from '../../components/BoardMarker';
import { overlayCss } from '../../components/overlay-css';
import type { OkrServiceClient } from '../messaging';
import type { Mount, PageDriver, Theme } from '../trackers/page-common';

export type { Located, PageDriver } from '../trackers/page-common';
import { readCachedOverlay, type SessionArea } from '../render-cache';
import type { MarkerView } from '../view/types';
import { createOverlayStore, type OverlayStore } from './overlay-store';
import { watchTheme, type ThemeWatch } from './theme-watch';

/** The host page's events WXT's context exposes; kept minimal so tests can pass a stand-in. */
export interface PageContext {
  signal: AbortSignal;
  onLocationChange(listener: (url: string) => void): void;
}

const MARKER_TAG = 'kr-lens-marker';
/** How long DOM changes settle before we look again: the host page's work comes first. */
const SETTLE_MS = 150;

function pageTheme(driver: PageDriver): Theme {
  const fromPage = driver.theme(document);
  if (fromPage) return fromPage;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** The open shadow root (SPEC "UI contract") with our styles, created once per host. */
function shadowContainer(host: Element): HTMLElement {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  let container = root.querySelector<HTMLElement>('[data-kr-lens-root]');
  if (!container) {
    const style = document.createElement('style');
    style.textContent = overlayCss;
    container = document.createElement('div');
    container.setAttribute('data-kr-lens-root', '');
    root.append(style, container);
  }
  return container;
}

/**
 * Re-renders on every store change, and every 30 s so "updated 3 min ago" stays true. Subscribes
 * as the overlay is committed (a layout effect), not after the next frame as `useEffect` would:
 * an answer that comes before that frame is drawn in it instead of one frame later.
 */
function useOverlayState(store: OverlayStore): { state: ReturnType<OverlayStore['get']>; now: number } {
  const [state, setState] = useState(store.get());
  const [now, setNow] = useState(Date.now());
  useLayoutEffect(() => {
    const unsubscribe = store.subscribe(() => setState(store.get()));
    setState(store.get()); // a change between the first render and subscribing
    return unsubscribe;
  }, [store]);
  useEffect(() => {
    const clock = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(clock);
  }, []);
  return { state, now };
}

function OverlayApp(props: { store: OverlayStore; floating: boolean; theme: Theme }) {
  const { store } = props;
  const { state, now } = useOverlayState(store);
  const overlayProps = {
    result: state.result,
    theme: props.theme,
    now,
    busy: state.busy,
    cached: state.cached,
    onRefresh: () => void store.refresh(),
    onLink: (krId: string) => void store.link(krId),
    onUnlink: (krId: string) => void store.unlink(krId),
    loadOptions: store.loadOptions,
  };
  return props.floating ? <FloatingChip {...overlayProps} /> : <Overlay {...overlayProps} />;
}

/** Runs `task` at most once per SETTLE_MS while the page keeps changing. */
function settled(task: () => void, abort: AbortSignal): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  abort.addEventListener('abort', () => clearTimeout(timer), { once: true });
  return () => {
    if (timer !== undefined || abort.aborted) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (!abort.aborted) task();
    }, SETTLE_MS);
  };
}

function observe(onChange: () => void, abort: AbortSignal): void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true });
  abort.addEventListener('abort', () => observer.disconnect(), { once: true });
}

function showIssue(
  driver: PageDriver,
  client: OkrServiceClient,
  issue: { site: string; key: string },
  url: string,
  theme: ThemeWatch,
  abort: AbortSignal,
  renderCache: SessionArea | undefined,
) {
  const address = { tracker: driver.tracker, site: issue.site, key: issue.key };
  const store = createOverlayStore(client, address, abort, () => readCachedOverlay(renderCache, address));
  // Ask first (the kept answer and the live one, side by side): the key is known from the URL,
  // and finding the anchor and drawing the placeholder can happen while both are on their way.
  void store.load();
  let mountedOn: Element | null = null;
  let placement: Mount['placement'] | null = null;

  const draw = () => {
    if (mountedOn) render(<OverlayApp store={store} floating={placement === 'floating'} theme={theme.get()} />, shadowContainer(mountedOn));
  };
  const place = () => {
    const mount = driver.mount(document, url);
    if (!mount || (mount.host === mountedOn && mount.placement === placement)) return;
    if (mountedOn && mountedOn !== mount.host) render(null, shadowContainer(mountedOn));
    mountedOn = mount.host;
    placement = mount.placement;
    draw();
  };
  theme.subscribe(draw, abort);

  place();
  // After SPA navigation the app draws the new header a few frames after the URL changes: look
  // for it on each frame for a moment rather than waiting for DOM changes to settle.
  const LOOK_FOR_MS = 500;
  const started = performance.now();
  const retry = () => {
    if (abort.aborted || reported) return;
    if (placement === 'anchored' || performance.now() - started > LOOK_FOR_MS) return reportHealth();
    place();
    requestAnimationFrame(retry);
  };
  // Frames can be throttled (a background tab): the check is reported on time all the same.
  const deadline = setTimeout(() => reportHealth(), LOOK_FOR_MS + 100);
  abort.addEventListener('abort', () => clearTimeout(deadline), { once: true });
  // Once the overlay has its place (or the page is left before that): tell Options which anchors
  // this page had, so a tracker redesign that sends the overlay to the floating chip is named.
  let reported = false;
  const reportHealth = () => {
    if (reported) return;
    reported = true;
    const entries = driver
      .health(document, url)
      .map(({ name, required, found, fallbackIndex }) => ({ name, required, found, fallbackIndex }));
    client.reportPageHealth({ tracker: driver.tracker, page: 'issue', entries }).catch(() => undefined);
  };
  abort.addEventListener('abort', reportHealth, { once: true });
  requestAnimationFrame(retry);
  // The header often renders after us (SPA), so keep looking for the anchor while the page changes.
  observe(settled(place, abort), abort);
  abort.addEventListener(
    'abort',
    () => {
      if (mountedOn) render(null, shadowContainer(mountedOn));
    },
    { once: true },
  );
}

function showMarkers(driver: PageDriver, client: OkrServiceClient, site: string, theme: ThemeWatch, abort: AbortSignal) {
  const known = new Map<string, MarkerView>();
  const asked = new Set<string>();

  // What each card shows now, so a scan renders only cards that are new or whose marker or theme changed.
  const shown = new WeakMap<Element, { marker: MarkerView; theme: Theme }>();
  const decorate = () => {
    const now = theme.get();
    for (const { key, element } of driver.listItems(document, site)) {
      const marker = known.get(key);
      if (!marker) continue;
      let host = element.querySelector(`:scope > ${MARKER_TAG}`);
      const last = host && shown.get(host);
      if (last && last.marker === marker && last.theme === now) continue;
      if (!host) {
        host = document.createElement(MARKER_TAG);
        element.append(host);
      }
      render(<BoardMarker marker={marker} theme={now} />, shadowContainer(host));
      shown.set(host, { marker, theme: now });
    }
  };
  theme.subscribe(decorate, abort);

  // One request per batch of newly seen cards, never one per card.
  const scan = async () => {
    const keys = driver
      .listItems(document, site)
      .map((item) => item.key)
      .filter((key) => !asked.has(key));
    if (keys.length > 0) {
      for (const key of keys) asked.add(key);
      try {
        const markers = await client.getBoardMarkers({ tracker: driver.tracker, site, keys: keys.slice(0, 1000), fresh: false });
        if (abort.aborted) return;
        for (const marker of markers) known.set(marker.key, marker);
      } catch {
        for (const key of keys) asked.delete(key);
        return;
      }
    }
    decorate();
  };

  void scan();
  observe(
    settled(() => void scan(), abort),
    abort,
  );
  abort.addEventListener(
    'abort',
    () => {
      for (const host of document.querySelectorAll(MARKER_TAG)) host.remove();
    },
    { once: true },
  );
}

/**
 * Starts the content script: one page at a time, torn down on navigation and on extension reload.
 * `renderCache`: `storage.session` where the browser opens it to content scripts (lib/render-cache.ts).
 */
export function runContentScript(ctx: PageContext, driver: PageDriver, client: OkrServiceClient, renderCache?: SessionArea): void {
  let page: AbortController | null = null;
  // The board's or list's markers live apart from the page: opening an issue beside the board
  // (and closing it again) keeps them rather than taking every marker off and putting it back.
  let markers: { site: string; controller: AbortController } | null = null;
  let theme: ThemeWatch | null = null;

  const show = (url: string) => {
    page?.abort();
    page = new AbortController();
    const abort = page.signal;
    try {
      theme ??= watchTheme(() => pageTheme(driver), ctx.signal);
      const located = driver.locate(url);
      const listSite = located?.kind === 'list' || (located?.kind === 'issue' && located.list) ? located.site : null;
      if (markers && markers.site !== listSite) {
        markers.controller.abort();
        markers = null;
      }
      if (listSite !== null && !markers) {
        markers = { site: listSite, controller: new AbortController() };
        showMarkers(driver, client, listSite, theme, markers.controller.signal);
      }
      if (located?.kind === 'issue') showIssue(driver, client, located, url, theme, abort, renderCache);
      else driver.unmount(document);
    } catch (error) {
      // Never into the host page: a broken overlay must not break Jira or Linear.
      console.warn('KR Lens could not show its overlay here.', error);
    }
  };

  ctx.signal.addEventListener(
    'abort',
    () => {
      page?.abort();
      markers?.controller.abort();
    },
    { once: true },
  );
  ctx.onLocationChange(show);
  show(location.href);
}
