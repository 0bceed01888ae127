/**
 * Team spaces over HTTP against the contract-checked fakes, through the background's space module
 * (entrypoints/background/spaces with its copy in lib/store/space-cache.ts, in memory here):
 * - reading a 200-record / 2,000-check-in space (tests/space/large-set.ts), Jira and Linear;
 * - a warm page with the space active, within the copy's freshness window;
 * - a refresh after another person changed one record, then after they appended one check-in.
 * Each count stands beside the fewest requests any client could send (space-bound.ts).
 */
import { createSpaces } from '../../entrypoints/background/spaces/service';
import type { TrackerId } from '../../lib/okr/model';
import type { Settings } from '../../lib/settings';
import { draftsFromSet, type RecordDraft } from '../../lib/space/record';
import { createSpaceCache, type SpaceRef } from '../../lib/store/space-cache';
import { createJiraAdapter } from '../../lib/trackers/jira/client';
import { createLinearAdapter } from '../../lib/trackers/linear/client';
import { TRACKERS } from '../../lib/trackers/registry';
import type { TrackerAdapter } from '../../lib/trackers/tracker';
import { memoryArea } from '../../tests/background/memory-area';
import { startFakeJira, type RunningFakeJira } from '../../tests/sandbox/jira/server';
import { ACME_USERS } from '../../tests/sandbox/jira/seed';
import { seedJiraSpace } from '../../tests/sandbox/jira/space-seed';
import { DANA, DANA_API_KEY, LINEAR_WORKSPACE, PRIYA_API_KEY, startFakeLinear, type RunningFakeLinear } from '../../tests/sandbox/linear';
import { seedLinearSpace } from '../../tests/sandbox/linear/space-seed';
import { LARGE_SET_CHECK_INS, LARGE_SET_RECORDS, largeSet } from '../../tests/space/large-set';
import { spaceReadBound, spaceRefreshBound, spaceRow, type SpaceFigure } from './space-bound';
import type { BenchRow } from './stats';

const BIG = largeSet();
const HOUR_AGO = () => new Date(Date.now() - 3_600_000);
/** Past the copy's freshness window (SPACE_FRESH_FOR_MS), so the next read refreshes. */
const LATER_MS = 2 * 60_000;

/** One tracker's fake, seen the same way whatever the tracker. */
interface Side {
  tracker: TrackerId;
  ref: SpaceRef;
  adapter(person: 'dana' | 'priya'): TrackerAdapter;
  /** The requests the fake has answered, as "METHOD path" or the GraphQL operation. */
  requests(): string[];
  violations(): string[];
}

function jiraSide(fake: RunningFakeJira): Side {
  seedJiraSpace(fake.state, BIG, 'BIG', ACME_USERS.dana, HOUR_AGO());
  // Published an hour ago, as the scale suite does, so a refresh finds only what changes after.
  for (const issue of fake.state.issues.values()) issue.updated = HOUR_AGO().toISOString().replace('Z', '+0000');
  return {
    tracker: 'jira',
    ref: { tracker: 'jira', site: fake.url, home: 'BIG', setId: BIG.id, name: BIG.name },
    adapter: (person) =>
      createJiraAdapter({
        site: fake.url,
        auth: { type: 'session' },
        fetch: (input, init) => {
          const request = new Request(input, init);
          request.headers.set('cookie', `cloud.session.token=${ACME_USERS[person].sessionToken}`);
          return fetch(request);
        },
      }),
    requests: () => fake.requests.map((r) => `${r.method} ${r.path.replace('/rest/api/3', '')}`),
    violations: () => [...fake.violations],
  };
}

function linearSide(fake: RunningFakeLinear): Side {
  seedLinearSpace(fake.state.workspace, BIG, 'MOB', DANA, HOUR_AGO());
  return {
    tracker: 'linear',
    ref: { tracker: 'linear', site: LINEAR_WORKSPACE, home: 'MOB', setId: BIG.id, name: BIG.name },
    adapter: (person) =>
      createLinearAdapter({ workspace: LINEAR_WORKSPACE, apiKey: person === 'dana' ? DANA_API_KEY : PRIYA_API_KEY, apiUrl: fake.url }),
    requests: () => fake.operations().map((operation) => `query ${operation ?? '(unnamed)'}`),
    violations: () => fake.violations.map((v) => `${v.kind}: ${v.message}`),
  };
}

/** Dana's background with the space active, on a clock the bench moves. */
function background(side: Side, clock: { now: number }) {
  const adapter = side.adapter('dana');
  return createSpaces({
    adapterFor: async () => adapter,
    cache: createSpaceCache(memoryArea()),
    // Only listing spaces reads the settings, and the bench does not list.
    readSettings: async (): Promise<Settings> => ({ jira: [] }),
    local: async () => null,
    now: () => clock.now,
  });
}

async function counted(side: Side, action: () => Promise<unknown>): Promise<string[]> {
  const before = side.requests().length;
  await action();
  return side.requests().slice(before);
}

const figure = (name: string, requests: string[], lowerBound: number): SpaceFigure => ({
  name,
  measured: requests.length,
  lowerBound,
  requests,
});

function changedKr(): RecordDraft {
  const draft = draftsFromSet(BIG).find((d) => d.kind === 'kr')!;
  if (draft.kind !== 'kr') throw new Error('The large set has no KR.');
  return { ...draft, data: { ...draft.data, title: `${draft.data.title} (renamed)` } };
}

/** The cold read, warm pages, and the refreshes after one remote change each, for one tracker. */
async function spaceFigures(side: Side): Promise<SpaceFigure[]> {
  const clock = { now: Date.now() };
  const dana = background(side, clock);
  const { tracker, ref } = side;
  const size = `${LARGE_SET_RECORDS} records, ${LARGE_SET_CHECK_INS.toLocaleString('en')} check-ins`;

  const cold = await counted(side, async () => {
    const used = await dana.methods.useSpace({ tracker, site: ref.site, home: ref.home, setId: ref.setId });
    if (used.state !== 'ok' || used.space.set.checkIns.length !== LARGE_SET_CHECK_INS)
      throw new Error(`${tracker}: the space did not read whole`);
  });

  const warm = await counted(side, async () => {
    for (let page = 0; page < 10; page++) {
      const active = await dana.source.getActiveSelection({ tracker, site: ref.site });
      if (active?.source?.name !== BIG.name) throw new Error(`${tracker}: a warm page did not get the space`);
    }
    await dana.methods.getActiveSpace({ fresh: false });
  });

  const priya = TRACKERS[tracker].createSpaceStore(side.adapter('priya'));
  const home = { home: ref.home, setId: ref.setId };
  const renamed = changedKr();
  const update = await priya.updateRecord(home, renamed, 1);
  if (!update.ok) throw new Error(`${tracker}: the remote edit met a conflict`);
  clock.now += LATER_MS;
  const afterEdit = await counted(side, async () => {
    const active = await dana.source.getActiveSelection({ tracker, site: ref.site });
    const kr = active?.set.keyResults.find((k) => k.id === renamed.id);
    if (kr?.title !== (renamed.data as { title: string }).title) throw new Error(`${tracker}: the refresh missed the edit`);
  });

  const checkIn = { id: 'ci-bench-1', krId: renamed.id, at: new Date().toISOString(), value: 250, confidence: 7 };
  await priya.appendCheckIn(home, checkIn);
  clock.now += LATER_MS;
  const afterCheckIn = await counted(side, async () => {
    const active = await dana.source.getActiveSelection({ tracker, site: ref.site });
    if (!active?.set.checkIns.some((c) => c.id === checkIn.id)) throw new Error(`${tracker}: the refresh missed the check-in`);
  });

  const violations = side.violations();
  if (violations.length > 0) throw new Error(`spaces, ${tracker}: contract violations:\n${violations.slice(0, 5).join('\n')}`);
  return [
    figure(
      `read a space of ${size}, ${tracker} (cold, through the background)`,
      cold,
      spaceReadBound(tracker, LARGE_SET_RECORDS, LARGE_SET_CHECK_INS),
    ),
    figure(`10 warm pages and a dashboard read with the ${tracker} space active, within the freshness window`, warm, 0),
    figure(`refresh of the ${tracker} space after another person edited one record`, afterEdit, spaceRefreshBound(tracker, 1, 0)),
    figure(`refresh of the ${tracker} space after another person appended one check-in`, afterCheckIn, spaceRefreshBound(tracker, 0, 1)),
  ];
}

export async function benchSpaces(): Promise<BenchRow[]> {
  const [jira, linear] = await Promise.all([startFakeJira(), startFakeLinear({ seed: { empty: true } })]);
  try {
    const figures = [...(await spaceFigures(jiraSide(jira))), ...(await spaceFigures(linearSide(linear)))];
    return figures.map(spaceRow);
  } finally {
    await Promise.all([jira.close(), linear.close()]);
  }
}
