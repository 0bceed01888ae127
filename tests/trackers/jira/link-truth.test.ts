/**
 * SPEC "The links are the truth" on Jira: a remote link in the published format means the issue
 * serves the KR whoever made it, with or without a `kr-lens-links` mirror, and a mirror never
 * keeps a deleted link alive. Every adapter read is tried against the fake with links made by
 * other tools, stale and disagreeing mirrors, and a user who may link but not edit issues.
 */
import { describe, expect, it } from 'vitest';
import { defaultLinkUrl } from '../../../lib/okr/model';
import { JIRA_LINKS_PROPERTY } from '../../../lib/trackers/jira/map';
import { krGlobalId, type KrLinkTarget } from '../../../lib/trackers/tracker';
import type { RunningFakeJira } from '../../sandbox/jira/server';
import { ACME_KRS, ACME_SET_ID, ACME_USERS } from '../../sandbox/jira/seed';
import { dropEveryMirror, dropMirror, linkByScript, setMirror, unlinkByHand } from '../../sandbox/jira/outside-links';
import { adapterFor, exampleSetKrs, requestsTo, searchedJql, useFakeJira } from './helpers';

const P95 = ACME_KRS.platP95.krId;
const ACTIVATION = ACME_KRS.growActivation.krId;
const ref = (krId: string) => ({ setId: ACME_SET_ID, krId });
const kr = (krId: string) => ({ ...ref(krId), url: defaultLinkUrl({ id: ACME_SET_ID }, krId) });
const target = (krId: string): KrLinkTarget => ({ ...kr(krId), title: krId, objectiveTitle: 'An objective' });

const krs = exampleSetKrs();
const linkReads = (fake: RunningFakeJira) =>
  requestsTo(fake, 'GET', /\/remotelink$/)
    .map((r) => r.path.split('/')[5])
    .sort();
const mirrorOf = (fake: RunningFakeJira, key: string) =>
  (fake.state.issues.get(key)!.properties[JIRA_LINKS_PROPERTY] as { globalIds?: string[] } | undefined)?.globalIds;
const checks = (fake: RunningFakeJira) =>
  searchedJql(fake).filter((jql) => jql.includes(' AND ') && jql.includes('issuesWithRemoteLinksByGlobalId'));
const refsByKey = (issues: Array<{ ref: { key: string }; krRefs: unknown[] }>) =>
  Object.fromEntries(issues.map((i) => [i.ref.key, i.krRefs]));

describe('Jira: an issue page reads the links of the issue and its ancestors', () => {
  const fake = useFakeJira();

  it("a story under an epic linked by a script, with no mirror anywhere: served through the epic; one check, the epic's links read, its mirror written", async () => {
    dropEveryMirror(fake().state);
    const family = (await adapterFor(fake()).getIssueWithFamily('PLAT-2', { krs }))!;
    expect(family.ancestors.map((a) => [a.ref.key, a.krRefs])).toEqual([['PLAT-1', [ref(P95)]]]);
    expect(family.issue.krRefs).toEqual([]);
    expect(checks(fake())).toHaveLength(1);
    expect(linkReads(fake())).toEqual(['PLAT-1']);
    expect(mirrorOf(fake(), 'PLAT-1')).toEqual([krGlobalId(ref(P95))]);
    // With the mirror repaired, the next read reads no link.
    const before = fake().requests.length;
    await adapterFor(fake()).getIssueWithFamily('PLAT-2', { krs });
    expect(
      fake()
        .requests.slice(before)
        .filter((r) => r.path.endsWith('/remotelink')),
    ).toEqual([]);
  });

  it('a sub-task whose grandparent is linked by a script: served through the grandparent', async () => {
    dropMirror(fake().state, 'PLAT-1');
    const family = (await adapterFor(fake()).getIssueWithFamily('PLAT-3', { krs }))!;
    expect(family.ancestors.map((a) => [a.ref.key, a.krRefs])).toEqual([
      ['PLAT-2', []],
      ['PLAT-1', [ref(P95)]],
    ]);
    expect(linkReads(fake())).toEqual(['PLAT-1']);
  });

  it('a link deleted by hand is gone, though the mirror still names it; the mirror is emptied', async () => {
    unlinkByHand(fake().state, 'PLAT-1', P95);
    const family = (await adapterFor(fake()).getIssueWithFamily('PLAT-2', { krs }))!;
    expect(family.ancestors[0]!.krRefs).toEqual([]);
    expect(mirrorOf(fake(), 'PLAT-1')).toEqual([]);
  });

  it('a mirror that names another KR than the links: the links win', async () => {
    setMirror(fake().state, 'PLAT-1', [ACTIVATION]);
    const family = (await adapterFor(fake()).getIssueWithFamily('PLAT-2', { krs }))!;
    expect(family.ancestors[0]!.krRefs).toEqual([ref(P95)]);
    expect(mirrorOf(fake(), 'PLAT-1')).toEqual([krGlobalId(ref(P95))]);
  });

  it('a mirror that misses one of two links: both are seen', async () => {
    linkByScript(fake().state, 'PLAT-1', ACME_KRS.growActivation);
    const family = (await adapterFor(fake()).getIssueWithFamily('PLAT-4', { krs }))!;
    expect(family.ancestors[1]!.krRefs).toEqual([ref(P95), ref(ACTIVATION)]);
  });

  it('mirrors that agree with the links cost the one check and no link read', async () => {
    const family = (await adapterFor(fake()).getIssueWithFamily('PLAT-9', { krs }))!;
    expect(family.issue.krRefs).toEqual([ref(ACTIVATION)]);
    expect(family.ancestors[0]!.krRefs).toEqual([ref(P95)]);
    expect(checks(fake())).toHaveLength(1);
    expect(linkReads(fake())).toEqual([]);
    expect(requestsTo(fake(), 'PUT', /\/properties\//)).toEqual([]);
  });

  it('a link to a KR outside the set read does not come from a guess', async () => {
    setMirror(fake().state, 'PLAT-10', ['kr-not-in-the-set']);
    const family = (await adapterFor(fake()).getIssueWithFamily('PLAT-11', { krs }))!;
    expect(family.ancestors[0]!.krRefs).toEqual([]);
    expect(linkReads(fake())).toEqual([]);
  });
});

describe('Jira: board markers, scopes and linked work read the links too', () => {
  const fake = useFakeJira();

  it('cards and their epics: one check for all of them, whatever the mirrors say', async () => {
    dropEveryMirror(fake().state);
    linkByScript(fake().state, 'GROW-16', ACME_KRS.platP95);
    setMirror(fake().state, 'PLAT-10', [P95]);
    const issues = await adapterFor(fake()).getIssuesWithAncestors(['PLAT-2', 'PLAT-3', 'PLAT-11', 'GROW-17'], { krs });
    const refs = refsByKey(issues);
    expect(refs).toMatchObject({ 'PLAT-1': [ref(P95)], 'GROW-16': [ref(P95)], 'PLAT-10': [], 'PLAT-2': [], 'GROW-17': [] });
    expect(checks(fake())).toHaveLength(1);
    expect(linkReads(fake())).toEqual(['GROW-16', 'PLAT-1', 'PLAT-10']);
    // Markers only read: no mirror is written behind a board.
    expect(requestsTo(fake(), 'PUT', /\/properties\//)).toEqual([]);
  });

  it('does not read again the epics it is given', async () => {
    const adapter = adapterFor(fake());
    const first = await adapter.getIssuesWithAncestors(['PLAT-2'], { krs });
    const epic = first.find((i) => i.ref.key === 'PLAT-1')!;
    const before = requestsTo(fake(), 'POST', '/rest/api/3/issue/bulkfetch').length;
    const second = await adapter.getIssuesWithAncestors(['PLAT-5'], { krs, known: new Map([['PLAT-1', epic]]) });
    expect(requestsTo(fake(), 'POST', '/rest/api/3/issue/bulkfetch').length - before).toBe(1);
    expect(second.find((i) => i.ref.key === 'PLAT-1')).toBe(epic);
  });

  it("a scope: its issues checked through the scope's own JQL, its epics by id, in one search", async () => {
    dropEveryMirror(fake().state);
    unlinkByHand(fake().state, 'PLAT-9', ACTIVATION);
    setMirror(fake().state, 'PLAT-9', [ACTIVATION]);
    const { issues, ancestors } = await adapterFor(fake()).listScopeParts({ type: 'jira-boards', boardIds: [1] }, { krs });
    expect(refsByKey(ancestors)).toMatchObject({ 'PLAT-1': [ref(P95)] });
    expect(refsByKey(issues)).toMatchObject({ 'PLAT-9': [], 'PLAT-2': [] });
    expect(issues.every((issue) => issue.krRefs.length === 0)).toBe(true);
    const [check] = checks(fake());
    expect(checks(fake())).toHaveLength(1);
    expect(check).toMatch(/^\(\(sprint in \(11\)\) AND issue in issuesWithRemoteLinksByGlobalId\(/);
    expect(linkReads(fake())).toEqual(['PLAT-1', 'PLAT-9']);
  });

  it('a scope from a JQL with ORDER BY keeps it out of the check', async () => {
    dropMirror(fake().state, 'GROW-6');
    const { issues } = await adapterFor(fake()).listScopeParts({ type: 'jira-jql', jql: 'project = GROW ORDER BY updated DESC' }, { krs });
    expect(refsByKey(issues)).toMatchObject({ 'GROW-6': [ref(ACTIVATION)], 'GROW-2': [ref(ACTIVATION)], 'GROW-1': [] });
    expect(checks(fake())[0]).toMatch(/^\(\(project = GROW\) AND /);
  });

  it('linked work: a match is attributed by its links, not by a mirror that names another KR or misses one', async () => {
    setMirror(fake().state, 'PLAT-9', [P95]);
    linkByScript(fake().state, 'GROW-13', ACME_KRS.growActivation);
    unlinkByHand(fake().state, 'GROW-6', ACTIVATION);
    const { issues } = await adapterFor(fake()).findLinkedIssues([kr(P95), kr(ACTIVATION)]);
    const refs = refsByKey(issues);
    expect(refs['PLAT-9']).toEqual([ref(ACTIVATION)]);
    expect(refs['GROW-13']).toEqual([ref(ACTIVATION)]);
    expect(refs['PLAT-1']).toEqual([ref(P95)]);
    expect(refs).not.toHaveProperty('GROW-6');
    // GROW-6's children came only through it.
    expect(refs).not.toHaveProperty('GROW-7');
    expect(linkReads(fake())).toEqual(['GROW-13', 'PLAT-9']);
  });

  it('linked work for one KR needs no mirror at all', async () => {
    dropEveryMirror(fake().state);
    const { issues } = await adapterFor(fake()).findLinkedIssues([kr(P95)]);
    expect(refsByKey(issues)['PLAT-1']).toEqual([ref(P95)]);
    expect(linkReads(fake())).toEqual([]);
    expect(checks(fake())).toEqual([]);
  });

  it('descendants carry no guessed links', async () => {
    setMirror(fake().state, 'PLAT-5', [ACTIVATION]);
    const family = (await adapterFor(fake()).getIssueWithFamily('PLAT-1', { krs }))!;
    expect(family.descendants.every((d) => d.krRefs.length === 0)).toBe(true);
  });
});

describe('Jira: a site without issuesWithRemoteLinksByGlobalId', () => {
  const fake = useFakeJira({ options: { refuseRemoteLinkFunction: true } });

  it('reads the links of the issue and its ancestors, and does not try the check again', async () => {
    dropEveryMirror(fake().state);
    const adapter = adapterFor(fake());
    const family = (await adapter.getIssueWithFamily('PLAT-2', { krs }))!;
    expect(family.ancestors[0]!.krRefs).toEqual([ref(P95)]);
    expect(linkReads(fake())).toEqual(['PLAT-1', 'PLAT-2']);
    await adapter.getIssueWithFamily('PLAT-2', { krs });
    expect(requestsTo(fake(), 'POST', '/rest/api/3/search/jql').filter((r) => r.status === 400)).toHaveLength(1);
  });

  it('the fallback search reads the links of what the mirrors claim, so a deleted link stays deleted', async () => {
    unlinkByHand(fake().state, 'GROW-6', ACTIVATION);
    const { issues } = await adapterFor(fake()).findLinkedIssues([kr(ACTIVATION)]);
    expect(refsByKey(issues)).not.toHaveProperty('GROW-6');
    expect(refsByKey(issues)['GROW-2']).toEqual([ref(ACTIVATION)]);
  });
});

describe('Jira: linking needs only "Link issues"', () => {
  const fake = useFakeJira();
  const PROPERTY = (key: string) => `/rest/api/3/issue/${key}/properties/${JIRA_LINKS_PROPERTY}`;
  const reza = () =>
    adapterFor(fake(), 'basic', { auth: { type: 'basic', email: ACME_USERS.reza.emailAddress, apiToken: ACME_USERS.reza.apiToken } });

  it('a user who may not edit issues links and unlinks; the refused mirror write is sent once, and the link is read at once', async () => {
    const adapter = reza();
    await expect(adapter.link('GROW-16', target(P95))).resolves.toBeUndefined();
    expect(
      fake()
        .state.issues.get('GROW-16')!
        .remoteLinks.map((l) => l.globalId),
    ).toEqual([krGlobalId(ref(P95))]);
    expect(requestsTo(fake(), 'PUT', PROPERTY('GROW-16')).map((r) => r.status)).toEqual([403]);
    expect(mirrorOf(fake(), 'GROW-16')).toBeUndefined();

    const family = (await adapter.getIssueWithFamily('GROW-17', { krs }))!;
    expect(family.ancestors[0]!.krRefs).toEqual([ref(P95)]);
    // The refusal is remembered: reading does not ask again.
    expect(requestsTo(fake(), 'PUT', PROPERTY('GROW-16'))).toHaveLength(1);

    await expect(adapter.unlink('GROW-16', kr(P95))).resolves.toBeUndefined();
    expect(fake().state.issues.get('GROW-16')!.remoteLinks).toEqual([]);
    expect(requestsTo(fake(), 'PUT', PROPERTY('GROW-16')).map((r) => r.status)).toEqual([403, 403]);
    expect((await adapter.getIssueWithFamily('GROW-17', { krs }))!.ancestors[0]!.krRefs).toEqual([]);
  });

  it('a teammate who may edit then reads the link and writes the mirror', async () => {
    await reza().link('GROW-16', target(P95));
    const family = (await adapterFor(fake()).getIssueWithFamily('GROW-17', { krs }))!;
    expect(family.ancestors[0]!.krRefs).toEqual([ref(P95)]);
    expect(mirrorOf(fake(), 'GROW-16')).toEqual([krGlobalId(ref(P95))]);
  });

  it.each([403, 404, 501])('a property write answered %i is not retried and is no error', async (status) => {
    fake().faults.add({ path: PROPERTY('GROW-15'), method: 'PUT', times: Infinity, fault: { kind: 'status', status } });
    await expect(adapterFor(fake()).link('GROW-15', target(ACTIVATION))).resolves.toBeUndefined();
    expect(requestsTo(fake(), 'PUT', PROPERTY('GROW-15'))).toHaveLength(1);
    expect(fake().state.issues.get('GROW-15')!.remoteLinks).toHaveLength(1);
  });

  it('a property write answered 503 is still retried, as reads are', async () => {
    fake().faults.add({ path: PROPERTY('GROW-15'), method: 'PUT', times: 1, fault: { kind: 'status', status: 503 } });
    await adapterFor(fake()).link('GROW-15', target(ACTIVATION));
    expect(requestsTo(fake(), 'PUT', PROPERTY('GROW-15')).map((r) => r.status)).toEqual([503, 201]);
  });
});
