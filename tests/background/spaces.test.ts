/**
 * The background's team-space module against the fake Jira: the active set from a space, zero
 * setup on a site with one space, warm reads at no request, incremental refresh, offline reads
 * from the copy, check-ins and edits by rev with conflicts, and publishing with progress.
 */
import { describe, expect, it } from 'vitest';
import { createSpaces } from '../../entrypoints/background/spaces/service';
import type { Settings } from '../../lib/settings';
import { spaceEditsBetween } from '../../lib/space/edits';
import { createSpaceCache } from '../../lib/store/space-cache';
import { createJiraAdapter } from '../../lib/trackers/jira/client';
import { ACME_USERS } from '../sandbox/jira/seed';
import { seedJiraSpace } from '../sandbox/jira/space-seed';
import type { RunningFakeJira } from '../sandbox/jira/server';
import { fetchWithSessionCookie, useFakeJira } from '../trackers/jira/helpers';
import { addOkrProject, EXAMPLE } from '../space/helpers';
import { memoryArea } from './memory-area';

const getFake = useFakeJira();

/** One person's background: their own storage, signed in to the fake Jira with no setup. */
function personBackground(
  fake: RunningFakeJira,
  person: 'dana' | 'priya',
  clock: { now: number },
  local: () => Promise<{ set: typeof EXAMPLE; cycleId: string | null } | null> = async () => null,
) {
  const adapter = createJiraAdapter({
    site: fake.url,
    auth: { type: 'session' },
    fetch: fetchWithSessionCookie(ACME_USERS[person].sessionToken),
    retry: { baseDelayMs: 5, random: () => 0.5 },
  });
  const settings: Settings = { jira: [{ site: fake.url, auth: { type: 'session' } }] };
  return createSpaces({
    adapterFor: async () => adapter,
    cache: createSpaceCache(memoryArea()),
    readSettings: async () => settings,
    local,
    now: () => clock.now,
  });
}

const page = (fake: RunningFakeJira) => ({ tracker: 'jira' as const, site: fake.url, key: 'PLAT-2' });

describe('the active set from a team space', () => {
  it('finds the only space on a site with no setup, serves a warm page with no request, and refreshes only what changed', async () => {
    const fake = getFake();
    addOkrProject(fake);
    seedJiraSpace(fake.state, EXAMPLE, 'OKR', ACME_USERS.dana);
    const clock = { now: Date.now() };
    const priya = personBackground(fake, 'priya', clock);

    const first = await priya.source.getActiveSelection(page(fake));
    expect(first?.set).toEqual(EXAMPLE);
    expect(first?.source).toMatchObject({ name: EXAMPLE.name, place: expect.stringContaining('project OKR') });
    // It became the active set, so pages with no site (the dashboard) see it too.
    expect((await priya.methods.getActiveSpace({ fresh: false })).state).toBe('ok');

    const before = fake.requests.length;
    await priya.source.getActiveSelection(page(fake));
    await priya.source.getActiveSelection();
    expect(fake.requests.length - before).toBe(0);

    clock.now += 5 * 60_000;
    const searches = () => fake.requests.filter((r) => r.path.includes('/search')).map((r) => JSON.stringify(r.body ?? r.query ?? ''));
    const searchedBefore = searches().length;
    await priya.source.getActiveSelection();
    const refresh = searches().slice(searchedBefore);
    expect(refresh.length).toBeGreaterThan(0);
    expect(refresh.join(' ')).toContain('updated >=');
  });

  it('answers from the copy when the tracker cannot be reached, and says so', async () => {
    const fake = getFake();
    addOkrProject(fake);
    seedJiraSpace(fake.state, EXAMPLE, 'OKR', ACME_USERS.dana);
    const clock = { now: Date.now() };
    const priya = personBackground(fake, 'priya', clock);
    await priya.source.getActiveSelection(page(fake));
    clock.now += 10 * 60_000;
    fake.faults.add({ path: /./, times: Infinity, fault: { kind: 'status', status: 503 } });
    const offline = await priya.source.getActiveSelection();
    expect(offline?.set).toEqual(EXAMPLE);
    expect(offline?.source?.offline).toBeTruthy();
  });
});

describe('writing to a team space from the dashboard', () => {
  it('appends a check-in another person then reads, and refuses an edit based on an older rev, naming who changed it', async () => {
    const fake = getFake();
    addOkrProject(fake);
    seedJiraSpace(fake.state, EXAMPLE, 'OKR', ACME_USERS.dana);
    const clock = { now: Date.now() };
    const dana = personBackground(fake, 'dana', clock);
    const priya = personBackground(fake, 'priya', clock);
    const danaView = (await dana.methods.useSpace({ tracker: 'jira', site: fake.url, home: 'OKR', setId: 'acme' })) as Extract<
      Awaited<ReturnType<typeof dana.methods.useSpace>>,
      { state: 'ok' }
    >;
    const priyaView = (await priya.methods.useSpace({ tracker: 'jira', site: fake.url, home: 'OKR', setId: 'acme' })) as typeof danaView;

    const metric = EXAMPLE.keyResults.find((kr) => kr.measure.type === 'metric')!;
    const checkIn = { id: 'ci-test-1', krId: metric.id, at: new Date(clock.now).toISOString(), value: 42, confidence: 6 };
    const withCheckIn = { ...danaView.space.set, checkIns: [...danaView.space.set.checkIns, checkIn] };
    const saved = await dana.methods.saveSpaceEdits({
      ref: danaView.space.ref,
      ...spaceEditsBetween(danaView.space.set, withCheckIn, danaView.space.revs),
    });
    expect(saved.ok).toBe(true);

    const seen = await priya.methods.getActiveSpace({ fresh: true });
    expect(seen.state === 'ok' && seen.space.set.checkIns.find((c) => c.id === 'ci-test-1')).toMatchObject({ value: 42, confidence: 6 });

    // Dana renames the KR; Priya, still on the rev she read, renames it too.
    const rename = (set: typeof EXAMPLE, title: string) => ({
      ...set,
      keyResults: set.keyResults.map((kr) => (kr.id === metric.id ? { ...kr, title } : kr)),
    });
    const danaNow = (await dana.methods.getActiveSpace({ fresh: false })) as Extract<
      Awaited<ReturnType<typeof dana.methods.getActiveSpace>>,
      { state: 'ok' }
    >;
    const first = await dana.methods.saveSpaceEdits({
      ref: danaNow.space.ref,
      ...spaceEditsBetween(danaNow.space.set, rename(danaNow.space.set, 'Dana’s title'), danaNow.space.revs),
    });
    expect(first.ok).toBe(true);
    const edits = spaceEditsBetween(priyaView.space.set, rename(priyaView.space.set, 'Priya’s title'), priyaView.space.revs);
    expect(edits.records).toHaveLength(1);
    const second = await priya.methods.saveSpaceEdits({ ref: priyaView.space.ref, ...edits });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.conflict?.updatedBy).toBe(ACME_USERS.dana.displayName);
    expect(second.message).toContain('Dana’s title');
    // Nothing of Priya's was written; her next save is based on Dana's version.
    const after = await dana.methods.getActiveSpace({ fresh: true });
    expect(after.state === 'ok' && after.space.set.keyResults.find((kr) => kr.id === metric.id)?.title).toBe('Dana’s title');
    expect(second.space?.set.keyResults.find((kr) => kr.id === metric.id)?.title).toBe('Dana’s title');
  });
});

describe('publishing from Options', () => {
  it('shows the plan, publishes with progress, and makes the space the active set', async () => {
    const fake = getFake();
    const clock = { now: Date.now() };
    const dana = personBackground(fake, 'dana', clock, async () => ({ set: EXAMPLE, cycleId: null }));
    const plan = await dana.methods.planSpacePublish({ tracker: 'jira', home: 'PLAT' });
    const records = 1 + EXAMPLE.cycles.length + EXAMPLE.objectives.length + EXAMPLE.keyResults.length;
    expect(plan.toCreate).toHaveLength(records);
    expect(plan.checkIns.toCreate).toBe(EXAMPLE.checkIns.length);
    const outcome = await dana.methods.publishSpace({ tracker: 'jira', home: 'PLAT' });
    expect(outcome.created).toEqual({ records, checkIns: EXAMPLE.checkIns.length });
    expect(await dana.methods.getPublishProgress({})).toMatchObject({
      done: records + EXAMPLE.checkIns.length,
      total: records + EXAMPLE.checkIns.length,
      finished: true,
    });
    expect(outcome.space?.set).toEqual(EXAMPLE);
    const again = await dana.methods.planSpacePublish({ tracker: 'jira', home: 'PLAT' });
    expect(again.toCreate).toEqual([]);
    const list = await dana.methods.listSpaces({ fresh: true });
    expect(list.spaces).toEqual([expect.objectContaining({ home: 'PLAT', setId: 'acme', active: true })]);
  });
});
