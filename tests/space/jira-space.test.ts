/**
 * Team spaces on Jira against the fake Jira over HTTP (every request checked against the
 * platform contract): publish, read back, update by rev, check in, resume, bad records,
 * permissions, discovery and refresh.
 */
import { describe, expect, it } from 'vitest';
import { planPublish, publishSet } from '../../lib/space/publish';
import { checkInText, JIRA_CHECKIN_PROPERTY, JIRA_RECORD_PROPERTY, type RecordDraft } from '../../lib/space/record';
import { denyPermission } from '../sandbox/jira/permissions';
import { ACME_USERS } from '../sandbox/jira/seed';
import { setFakeSpaceOptions } from '../sandbox/jira/space-routes';
import { seedJiraSpace } from '../sandbox/jira/space-seed';
import type { FakeIssue } from '../sandbox/jira/state';
import { useFakeJira } from '../trackers/jira/helpers';
import { addOkrProject, EXAMPLE, JIRA_HOME, jiraStore, readSet } from './helpers';

const getFake = useFakeJira();

const spaceIssues = (): FakeIssue[] => [...getFake().state.issues.values()].filter((i) => i.projectKey === 'OKR');
const recordOn = (issue: FakeIssue) =>
  issue.properties[JIRA_RECORD_PROPERTY] as { kind: string; id: string; rev: number; data: Record<string, unknown> };
const issueOf = (kind: string, id: string) => spaceIssues().find((i) => recordOn(i)?.kind === kind && recordOn(i)?.id === id)!;
const commentsIn = () => spaceIssues().flatMap((i) => i.comments ?? []);

/** The example set as Dana published it (put in the fake's state; the first suite shows it is the same). */
async function published() {
  const fake = getFake();
  seedJiraSpace(fake.state, EXAMPLE, 'OKR', ACME_USERS.dana);
  return fake;
}

/** What a test compares between two spaces: everything but ids, keys and times of writing. */
const shapeOf = (issues: FakeIssue[]) =>
  JSON.stringify(
    issues.map((i) => ({
      summary: i.summary,
      type: i.type,
      status: i.status,
      labels: i.labels,
      description: i.description,
      properties: i.properties,
      comments: (i.comments ?? []).map((c) => ({ body: c.body, properties: c.properties, authorId: c.authorId })),
    })),
    null,
    1,
  ).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>');

describe('publishing the example set to a Jira project', () => {
  it('makes one issue per record and one comment per check-in, and another person reads back the very same set', async () => {
    const fake = getFake();
    addOkrProject(fake);
    const progress: number[] = [];
    const result = await publishSet(jiraStore(fake), JIRA_HOME, EXAMPLE, { onProgress: (p) => progress.push(p.done) });
    const records = 1 + EXAMPLE.cycles.length + EXAMPLE.objectives.length + EXAMPLE.keyResults.length;
    expect(result).toEqual({ created: { records, checkIns: EXAMPLE.checkIns.length }, existing: { records: 0, checkIns: 0 } });
    expect(progress).toEqual(Array.from({ length: records + EXAMPLE.checkIns.length }, (_, i) => i + 1));

    const issues = spaceIssues();
    expect(issues).toHaveLength(records);
    expect(issues.every((i) => i.labels.includes('kr-lens') && i.type === 'Task')).toBe(true);
    expect(issues.filter((i) => i.labels.includes('kr-lens-set')).map((i) => i.summary)).toEqual(['Acme Corp OKRs']);
    const kr = EXAMPLE.keyResults[0]!;
    expect(issueOf('kr', kr.id).summary).toBe(kr.title);
    expect(recordOn(issueOf('kr', kr.id))).toMatchObject({ schemaVersion: 1, setId: 'acme', rev: 1, updatedBy: 'Dana Engineer', data: kr });

    const checkIn = EXAMPLE.checkIns[0]!;
    const onKr = issueOf('kr', checkIn.krId).comments!;
    expect(onKr[0]!.properties[JIRA_CHECKIN_PROPERTY]).toEqual(checkIn);
    expect(JSON.stringify(onKr[0]!.body)).toContain(
      JSON.stringify(
        checkInText(
          checkIn,
          EXAMPLE.keyResults.find((k) => k.id === checkIn.krId),
        ),
      ).slice(1, -1),
    );
    expect(commentsIn()).toHaveLength(EXAMPLE.checkIns.length);

    const { set, skipped } = await readSet(jiraStore(fake, 'priya'), JIRA_HOME);
    expect(skipped).toEqual([]);
    expect(set).toEqual(EXAMPLE);

    // The other suites start from a space put into the fake directly: it must be this one.
    const seeded = seedJiraSpace(fake.state, EXAMPLE, 'SEED', ACME_USERS.dana);
    expect(shapeOf(seeded.issues)).toEqual(shapeOf(issues));
  });

  it('reads a space in a search and a comment list: 2 requests for the example set', async () => {
    const fake = await published();
    fake.requests.length = 0;
    await jiraStore(fake, 'priya').readSpace(JIRA_HOME);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /rest/api/3/search/jql', 'POST /rest/api/3/comment/list']);
    const search = fake.requests[0]!.body as { jql: string; properties: string[]; fields: string[] };
    expect(search).toMatchObject({
      jql: 'project = "OKR" AND labels = "kr-lens" ORDER BY created ASC',
      properties: ['kr-lens.record'],
      fields: ['summary', 'comment'],
    });
    expect(fake.requests[1]!.query.get('expand')).toBe('properties');
  });
});

const krDraft = (id: string, title: string): RecordDraft => {
  const kr = EXAMPLE.keyResults.find((k) => k.id === id)!;
  return { kind: 'kr', id, data: { ...kr, title } };
};
const KR = EXAMPLE.keyResults[0]!.id;
const OTHER_KR = EXAMPLE.keyResults[1]!.id;
const writesSince = (from: number) =>
  getFake()
    .requests.slice(from)
    .filter((r) => r.method !== 'GET' && !['/rest/api/3/search/jql', '/rest/api/3/comment/list'].includes(r.path))
    .map((r) => `${r.method} ${r.path}`);

describe('updating a record by rev', () => {
  it.each(['session', 'token'] as const)(
    'writes the next rev through the compare-and-set filter, follows its task, and renames the issue (%s)',
    async (auth) => {
      const fake = await published();
      const before = structuredClone(recordOn(issueOf('kr', KR)));
      const result = await jiraStore(fake, 'dana', auth).updateRecord(JIRA_HOME, krDraft(KR, 'p95 checkout latency below 250 ms'), 1);
      expect(result.ok).toBe(true);
      const issue = issueOf('kr', KR);
      expect(issue.summary).toBe('p95 checkout latency below 250 ms');
      expect(recordOn(issue)).toMatchObject({ rev: 2, updatedBy: 'Dana Engineer', data: { title: 'p95 checkout latency below 250 ms' } });
      const bulk = fake.requests.find((r) => r.method === 'PUT' && r.path === '/rest/api/3/issue/properties/kr-lens.record')!;
      expect(bulk.body).toEqual({ value: recordOn(issue), filter: { entityIds: [Number(issue.id)], currentValue: before } });
      expect(bulk.status).toBe(303);
      // The redirect to the task, then one poll until it is complete.
      expect(fake.requests.filter((r) => r.path.startsWith('/rest/api/3/task/')).map((r) => r.status)).toEqual([200, 200]);
      const { set } = await readSet(jiraStore(fake, 'priya'), JIRA_HOME);
      expect(set?.keyResults[0]?.title).toBe('p95 checkout latency below 250 ms');
    },
  );

  it('based on a stale rev writes nothing and says who changed the record and when', async () => {
    const fake = await published();
    const dana = jiraStore(fake);
    await dana.readSpace(JIRA_HOME);
    expect((await jiraStore(fake, 'priya').updateRecord(JIRA_HOME, krDraft(KR, 'Priya’s title'), 1)).ok).toBe(true);
    const priyas = structuredClone(recordOn(issueOf('kr', KR)));
    const from = fake.requests.length;
    const result = await dana.updateRecord(JIRA_HOME, krDraft(KR, 'Dana’s title'), 1);
    expect(result).toEqual({
      ok: false,
      conflict: {
        current: priyas,
        where: issueOf('kr', KR).key,
        updatedBy: 'Priya Product',
        updatedAt: (priyas as unknown as { updatedAt: string }).updatedAt,
      },
    });
    expect(writesSince(from)).toEqual([]);
    expect(recordOn(issueOf('kr', KR))).toEqual(priyas);
    expect(issueOf('kr', KR).summary).toBe('Priya’s title');
  });

  it('catches a write that lands between its read and its compare-and-set: the filter keeps it out', async () => {
    const fake = await published();
    fake.faults.add({ method: 'PUT', path: '/rest/api/3/issue/properties/kr-lens.record', fault: { kind: 'delay', ms: 300 } });
    const saving = jiraStore(fake).updateRecord(JIRA_HOME, krDraft(KR, 'Dana’s title'), 1);
    await expect
      .poll(() => fake.requests.some((r) => r.method === 'PUT' && r.path === '/rest/api/3/issue/properties/kr-lens.record'))
      .toBe(true);
    const issue = issueOf('kr', KR);
    const theirs = {
      ...recordOn(issue),
      rev: 2,
      updatedBy: 'Priya Product',
      updatedAt: '2026-11-02T10:00:00.000Z',
      data: { ...recordOn(issue).data, title: 'Priya’s title' },
    };
    issue.properties[JIRA_RECORD_PROPERTY] = theirs;
    const result = await saving;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.conflict).toMatchObject({
      updatedBy: 'Priya Product',
      current: { rev: 2, data: { title: 'Priya’s title' } },
    });
    expect(recordOn(issueOf('kr', KR))).toEqual(theirs);
    expect(issueOf('kr', KR).summary).toBe(EXAMPLE.keyResults[0]!.title);
  });

  it('on a site whose filter never matches, falls back to read-compare-write and keeps to it', async () => {
    const fake = await published();
    setFakeSpaceOptions(fake.state, { currentValueMatch: 'never' });
    const store = jiraStore(fake);
    expect((await store.updateRecord(JIRA_HOME, krDraft(KR, 'First'), 1)).ok).toBe(true);
    expect((await store.updateRecord(JIRA_HOME, krDraft(KR, 'Second'), 2)).ok).toBe(true);
    expect(recordOn(issueOf('kr', KR))).toMatchObject({ rev: 3, data: { title: 'Second' } });
    const puts = fake.requests
      .filter((r) => r.method === 'PUT' && r.path.includes('/properties/'))
      .map((r) => r.path.replace(/issue\/\d+/, 'issue/ID'));
    expect(puts).toEqual([
      '/rest/api/3/issue/properties/kr-lens.record',
      '/rest/api/3/issue/ID/properties/kr-lens.record',
      '/rest/api/3/issue/ID/properties/kr-lens.record',
    ]);
  });

  it('never conflicts on edits of different records, made at once', async () => {
    const fake = await published();
    const [a, b] = await Promise.all([
      jiraStore(fake).updateRecord(JIRA_HOME, krDraft(KR, 'Dana’s title'), 1),
      jiraStore(fake, 'priya').updateRecord(JIRA_HOME, krDraft(OTHER_KR, 'Priya’s title'), 1),
    ]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    const { set } = await readSet(jiraStore(fake), JIRA_HOME);
    expect(set?.keyResults.slice(0, 2).map((k) => k.title)).toEqual(['Dana’s title', 'Priya’s title']);
  });

  it('deletes softly: the record stays on its issue marked deleted, and undoing brings it back', async () => {
    const fake = await published();
    const store = jiraStore(fake);
    await store.updateRecord(JIRA_HOME, { ...krDraft(KR, EXAMPLE.keyResults[0]!.title), deleted: true }, 1);
    expect(recordOn(issueOf('kr', KR))).toMatchObject({ rev: 2, deleted: true });
    const gone = await readSet(store, JIRA_HOME);
    expect(gone.set?.keyResults.map((k) => k.id)).not.toContain(KR);
    expect(gone.set?.checkIns.some((c) => c.krId === KR)).toBe(false);
    await store.updateRecord(JIRA_HOME, krDraft(KR, EXAMPLE.keyResults[0]!.title), 2);
    expect((await readSet(store, JIRA_HOME)).set).toEqual(EXAMPLE);
  });
});

describe('check-ins', () => {
  const checkIn = (id: string, author: string) => ({
    id,
    krId: KR,
    at: '2026-11-20T09:00:00Z',
    value: 270,
    confidence: 6,
    note: `from ${author}`,
    author,
  });

  it('two at once are both kept', async () => {
    const fake = await published();
    const results = await Promise.all([
      jiraStore(fake).appendCheckIn(JIRA_HOME, checkIn('ci-dana', 'Dana Engineer')),
      jiraStore(fake, 'priya').appendCheckIn(JIRA_HOME, checkIn('ci-priya', 'Priya Product')),
    ]);
    expect(results.map((r) => r.created)).toEqual([true, true]);
    const { set } = await readSet(jiraStore(fake), JIRA_HOME);
    expect(
      set?.checkIns
        .slice(-2)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['ci-dana', 'ci-priya']);
    expect(set?.checkIns).toHaveLength(EXAMPLE.checkIns.length + 2);
  });

  it('one already in the space is not appended again', async () => {
    const fake = await published();
    const store = jiraStore(fake);
    expect((await store.appendCheckIn(JIRA_HOME, EXAMPLE.checkIns[3]!)).created).toBe(false);
    expect(commentsIn()).toHaveLength(EXAMPLE.checkIns.length);
  });
});

describe('a publish cut off half-way', () => {
  it('resumes without duplicates after it was stopped among the records', async () => {
    const fake = getFake();
    addOkrProject(fake);
    const stop = new AbortController();
    const first = publishSet(jiraStore(fake), JIRA_HOME, EXAMPLE, {
      signal: stop.signal,
      onProgress: (p) => p.done === 12 && stop.abort(),
    });
    await expect(first).rejects.toThrow();
    expect(spaceIssues()).toHaveLength(12);
    // What the next run will create, shown before it writes anything.
    const from = fake.requests.length;
    const plan = await planPublish(jiraStore(fake), JIRA_HOME, EXAMPLE);
    expect(plan.toCreate).toEqual({ records: 25, checkIns: EXAMPLE.checkIns.length });
    expect(plan.records.filter((r) => r.exists).map((r) => r.title)).toEqual([
      'Acme Corp OKRs',
      'Q3 2026',
      'Q4 2026',
      ...EXAMPLE.objectives.slice(0, 9).map((o) => o.title),
    ]);
    expect(writesSince(from)).toEqual([]);
    const second = await publishSet(jiraStore(fake), JIRA_HOME, EXAMPLE);
    expect(second.existing).toEqual({ records: 12, checkIns: 0 });
    expect(spaceIssues()).toHaveLength(37);
    expect(commentsIn()).toHaveLength(EXAMPLE.checkIns.length);
    expect((await readSet(jiraStore(fake), JIRA_HOME)).set).toEqual(EXAMPLE);
  });

  it('resumes without duplicates after the connection dropped among the check-ins', async () => {
    const fake = getFake();
    addOkrProject(fake);
    let posts = 0;
    fake.faults.add({ method: 'POST', path: /\/comment$/, times: 1, fault: { kind: 'reset' } });
    const first = publishSet(jiraStore(fake), JIRA_HOME, EXAMPLE, { onProgress: () => posts++ });
    await expect(first).rejects.toThrow(/Can't reach Jira/);
    expect(commentsIn()).toHaveLength(0);
    const second = await publishSet(jiraStore(fake), JIRA_HOME, EXAMPLE);
    expect(second).toEqual({ created: { records: 0, checkIns: EXAMPLE.checkIns.length }, existing: { records: 37, checkIns: 0 } });
    expect(posts).toBe(37);
    expect((await readSet(jiraStore(fake), JIRA_HOME)).set).toEqual(EXAMPLE);
  });
});

describe('records edited by hand', () => {
  it('skips a nonsense record and one from a newer KR Lens with sentences naming their issues; the rest loads', async () => {
    const fake = await published();
    const broken = issueOf('kr', KR);
    const newer = issueOf('kr', OTHER_KR);
    broken.properties[JIRA_RECORD_PROPERTY] = { schemaVersion: 1, kind: 'kr', note: 'tidied up by hand' };
    newer.properties[JIRA_RECORD_PROPERTY] = { ...recordOn(newer), schemaVersion: 2 };
    const lastKr = EXAMPLE.keyResults[EXAMPLE.keyResults.length - 1]!.id;
    const lone = issueOf('kr', lastKr);
    delete lone.properties[JIRA_RECORD_PROPERTY];
    const { set, skipped } = await readSet(jiraStore(fake), JIRA_HOME);
    expect([...skipped].sort()).toEqual(
      [
        `Skipped ${broken.key}: its KR Lens record is not one KR Lens can read (setId: missing).`,
        `Skipped ${newer.key}: its KR Lens record was written by a newer KR Lens (format 2; this one reads 1). Update KR Lens to see it.`,
        `Skipped ${lone.key}: it is labelled kr-lens but holds no KR Lens record.`,
      ].sort(),
    );
    expect(set?.keyResults.map((k) => k.id)).toEqual(
      EXAMPLE.keyResults.map((k) => k.id).filter((id) => ![KR, OTHER_KR, lastKr].includes(id)),
    );
    expect(set?.name).toBe('Acme Corp OKRs');
  });

  it('skips a check-in property edited into nonsense, naming its issue', async () => {
    const fake = await published();
    const issue = issueOf('kr', EXAMPLE.checkIns[0]!.krId);
    issue.comments![0]!.properties[JIRA_CHECKIN_PROPERTY] = { confidence: 'high' };
    const { set, skipped } = await readSet(jiraStore(fake), JIRA_HOME);
    expect(skipped).toEqual([
      expect.stringMatching(new RegExp(`^Skipped a check-in on ${issue.key}: it is not one KR Lens can read \\(id: missing\\)`)),
    ]);
    expect(set?.checkIns).toHaveLength(EXAMPLE.checkIns.length - 1);
  });
});

describe('permissions', () => {
  it('without Create issues, publishing names the permission and creates nothing', async () => {
    const fake = getFake();
    addOkrProject(fake);
    denyPermission(fake.state, ACME_USERS.dana.accountId, 'CREATE_ISSUES', 'OKR');
    await expect(publishSet(jiraStore(fake), JIRA_HOME, EXAMPLE)).rejects.toMatchObject({
      kind: 'permission',
      message: `You can't publish records in Jira project OKR on ${new URL(fake.url).host}: your account lacks the “Create issues” permission there. Ask a Jira admin for it.`,
    });
    expect(spaceIssues()).toEqual([]);
  });

  it('without Edit issues, an update names the permission and writes nothing', async () => {
    const fake = await published();
    denyPermission(fake.state, ACME_USERS.priya.accountId, 'EDIT_ISSUES', 'OKR');
    const before = structuredClone(recordOn(issueOf('kr', KR)));
    await expect(jiraStore(fake, 'priya').updateRecord(JIRA_HOME, krDraft(KR, 'Priya’s title'), 1)).rejects.toMatchObject({
      kind: 'permission',
      message: expect.stringContaining('lacks the “Edit issues” permission'),
    });
    expect(recordOn(issueOf('kr', KR))).toEqual(before);
  });

  it('without Add comments, a check-in names the permission', async () => {
    const fake = await published();
    denyPermission(fake.state, ACME_USERS.priya.accountId, 'ADD_COMMENTS');
    const checkIn = { id: 'ci-new', krId: KR, at: '2026-11-20T09:00:00Z', confidence: 5 };
    await expect(jiraStore(fake, 'priya').appendCheckIn(JIRA_HOME, checkIn)).rejects.toMatchObject({
      kind: 'permission',
      message: expect.stringMatching(/^You can't check in in Jira project OKR .*“Add comments” permission/),
    });
    expect(commentsIn()).toHaveLength(EXAMPLE.checkIns.length);
  });

  it('says up front which permissions are missing', async () => {
    const fake = getFake();
    addOkrProject(fake);
    denyPermission(fake.state, ACME_USERS.priya.accountId, 'EDIT_ISSUES', 'OKR');
    denyPermission(fake.state, ACME_USERS.priya.accountId, 'ADD_COMMENTS', 'OKR');
    expect(await jiraStore(fake).missingPermissions('OKR')).toEqual([]);
    const missing = await jiraStore(fake, 'priya').missingPermissions('OKR');
    expect(missing.map((m) => /“(.+)”/.exec(m)?.[1])).toEqual(['Edit issues', 'Add comments']);
  });
});

describe('finding and refreshing a space', () => {
  it('finds spaces by the kr-lens-set label, with no setup', async () => {
    const fake = await published();
    const spaces = await jiraStore(fake, 'priya').discover();
    expect(spaces).toEqual([
      { tracker: 'jira', site: fake.url, home: 'OKR', setId: 'acme', name: 'Acme Corp OKRs', issueKey: issueOf('set', 'acme').key },
    ]);
    expect((fake.requests[0]!.body as { jql: string }).jql).toBe('labels = "kr-lens-set" ORDER BY created ASC');
  });

  it('refreshes with only what changed: issues updated since the last read, and comments not seen yet', async () => {
    const fake = await published();
    // A space published an hour ago.
    for (const issue of spaceIssues()) issue.updated = new Date(Date.now() - 3_600_000).toISOString().replace('Z', '+0000');
    const dana = jiraStore(fake);
    const base = await dana.readSpace(JIRA_HOME);
    const priya = jiraStore(fake, 'priya');
    await priya.updateRecord(JIRA_HOME, krDraft(KR, 'Priya’s title'), 1);
    await priya.appendCheckIn(JIRA_HOME, { id: 'ci-new', krId: OTHER_KR, at: '2026-11-20T09:00:00Z', confidence: 4 });
    fake.requests.length = 0;
    const delta = await dana.readSpace(JIRA_HOME, base.cursor);
    expect((fake.requests[0]!.body as { jql: string }).jql).toMatch(
      /^project = "OKR" AND labels = "kr-lens" AND updated >= -\dm ORDER BY created ASC$/,
    );
    expect(delta.records.map((r) => r.record.id).sort()).toEqual([KR, OTHER_KR].sort());
    expect(delta.checkIns.map((c) => c.checkIn.id)).toEqual(['ci-new']);
    expect((fake.requests[1]!.body as { ids: number[] }).ids).toHaveLength(1);
    const { mergeSpaceRead } = await import('../../lib/space/merge');
    const { asSet } = await import('./helpers');
    expect(asSet(mergeSpaceRead(base, delta)).set).toEqual((await readSet(priya, JIRA_HOME)).set);
  });
});
