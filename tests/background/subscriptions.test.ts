/**
 * Subscribed OKR files against a fake file host: the first read (https only, nothing stored when
 * it fails), refreshes with validators (304), and the last good copy kept and still used through
 * 404, 500, offline, broken YAML and invalid fields, with the sentence and every invalid path.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createSubscriptions } from '../../entrypoints/background/subscriptions/service';
import { SUBSCRIPTION_FRESH_FOR_MS } from '../../entrypoints/background/subscriptions/refresh';
import { serializeOkrSet } from '../../lib/store';
import { createSubscriptionStore, SUBSCRIPTIONS_KEY } from '../../lib/store/subscriptions';
import type { StorageArea } from '../../lib/settings';
import type { SubscriptionResult, SubscriptionView } from '../../lib/subscription-messages';
import { createFakeOkrFiles, OKR_FILES_HOST } from '../sandbox/okr-files';
import { sampleSet } from '../store/fixtures';
import { memoryArea } from './memory-area';

const URL_YAML = `https://${OKR_FILES_HOST}/acme/okrs/main/okrs.yaml`;
const T0 = Date.UTC(2026, 11, 2, 13, 15);

function setup() {
  const files = createFakeOkrFiles();
  const network = { offline: false };
  const clock = { now: T0 };
  const area = memoryArea();
  const spaceActive: unknown[] = [];
  const subscriptions = createSubscriptions({
    store: createSubscriptionStore(area),
    spaces: { setActive: async (active) => void spaceActive.push(active) },
    fetch: files.fetch(network),
    now: () => clock.now,
  });
  return { files, network, clock, area, spaceActive, ...subscriptions };
}

function ok(result: SubscriptionResult): SubscriptionView {
  if (!result.ok) throw new Error(`expected a subscription, got: ${result.message} ${result.errors.join(' | ')}`);
  return result.subscription;
}

const yaml = (name = 'Acme Corp') => serializeOkrSet({ ...sampleSet(), name }, 'yaml');

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
  t.files.put('/acme/okrs/main/okrs.yaml', yaml());
});

describe('subscribing', () => {
  it.each([
    [
      'http://okrs.acme-code.dev/okrs.yaml',
      'KR Lens reads OKR files only over https: “http://okrs.acme-code.dev/okrs.yaml” starts with http://',
    ],
    ['ftp://okrs.acme-code.dev/okrs.yaml', 'starts with ftp://'],
    ['okrs.yaml', '“okrs.yaml” is not a web address'],
  ])('refuses %s with a sentence and stores nothing', async (url, said) => {
    const result = await t.methods.subscribe({ url });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(said);
    expect(t.files.requests).toEqual([]);
    expect(await t.area.get(SUBSCRIPTIONS_KEY)).toEqual({});
  });

  it('reads a YAML file, keeps it with its validators and gives every KR its link URL', async () => {
    const view = ok(await t.methods.subscribe({ url: URL_YAML }));
    expect(view).toMatchObject({ url: URL_YAML, setId: 'acme', name: 'Acme Corp', fetchedAt: T0, active: false });
    expect(view.source).toEqual({ name: 'Acme Corp', place: URL_YAML, readAt: T0, file: true });
    const [stored] = (await t.area.get(SUBSCRIPTIONS_KEY))[SUBSCRIPTIONS_KEY] as Array<Record<string, unknown>>;
    expect(stored).toMatchObject({ etag: expect.stringMatching(/^"/), lastModified: expect.stringMatching(/GMT$/) });
    const set = (stored as { set: { keyResults: Array<{ id: string; url: string }> } }).set;
    // A KR the file gives a URL keeps it; the others get the default (SPEC "Concepts", KeyResult.url).
    const expected = sampleSet().keyResults.map((kr) => kr.url ?? `https://kr-lens.invalid/acme#kr-${kr.id}`);
    expect(set.keyResults.map((kr) => kr.url)).toEqual(expected);
  });

  it('reads JSON by its content when the URL has no extension', async () => {
    t.files.put('/raw/okrs', serializeOkrSet(sampleSet(), 'json'));
    expect(ok(await t.methods.subscribe({ url: `https://${OKR_FILES_HOST}/raw/okrs` })).setId).toBe('acme');
  });

  it.each<[string, () => void, string]>([
    ['404', () => undefined, 'the server answered HTTP 404 (not found)'],
    ['500', () => void (t.files.failWith = 500), 'the server answered HTTP 500 (the server is having trouble)'],
    ['offline', () => void (t.network.offline = true), 'the server could not be reached (Failed to fetch)'],
  ])('a first read that fails (%s) stores nothing and says why', async (_name, fault, reason) => {
    fault();
    const result = await t.methods.subscribe({ url: `https://${OKR_FILES_HOST}/missing.yaml` });
    expect(result).toEqual({
      ok: false,
      message: `Couldn’t subscribe to https://${OKR_FILES_HOST}/missing.yaml: ${reason}. Nothing was stored.`,
      errors: [],
    });
    expect(await t.methods.listSubscriptions({})).toEqual([]);
  });

  it('refuses an invalid file naming the path of every invalid field, and stores nothing', async () => {
    const bad = sampleSet() as unknown as { keyResults: Array<Record<string, unknown>>; objectives: Array<Record<string, unknown>> };
    bad.keyResults[0]!.measure = { type: 'vibes' };
    bad.objectives[1]!.level = 'galaxy';
    t.files.put('/bad.yaml', serializeOkrSet(bad as never, 'yaml'));
    const result = await t.methods.subscribe({ url: `https://${OKR_FILES_HOST}/bad.yaml` });
    if (result.ok) throw new Error('an invalid file was accepted');
    expect(result.message).toContain('the file is not a valid OKR set (2 invalid fields)');
    expect(result.errors).toEqual([expect.stringMatching(/^objectives\[1\]\.level: /), expect.stringMatching(/^keyResults\[0\]\.measure/)]);
    expect(await t.methods.listSubscriptions({})).toEqual([]);
  });
});

describe('refreshing keeps the last good copy', () => {
  beforeEach(async () => {
    ok(await t.methods.subscribe({ url: URL_YAML }));
    ok(await t.methods.useSubscription({ url: URL_YAML }));
    t.clock.now = T0 + 60_000;
  });

  it('asks with If-None-Match and If-Modified-Since and takes a 304 as "still the same"', async () => {
    const view = ok(await t.methods.refreshSubscription({ url: URL_YAML }));
    const asked = t.files.requests.at(-1)!;
    expect(asked.headers['if-none-match']).toMatch(/^"/);
    expect(asked.headers['if-modified-since']).toMatch(/GMT$/);
    expect(view.fetchedAt).toBe(T0 + 60_000);
    expect(view.problem).toBeUndefined();
    expect(view.name).toBe('Acme Corp');
  });

  it('takes a changed file', async () => {
    t.files.put('/acme/okrs/main/okrs.yaml', yaml('Acme Corp, renamed'));
    expect(ok(await t.methods.refreshSubscription({ url: URL_YAML })).name).toBe('Acme Corp, renamed');
    expect((await t.activeSet())?.set.name).toBe('Acme Corp, renamed');
  });

  it.each<[string, () => void, string]>([
    ['404', () => void (t.files.failWith = 404), 'the server answered HTTP 404 (not found)'],
    ['500', () => void (t.files.failWith = 500), 'the server answered HTTP 500 (the server is having trouble)'],
    ['offline', () => void (t.network.offline = true), 'the server could not be reached (Failed to fetch)'],
  ])('%s: the copy stays, in use, with the sentence beside it', async (_name, fault, reason) => {
    fault();
    const view = ok(await t.methods.refreshSubscription({ url: URL_YAML }));
    expect(view.problem).toEqual({
      message: `Couldn’t read ${URL_YAML}: ${reason}; showing the copy read at 2026-12-02 13:15 UTC`,
      errors: [],
    });
    expect(view.fetchedAt).toBe(T0);
    const active = await t.activeSet();
    expect(active?.set.name).toBe('Acme Corp');
    expect(active?.source).toMatchObject({ readAt: T0, file: true, offline: view.problem?.message });
  });

  it('a file broken as YAML keeps the copy and says where the syntax breaks', async () => {
    t.files.put('/acme/okrs/main/okrs.yaml', 'id: acme\nname: [unclosed\n');
    const view = ok(await t.methods.refreshSubscription({ url: URL_YAML }));
    expect(view.problem?.message).toMatch(
      /^Couldn’t use https:\/\/.+: the file could not be read as an OKR set; showing the copy read at 2026-12-02 13:15 UTC$/,
    );
    expect(view.problem?.errors[0]).toMatch(/^The file is not valid YAML: line \d+, column \d+/);
    expect((await t.activeSet())?.set.name).toBe('Acme Corp');
  });

  it('a file with invalid fields keeps the copy and names each path', async () => {
    const bad = sampleSet() as unknown as { cycles: Array<Record<string, unknown>> };
    bad.cycles[1]!.end = '30 June';
    t.files.put('/acme/okrs/main/okrs.yaml', serializeOkrSet(bad as never, 'yaml'));
    const view = ok(await t.methods.refreshSubscription({ url: URL_YAML }));
    expect(view.problem?.message).toContain('the file is not a valid OKR set (1 invalid field); showing the copy read at');
    expect(view.problem?.errors).toEqual([expect.stringMatching(/^cycles\[1\]\.end: /)]);
    // The next good read clears it.
    t.files.put('/acme/okrs/main/okrs.yaml', yaml('Fixed'));
    const fixed = ok(await t.methods.refreshSubscription({ url: URL_YAML }));
    expect(fixed.problem).toBeUndefined();
    expect(fixed.name).toBe('Fixed');
  });
});

describe('refresh on open', () => {
  beforeEach(async () => {
    ok(await t.methods.subscribe({ url: URL_YAML }));
    ok(await t.methods.useSubscription({ url: URL_YAML }));
  });

  it('a copy younger than 10 minutes is used as it is', async () => {
    t.clock.now = T0 + SUBSCRIPTION_FRESH_FOR_MS - 1;
    const before = t.files.requests.length;
    await t.activeSet();
    expect(t.files.requests.length).toBe(before);
  });

  it('an older one is read again once, however many pages ask at the same moment', async () => {
    t.clock.now = T0 + SUBSCRIPTION_FRESH_FOR_MS + 1;
    t.files.put('/acme/okrs/main/okrs.yaml', yaml('Newer'));
    const before = t.files.requests.length;
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.activeSet()));
    expect(t.files.requests.length).toBe(before + 1);
    expect(answers.map((a) => a?.set.name)).toEqual(Array(8).fill('Newer'));
  });

  it('a failed read also counts: the server is not asked again on every page for 10 minutes', async () => {
    t.clock.now = T0 + SUBSCRIPTION_FRESH_FOR_MS + 1;
    t.network.offline = true;
    await t.activeSet();
    const before = t.files.requests.length;
    t.network.offline = false;
    t.clock.now += 60_000;
    expect((await t.activeSet())?.set.name).toBe('Acme Corp');
    expect(t.files.requests.length).toBe(before);
  });
});

describe('the active subscription', () => {
  it('using one leaves the active team space; removing it leaves no subscription active', async () => {
    ok(await t.methods.subscribe({ url: URL_YAML }));
    expect(await t.activeSet()).toBeNull();
    const used = ok(await t.methods.useSubscription({ url: URL_YAML }));
    expect(used.active).toBe(true);
    expect(t.spaceActive).toEqual([null]);
    const active = await t.methods.getActiveSubscription({});
    expect(active).toMatchObject({ state: 'ok', cycleId: null, source: { place: URL_YAML, file: true } });
    await t.methods.removeSubscription({ url: URL_YAML });
    expect(await t.activeSet()).toBeNull();
    expect(await t.methods.getActiveSubscription({})).toEqual({ state: 'none' });
    expect(await t.methods.useSubscription({ url: URL_YAML })).toMatchObject({ ok: false });
  });

  it('the cycle containing today is chosen', async () => {
    t.clock.now = Date.UTC(2025, 4, 10, 12);
    ok(await t.methods.subscribe({ url: URL_YAML }));
    ok(await t.methods.useSubscription({ url: URL_YAML }));
    expect((await t.activeSet())?.cycleId).toBe('2025-q2');
  });

  it('a damaged stored entry reads as absent', async () => {
    const area: StorageArea = memoryArea();
    await area.set({ [SUBSCRIPTIONS_KEY]: [{ url: URL_YAML, fetchedAt: 1, set: { id: 'x' } }] });
    expect(await createSubscriptionStore(area).list()).toEqual([]);
  });
});
