// @vitest-environment happy-dom
/**
 * The page cannot end the content script: WXT's "content script started" announcement, replayed
 * by a page script, ends WXT's own context (shown here, with WXT's real class) but not ours. Only
 * the end of this copy of the extension does. Navigation is followed from trusted events only.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { guardedPageContext, pageContextOf, type PageWindow } from '../../lib/content/page-lifetime';

/** The announcement's name, as any page reads it from the window message WXT posts at start. */
function announcedName(): Promise<string> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      const type = (event.data as { type?: unknown } | null)?.type;
      if (typeof type === 'string' && type.endsWith('wxt:content-script-started')) {
        window.removeEventListener('message', listener);
        resolve(type);
      }
    };
    window.addEventListener('message', listener);
  });
}

/** What a page script does: the same announcement on the document, and on the window. */
function replay(type: string, contentScriptName: string) {
  const detail = { contentScriptName, messageId: 'from-the-page' };
  document.dispatchEvent(new CustomEvent(type, { detail }));
  window.postMessage({ type, ...detail }, '*');
}

afterEach(() => {
  vi.useRealTimers();
  fakeBrowser.reset();
});

describe('a replayed start announcement', () => {
  it('ends WXT’s context, and not KR Lens on the page, which still follows navigation', async () => {
    (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://acme.atlassian.net/browse/PLAT-2');
    const heard = announcedName();
    const wxt = new ContentScriptContext('jira');
    const name = await heard;
    const page = pageContextOf(wxt);
    const seen: string[] = [];
    page.onLocationChange((url) => seen.push(url));

    replay(name, 'jira');
    await new Promise((resolve) => setTimeout(resolve, 10));

    // Not vacuous: the replay does end WXT's own context.
    expect(wxt.signal.aborted).toBe(true);
    expect(page.signal.aborted).toBe(false);
    history.pushState({}, '', '/browse/PLAT-1');
    await vi.waitFor(() => expect(seen).toEqual(['https://acme.atlassian.net/browse/PLAT-1']), { timeout: 3_000 });
  });

  it('ends it once the extension is really gone (updated, reloaded or removed)', () => {
    let alive = true;
    const document = new EventTarget();
    const page = guardedPageContext(
      { alive: () => alive, startedEvent: 'started' },
      { location: { href: 'https://acme.atlassian.net/browse/PLAT-2' }, document },
    );
    document.dispatchEvent(new Event('started'));
    expect(page.signal.aborted).toBe(false);
    alive = false;
    document.dispatchEvent(new Event('started'));
    expect(page.signal.aborted).toBe(true);
  });

  it('when WXT’s context ends, asks whether the extension is still there', () => {
    let alive = true;
    const wxt = new AbortController();
    const page = guardedPageContext(
      { alive: () => alive, wxtSignal: wxt.signal },
      { location: { href: 'https://linear.app/acme' }, document: new EventTarget() },
    );
    wxt.abort();
    expect(page.signal.aborted).toBe(false);

    const gone = new AbortController();
    const orphan = guardedPageContext(
      { alive: () => alive, wxtSignal: gone.signal },
      { location: { href: 'https://linear.app/acme' }, document: new EventTarget() },
    );
    alive = false;
    gone.abort();
    expect(orphan.signal.aborted).toBe(true);
  });
});

describe('following the page’s navigation', () => {
  /** A window whose Navigation API the test drives: `navigate(event)` as the browser would fire it. */
  function navigationWindow(href: string) {
    const listeners: Array<(event: Event) => void> = [];
    const win: PageWindow = {
      location: { href },
      document: new EventTarget(),
      navigation: { addEventListener: (_type: string, listener: unknown) => void listeners.push(listener as (event: Event) => void) },
    };
    const navigate = (event: { isTrusted: boolean; destination: { url: string } }) =>
      listeners.forEach((listener) => listener(event as unknown as Event));
    return { win, navigate };
  }

  it('reports the browser’s navigations, once per URL, and ignores look-alikes the page dispatches', () => {
    const { win, navigate } = navigationWindow('https://acme.atlassian.net/browse/PLAT-2');
    const page = guardedPageContext({ alive: () => true }, win);
    const seen: string[] = [];
    page.onLocationChange((url) => seen.push(url));

    navigate({ isTrusted: false, destination: { url: 'https://acme.atlassian.net/browse/PLAT-666' } });
    navigate({ isTrusted: true, destination: { url: 'https://acme.atlassian.net/browse/PLAT-1' } });
    navigate({ isTrusted: true, destination: { url: 'https://acme.atlassian.net/browse/PLAT-1' } });
    navigate({ isTrusted: true, destination: { url: 'https://acme.atlassian.net/browse/PLAT-2' } });
    expect(seen).toEqual(['https://acme.atlassian.net/browse/PLAT-1', 'https://acme.atlassian.net/browse/PLAT-2']);
  });

  it('a real page event named like the browser’s is not trusted', () => {
    const target = new EventTarget();
    const win: PageWindow = { location: { href: 'https://linear.app/acme/issue/MOB-12' }, document: new EventTarget(), navigation: target };
    const seen: string[] = [];
    guardedPageContext({ alive: () => true }, win).onLocationChange((url) => seen.push(url));
    const fake = Object.assign(new Event('navigate'), { destination: { url: 'https://linear.app/acme/issue/MOB-666' } });
    target.dispatchEvent(fake);
    expect(seen).toEqual([]);
  });

  it('without the Navigation API, reads the URL once a second', () => {
    vi.useFakeTimers();
    const win: PageWindow = { location: { href: 'https://linear.app/acme/issue/MOB-12' }, document: new EventTarget() };
    const page = guardedPageContext({ alive: () => true }, win);
    const seen: string[] = [];
    page.onLocationChange((url) => seen.push(url));
    win.location.href = 'https://linear.app/acme/issue/MOB-13';
    vi.advanceTimersByTime(1_000);
    vi.advanceTimersByTime(3_000);
    expect(seen).toEqual(['https://linear.app/acme/issue/MOB-13']);
  });

  it('stops following once the extension is gone', () => {
    let alive = true;
    const { win, navigate } = navigationWindow('https://acme.atlassian.net/browse/PLAT-2');
    const page = guardedPageContext({ alive: () => alive }, win);
    const seen: string[] = [];
    page.onLocationChange((url) => seen.push(url));
    alive = false;
    navigate({ isTrusted: true, destination: { url: 'https://acme.atlassian.net/browse/PLAT-1' } });
    expect(seen).toEqual([]);
    expect(page.signal.aborted).toBe(true);
  });
});
