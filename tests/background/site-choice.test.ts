/**
 * The Jira site picker: a browser signed in to two Jira sites, one holding two spaces and the other
 * one. Options lists all three; the user picks one per site and each site's pages show the space
 * chosen for it, whichever is the active set; a set the user made active locally is not overridden.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpaces } from '../../entrypoints/background/spaces/service';
import type { OkrSet } from '../../lib/okr/model';
import type { Settings } from '../../lib/settings';
import { createSpaceCache } from '../../lib/store/space-cache';
import { createJiraAdapter, type JiraAdapter } from '../../lib/trackers/jira/client';
import { ACME_USERS } from '../sandbox/jira/seed';
import { seedJiraSpace } from '../sandbox/jira/space-seed';
import { startFakeJira, type RunningFakeJira } from '../sandbox/jira/server';
import { fetchWithSessionCookie } from '../trackers/jira/helpers';
import { EXAMPLE } from '../space/helpers';
import { memoryArea } from './memory-area';

let siteA: RunningFakeJira;
let siteB: RunningFakeJira;
const renamed = (id: string, name: string): OkrSet => ({ ...EXAMPLE, id, name });

beforeAll(async () => {
  [siteA, siteB] = await Promise.all([startFakeJira(), startFakeJira()]);
  seedJiraSpace(siteA.state, EXAMPLE, 'OKR', ACME_USERS.dana);
  seedJiraSpace(siteA.state, renamed('acme-eu', 'Acme EU OKRs'), 'EU', ACME_USERS.dana);
  seedJiraSpace(siteB.state, renamed('globex', 'Globex OKRs'), 'GLX', ACME_USERS.dana);
});

afterAll(async () => {
  await Promise.all([siteA?.close(), siteB?.close()]);
});

function background(local: () => Promise<{ set: OkrSet; cycleId: string | null } | null> = async () => null) {
  const adapters = new Map<string, JiraAdapter>(
    [siteA, siteB].map((fake) => [
      fake.url,
      createJiraAdapter({
        site: fake.url,
        auth: { type: 'session' },
        fetch: fetchWithSessionCookie(ACME_USERS.priya.sessionToken),
        retry: { baseDelayMs: 5, random: () => 0.5 },
      }),
    ]),
  );
  const settings: Settings = { jira: [siteA, siteB].map((fake) => ({ site: fake.url, auth: { type: 'session' as const } })) };
  const cache = createSpaceCache(memoryArea());
  const spaces = createSpaces({
    adapterFor: async (_tracker, site) => {
      const adapter = adapters.get(site);
      if (!adapter) throw new Error(`no adapter for ${site}`);
      return adapter;
    },
    cache,
    readSettings: async () => settings,
    local,
    now: Date.now,
  });
  return { ...spaces, cache };
}

/** A page of a site with no issue open (a board), so its links cannot settle which space it is. */
const pageOf = (fake: RunningFakeJira) => ({ tracker: 'jira' as const, site: fake.url });
const ref = (fake: RunningFakeJira, home: string, setId: string) => ({ tracker: 'jira' as const, site: fake.url, home, setId });
const shownOn = async (bg: ReturnType<typeof background>, fake?: RunningFakeJira) =>
  (await bg.source.getActiveSelection(fake ? pageOf(fake) : undefined))?.set.name ?? null;

describe('picking a space per Jira site', () => {
  it('lists the spaces of every signed-in site, and a site with several shows none until one is picked', async () => {
    const bg = background();
    const list = await bg.methods.listSpaces({ fresh: true });
    expect(list.problems).toEqual([]);
    expect(list.spaces.map((space) => [space.site, space.home, space.name, space.chosenForSite])).toEqual([
      [siteA.url, 'OKR', 'Acme Corp OKRs', false],
      [siteA.url, 'EU', 'Acme EU OKRs', false],
      [siteB.url, 'GLX', 'Globex OKRs', false],
    ]);
    expect(await shownOn(bg, siteA)).toBeNull();
  });

  it('remembers the choice per site: each site’s pages show its own space, the dashboard the active one', async () => {
    const bg = background();
    await bg.methods.useSpace(ref(siteA, 'EU', 'acme-eu'));
    expect(await shownOn(bg, siteA)).toBe('Acme EU OKRs');

    // Site B, not chosen yet, holds one space: its pages show it, and it is remembered for B.
    expect(await shownOn(bg, siteB)).toBe('Globex OKRs');
    expect(await bg.cache.getChoice('jira', siteB.url)).toMatchObject({ home: 'GLX', setId: 'globex' });
    expect(await shownOn(bg)).toBe('Acme EU OKRs');

    await bg.methods.useSpace(ref(siteB, 'GLX', 'globex'));
    expect(await shownOn(bg)).toBe('Globex OKRs');
    expect(await shownOn(bg, siteA)).toBe('Acme EU OKRs');
    expect(await shownOn(bg, siteB)).toBe('Globex OKRs');

    // Picking again on site A changes site A only.
    await bg.methods.useSpace(ref(siteA, 'OKR', 'acme'));
    expect(await shownOn(bg, siteA)).toBe('Acme Corp OKRs');
    expect(await shownOn(bg, siteB)).toBe('Globex OKRs');

    const list = await bg.methods.listSpaces({ fresh: false });
    expect(list.spaces.map((space) => [space.home, space.active, space.chosenForSite])).toEqual([
      ['OKR', true, true],
      ['EU', false, false],
      ['GLX', false, true],
    ]);
  });

  it('a page that is read from the site’s choice warm asks the tracker nothing', async () => {
    const bg = background();
    await bg.methods.useSpace(ref(siteA, 'EU', 'acme-eu'));
    await bg.methods.useSpace(ref(siteB, 'GLX', 'globex'));
    await shownOn(bg, siteA);
    const before = siteA.requests.length + siteB.requests.length;
    expect(await shownOn(bg, siteA)).toBe('Acme EU OKRs');
    expect(await shownOn(bg, siteB)).toBe('Globex OKRs');
    expect(siteA.requests.length + siteB.requests.length).toBe(before);
  });

  it('a local set the user went back to is shown on every site, whatever was chosen there', async () => {
    const local = renamed('mine', 'My own OKRs');
    const bg = background(async () => ({ set: local, cycleId: null }));
    await bg.methods.useSpace(ref(siteA, 'EU', 'acme-eu'));
    await bg.methods.useSpace(ref(siteB, 'GLX', 'globex'));
    await bg.methods.leaveSpace({});
    expect(await shownOn(bg, siteA)).toBe('My own OKRs');
    expect(await shownOn(bg, siteB)).toBe('My own OKRs');
  });

  it('publishes to the site chosen among the connected ones, and refuses a site that is not connected', async () => {
    const local = renamed('launch', 'Launch OKRs');
    const bg = background(async () => ({ set: local, cycleId: null }));
    const first = await bg.methods.planSpacePublish({ tracker: 'jira', home: 'PLAT' });
    expect(first.target.site).toBe(siteA.url);
    expect(first.sites).toEqual([siteA.url, siteB.url]);
    const planned = await bg.methods.planSpacePublish({ tracker: 'jira', home: 'PLAT', site: siteB.url });
    expect(planned.target.site).toBe(siteB.url);
    const before = siteA.state.issues.size;
    const outcome = await bg.methods.publishSpace({ tracker: 'jira', home: 'PLAT', site: siteB.url });
    expect(outcome.space?.ref.site).toBe(siteB.url);
    expect(siteA.state.issues.size).toBe(before);
    const published = [...siteB.state.issues.values()].filter((issue) => issue.summary === 'Launch OKRs');
    expect(published).toHaveLength(1);
    await expect(bg.methods.planSpacePublish({ tracker: 'jira', home: 'PLAT', site: 'https://elsewhere.atlassian.net' })).rejects.toThrow(
      'https://elsewhere.atlassian.net is not among the connected sites: add it under Connections first.',
    );
  });

  it('no contract violation on either site', () => {
    expect([...siteA.violations, ...siteB.violations]).toEqual([]);
  });
});
