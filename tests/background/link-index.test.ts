/**
 * The set's link index in the background (entrypoints/background/service/link-index.ts): read
 * once per freshness window and shared by issue pages and board markers; forgotten by our own
 * link and unlink; read again for `fresh: true` and after the window; a failed read leaves each
 * read to check its own links.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createOkrService } from '../../entrypoints/background/okr-service';
import { FRESH_FOR_MS } from '../../entrypoints/background/service/shared';
import { createCache } from '../../lib/cache';
import type { OkrServiceImpl } from '../../lib/messaging-host';
import type { OkrSet } from '../../lib/okr/model';
import { readSettings, writeSettings } from '../../lib/settings';
import { confirmImport, getActiveSelection, parseOkrFile } from '../../lib/store';
import { createJiraAdapter, type JiraAdapter } from '../../lib/trackers/jira/client';
import type { OverlayResult } from '../../lib/view/types';
import { linkByScript, unlinkByHand } from '../sandbox/jira/outside-links';
import { startFakeJira, type RunningFakeJira } from '../sandbox/jira/server';
import { ACME_KRS, ACME_USERS } from '../sandbox/jira/seed';

const EXAMPLE = readFileSync(new URL('../../public/examples/acme.okr.json', import.meta.url), 'utf8');
const TODAY = '2026-11-21';
const START = Date.parse('2026-11-21T12:00:00Z');
const P95 = ACME_KRS.platP95.krId;
const ACTIVATION = ACME_KRS.growActivation.krId;

let jira: RunningFakeJira;
let set: OkrSet;
let now = START;

beforeAll(async () => {
  jira = await startFakeJira();
});
afterAll(async () => {
  await jira.close();
});
beforeEach(async () => {
  fakeBrowser.reset();
  jira.reset();
  now = START;
  const parsed = parseOkrFile(EXAMPLE, 'acme.okr.json');
  if (!parsed.ok) throw new Error('the example set must parse');
  expect((await confirmImport(parsed.set, { today: TODAY })).ok).toBe(true);
  set = (await getActiveSelection({ today: TODAY }))!.set;
});
afterEach(() => {
  expect(jira.violations).toEqual([]);
});

function makeAdapter(): JiraAdapter {
  return createJiraAdapter({
    site: jira.url,
    auth: { type: 'session' },
    fetch: (input, init) => {
      const request = new Request(input, init);
      request.headers.set('cookie', `cloud.session.token=${ACME_USERS.dana.sessionToken}`);
      return fetch(request);
    },
    retry: { baseDelayMs: 5, maxAttempts: 2 },
  });
}

function makeService(adapter: JiraAdapter = makeAdapter()): OkrServiceImpl {
  const area = fakeBrowser.storage.local;
  return createOkrService({
    sets: { getActiveSelection: () => getActiveSelection({ today: TODAY }) },
    adapterFor: async () => adapter,
    cache: createCache(area),
    now: () => now,
    settings: { read: () => readSettings(area), write: (s) => writeSettings(area, s) },
  });
}

/** Searches for the set's linked issues that name every KR of the set: the index's own search. */
const indexSearches = () =>
  jira.requests.filter((r) => {
    const jql = String((r.body as { jql?: unknown } | undefined)?.jql ?? '');
    return jql.startsWith('issue in issuesWithRemoteLinksByGlobalId(') && set.keyResults.every((kr) => jql.includes(kr.id));
  }).length;
/** Checks of a read's own issues' mirrors (`id in (…)`), which a read with an index does not need. */
const checks = () =>
  jira.requests.filter((r) => String((r.body as { jql?: unknown } | undefined)?.jql ?? '').startsWith('(id in (')).length;

const site = () => jira.url;
const page = (service: OkrServiceImpl, key: string, fresh = false) =>
  service.getIssueOverlay({ tracker: 'jira', site: site(), key, fresh });
const krIds = (result: OverlayResult) => {
  expect(result.state).toBe('ok');
  return (result as Extract<OverlayResult, { state: 'ok' }>).view.krs.map((kr) => kr.krId).sort();
};
const markers = (service: OkrServiceImpl, keys: string[], fresh = false) =>
  service.getBoardMarkers({ tracker: 'jira', site: site(), keys, fresh });
const markerTitles = async (service: OkrServiceImpl, key: string, fresh = false) =>
  (await markers(service, [key], fresh)).find((m) => m.key === key)?.krTitles ?? [];
const title = (krId: string) => set.keyResults.find((kr) => kr.id === krId)!.title;

describe('the link index in the background', () => {
  it('one index a window, shared by an issue page and the board batches after it: no batch checks its links', async () => {
    const service = makeService();
    expect(krIds(await page(service, 'PLAT-2'))).toEqual([P95]);
    expect(indexSearches()).toBe(1);
    await markers(service, ['PLAT-11', 'PLAT-13']);
    await markers(service, ['GROW-3', 'GROW-15']);
    expect(indexSearches()).toBe(1);
    expect(checks()).toBe(1); // the index's own check of its candidates
    // After the window the next reader reads it again.
    now += FRESH_FOR_MS + 1;
    await markers(service, ['GROW-16']);
    expect(indexSearches()).toBe(2);
  });

  it('a link made by a script within the window is seen once the window has passed', async () => {
    const service = makeService();
    expect(await markerTitles(service, 'PLAT-13')).toEqual([]);
    linkByScript(jira.state, 'PLAT-13', ACME_KRS.platP95);
    now += FRESH_FOR_MS + 1;
    expect(await markerTitles(service, 'PLAT-13')).toEqual([title(P95)]);
  });

  it('a link deleted in Jira does not stay alive past the window', async () => {
    const service = makeService();
    expect(krIds(await page(service, 'PLAT-9'))).toEqual([ACTIVATION, P95].sort());
    expect((await markerTitles(service, 'PLAT-9')).sort()).toEqual([title(ACTIVATION), title(P95)].sort());
    unlinkByHand(jira.state, 'PLAT-9', ACTIVATION);
    now += FRESH_FOR_MS + 1;
    expect((await markerTitles(service, 'PLAT-9')).sort()).toEqual([title(P95)]);
    // The page shows its last answer marked stale, then the fresh one it asks for.
    const kept = await page(service, 'PLAT-9');
    expect(kept.state === 'ok' && kept.view.stale).toBe(true);
    expect(krIds(await page(service, 'PLAT-9', true))).toEqual([P95]);
  });

  it('fresh: true reads the index again', async () => {
    const service = makeService();
    await page(service, 'PLAT-2');
    linkByScript(jira.state, 'PLAT-2', ACME_KRS.growActivation);
    expect(krIds(await page(service, 'PLAT-2', true))).toEqual([ACTIVATION, P95].sort());
    expect(indexSearches()).toBe(2);
    expect(await markerTitles(service, 'PLAT-11', true)).toEqual([]);
    expect(indexSearches()).toBe(3);
  });

  it('our own link and unlink forget the index; the page read after them keeps the new one for the other readers', async () => {
    const service = makeService();
    // A cache of its own each time: what is in storage, not what an earlier look remembered.
    const indexed = async () => {
      const entry = await createCache(fakeBrowser.storage.local).get<{
        index: { issues: Array<{ ref: { key: string }; krRefs: Array<{ krId: string }> }> } | null;
      }>(`link-index:jira:${site()}:${set.id}`);
      return Object.fromEntries((entry?.value.index?.issues ?? []).map((i) => [i.ref.key, i.krRefs.map((r) => r.krId)]));
    };
    expect(await markerTitles(service, 'PLAT-13')).toEqual([]);
    expect((await indexed())['PLAT-13']).toBeUndefined();
    expect(krIds(await service.linkIssue({ tracker: 'jira', site: site(), key: 'PLAT-13', setId: set.id, krId: P95 }))).toEqual([P95]);
    expect((await indexed())['PLAT-13']).toEqual([P95]);
    expect(indexSearches()).toBe(2);
    await service.unlinkIssue({ tracker: 'jira', site: site(), key: 'PLAT-13', setId: set.id, krId: P95 });
    expect((await indexed())['PLAT-13']).toBeUndefined();
    expect(indexSearches()).toBe(3);
    // The next board batch within the window takes that index: no read of its own.
    await markers(service, ['PLAT-15']);
    expect(indexSearches()).toBe(3);
  });

  it('an index read under way while a link changes is not kept', async () => {
    const adapter = makeAdapter();
    const read = adapter.readLinkIndex.bind(adapter);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    adapter.readLinkIndex = async (krs, options) => {
      const index = await read(krs, options);
      await held;
      return index;
    };
    const service = makeService(adapter);
    const board = markers(service, ['PLAT-11']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    adapter.readLinkIndex = read;
    await service.linkIssue({ tracker: 'jira', site: site(), key: 'PLAT-13', setId: set.id, krId: P95 });
    release();
    await board;
    // The index the link's page read (with PLAT-13) is the one kept, not the older one read before it.
    expect(await markerTitles(service, 'PLAT-13')).toEqual([title(P95)]);
  });

  it('a failed index read does not break a page: its reads check their own links', async () => {
    const adapter = makeAdapter();
    let failures = 0;
    adapter.readLinkIndex = async () => {
      failures++;
      throw new Error('the index search failed');
    };
    const service = makeService(adapter);
    linkByScript(jira.state, 'PLAT-13', ACME_KRS.platP95);
    expect(krIds(await page(service, 'PLAT-13'))).toEqual([P95]);
    expect(await markerTitles(service, 'PLAT-11')).toEqual([]);
    expect(failures).toBe(2);
    expect(checks()).toBe(2);
  });

  it('a site with no index for the set (over the cap) is not asked again for ten minutes', async () => {
    const adapter = makeAdapter();
    let asked = 0;
    adapter.readLinkIndex = async () => {
      asked++;
      return null;
    };
    const service = makeService(adapter);
    await markers(service, ['PLAT-11']);
    now += FRESH_FOR_MS + 1;
    await markers(service, ['PLAT-13']);
    expect(asked).toBe(1);
    expect(checks()).toBe(2);
    now += 10 * 60_000;
    await markers(service, ['GROW-15']);
    expect(asked).toBe(2);
  });
});
