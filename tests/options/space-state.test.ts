/**
 * Options → Team space, its state alone (entrypoints/options/state/space.ts) over a fake
 * background: the list, making a space the active set, leaving it, and publishing — the plan,
 * the progress polled while it runs, a run cut off half-way that resumes, and the errors shown.
 */
import { describe, expect, it, vi } from 'vitest';
import { createSpaceState } from '../../entrypoints/options/state/space';
import type { ServiceRequest } from '../../lib/messaging';
import type { ActiveSpaceView, PublishOutcome, PublishPlanView, PublishProgressView, SpaceListEntry } from '../../lib/space-messages';
import { EXAMPLE } from '../space/helpers';

type Answer = (params: unknown) => unknown;

/** A background answering each method from `answers`, recording every request; a method with no answer is refused. */
function fakeBackground(answers: Record<string, Answer>) {
  const calls: Array<{ method: string; params: unknown }> = [];
  const send = async (message: ServiceRequest) => {
    calls.push({ method: message.method, params: message.params });
    const answer = answers[message.method];
    if (!answer) return { ok: false, error: { kind: 'invalid', message: `unexpected ${message.method}` } };
    try {
      return { ok: true, value: await answer(message.params) };
    } catch (error) {
      return { ok: false, error: { kind: 'auth', message: (error as Error).message } };
    }
  };
  const methods = () => calls.map((call) => call.method);
  return { send, calls, methods };
}

const SITE = 'https://acme.atlassian.net';
const entry = (patch: Partial<SpaceListEntry> = {}): SpaceListEntry => ({
  tracker: 'jira',
  site: SITE,
  home: 'OKR',
  setId: 'acme',
  name: 'Acme Corp OKRs',
  issueKey: 'OKR-1',
  place: 'Jira acme.atlassian.net, project OKR',
  active: false,
  ...patch,
});

const activeView = (ref = entry()): ActiveSpaceView => ({
  ref: { tracker: ref.tracker, site: ref.site, home: ref.home, setId: ref.setId, name: ref.name },
  set: EXAMPLE,
  cycleId: null,
  revs: {},
  source: { name: ref.name, place: ref.place, readAt: 0 },
  skipped: [],
});

const PLAN: PublishPlanView = {
  target: { tracker: 'linear', home: 'MOB', site: 'acme', place: 'Linear acme, team MOB' },
  setName: 'Acme Corp OKRs',
  toCreate: ['Acme Corp OKRs', 'Q4 2026'],
  existing: 0,
  checkIns: { toCreate: 3, existing: 0 },
  missing: [],
  skipped: [],
  sites: ['acme'],
};

const OUTCOME: PublishOutcome = {
  created: { records: 2, checkIns: 3 },
  existing: { records: 0, checkIns: 0 },
  space: activeView(entry({ tracker: 'linear', site: 'acme', home: 'MOB', place: 'Linear acme, team MOB' })),
};

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('the list of team spaces', () => {
  it('shows the spaces found, what could not be asked, and the active space', async () => {
    const spaces = [
      entry({ active: true }),
      entry({ site: 'https://globex.atlassian.net', place: 'Jira globex.atlassian.net, project OKR' }),
    ];
    const bg = fakeBackground({
      listSpaces: () => ({ spaces, problems: ['Linear refused the key.'] }),
      getActiveSpace: () => ({ state: 'ok', space: activeView() }),
    });
    const state = createSpaceState({ send: bg.send });
    expect(state.spaces.value).toBeNull();
    await state.load(true);
    expect(state.spaces.value).toEqual(spaces);
    expect(state.problems.value).toEqual(['Linear refused the key.']);
    expect(state.active.value?.ref.setId).toBe('acme');
    expect(bg.calls.find((call) => call.method === 'listSpaces')?.params).toEqual({ fresh: true });
    expect(state.status.value.tone).toBe('idle');
  });

  it('says so when the background cannot be reached, and keeps no half-read list', async () => {
    const state = createSpaceState({
      send: () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')),
    });
    await state.load();
    expect(state.spaces.value).toBeNull();
    expect(state.status.value).toMatchObject({ tone: 'error', message: expect.stringContaining('could not reach its background') });
  });
});

describe('using a space', () => {
  it('makes the chosen space the active set, tells the page, and reads the list again', async () => {
    const chosen = entry({ site: 'https://globex.atlassian.net', place: 'Jira globex.atlassian.net, project OKR' });
    let listed = [chosen];
    const bg = fakeBackground({
      useSpace: () => ({ state: 'ok', space: activeView(chosen) }),
      listSpaces: () => ({ spaces: listed, problems: [] }),
      getActiveSpace: () => ({ state: 'ok', space: activeView(chosen) }),
      leaveSpace: () => {
        listed = listed.map((e) => ({ ...e, active: false }));
        return undefined;
      },
    });
    const changed = vi.fn();
    const state = createSpaceState({ send: bg.send, onActiveChanged: changed });
    listed = [{ ...chosen, active: true }];
    await state.use(chosen);
    // The ref without its display name: the background reads the name from the space.
    expect(bg.calls[0]).toEqual({
      method: 'useSpace',
      params: { tracker: 'jira', site: 'https://globex.atlassian.net', home: 'OKR', setId: 'acme' },
    });
    expect(state.active.value?.ref.site).toBe('https://globex.atlassian.net');
    expect(state.status.value).toEqual({
      tone: 'ok',
      message: '“Acme Corp OKRs” from Jira globex.atlassian.net, project OKR is now the active set.',
    });
    expect(changed).toHaveBeenCalledTimes(1);
    expect(bg.methods()).toContain('listSpaces');
    expect(state.spaces.value?.[0]?.active).toBe(true);

    await state.leave();
    expect(bg.methods()).toContain('leaveSpace');
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('shows the background’s reason when the space cannot be used, and changes nothing', async () => {
    const bg = fakeBackground({
      useSpace: () => {
        throw new Error('Jira globex.atlassian.net, project OKR holds no readable record of the set “acme”.');
      },
    });
    const changed = vi.fn();
    const state = createSpaceState({ send: bg.send, onActiveChanged: changed });
    await state.use(entry());
    expect(state.active.value).toBeNull();
    expect(changed).not.toHaveBeenCalled();
    expect(state.status.value).toEqual({
      tone: 'error',
      message: 'Jira globex.atlassian.net, project OKR holds no readable record of the set “acme”.',
    });
  });
});

describe('publishing the local set', () => {
  it('asks for the home before anything is sent', async () => {
    const bg = fakeBackground({});
    const state = createSpaceState({ send: bg.send });
    state.tracker.value = 'linear';
    state.home.value = '   ';
    await state.plan();
    expect(bg.calls).toEqual([]);
    expect(state.publish.value).toEqual({ step: 'idle' });
    expect(state.status.value).toMatchObject({ tone: 'error', message: expect.stringMatching(/^Enter the .+ like .+\.$/) });
  });

  it('shows the plan first, polls the progress while it runs, and ends with the space active and the list read afresh', async () => {
    const run = deferred<PublishOutcome>();
    let progress: PublishProgressView | null = null;
    const bg = fakeBackground({
      planSpacePublish: () => PLAN,
      publishSpace: () => run.promise,
      getPublishProgress: () => progress,
      listSpaces: () => ({ spaces: [entry({ active: true })], problems: [] }),
      getActiveSpace: () => ({ state: 'ok', space: OUTCOME.space }),
    });
    const changed = vi.fn();
    const state = createSpaceState({ send: bg.send, onActiveChanged: changed });
    state.tracker.value = 'linear';
    state.home.value = ' mob ';
    await state.plan();
    expect(bg.calls[0]).toEqual({ method: 'planSpacePublish', params: { tracker: 'linear', home: 'mob' } });
    expect(state.publish.value).toEqual({ step: 'planned', plan: PLAN });
    expect(bg.methods()).not.toContain('publishSpace');

    const publishing = state.confirmPublish();
    expect(state.publish.value).toEqual({ step: 'publishing', plan: PLAN, progress: null });
    // The publish goes where the plan said, whatever the form holds now.
    state.home.value = 'OTHER';
    progress = { done: 1, total: 5, title: 'Acme Corp OKRs', finished: false };
    await vi.waitFor(() => expect(state.publish.value).toMatchObject({ step: 'publishing', progress: { done: 1, total: 5 } }), {
      timeout: 2_000,
    });
    run.resolve(OUTCOME);
    await publishing;
    expect(bg.calls.find((call) => call.method === 'publishSpace')?.params).toEqual({ tracker: 'linear', home: 'MOB', site: 'acme' });
    expect(state.publish.value).toEqual({ step: 'done', outcome: OUTCOME });
    expect(state.status.value).toEqual({
      tone: 'ok',
      message: 'Published to Linear acme, team MOB: 2 records and 3 check-ins created, 0 already there. The space is now the active set.',
    });
    expect(changed).toHaveBeenCalledTimes(1);
    expect(bg.calls.filter((call) => call.method === 'listSpaces').at(-1)?.params).toEqual({ fresh: true });
    expect(state.active.value?.ref.home).toBe('MOB');
    // No polling once the run is over.
    const polls = bg.calls.filter((call) => call.method === 'getPublishProgress').length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(bg.calls.filter((call) => call.method === 'getPublishProgress').length).toBe(polls);
  });

  it('a run cut off half-way goes back to the plan, says it resumes, and the next run finishes', async () => {
    let attempt = 0;
    const bg = fakeBackground({
      planSpacePublish: () => PLAN,
      publishSpace: () => {
        attempt += 1;
        if (attempt === 1) throw new Error('Linear could not be reached.');
        return { ...OUTCOME, created: { records: 1, checkIns: 3 }, existing: { records: 1, checkIns: 0 } };
      },
      getPublishProgress: () => null,
      listSpaces: () => ({ spaces: [], problems: [] }),
      getActiveSpace: () => ({ state: 'none' }),
    });
    const changed = vi.fn();
    const state = createSpaceState({ send: bg.send, onActiveChanged: changed });
    state.home.value = 'MOB';
    await state.plan();
    await state.confirmPublish();
    expect(state.publish.value).toEqual({ step: 'planned', plan: PLAN });
    expect(state.status.value).toEqual({
      tone: 'error',
      message: 'Linear could not be reached. Publishing again resumes where it stopped.',
    });
    expect(changed).not.toHaveBeenCalled();

    await state.confirmPublish();
    expect(state.publish.value.step).toBe('done');
    expect(state.status.value).toMatchObject({
      tone: 'ok',
      message: expect.stringContaining('1 records and 3 check-ins created, 1 already there'),
    });
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('a plan the background refuses leaves the form as it was, with the reason', async () => {
    const bg = fakeBackground({
      planSpacePublish: () => {
        throw new Error('You may not create issues in project OKR.');
      },
    });
    const state = createSpaceState({ send: bg.send });
    state.home.value = 'OKR';
    await state.plan();
    expect(state.publish.value).toEqual({ step: 'idle' });
    expect(state.status.value).toEqual({ tone: 'error', message: 'You may not create issues in project OKR.' });
  });

  it('with several connected sites, a chosen site is planned again and published to; another tracker forgets it', async () => {
    const plans: PublishPlanView[] = [
      {
        ...PLAN,
        target: { ...PLAN.target, tracker: 'jira' as const, home: 'OKR', site: 'https://acme.atlassian.net' },
        sites: ['https://acme.atlassian.net', 'https://globex.atlassian.net'],
      },
      {
        ...PLAN,
        target: { ...PLAN.target, tracker: 'jira' as const, home: 'OKR', site: 'https://globex.atlassian.net' },
        sites: ['https://acme.atlassian.net', 'https://globex.atlassian.net'],
      },
    ];
    const bg = fakeBackground({
      planSpacePublish: () => plans.shift(),
      publishSpace: () => OUTCOME,
      listSpaces: () => ({ spaces: [], problems: [] }),
      getActiveSpace: () => ({ state: 'ok', space: OUTCOME.space }),
    });
    const state = createSpaceState({ send: bg.send });
    state.chooseTracker('jira');
    state.home.value = 'OKR';
    await state.plan();
    await state.chooseSite('https://globex.atlassian.net');
    expect(bg.calls.filter((call) => call.method === 'planSpacePublish').map((call) => call.params)).toEqual([
      { tracker: 'jira', home: 'OKR' },
      { tracker: 'jira', home: 'OKR', site: 'https://globex.atlassian.net' },
    ]);
    await state.confirmPublish();
    expect(bg.calls.find((call) => call.method === 'publishSpace')?.params).toEqual({
      tracker: 'jira',
      home: 'OKR',
      site: 'https://globex.atlassian.net',
    });
    state.chooseTracker('linear');
    expect(state.tracker.value).toBe('linear');
    state.home.value = 'MOB';
    plans.push(PLAN);
    await state.plan();
    expect(bg.calls.filter((call) => call.method === 'planSpacePublish').at(-1)?.params).toEqual({ tracker: 'linear', home: 'MOB' });
  });

  it('confirming with no plan sends nothing, and cancelling drops the plan', async () => {
    const bg = fakeBackground({ planSpacePublish: () => PLAN });
    const state = createSpaceState({ send: bg.send });
    await state.confirmPublish();
    expect(bg.calls).toEqual([]);
    state.home.value = 'MOB';
    await state.plan();
    state.cancelPublish();
    expect(state.publish.value).toEqual({ step: 'idle' });
    expect(bg.methods()).toEqual(['planSpacePublish']);
  });
});
