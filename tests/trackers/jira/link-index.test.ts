/**
 * The Jira link index (lib/trackers/jira/link-index.ts): every issue linked to a KR of the set,
 * with exactly its links, whatever state the links mirrors are in; the cap past which a site gets
 * none; and reads given an index taking their links from it instead of checking them.
 */
import { describe, expect, it } from 'vitest';
import { defaultLinkUrl } from '../../../lib/okr/model';
import { INDEX_MAX_PAGES } from '../../../lib/trackers/jira/link-index';
import { JIRA_LINKS_PROPERTY } from '../../../lib/trackers/jira/map';
import { krGlobalId, type LinkIndex } from '../../../lib/trackers/tracker';
import type { RunningFakeJira } from '../../sandbox/jira/server';
import { ACME_KRS, ACME_SET_ID } from '../../sandbox/jira/seed';
import { dropMirror, linkByScript, setMirror, unlinkByHand } from '../../sandbox/jira/outside-links';
import { adapterFor, exampleSetKrs, requestsTo, searchedJql, useFakeJira } from './helpers';

const P95 = ACME_KRS.platP95.krId;
const ACTIVATION = ACME_KRS.growActivation.krId;
const ref = (krId: string) => ({ setId: ACME_SET_ID, krId });
const krs = exampleSetKrs();

const linkReads = (fake: RunningFakeJira) =>
  requestsTo(fake, 'GET', /\/remotelink$/)
    .map((r) => r.path.split('/')[5])
    .sort();
const checks = (fake: RunningFakeJira) => searchedJql(fake).filter((jql) => jql.startsWith('(id in ('));
const indexRefs = (index: LinkIndex | null) =>
  Object.fromEntries(
    (index?.issues ?? [])
      .map((issue) => [issue.ref.key, issue.krRefs.map((r) => r.krId).sort()])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
/** What the fake's remote links say, for every issue linked to a KR of the example set. */
const truth = (fake: RunningFakeJira) => {
  const universe = new Set(krs.map(krGlobalId));
  const linked: Record<string, string[]> = {};
  for (const issue of fake.state.issues.values()) {
    const ids = issue.remoteLinks.flatMap((link) => (link.globalId && universe.has(link.globalId) ? [link.globalId.split(':')[2]!] : []));
    if (ids.length > 0) linked[issue.key] = [...new Set(ids)].sort();
  }
  return Object.fromEntries(Object.entries(linked).sort(([a], [b]) => a.localeCompare(b)));
};

describe('Jira link index: exact whatever the mirrors say', () => {
  const fake = useFakeJira();

  it('with every mirror right: one search and one check, no remote link read', async () => {
    const index = await adapterFor(fake()).readLinkIndex(krs);
    expect(indexRefs(index)).toEqual(truth(fake()));
    expect(indexRefs(index)).toMatchObject({ 'PLAT-1': [P95], 'PLAT-9': [ACTIVATION], 'GROW-2': [ACTIVATION] });
    expect(searchedJql(fake())).toHaveLength(2);
    expect(linkReads(fake())).toEqual([]);
  });

  it('a link made by a script, a deleted link whose mirror stayed, a wrong mirror, a missing one, a second KR beside a mirrored one', async () => {
    const state = fake().state;
    linkByScript(state, 'PLAT-13', ACME_KRS.growActivation); // no mirror at all
    unlinkByHand(state, 'PLAT-9', ACTIVATION); // the mirror still names it
    setMirror(state, 'GROW-2', [P95]); // names the wrong KR
    dropMirror(state, 'GROW-6'); // none
    linkByScript(state, 'PLAT-1', ACME_KRS.growActivation); // the mirror names only p95
    const index = await adapterFor(fake()).readLinkIndex(krs);
    expect(indexRefs(index)).toEqual(truth(fake()));
    expect(indexRefs(index)).toMatchObject({ 'PLAT-13': [ACTIVATION], 'GROW-2': [ACTIVATION], 'PLAT-1': [ACTIVATION, P95].sort() });
    expect(indexRefs(index)['PLAT-9']).toBeUndefined();
    // Only the issues whose mirror is wrong or missing have their links read; PLAT-9 is no longer found at all.
    expect(linkReads(fake())).toEqual(['GROW-2', 'GROW-6', 'PLAT-1', 'PLAT-13']);
  });

  it('writes the right mirrors back only when asked (an issue page), so the next index reads no link', async () => {
    const state = fake().state;
    linkByScript(state, 'PLAT-13', ACME_KRS.growActivation);
    setMirror(state, 'GROW-2', [P95]);
    await adapterFor(fake()).readLinkIndex(krs);
    expect(state.issues.get('GROW-2')!.properties[JIRA_LINKS_PROPERTY]).toMatchObject({ globalIds: [krGlobalId(ref(P95))] });
    await adapterFor(fake()).readLinkIndex(krs, { repairMirrors: true });
    expect(state.issues.get('GROW-2')!.properties[JIRA_LINKS_PROPERTY]).toMatchObject({ globalIds: [krGlobalId(ref(ACTIVATION))] });
    const before = fake().requests.length;
    const again = await adapterFor(fake()).readLinkIndex(krs);
    expect(indexRefs(again)).toEqual(truth(fake()));
    expect(
      fake()
        .requests.slice(before)
        .filter((r) => r.path.endsWith('/remotelink')),
    ).toEqual([]);
  });

  it('a set with no KR has an empty index and costs nothing', async () => {
    expect(await adapterFor(fake()).readLinkIndex([])).toEqual({ universe: [], issues: [], ids: {} });
    expect(fake().requests).toEqual([]);
  });
});

describe('Jira reads given a link index', () => {
  const fake = useFakeJira();

  it('board markers: the cards are read, the linked epic comes from the index, and nothing is checked', async () => {
    const adapter = adapterFor(fake());
    const index = await adapter.readLinkIndex(krs);
    const before = fake().requests.length;
    const issues = await adapter.getIssuesWithAncestors(['PLAT-2', 'PLAT-11'], { krs, linkIndex: Promise.resolve(index) });
    const requests = fake().requests.slice(before);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /rest/api/3/issue/bulkfetch', 'POST /rest/api/3/issue/bulkfetch']);
    // PLAT-1 (linked) was not read again; PLAT-10 (not linked) was.
    expect((requests[1]!.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys).toEqual(['PLAT-10']);
    expect(Object.fromEntries(issues.map((i) => [i.ref.key, i.krRefs]))).toEqual({
      'PLAT-2': [],
      'PLAT-11': [],
      'PLAT-1': [ref(P95)],
      'PLAT-10': [],
    });
  });

  it('an issue page: the family takes its links from the index, and a linked parent is not read', async () => {
    const adapter = adapterFor(fake());
    const index = await adapter.readLinkIndex(krs);
    const before = fake().requests.length;
    const family = (await adapter.getIssueWithFamily('PLAT-9', { krs, descendants: false, linkIndex: Promise.resolve(index) }))!;
    expect(family.issue.krRefs).toEqual([ref(ACTIVATION)]);
    expect(family.ancestors.map((a) => [a.ref.key, a.krRefs])).toEqual([['PLAT-1', [ref(P95)]]]);
    expect(
      fake()
        .requests.slice(before)
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual(['GET /rest/api/3/issue/PLAT-9']);
  });

  it("a KR's linked work: the linked issues come from the index, only their descendants are searched", async () => {
    const adapter = adapterFor(fake());
    const index = await adapter.readLinkIndex(krs);
    const before = fake().requests.length;
    const kr = { ...ref(P95), url: defaultLinkUrl({ id: ACME_SET_ID }, P95) };
    const found = await adapter.findLinkedIssues([kr], undefined, { krs, linkIndex: Promise.resolve(index) });
    const jql = searchedJql(fake()).slice(searchedJql(fake()).length - (fake().requests.length - before));
    expect(jql.every((q) => q.startsWith('parent in ('))).toBe(true);
    const without = await adapterFor(fake()).findLinkedIssues([kr]);
    expect(found.issues.map((i) => i.ref.key).sort()).toEqual(without.issues.map((i) => i.ref.key).sort());
  });

  it('an index that failed, is missing or is of other KRs: the read checks its own links, as without one', async () => {
    const state = fake().state;
    linkByScript(state, 'PLAT-11', ACME_KRS.platP95); // no mirror: only a check finds it
    const adapter = adapterFor(fake());
    const otherKrs = await adapter.readLinkIndex(krs.slice(0, 2));
    const indexes = [() => Promise.resolve(null), () => Promise.reject(new Error('offline')), () => Promise.resolve(otherKrs)];
    for (const make of indexes) {
      const linkIndex = make();
      // Handled here too: the adapter meets it only after its first read.
      linkIndex.catch(() => undefined);
      const before = checks(fake()).length;
      const issues = await adapter.getIssuesWithAncestors(['PLAT-11'], { krs, linkIndex });
      expect(issues.find((i) => i.ref.key === 'PLAT-11')!.krRefs).toEqual([ref(P95)]);
      expect(checks(fake()).length).toBe(before + 1);
    }
  });
});

describe('Jira link index: a site with more linked issues than the cap gets none', () => {
  // One issue a search page: the cap is then reached with a handful of linked issues.
  const fake = useFakeJira({ options: { maxResultsWithFields: 1 } });

  it(`stops after ${INDEX_MAX_PAGES} pages and answers null; reads then check their own links`, async () => {
    const state = fake().state;
    for (const key of ['PLAT-11', 'PLAT-13', 'GROW-15']) linkByScript(state, key, ACME_KRS.platP95);
    expect(Object.keys(truth(fake())).length).toBeGreaterThan(INDEX_MAX_PAGES);
    const adapter = adapterFor(fake());
    expect(await adapter.readLinkIndex(krs)).toBeNull();
    expect(searchedJql(fake())).toHaveLength(INDEX_MAX_PAGES);
    const issues = await adapter.getIssuesWithAncestors(['PLAT-13'], { krs, linkIndex: Promise.resolve(null) });
    expect(issues.find((i) => i.ref.key === 'PLAT-13')!.krRefs).toEqual([ref(P95)]);
  });

  it('within the cap it pages through', async () => {
    const index = await adapterFor(fake()).readLinkIndex(krs);
    expect(Object.keys(truth(fake())).length).toBeLessThanOrEqual(INDEX_MAX_PAGES);
    expect(indexRefs(index)).toEqual(truth(fake()));
  });
});

describe('Jira reads side by side under a rate limit', () => {
  const fake = useFakeJira();

  it('a 429 answered to the issue read holds the index read: no request before Retry-After has elapsed', async () => {
    const adapter = adapterFor(fake());
    await adapter.readLinkIndex([]); // nothing: the field list is read by the first read below
    fake().faults.add({ path: '/rest/api/3/issue/PLAT-2', method: 'GET', fault: { kind: 'status', status: 429, retryAfter: 1 } });
    // The index search answers late: were it sent beside the issue, its check would go out while the limit holds.
    fake().faults.add({ path: '/rest/api/3/search/jql', method: 'POST', fault: { kind: 'delay', ms: 200 } });
    await adapter.getIssueWithFamily('PLAT-1', { krs }); // the field list, before the clock starts
    const mark = fake().requests.length;
    // As the service passes it: started by the adapter once the issue is answered.
    const family = await adapter.getIssueWithFamily('PLAT-2', { krs, descendants: false, linkIndex: () => adapter.readLinkIndex(krs) });
    expect(family!.ancestors.map((a) => [a.ref.key, a.krRefs])).toEqual([['PLAT-1', [ref(P95)]]]);
    const requests = fake().requests.slice(mark);
    const limited = requests.find((r) => r.status === 429)!;
    const after = requests.filter((r) => r !== limited && r.time > limited.time);
    expect(after.length).toBeGreaterThan(0);
    for (const request of after) expect(request.time - limited.time).toBeGreaterThanOrEqual(1_000);
  });
});
