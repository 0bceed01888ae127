// @vitest-environment happy-dom
/**
 * Site access in Options: the notice over a browser whose grants live in a set, as Firefox's do
 * (MV3 host permissions optional, revocable in about:addons). The notice lists what is missing,
 * asks from the click itself, and goes away only when the browser really granted everything.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionsApp } from '../../components/options/OptionsApp';
import { createOptionsStore } from '../../entrypoints/options/state';
import { createHostAccessStore, type HostAccessStore } from '../../entrypoints/options/state/host-access';

const HOSTS = ['https://*.atlassian.net/*', 'https://linear.app/*', 'https://api.linear.app/*'];

/** A browser's permission state: what is granted, what the user answers, who is listening. */
function fakePermissions(granted: string[], answer: 'allow' | 'deny' | Error = 'allow') {
  const grants = new Set(granted);
  const listeners = new Set<() => void>();
  const requests: string[][] = [];
  return {
    grants,
    requests,
    /** The user revokes or grants from about:addons while Options is open. */
    change(update: (grants: Set<string>) => void) {
      update(grants);
      for (const listener of listeners) listener();
    },
    deps: {
      origins: HOSTS,
      contains: async (origins: string[]) => origins.every((origin) => grants.has(origin)),
      request: async (origins: string[]) => {
        requests.push(origins);
        if (answer instanceof Error) throw answer;
        if (answer === 'deny') return false;
        for (const origin of origins) grants.add(origin);
        return true;
      },
      watch: (listener: () => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
}

async function openOptionsWith(hostAccess: HostAccessStore) {
  await hostAccess.check();
  const store = createOptionsStore({ send: async () => new Promise(() => undefined) });
  render(<OptionsApp store={store} hostAccess={hostAccess} />);
}

const notice = () => screen.queryByTestId('kr-lens-host-access');
const listed = () => [...screen.getByTestId('kr-lens-host-access-missing').querySelectorAll('li')].map((li) => li.textContent);

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

describe('site access in Options', () => {
  it('shows nothing when the browser granted every host', async () => {
    await openOptionsWith(createHostAccessStore(fakePermissions(HOSTS).deps));
    expect(notice()).toBeNull();
  });

  it('names each missing host, asks for exactly those from the click, and goes once granted', async () => {
    const browser = fakePermissions(['https://api.linear.app/*']);
    await openOptionsWith(createHostAccessStore(browser.deps));
    expect(listed()).toEqual(['Jira Cloud sites (*.atlassian.net)', 'Linear issue pages (linear.app)']);

    fireEvent.click(screen.getByTestId('kr-lens-host-access-grant'));
    // Asked inside the click handler, before any await: Firefox prompts only then.
    expect(browser.requests).toEqual([['https://*.atlassian.net/*', 'https://linear.app/*']]);
    await waitFor(() => expect(notice()).toBeNull());
    expect([...browser.grants].sort()).toEqual([...HOSTS].sort());
  });

  it('says so when the user refuses, and stays', async () => {
    const browser = fakePermissions([], 'deny');
    await openOptionsWith(createHostAccessStore(browser.deps));
    fireEvent.click(screen.getByTestId('kr-lens-host-access-grant'));
    await waitFor(() => expect(screen.getByTestId('kr-lens-host-access-state').textContent).toMatch(/^Access was not granted/));
    expect(listed()).toHaveLength(3);
    expect(browser.grants.size).toBe(0);
  });

  it('comes back when access is revoked elsewhere while Options is open, and leaves when it is granted there', async () => {
    const browser = fakePermissions(HOSTS);
    await openOptionsWith(createHostAccessStore(browser.deps));
    expect(notice()).toBeNull();
    browser.change((grants) => grants.delete('https://linear.app/*'));
    await waitFor(() => expect(listed()).toEqual(['Linear issue pages (linear.app)']));
    browser.change((grants) => grants.add('https://linear.app/*'));
    await waitFor(() => expect(notice()).toBeNull());
  });

  it('shows the browser’s error when it cannot ask', async () => {
    const browser = fakePermissions([], new Error('permissions.request may only be called from a user input handler'));
    await openOptionsWith(createHostAccessStore(browser.deps));
    fireEvent.click(screen.getByTestId('kr-lens-host-access-grant'));
    await waitFor(() =>
      expect(screen.getByTestId('kr-lens-host-access-state').textContent).toBe(
        'The browser did not ask: permissions.request may only be called from a user input handler',
      ),
    );
  });

  it('stops listening when disposed', async () => {
    const browser = fakePermissions(HOSTS);
    const store = createHostAccessStore(browser.deps);
    await store.check();
    store.dispose();
    browser.change((grants) => grants.clear());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(store.missing.value).toEqual([]);
  });
});
