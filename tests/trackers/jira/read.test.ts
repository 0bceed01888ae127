/** Reading issues with their family, over real HTTP against the contract-checked fake. */
import { describe, expect, it } from 'vitest';
import { issueSnapshotSchema } from '../../../lib/okr/model';
import { startFakeJira } from '../../sandbox/jira/server';
import { acmeSeed, ACME_SET_ID, ACME_USERS, ACME_KRS } from '../../sandbox/jira/seed';
import { addIssue } from '../../sandbox/jira/state';
import { adapterFor, exampleSetKrs, fetchWithSessionCookie, requestsTo, searchedJql, useFakeJira } from './helpers';
import { ancestorKeysInState, childrenInState, descendantKeysInState, keys } from './state-queries';

describe('Jira adapter: reading', () => {
  const fake = useFakeJira();

  it.each(['session', 'basic'] as const)('tells who is signed in (%s auth)', async (auth) => {
    const viewer = await adapterFor(fake(), auth).whoAmI();
    expect(viewer).toEqual({ id: ACME_USERS.dana.accountId, name: ACME_USERS.dana.displayName, email: ACME_USERS.dana.emailAddress });
  });

  it.each([
    ['session', 'include', false],
    ['basic', 'omit', true],
  ] as const)(
    'with %s auth sends credentials "%s" (browser cookies) and an Authorization header: %s',
    async (auth, credentials, authorization) => {
      const seen: RequestCredentials[] = [];
      const base = auth === 'session' ? fetchWithSessionCookie(ACME_USERS.dana.sessionToken) : fetch;
      const adapter = adapterFor(fake(), auth, {
        fetch: (input, init) => {
          seen.push(new Request(input, init).credentials);
          return base(input, init);
        },
      });
      await adapter.whoAmI();
      expect(seen).toEqual([credentials]);
      expect(fake().requests[0]!.headers.authorization !== undefined).toBe(authorization);
    },
  );

  it.each([
    ['a story in a linked epic', 'PLAT-2'],
    ['a sub-task two levels below the epic', 'PLAT-4'],
    ['an epic', 'PLAT-1'],
    ['a story linked itself, in an unlinked epic', 'GROW-2'],
    ['an issue without parent', 'PLAT-15'],
  ])('reads %s with its ancestors and all its descendants', async (_name, key) => {
    const family = (await adapterFor(fake()).getIssueWithFamily(key))!;
    const state = fake().state;
    expect(family.issue.ref.key).toBe(key);
    expect(family.ancestors.map((a) => a.ref.key)).toEqual(ancestorKeysInState(state, key));
    expect(keys(family.descendants)).toEqual(descendantKeysInState(state, [key]));
    for (const snapshot of [family.issue, ...family.ancestors, ...family.descendants]) {
      expect(issueSnapshotSchema.safeParse(snapshot).success).toBe(true);
    }
  });

  it('maps the fields KR Lens uses from what Jira returns', async () => {
    const state = fake().state;
    const family = (await adapterFor(fake()).getIssueWithFamily('PLAT-2'))!;
    const raw = state.issues.get('PLAT-2')!;
    const sprint = state.sprints.find((s) => s.id === raw.sprintIds[0])!;
    expect(family.issue).toMatchObject({
      ref: { tracker: 'jira', site: fake().url, key: 'PLAT-2' },
      title: raw.summary,
      url: `${fake().url}/browse/PLAT-2`,
      kind: 'story',
      status: { name: raw.status, category: 'done', resolution: raw.resolution },
      estimate: raw.storyPoints,
      parent: raw.parent,
      assignee: { id: ACME_USERS.dana.accountId, name: ACME_USERS.dana.displayName },
      team: state.projects.find((p) => p.key === raw.projectKey)!.name,
      sprintOrCycle: { id: String(sprint.id), name: sprint.name },
      krRefs: [],
    });
    expect(Date.parse(family.issue.updatedAt)).toBe(Date.parse(raw.updated.replace('+0000', 'Z')));
    expect(family.ancestors[0]!.krRefs).toEqual([{ setId: ACME_SET_ID, krId: ACME_KRS.platP95.krId }]);
  });

  it.each([
    ['PLAT-1', 'epic'],
    ['PLAT-2', 'story'],
    ['PLAT-6', 'task'],
    ['PLAT-13', 'bug'],
    ['PLAT-3', 'subtask'],
  ])('maps the issue type of %s to kind %s', async (key, kind) => {
    expect((await adapterFor(fake()).getIssueWithFamily(key))!.issue.kind).toBe(kind);
  });

  it.each([
    ["done with resolution Won't Do", 'PLAT-7', { name: 'Done', category: 'done', resolution: "Won't Do" }],
    ['in the Rejected status', 'PLAT-8', { name: 'Rejected', category: 'done', resolution: 'Done' }],
    ['in review', 'GROW-8', { name: 'In Review', category: 'in_progress' }],
    ['not started', 'PLAT-6', { name: 'To Do', category: 'todo' }],
  ])('leaves canceling to the core: an issue %s keeps its status and resolution', async (_name, key, status) => {
    expect((await adapterFor(fake()).getIssueWithFamily(key))!.issue.status).toEqual(status);
  });

  it("reads the issue's own KR links from its remote links, and a child linked to another KR than its epic", async () => {
    const family = (await adapterFor(fake()).getIssueWithFamily('PLAT-9'))!;
    expect(family.issue.krRefs).toEqual([{ setId: ACME_SET_ID, krId: ACME_KRS.growActivation.krId }]);
    expect(family.ancestors[0]!.krRefs).toEqual([{ setId: ACME_SET_ID, krId: ACME_KRS.platP95.krId }]);
  });

  // Was "issue and its links in parallel": the issue's own links are now checked with its
  // ancestors' in one search (the links are the truth for the epic too), not read on their own.
  it('costs one request per level: the issue, one bulk fetch per ancestor level, one search per descendant level, and one search checking the links of the issue and its ancestors', async () => {
    const adapter = adapterFor(fake());
    const krs = exampleSetKrs();
    await adapter.getIssueWithFamily('PLAT-2', { krs });
    const before = fake().requests.length;
    await adapter.getIssueWithFamily('PLAT-2', { krs });
    const requests = fake().requests.slice(before);
    const paths = requests.map((r) => `${r.method} ${r.path}`);
    expect(paths.sort()).toEqual(
      [
        'GET /rest/api/3/issue/PLAT-2',
        'POST /rest/api/3/issue/bulkfetch',
        'POST /rest/api/3/search/jql',
        'POST /rest/api/3/search/jql',
      ].sort(),
    );
    // Sub-tasks have no children: no search below them.
    const jqls = requests.filter((r) => r.path.endsWith('/search/jql')).map((r) => String((r.body as { jql: string }).jql));
    expect(jqls).toContain('parent in ("PLAT-2") ORDER BY key ASC');
    expect(jqls.find((jql) => !jql.startsWith('parent in'))).toMatch(/issuesWithRemoteLinksByGlobalId/);
  });

  it('without the KRs to check, reads the remote links of the issue and of each ancestor', async () => {
    const adapter = adapterFor(fake());
    await adapter.getIssueWithFamily('PLAT-3');
    const reads = requestsTo(fake(), 'GET', /\/remotelink$/).map((r) => r.path);
    expect(reads.sort()).toEqual(['PLAT-1', 'PLAT-2', 'PLAT-3'].map((key) => `/rest/api/3/issue/${key}/remotelink`));
    expect(searchedJql(fake()).filter((jql) => jql.includes('issuesWithRemoteLinksByGlobalId'))).toEqual([]);
  });

  it('returns null for an issue that does not exist', async () => {
    expect(await adapterFor(fake()).getIssueWithFamily('PLAT-999')).toBeNull();
  });

  it('reads several issues at once, leaving out missing keys, 100 per bulk fetch', async () => {
    const state = fake().state;
    for (let i = 0; i < 150; i++)
      addIssue(state, { key: `GROW-${300 + i}`, projectKey: 'GROW', type: 'Task', summary: `Task ${i}`, status: 'To Do' });
    const wanted = [...state.issues.keys()];
    const issues = await adapterFor(fake()).getIssues([...wanted, 'PLAT-404', 'NOPE-1']);
    expect(keys(issues)).toEqual([...wanted].sort());
    expect(requestsTo(fake(), 'POST', '/rest/api/3/issue/bulkfetch')).toHaveLength(Math.ceil((wanted.length + 2) / 100));
  });

  it('reads no issues without a request', async () => {
    expect(await adapterFor(fake()).getIssues([])).toEqual([]);
    expect(fake().requests).toEqual([]);
  });

  it('asks only for the fields it maps', async () => {
    await adapterFor(fake()).getIssueWithFamily('PLAT-2');
    const [get] = requestsTo(fake(), 'GET', '/rest/api/3/issue/PLAT-2');
    const fields = get!.query.get('fields')!.split(',');
    expect(fields).not.toContain('*all');
    expect(fields).toEqual(
      expect.arrayContaining(['summary', 'status', 'issuetype', 'parent', fake().state.fieldIds.storyPoints, fake().state.fieldIds.sprint]),
    );
    expect(fields).not.toContain('customfield_10090');
  });
});

describe('Jira adapter: field discovery', () => {
  it.each([
    ['moved story point and sprint fields', { storyPoints: 'customfield_10199', sprint: 'customfield_10777' }, 'Story point estimate'],
    ['a company-managed "Story Points" field', { storyPoints: 'customfield_10028', sprint: 'customfield_10020' }, 'Story Points'],
  ])('finds the estimate and sprint with %s', async (_name, fieldIds, storyPointsFieldName) => {
    const fake = await startFakeJira({ seed: { ...acmeSeed(), fieldIds, storyPointsFieldName } });
    try {
      const adapter = adapterFor(fake);
      const family = (await adapter.getIssueWithFamily('PLAT-5'))!;
      const raw = fake.state.issues.get('PLAT-5')!;
      expect(family.issue.estimate).toBe(raw.storyPoints);
      expect(family.issue.sprintOrCycle?.name).toBe(fake.state.sprints.find((s) => s.id === raw.sprintIds[0])!.name);
      expect(family.descendants.map((d) => d.ref.key)).toEqual(childrenInState(fake.state, 'PLAT-5').map((c) => c.key));
      const fields = requestsTo(fake, 'GET', '/rest/api/3/issue/PLAT-5')[0]!.query.get('fields')!.split(',');
      expect(fields).toEqual(expect.arrayContaining([fieldIds.storyPoints, fieldIds.sprint]));
      expect(fields).not.toContain('customfield_10016');
      // Discovered once per adapter, not per read.
      await adapter.getIssueWithFamily('PLAT-6');
      expect(requestsTo(fake, 'GET', '/rest/api/3/field')).toHaveLength(1);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it('leaves the estimate out when the site has no story point field', async () => {
    const fake = await startFakeJira({ seed: { ...acmeSeed(), storyPointsFieldName: 'Effort' } });
    try {
      const family = (await adapterFor(fake).getIssueWithFamily('PLAT-5'))!;
      expect(family.issue.estimate).toBeUndefined();
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
