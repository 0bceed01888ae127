/**
 * Subscriptions through the message layer and the active-set choice: the payloads are checked,
 * only Options may add or remove one, no content script may touch them, and the overlay's set
 * is the active space's, else the subscription's, else the local set; making a space active
 * leaves the subscription, choosing a local set leaves both.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createOkrService } from '../../entrypoints/background/okr-service';
import { createActiveSetSource } from '../../entrypoints/background/spaces/active';
import type { Discovery } from '../../entrypoints/background/spaces/discovery';
import type { SpaceReader } from '../../entrypoints/background/spaces/reader';
import { leavingSubscriptionOnSpace } from '../../entrypoints/background/subscriptions/exclusive';
import { createSubscriptions } from '../../entrypoints/background/subscriptions/service';
import { createCache } from '../../lib/cache';
import { handleServiceMessage } from '../../lib/messaging-host';
import { mayCall, REFUSED, type Caller } from '../../lib/service-access';
import type { StorageArea } from '../../lib/settings';
import { confirmImport, getActiveSelection, serializeOkrSet, setActiveSelection } from '../../lib/store';
import { createSpaceCache, type SpaceRef } from '../../lib/store/space-cache';
import { createSubscriptionStore } from '../../lib/store/subscriptions';
import { createFakeOkrFiles, OKR_FILES_HOST } from '../sandbox/okr-files';
import { sampleSet } from '../store/fixtures';

const URL_YAML = `https://${OKR_FILES_HOST}/okrs.yaml`;
const OPTIONS: Caller = { kind: 'extension-page', page: 'options.html' };
const DASHBOARD: Caller = { kind: 'extension-page', page: 'dashboard.html' };
const JIRA_PAGE: Caller = { kind: 'content-script', tracker: 'jira', site: 'https://acme.atlassian.net' };
const SPACE: SpaceRef = { tracker: 'jira', site: 'https://acme.atlassian.net', home: 'OKR', setId: 'acme', name: 'Acme' };

const local = () => fakeBrowser.storage.local as unknown as StorageArea;

function background() {
  const files = createFakeOkrFiles();
  files.put('/okrs.yaml', serializeOkrSet({ ...sampleSet(), id: 'acme-code', name: 'Acme as code' }, 'yaml'));
  const spaceCache = createSpaceCache(local());
  const store = createSubscriptionStore(local());
  const subscriptions = createSubscriptions({ store, spaces: spaceCache, fetch: files.fetch(), now: () => Date.UTC(2025, 4, 10) });
  const spaces = leavingSubscriptionOnSpace(spaceCache, store);
  const source = createActiveSetSource({
    local: () => getActiveSelection({ today: '2025-05-10' }),
    subscription: subscriptions.activeSet,
    cache: spaces,
    // A space that cannot be read: the choice then falls through, as it does offline with no copy.
    reader: { read: async () => Promise.reject(new Error('no space here')) } as unknown as SpaceReader,
    discovery: { pick: async () => null } as unknown as Discovery,
    now: () => Date.UTC(2025, 4, 10),
  });
  const service = createOkrService({
    sets: source,
    subscriptions: subscriptions.methods,
    adapterFor: async () => Promise.reject(new Error('no tracker in this test')),
    cache: createCache(local()),
    now: Date.now,
    settings: { read: async () => ({ jira: [] }), write: async () => undefined },
  });
  const call = (method: string, params: unknown, caller: Caller) => handleServiceMessage(service, { krLens: 1, method, params }, caller);
  return { files, source, service, call, spaces, store };
}

beforeEach(() => fakeBrowser.reset());

describe('subscription messages', () => {
  it('only Options may subscribe and remove; other extension pages may list, refresh and use', async () => {
    const { call, files } = background();
    expect(await call('subscribe', { url: URL_YAML }, DASHBOARD)).toEqual({ ok: false, error: REFUSED });
    expect(files.requests).toEqual([]);
    expect(await call('subscribe', { url: URL_YAML }, OPTIONS)).toMatchObject({
      ok: true,
      value: { ok: true, subscription: { url: URL_YAML } },
    });
    expect(await call('refreshSubscription', { url: URL_YAML }, DASHBOARD)).toMatchObject({ ok: true, value: { ok: true } });
    expect(await call('useSubscription', { url: URL_YAML }, DASHBOARD)).toMatchObject({ ok: true, value: { ok: true } });
    expect(await call('removeSubscription', { url: URL_YAML }, { kind: 'extension-page', page: 'popup.html' })).toEqual({
      ok: false,
      error: REFUSED,
    });
    expect(await call('removeSubscription', { url: URL_YAML }, OPTIONS)).toEqual({ ok: true, value: undefined });
    expect(await call('listSubscriptions', {}, DASHBOARD)).toEqual({ ok: true, value: [] });
  });

  it.each(['listSubscriptions', 'subscribe', 'refreshSubscription', 'useSubscription', 'removeSubscription', 'getActiveSubscription'])(
    'no content script may call %s',
    (method) => {
      expect(mayCall(JIRA_PAGE, method as 'subscribe', { url: URL_YAML })).toBe(false);
    },
  );

  it.each<[string, unknown]>([
    ['no url', {}],
    ['a url that is not text', { url: 42 }],
    ['an empty url', { url: '  ' }],
    ['a url of 2,001 characters', { url: `https://${OKR_FILES_HOST}/${'a'.repeat(1980)}` }],
    ['an extra field', { url: URL_YAML, force: true }],
  ])('refuses a subscribe with %s before the background sees it', async (_name, params) => {
    const { call, files } = background();
    expect(await call('subscribe', params, OPTIONS)).toEqual({
      ok: false,
      error: { kind: 'invalid', message: 'KR Lens received a request it does not understand and ignored it.' },
    });
    expect(files.requests).toEqual([]);
  });

  it('says in a sentence why an http URL is refused', async () => {
    const { call } = background();
    const reply = await call('subscribe', { url: `http://${OKR_FILES_HOST}/okrs.yaml` }, OPTIONS);
    expect(reply).toMatchObject({ ok: true, value: { ok: false, message: expect.stringContaining('only over https') } });
  });
});

describe('which set is active', () => {
  it('the subscription over the local set; a local choice leaves it; a space made active leaves it', async () => {
    const { call, source, spaces, store } = background();
    const imported = await confirmImport(sampleSet(), { today: '2025-05-10' });
    expect(imported.ok).toBe(true);
    expect((await source.getActiveSelection())?.set.id).toBe('acme');

    await call('subscribe', { url: URL_YAML }, OPTIONS);
    await call('useSubscription', { url: URL_YAML }, DASHBOARD);
    const chosen = await source.getActiveSelection();
    expect(chosen?.set.id).toBe('acme-code');
    expect(chosen?.source).toMatchObject({ name: 'Acme as code', place: URL_YAML, file: true });
    expect(chosen?.cycleId).toBe('2025-q2');

    expect((await setActiveSelection('acme', null)).ok).toBe(true);
    expect(await store.getActive()).toBeNull();
    expect((await source.getActiveSelection())?.set.id).toBe('acme');

    await call('useSubscription', { url: URL_YAML }, DASHBOARD);
    await spaces.setActive({ ref: SPACE, cycleId: null });
    expect(await store.getActive()).toBeNull();
    expect(await spaces.getActive()).toMatchObject({ ref: SPACE });
  });

  it('using a subscription leaves the active space, and importing a file leaves the subscription', async () => {
    const { call, spaces, store } = background();
    await spaces.setActive({ ref: SPACE, cycleId: null });
    await call('subscribe', { url: URL_YAML }, OPTIONS);
    await call('useSubscription', { url: URL_YAML }, OPTIONS);
    expect(await spaces.getActive()).toBeNull();
    expect(await store.getActive()).toEqual({ url: URL_YAML, cycleId: null });
    expect((await confirmImport(sampleSet(), { today: '2025-05-10' })).ok).toBe(true);
    expect(await store.getActive()).toBeNull();
  });
});
