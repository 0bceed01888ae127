// @vitest-environment happy-dom
/** The theme watch on its own: when it reads the page again, whom it tells, and when it stops. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchTheme } from '../../lib/content/theme-watch';
import { jiraTheme } from '../../lib/trackers/jira/page';
import type { Theme } from '../../lib/trackers/page-common';

const nextFrames = () => new Promise((resolve) => setTimeout(resolve, 60));

let stop = new AbortController();
afterEach(() => {
  stop.abort();
  document.documentElement.removeAttribute('data-color-mode');
  document.documentElement.removeAttribute('data-route');
});

function watchJira() {
  stop = new AbortController();
  const read = vi.fn((): Theme => jiraTheme(document) ?? 'light');
  const seen: Theme[] = [];
  const watch = watchTheme(read, stop.signal);
  const subscriber = new AbortController();
  watch.subscribe((theme) => seen.push(theme), subscriber.signal);
  return { watch, read, seen, subscriber };
}

describe('watchTheme', () => {
  it('tells subscribers each new theme, once, and not about other attribute changes', async () => {
    document.documentElement.setAttribute('data-color-mode', 'light');
    const { watch, seen } = watchJira();
    expect(watch.get()).toBe('light');
    document.documentElement.setAttribute('data-route', '/a');
    await nextFrames();
    expect(seen).toEqual([]);
    document.documentElement.setAttribute('data-color-mode', 'dark');
    await nextFrames();
    expect(seen).toEqual(['dark']);
    expect(watch.get()).toBe('dark');
  });

  it('reads the page once a frame however many changes the page makes in it', async () => {
    const { read, seen } = watchJira();
    read.mockClear();
    for (let i = 0; i < 50; i++) document.documentElement.setAttribute('data-color-mode', i % 2 ? 'dark' : 'light');
    await nextFrames();
    expect(read).toHaveBeenCalledTimes(1);
    expect(seen).toEqual(['dark']);
  });

  it('stops telling a subscriber whose signal aborted, and stops reading when the watch’s own signal aborts', async () => {
    const { read, seen, subscriber } = watchJira();
    subscriber.abort();
    document.documentElement.setAttribute('data-color-mode', 'dark');
    await nextFrames();
    expect(seen).toEqual([]);
    stop.abort();
    read.mockClear();
    document.documentElement.setAttribute('data-color-mode', 'light');
    await nextFrames();
    expect(read).not.toHaveBeenCalled();
  });
});
