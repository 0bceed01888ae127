/**
 * Credentials move out of `storage.local` (readable by content scripts in Firefox) into the
 * credential store, once, without losing a setting; and `storage.local` is closed to content
 * scripts where the browser offers it. The IndexedDB store itself is exercised in Chromium
 * (tests/e2e/trust.e2e.test.ts); here an in-memory area with the same interface stands in.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createOkrService } from '../../entrypoints/background/okr-service';
import { createCache } from '../../lib/cache';
import { afterPrepared } from '../../lib/credential-store';
import { handleServiceMessage } from '../../lib/messaging-host';
import { readSettings, SETTINGS_KEY, type StorageArea } from '../../lib/settings';
import { moveSettingsToCredentialStore } from '../../lib/settings-migration';
import { restrictToTrustedContexts } from '../../lib/storage-access';
import { confirmImport, getActiveSelection, parseOkrFile } from '../../lib/store';
import { createAdapterRegistry } from '../../lib/trackers/registry';

const EXAMPLE = readFileSync(new URL('../../public/examples/acme.okr.json', import.meta.url), 'utf8');
const LINEAR_KEY = 'lin_api_migration_0123456789abcdef';
const JIRA_TOKEN = 'jira-token-migration-0123456789';

/** What an earlier version left in storage.local: two Jira sites (one with a token) and Linear. */
const LEGACY = {
  jira: [
    { site: 'https://acme.atlassian.net', auth: { type: 'basic', email: 'dana@acme.example', apiToken: JIRA_TOKEN } },
    { site: 'https://globex.atlassian.net', auth: { type: 'session' } },
  ],
  linear: { apiKey: LINEAR_KEY, workspace: 'acme' },
};

/** An in-memory area that can be told to fail its next write. */
function memoryArea() {
  const items = new Map<string, unknown>();
  const failNext = { set: false };
  const area: StorageArea = {
    async get(keys) {
      const wanted = keys === null ? [...items.keys()] : typeof keys === 'string' ? [keys] : keys;
      return Object.fromEntries(wanted.filter((key) => items.has(key)).map((key) => [key, structuredClone(items.get(key))]));
    },
    async set(values) {
      if (failNext.set) {
        failNext.set = false;
        throw new Error('disk error');
      }
      for (const [key, value] of Object.entries(values)) items.set(key, structuredClone(value));
    },
    async remove(keys) {
      for (const key of typeof keys === 'string' ? [keys] : keys) items.delete(key);
    },
  };
  return { area, items, failNext };
}

const local = () => fakeBrowser.storage.local as unknown as StorageArea;
const localSnapshot = async () => structuredClone(await fakeBrowser.storage.local.get(null));

beforeEach(async () => {
  fakeBrowser.reset();
  const parsed = parseOkrFile(EXAMPLE, 'acme.okr.json');
  if (!parsed.ok) throw new Error('the example set must parse');
  expect(await confirmImport(parsed.set, { today: '2026-11-21' })).toMatchObject({ ok: true });
});

afterEach(() => vi.restoreAllMocks());

describe('moving settings out of storage.local', () => {
  it('moves every connection and secret unchanged, and leaves the OKR data where it was', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: LEGACY });
    const before = await localSnapshot();
    const settingsBefore = await readSettings(local());
    const store = memoryArea();

    expect(await moveSettingsToCredentialStore(local(), store.area)).toBe('moved');

    expect(store.items.get(SETTINGS_KEY)).toEqual(LEGACY);
    expect(await readSettings(store.area)).toEqual(settingsBefore);
    const { [SETTINGS_KEY]: moved, ...rest } = before;
    expect(moved).toEqual(LEGACY);
    expect(await localSnapshot()).toEqual(rest);
    expect(JSON.stringify(await localSnapshot())).not.toContain(LINEAR_KEY);
    expect(JSON.stringify(await localSnapshot())).not.toContain(JIRA_TOKEN);
  });

  it('keeps a field this version does not know, so a later version loses nothing either', async () => {
    const withExtra = { ...LEGACY, linear: { ...LEGACY.linear, teamKeys: ['MOB'] }, future: { a: 1 } };
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: withExtra });
    const store = memoryArea();
    await moveSettingsToCredentialStore(local(), store.area);
    expect(store.items.get(SETTINGS_KEY)).toEqual(withExtra);
  });

  it('with nothing stored before, writes nothing', async () => {
    const before = await localSnapshot();
    const store = memoryArea();
    expect(await moveSettingsToCredentialStore(local(), store.area)).toBe('nothing-to-move');
    expect(store.items.size).toBe(0);
    expect(await localSnapshot()).toEqual(before);
  });

  it('a move that stopped after copying is finished, and settings saved since are kept', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: LEGACY });
    const store = memoryArea();
    vi.spyOn(fakeBrowser.storage.local, 'remove').mockRejectedValueOnce(new Error('disk error'));
    await expect(moveSettingsToCredentialStore(local(), store.area)).rejects.toThrow('disk error');
    // Saved after the copy: the credential store is what the background reads and writes now.
    const newer = { jira: [], linear: { apiKey: 'lin_api_newer_0123456789', workspace: 'acme' } };
    await store.area.set({ [SETTINGS_KEY]: newer });

    expect(await moveSettingsToCredentialStore(local(), store.area)).toBe('already-moved');
    expect(store.items.get(SETTINGS_KEY)).toEqual(newer);
    expect((await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]).toBeUndefined();
  });

  it('a copy that fails leaves the settings in storage.local, and the next use of the store moves them', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: LEGACY });
    const store = memoryArea();
    const credentials = afterPrepared(store.area, () => moveSettingsToCredentialStore(local(), store.area));
    store.failNext.set = true;

    await expect(credentials.get(SETTINGS_KEY)).rejects.toThrow('disk error');
    expect((await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]).toEqual(LEGACY);

    expect((await credentials.get(SETTINGS_KEY))[SETTINGS_KEY]).toEqual(LEGACY);
    expect((await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]).toBeUndefined();
  });

  it('the background, started on an older install, answers with the old connections and keeps the secrets on a save', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: LEGACY });
    const store = memoryArea();
    // Wired as entrypoints/background/index.ts wires it.
    const credentials = afterPrepared(store.area, () => moveSettingsToCredentialStore(local(), store.area));
    const registry = createAdapterRegistry(credentials);
    const service = createOkrService({
      sets: { getActiveSelection: () => getActiveSelection({ today: '2026-11-21' }) },
      adapterFor: registry.adapterFor,
      cache: createCache(local()),
      now: () => Date.parse('2026-11-21T12:00:00Z'),
      settings: { read: () => readSettings(credentials), write: async () => undefined },
    });
    const publicBefore = {
      jira: [
        { site: 'https://acme.atlassian.net', auth: 'basic', email: 'dana@acme.example' },
        { site: 'https://globex.atlassian.net', auth: 'session' },
      ],
      linear: { connected: true, workspace: 'acme' },
    };
    expect(await handleServiceMessage(service, { krLens: 1, method: 'getSettings', params: {} })).toEqual({
      ok: true,
      value: publicBefore,
    });
    // The Linear adapter reads its key from the store at request time: the moved key is the one sent.
    const sent: Array<string | null> = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      sent.push(new Request(input, init).headers.get('authorization'));
      return new Response(JSON.stringify({ errors: [{ message: 'no', extensions: { code: 'AUTHENTICATION_ERROR' } }] }), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      });
    });
    await handleServiceMessage(service, { krLens: 1, method: 'testConnection', params: { tracker: 'linear' } });
    expect(sent.some((header) => header?.includes(LINEAR_KEY))).toBe(true);
    expect(JSON.stringify(await localSnapshot())).not.toContain(LINEAR_KEY);
  });
});

describe('closing storage.local to content scripts', () => {
  it('asks for trusted contexts only where the browser offers it', async () => {
    const setAccessLevel = vi.fn(async () => undefined);
    expect(await restrictToTrustedContexts({ setAccessLevel })).toBe('trusted-only');
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
  });

  it('says so where the browser has no such switch for the area, or refuses it (Firefox)', async () => {
    expect(await restrictToTrustedContexts({})).toBe('not-supported');
    expect(await restrictToTrustedContexts(undefined)).toBe('not-supported');
    expect(
      await restrictToTrustedContexts({ setAccessLevel: async () => Promise.reject(new Error('Only storage.session supports it')) }),
    ).toBe('not-supported');
  });
});
