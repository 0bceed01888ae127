/** Linking issues to KRs and finding linked work, with request counts asserted. */
import { describe, expect, it } from 'vitest';
import { defaultLinkUrl } from '../../../lib/okr/model';
import { JIRA_LINKS_PROPERTY } from '../../../lib/trackers/jira/map';
import { KR_LINK_RELATIONSHIP, krGlobalId, krLinkTitle, type KrLinkTarget } from '../../../lib/trackers/tracker';
import { startFakeJira, type RunningFakeJira } from '../../sandbox/jira/server';
import { ACME_KRS, ACME_SET_ID, krLinksProperties, krRemoteLink } from '../../sandbox/jira/seed';
import { addIssue, type FakeIssue } from '../../sandbox/jira/state';
import { adapterFor, requestsTo, SEARCH, searchedJql, useFakeJira } from './helpers';
import { descendantKeysInState, descendantSearchesInState, keys, keysLinkedInState } from './state-queries';

const kr = (krId: string, setId = ACME_SET_ID) => ({ setId, krId, url: defaultLinkUrl({ id: setId }, krId) });
const target = (krId: string, title: string, objectiveTitle = 'New teams succeed on day one'): KrLinkTarget => ({
  ...kr(krId),
  title,
  objectiveTitle,
});

const linksOf = (fake: RunningFakeJira, key: string) => fake.state.issues.get(key)!.remoteLinks;
const mirrorOf = (fake: RunningFakeJira, key: string) => fake.state.issues.get(key)!.properties[JIRA_LINKS_PROPERTY];

describe('Jira adapter: link and unlink', () => {
  const fake = useFakeJira();

  it.each(['session', 'basic'] as const)('links an issue to a KR with the remote link the SPEC names (%s auth)', async (auth) => {
    const linkTarget = target('kr-grow-activation', '40% of new sign-ups activate in their first week');
    await adapterFor(fake(), auth).link('GROW-15', linkTarget);
    const links = linksOf(fake(), 'GROW-15');
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      globalId: krGlobalId(linkTarget),
      relationship: KR_LINK_RELATIONSHIP,
      object: { url: linkTarget.url, title: krLinkTitle(linkTarget.title), summary: linkTarget.objectiveTitle },
    });
    expect(mirrorOf(fake(), 'GROW-15')).toEqual({ v: 1, globalIds: [krGlobalId(linkTarget)] });
    if (auth === 'session') {
      const post = requestsTo(fake(), 'POST', '/rest/api/3/issue/GROW-15/remotelink')[0]!;
      expect(post.headers['x-atlassian-token']).toBe('no-check');
    }
  });

  it('re-linking updates the one link instead of adding a second', async () => {
    const adapter = adapterFor(fake());
    await adapter.link('GROW-15', target('kr-grow-activation', 'Old title'));
    await adapter.link('GROW-15', target('kr-grow-activation', 'New title', 'Renamed objective'));
    const links = linksOf(fake(), 'GROW-15');
    expect(links).toHaveLength(1);
    expect(links[0]!.object).toMatchObject({ title: krLinkTitle('New title'), summary: 'Renamed objective' });
    expect(requestsTo(fake(), 'POST', '/rest/api/3/issue/GROW-15/remotelink')).toHaveLength(2);
  });

  it('keeps links to other KRs and other systems when linking and unlinking', async () => {
    const adapter = adapterFor(fake());
    const issue = fake().state.issues.get('PLAT-1')!;
    issue.remoteLinks.push({
      id: 99_001,
      globalId: 'appId=confluence&pageId=77',
      object: { url: 'https://wiki.example/77', title: 'Design doc' },
    });
    await adapter.link('PLAT-1', target('kr-plat-error-budget', 'Error budget kept'));
    expect(linksOf(fake(), 'PLAT-1').map((l) => l.globalId)).toEqual([
      krGlobalId(kr(ACME_KRS.platP95.krId)),
      'appId=confluence&pageId=77',
      krGlobalId(kr('kr-plat-error-budget')),
    ]);
    await adapter.unlink('PLAT-1', kr(ACME_KRS.platP95.krId));
    expect(linksOf(fake(), 'PLAT-1').map((l) => l.globalId)).toEqual([
      'appId=confluence&pageId=77',
      krGlobalId(kr('kr-plat-error-budget')),
    ]);
    // The mirror holds only KR Lens links, exactly those Jira has.
    expect(mirrorOf(fake(), 'PLAT-1')).toEqual({ v: 1, globalIds: [krGlobalId(kr('kr-plat-error-budget'))] });
  });

  it('unlinks, and unlinking again succeeds', async () => {
    const adapter = adapterFor(fake());
    await adapter.unlink('GROW-6', kr(ACME_KRS.growActivation.krId));
    expect(linksOf(fake(), 'GROW-6')).toEqual([]);
    expect(mirrorOf(fake(), 'GROW-6')).toEqual({ v: 1, globalIds: [] });
    await expect(adapter.unlink('GROW-6', kr(ACME_KRS.growActivation.krId))).resolves.toBeUndefined();
    const deletes = requestsTo(fake(), 'DELETE', '/rest/api/3/issue/GROW-6/remotelink');
    expect(deletes.map((d) => [d.query.get('globalId'), d.status])).toEqual([
      [krGlobalId(kr(ACME_KRS.growActivation.krId)), 204],
      [krGlobalId(kr(ACME_KRS.growActivation.krId)), 404],
    ]);
  });

  it('a link made here is found by the next search, attributed without reading links', async () => {
    const adapter = adapterFor(fake());
    await adapter.link('GROW-13', target('kr-grow-referrals', 'Referrals bring 10% of sign-ups'));
    const before = fake().requests.length;
    const { issues } = await adapter.findLinkedIssues([kr('kr-grow-referrals')]);
    expect(issues.find((i) => i.ref.key === 'GROW-13')?.krRefs).toEqual([{ setId: ACME_SET_ID, krId: 'kr-grow-referrals' }]);
    expect(
      fake()
        .requests.slice(before)
        .filter((r) => r.path.endsWith('/remotelink')),
    ).toEqual([]);
  });

  it('reports a missing issue when linking', async () => {
    await expect(adapterFor(fake()).link('PLAT-999', target('kr-x', 'X'))).rejects.toMatchObject({ kind: 'not-found' });
  });
});

/** A task in PLAT linked to a KR the way KR Lens links it. */
function addLinkedTask(fake: RunningFakeJira, key: string, krId: string, mirrored = true): FakeIssue {
  const link = krRemoteLink(fake.state.nextRemoteLinkId++, { krId, title: krId, objective: 'Objective' });
  return addIssue(fake.state, {
    key,
    projectKey: 'PLAT',
    type: 'Task',
    summary: `Work for ${krId}`,
    status: 'To Do',
    remoteLinks: [link],
    properties: mirrored ? krLinksProperties([link]) : {},
  });
}

describe('Jira adapter: finding linked issues', () => {
  const fake = useFakeJira();

  it('finds the seeded linked work and everything below it, each once', async () => {
    const krs = [kr(ACME_KRS.platP95.krId), kr(ACME_KRS.growActivation.krId)];
    const { issues, fallbackNotice } = await adapterFor(fake()).findLinkedIssues(krs);
    const linked = keysLinkedInState(fake().state, krs.map(krGlobalId));
    expect(keys(issues)).toEqual([...new Set([...linked, ...descendantKeysInState(fake().state, linked)])].sort());
    expect(fallbackNotice).toBeUndefined();
    const byKey = new Map(issues.map((i) => [i.ref.key, i]));
    expect(byKey.get('PLAT-1')!.krRefs).toEqual([{ setId: ACME_SET_ID, krId: ACME_KRS.platP95.krId }]);
    expect(byKey.get('PLAT-9')!.krRefs).toEqual([{ setId: ACME_SET_ID, krId: ACME_KRS.growActivation.krId }]);
    expect(byKey.get('PLAT-2')!.krRefs).toEqual([]);
  });

  it('searches 150 KRs in ceil(150/100) batches, pages through a batch of more than 100 issues, and reads no links', async () => {
    const krIds = Array.from({ length: 150 }, (_, i) => `kr-${String(i).padStart(3, '0')}`);
    // The seeded acme KRs sit in the second batch; 130 more issues serve KRs of the first.
    krIds[140] = ACME_KRS.platP95.krId;
    krIds[149] = ACME_KRS.growActivation.krId;
    for (let i = 0; i < 130; i++) addLinkedTask(fake(), `PLAT-${1000 + i}`, krIds[i % 100]!);
    const krs = krIds.map((id) => kr(id));
    const globalIds = krs.map(krGlobalId);

    const adapter = adapterFor(fake());
    const { issues } = await adapter.findLinkedIssues(krs);

    const state = fake().state;
    const batches = [globalIds.slice(0, 100), globalIds.slice(100)];
    const pagesPerBatch = batches.map((batch) => Math.max(1, Math.ceil(keysLinkedInState(state, batch).length / 100)));
    expect(pagesPerBatch).toEqual([2, 1]);
    const linked = keysLinkedInState(state, globalIds);
    // One more search than before: the mirrors that tell the KRs of a match apart are checked
    // against the links (one search for every match), since a stale mirror is not the truth.
    const mirrorChecks = 1;
    const expectedSearches = pagesPerBatch.reduce((a, b) => a + b, 0) + mirrorChecks + descendantSearchesInState(state, linked);
    expect(requestsTo(fake(), 'POST', SEARCH)).toHaveLength(expectedSearches);
    expect(fake().requests.filter((r) => r.path.endsWith('/remotelink'))).toEqual([]);
    expect(requestsTo(fake(), 'GET', '/rest/api/3/field')).toHaveLength(1);
    expect(fake().requests).toHaveLength(expectedSearches + 1);

    const functionSearches = searchedJql(fake()).filter((jql) => jql.startsWith('issue in issuesWithRemoteLinksByGlobalId'));
    expect(functionSearches.map((jql) => (jql.match(/"kr-lens:/g) ?? []).length)).toEqual([100, 100, 50]);
    const pageTokens = requestsTo(fake(), 'POST', SEARCH).map((r) => (r.body as { nextPageToken?: string }).nextPageToken);
    expect(pageTokens.filter((t) => t !== undefined)).toHaveLength(1);
    const fieldSearches = requestsTo(fake(), 'POST', SEARCH).filter((r) => !(r.body as { jql: string }).jql.startsWith('(id in'));
    expect(fieldSearches).toHaveLength(expectedSearches - mirrorChecks);
    for (const request of fieldSearches) expect((request.body as { maxResults: number }).maxResults).toBe(100);

    expect(keys(issues)).toEqual([...new Set([...linked, ...descendantKeysInState(state, linked)])].sort());
    const task = issues.find((i) => i.ref.key === 'PLAT-1042')!;
    expect(task.krRefs).toEqual([{ setId: ACME_SET_ID, krId: krIds[42] }]);
  });

  it('reads the links of an issue linked without the mirror (by hand or another tool), and only of that one', async () => {
    addLinkedTask(fake(), 'PLAT-500', 'kr-by-hand', false);
    const { issues } = await adapterFor(fake()).findLinkedIssues([kr('kr-by-hand'), kr(ACME_KRS.platP95.krId)]);
    expect(issues.find((i) => i.ref.key === 'PLAT-500')!.krRefs).toEqual([{ setId: ACME_SET_ID, krId: 'kr-by-hand' }]);
    expect(
      fake()
        .requests.filter((r) => r.path.endsWith('/remotelink'))
        .map((r) => r.path),
    ).toEqual(['/rest/api/3/issue/PLAT-500/remotelink']);
  });

  it('asks only for the fields it maps and the links mirror', async () => {
    await adapterFor(fake()).findLinkedIssues([kr(ACME_KRS.platP95.krId)]);
    for (const request of requestsTo(fake(), 'POST', SEARCH)) {
      const body = request.body as { fields: string[]; properties: string[] };
      expect(body.fields).not.toContain('*all');
      expect(body.fields).not.toContain('*navigable');
      expect(body.properties).toEqual([JIRA_LINKS_PROPERTY]);
    }
  });

  it('returns nothing, with no request, for no KRs', async () => {
    expect(await adapterFor(fake()).findLinkedIssues([])).toEqual({ issues: [] });
    expect(fake().requests).toEqual([]);
  });
});

describe('Jira adapter: a site that refuses issuesWithRemoteLinksByGlobalId', () => {
  it('falls back to the links mirror of recently updated issues, says so, and does not ask again', async () => {
    const fake = await startFakeJira({ options: { refuseRemoteLinkFunction: true } });
    try {
      const adapter = adapterFor(fake);
      const krs = [kr(ACME_KRS.platP95.krId), kr(ACME_KRS.growActivation.krId)];
      const { issues, fallbackNotice } = await adapter.findLinkedIssues(krs);
      const linked = keysLinkedInState(fake.state, krs.map(krGlobalId));
      expect(keys(issues)).toEqual([...new Set([...linked, ...descendantKeysInState(fake.state, linked)])].sort());
      expect(fallbackNotice).toMatch(/does not offer the search for linked issues/);
      const refused = requestsTo(fake, 'POST', SEARCH).filter((r) => r.status === 400);
      expect(refused).toHaveLength(1);

      const again = await adapter.findLinkedIssues(krs);
      expect(again.fallbackNotice).toBe(fallbackNotice);
      expect(requestsTo(fake, 'POST', SEARCH).filter((r) => r.status === 400)).toHaveLength(1);
      expect(searchedJql(fake).filter((jql) => jql.includes('issuesWithRemoteLinksByGlobalId'))).toHaveLength(1);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it('uses the configured fallback scope', async () => {
    const fake = await startFakeJira({ options: { refuseRemoteLinkFunction: true } });
    try {
      const adapter = adapterFor(fake, 'session', { fallbackScopeJql: 'project = GROW' });
      const { issues, fallbackNotice } = await adapter.findLinkedIssues([kr(ACME_KRS.growActivation.krId)]);
      // PLAT-9 serves the KR too, but lies outside the scope searched.
      expect(keys(issues)).not.toContain('PLAT-9');
      expect(keys(issues)).toEqual(expect.arrayContaining(['GROW-2', 'GROW-6']));
      expect(fallbackNotice).toContain('project = GROW');
    } finally {
      await fake.close();
    }
  });
});
