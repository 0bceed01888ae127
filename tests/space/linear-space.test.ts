/**
 * Team spaces on Linear against the fake Linear over HTTP (every document validated against the
 * schema): publish, read back, update by rev (read-compare-write, with its window shown), check
 * in, resume, bad records, team membership, discovery and refresh.
 */
import { describe, expect, it } from 'vitest';
import { mergeSpaceRead } from '../../lib/space/merge';
import { publishSet } from '../../lib/space/publish';
import { LINEAR_CHECKIN_FIELD, LINEAR_RECORD_FIELD, type RecordDraft } from '../../lib/space/record';
import { parse } from 'graphql';
import { MAX_PAGE_SIZE } from '../../lib/trackers/linear/documents';
import { DISCOVER_PAGE_SIZE, SPACE_DOCUMENTS } from '../../lib/trackers/linear/space-documents';
import { DANA, PRIYA_API_KEY, type AttachmentRecord, type IssueRecord } from '../sandbox/linear';
import { seedLinearSpace } from '../sandbox/linear/space-seed';
import { checkLinearDocument, estimateComplexity, LINEAR_MAX_COMPLEXITY } from '../sandbox/contract/graphql';
import { useFakeLinear } from '../trackers/linear/helpers';
import { asSet, EXAMPLE, LINEAR_HOME, linearStore, readSet } from './helpers';

const harness = useFakeLinear({ seed: { empty: true } });
const ws = () => harness.fake.state.workspace;
const RECORDS = 1 + EXAMPLE.cycles.length + EXAMPLE.objectives.length + EXAMPLE.keyResults.length;

const spaceAttachments = () => ws().attachments.filter((a) => a.url.startsWith('https://kr-lens.invalid/space/acme/'));
const recordAttachment = (kind: string, id: string) =>
  spaceAttachments().find((a) => a.url === `https://kr-lens.invalid/space/acme/${kind}/${id}`)!;
const recordIn = (a: AttachmentRecord) =>
  JSON.parse(String(a.metadata[LINEAR_RECORD_FIELD])) as { rev: number; updatedBy: string; deleted?: boolean; data: { title?: string } };
const issueOf = (a: AttachmentRecord) => ws().issues.find((i) => i.id === a.issueId)!;
const identifier = (issue: IssueRecord) => `${ws().teams.find((t) => t.id === issue.teamId)!.key}-${issue.number}`;
const spaceIssues = () => ws().issues.filter((i) => spaceAttachments().some((a) => a.issueId === i.id));
const mutationsSince = (from: number) =>
  harness.fake.requests
    .slice(from)
    .map((r) => r.operationName)
    .filter((name) => /(Create|Update|Attach)$/.test(name ?? ''));

function published() {
  seedLinearSpace(ws(), EXAMPLE, 'MOB', DANA);
  return harness.fake;
}

const KR = EXAMPLE.keyResults[0]!.id;
const OTHER_KR = EXAMPLE.keyResults[1]!.id;
const krDraft = (id: string, title: string): RecordDraft => ({
  kind: 'kr',
  id,
  data: { ...EXAMPLE.keyResults.find((k) => k.id === id)!, title },
});

/** Everything but ids, numbers and times. */
const shapeOf = (attachments: AttachmentRecord[]) =>
  JSON.stringify(
    attachments.map((a) => ({
      url: a.url,
      title: a.title,
      subtitle: a.subtitle,
      metadata: a.metadata,
      issue: issueOf(a).title,
      labels: issueOf(a).labelIds.map((id) => ws().labels.find((l) => l.id === id)!.name),
    })),
  ).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>');

describe('Linear team-space documents', () => {
  it.each(Object.entries(SPACE_DOCUMENTS))(
    '%s validates against linear.schema.graphql and stays under the complexity ceiling',
    (name, source) => {
      const check = checkLinearDocument(source);
      expect(check.ok ? [] : check.errors).toEqual([]);
      expect(check.operationName).toBe(name);
      const first = name === 'KrLensSpaceDiscover' ? DISCOVER_PAGE_SIZE : MAX_PAGE_SIZE;
      expect(estimateComplexity(parse(source), { first })).toBeLessThanOrEqual(LINEAR_MAX_COMPLEXITY);
    },
  );
});

describe('publishing the example set to a Linear team', () => {
  it('makes one labelled issue per record with its record attachment, one attachment per check-in, and reads back the same set', async () => {
    const result = await publishSet(linearStore(harness.fake), LINEAR_HOME, EXAMPLE);
    expect(result).toEqual({ created: { records: RECORDS, checkIns: EXAMPLE.checkIns.length }, existing: { records: 0, checkIns: 0 } });
    expect(spaceIssues()).toHaveLength(RECORDS);
    expect(spaceAttachments()).toHaveLength(RECORDS + EXAMPLE.checkIns.length);
    expect(
      ws()
        .labels.filter((l) => l.name.startsWith('kr-lens'))
        .map((l) => [l.name, l.teamId ?? null]),
    ).toEqual([
      ['kr-lens', null],
      ['kr-lens-set', null],
    ]);
    const set = recordAttachment('set', 'acme');
    expect(issueOf(set).title).toBe('Acme Corp OKRs');
    expect(recordIn(recordAttachment('kr', KR))).toMatchObject({ rev: 1, updatedBy: 'Dana Engineer', data: EXAMPLE.keyResults[0] });
    const checkIn = spaceAttachments().find((a) => a.url.endsWith(`/checkin/${EXAMPLE.checkIns[0]!.id}`))!;
    expect(JSON.parse(String(checkIn.metadata[LINEAR_CHECKIN_FIELD]))).toEqual(EXAMPLE.checkIns[0]);
    expect(checkIn.title).toMatch(/^Check-in: .*confidence \d+\/10/);

    const { set: readBack, skipped } = await readSet(linearStore(harness.fake, PRIYA_API_KEY), LINEAR_HOME);
    expect(skipped).toEqual([]);
    expect(readBack).toEqual(EXAMPLE);

    const published = [...spaceAttachments()];
    const seeded = seedLinearSpace(ws(), EXAMPLE, 'WEB', DANA);
    expect(shapeOf(seeded.attachments)).toEqual(shapeOf(published));
  });

  it('reads the whole space in one page of attachments found by URL prefix', async () => {
    published();
    await linearStore(harness.fake).readSpace(LINEAR_HOME);
    expect(harness.fake.operations()).toEqual(['KrLensSpaceAttachments']);
    expect(harness.fake.requests[0]!.variables).toMatchObject({
      filter: { url: { startsWith: 'https://kr-lens.invalid/space/acme/' } },
      first: 250,
    });
  });
});

describe('updating a record by rev', () => {
  it('reads, compares the rev, upserts the next rev, renames the issue and reads it back', async () => {
    published();
    const result = await linearStore(harness.fake).updateRecord(LINEAR_HOME, krDraft(KR, 'p95 below 250 ms'), 1);
    expect(result.ok).toBe(true);
    expect(recordIn(recordAttachment('kr', KR))).toMatchObject({ rev: 2, updatedBy: 'Dana Engineer', data: { title: 'p95 below 250 ms' } });
    expect(issueOf(recordAttachment('kr', KR)).title).toBe('p95 below 250 ms');
    expect(spaceAttachments()).toHaveLength(RECORDS + EXAMPLE.checkIns.length);
    expect(harness.fake.operations()).toEqual([
      'KrLensSpaceAttachments',
      'KrLensSpaceAttachments',
      'KrLensSpaceHome',
      'KrLensSpaceAttach',
      'KrLensSpaceIssueUpdate',
      'KrLensSpaceAttachments',
    ]);
  });

  it('based on a stale rev writes nothing and says who changed the record and when', async () => {
    published();
    const dana = linearStore(harness.fake);
    await dana.readSpace(LINEAR_HOME);
    expect((await linearStore(harness.fake, PRIYA_API_KEY).updateRecord(LINEAR_HOME, krDraft(KR, 'Priya’s title'), 1)).ok).toBe(true);
    const from = harness.fake.requests.length;
    const result = await dana.updateRecord(LINEAR_HOME, krDraft(KR, 'Dana’s title'), 1);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.conflict).toMatchObject({
      updatedBy: 'Priya Product',
      where: identifier(issueOf(recordAttachment('kr', KR))),
      current: { rev: 2, data: { title: 'Priya’s title' } },
    });
    expect(mutationsSince(from)).toEqual([]);
    expect(recordIn(recordAttachment('kr', KR)).data.title).toBe('Priya’s title');
  });

  it('reports a write that lands after its own, before the read-back, as a conflict', async () => {
    const fake = published();
    const backs = () => fake.requests.filter((r) => r.operationName === 'KrLensSpaceAttachments').length;
    fake.faults.inject({ kind: 'slow', delayMs: 300 }, { when: (r) => r.operationName === 'KrLensSpaceAttachments' && backs() === 3 });
    const saving = linearStore(fake).updateRecord(LINEAR_HOME, krDraft(KR, 'Dana’s title'), 1);
    await expect.poll(() => backs()).toBe(3);
    const attachment = recordAttachment('kr', KR);
    const theirs = {
      ...recordIn(attachment),
      rev: 2,
      updatedBy: 'Priya Product',
      updatedAt: '2026-11-02T10:00:00.000Z',
      data: { ...recordIn(attachment).data, title: 'Priya’s title' },
    };
    attachment.metadata = { [LINEAR_RECORD_FIELD]: JSON.stringify(theirs) };
    const result = await saving;
    expect(!result.ok && result.conflict).toMatchObject({ updatedBy: 'Priya Product', current: { data: { title: 'Priya’s title' } } });
  });

  it('cannot see a write that lands between its read and its upsert: Linear has no compare-and-set (the documented window)', async () => {
    const fake = published();
    fake.faults.inject({ kind: 'slow', delayMs: 300 }, { when: (r) => r.operationName === 'KrLensSpaceAttach' });
    const saving = linearStore(fake).updateRecord(LINEAR_HOME, krDraft(KR, 'Dana’s title'), 1);
    await expect.poll(() => fake.requests.some((r) => r.operationName === 'KrLensSpaceAttach')).toBe(true);
    const attachment = recordAttachment('kr', KR);
    attachment.metadata = {
      [LINEAR_RECORD_FIELD]: JSON.stringify({
        ...recordIn(attachment),
        rev: 2,
        updatedBy: 'Priya Product',
        data: { ...recordIn(attachment).data, title: 'Priya’s title' },
      }),
    };
    expect((await saving).ok).toBe(true);
    expect(recordIn(recordAttachment('kr', KR))).toMatchObject({ rev: 2, updatedBy: 'Dana Engineer', data: { title: 'Dana’s title' } });
  });

  it('never conflicts on edits of different records made at once; deletes softly and undoes', async () => {
    published();
    const [a, b] = await Promise.all([
      linearStore(harness.fake).updateRecord(LINEAR_HOME, krDraft(KR, 'Dana’s title'), 1),
      linearStore(harness.fake, PRIYA_API_KEY).updateRecord(LINEAR_HOME, krDraft(OTHER_KR, 'Priya’s title'), 1),
    ]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    const store = linearStore(harness.fake);
    await store.updateRecord(LINEAR_HOME, { ...krDraft(KR, 'Dana’s title'), deleted: true }, 2);
    expect(recordIn(recordAttachment('kr', KR))).toMatchObject({ rev: 3, deleted: true });
    expect((await readSet(store, LINEAR_HOME)).set?.keyResults.map((k) => k.id)).not.toContain(KR);
    await store.updateRecord(LINEAR_HOME, krDraft(KR, EXAMPLE.keyResults[0]!.title), 3);
    await store.updateRecord(LINEAR_HOME, krDraft(OTHER_KR, EXAMPLE.keyResults[1]!.title), 2);
    expect((await readSet(store, LINEAR_HOME)).set).toEqual(EXAMPLE);
  });
});

describe('check-ins', () => {
  const checkIn = (id: string, author: string) => ({ id, krId: KR, at: '2026-11-20T09:00:00Z', value: 270, confidence: 6, author });

  it('two at once are both kept, and one already there is not appended again', async () => {
    published();
    await Promise.all([
      linearStore(harness.fake).appendCheckIn(LINEAR_HOME, checkIn('ci-dana', 'Dana Engineer')),
      linearStore(harness.fake, PRIYA_API_KEY).appendCheckIn(LINEAR_HOME, checkIn('ci-priya', 'Priya Product')),
    ]);
    const store = linearStore(harness.fake);
    expect((await store.appendCheckIn(LINEAR_HOME, EXAMPLE.checkIns[2]!)).created).toBe(false);
    const { set } = await readSet(store, LINEAR_HOME);
    // Both new ones are in the set, whatever order the attachments come back in, and nothing twice.
    const ids = set?.checkIns.map((c) => c.id) ?? [];
    expect(ids).toEqual(expect.arrayContaining(['ci-dana', 'ci-priya']));
    expect(ids).toHaveLength(EXAMPLE.checkIns.length + 2);
    expect(spaceAttachments()).toHaveLength(RECORDS + EXAMPLE.checkIns.length + 2);
  });
});

describe('a publish cut off half-way', () => {
  it('resumes without duplicates after it was stopped among the records', async () => {
    const stop = new AbortController();
    await expect(
      publishSet(linearStore(harness.fake), LINEAR_HOME, EXAMPLE, {
        signal: stop.signal,
        onProgress: (p) => p.done === 12 && stop.abort(),
      }),
    ).rejects.toThrow();
    expect(spaceIssues()).toHaveLength(12);
    expect((await publishSet(linearStore(harness.fake), LINEAR_HOME, EXAMPLE)).existing.records).toBe(12);
    expect(spaceIssues()).toHaveLength(RECORDS);
    expect((await readSet(linearStore(harness.fake), LINEAR_HOME)).set).toEqual(EXAMPLE);
  });

  it('resumes on the same issue when it stopped between an issue and its record attachment', async () => {
    const fake = harness.fake;
    const attaches = () => fake.requests.filter((r) => r.operationName === 'KrLensSpaceAttach').length;
    fake.faults.inject({ kind: 'reset' }, { when: (r) => r.operationName === 'KrLensSpaceAttach' && attaches() === 5 });
    await expect(publishSet(linearStore(fake), LINEAR_HOME, EXAMPLE)).rejects.toThrow(/Could not reach Linear/);
    const before = ws().issues.length;
    expect(spaceAttachments()).toHaveLength(4);
    await publishSet(linearStore(fake), LINEAR_HOME, EXAMPLE);
    expect(ws().issues.length - before).toBe(RECORDS - 5);
    expect(spaceIssues()).toHaveLength(RECORDS);
    expect(ws().issues).toHaveLength(RECORDS);
    expect((await readSet(linearStore(fake), LINEAR_HOME)).set).toEqual(EXAMPLE);
  });
});

describe('records edited by hand', () => {
  it('skips broken JSON, nonsense and a newer record with sentences naming their issues; the rest loads', async () => {
    published();
    const broken = recordAttachment('kr', KR);
    const newer = recordAttachment('kr', OTHER_KR);
    const checkIn = spaceAttachments().find((a) => a.url.includes('/checkin/'))!;
    broken.metadata = { [LINEAR_RECORD_FIELD]: '{"schemaVersion": 1, "kind": "kr",' };
    newer.metadata = { [LINEAR_RECORD_FIELD]: JSON.stringify({ ...recordIn(newer), schemaVersion: 3 }) };
    checkIn.metadata = { [LINEAR_CHECKIN_FIELD]: JSON.stringify({ note: 'typed by hand' }) };
    const { set, skipped } = await readSet(linearStore(harness.fake), LINEAR_HOME);
    expect(skipped.slice(0, 3)).toEqual([
      `Skipped ${identifier(issueOf(broken))}: its KR Lens record is not valid JSON.`,
      `Skipped ${identifier(issueOf(newer))}: its KR Lens record was written by a newer KR Lens (format 3; this one reads 1). Update KR Lens to see it.`,
      expect.stringMatching(new RegExp(`^Skipped a check-in on ${identifier(issueOf(checkIn))}: it is not one KR Lens can read`)),
    ]);
    expect(set?.keyResults.map((k) => k.id)).toEqual(EXAMPLE.keyResults.map((k) => k.id).filter((id) => id !== KR && id !== OTHER_KR));
  });
});

describe('team membership', () => {
  it('publishing to a team one is not a member of names the membership and creates nothing', async () => {
    const mob = ws().teams.find((t) => t.key === 'MOB')!;
    mob.memberIds = [DANA.id];
    const priya = linearStore(harness.fake, PRIYA_API_KEY);
    expect(await priya.missingPermissions('MOB')).toEqual([
      "You can't publish to the Linear team MOB: you're not a member of it. Ask a team admin to add you to MOB, then try again.",
    ]);
    await expect(publishSet(priya, LINEAR_HOME, EXAMPLE)).rejects.toMatchObject({
      kind: 'permission',
      message: expect.stringContaining("you're not a member of it"),
    });
    expect(ws().issues).toEqual([]);
    expect(await linearStore(harness.fake).missingPermissions('MOB')).toEqual([]);
  });

  it('names a team key that does not exist', async () => {
    await expect(linearStore(harness.fake).missingPermissions('NOPE')).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringContaining('no team with the key NOPE'),
    });
  });
});

describe('finding and refreshing a space', () => {
  it('finds spaces by the kr-lens-set label across teams', async () => {
    published();
    expect(await linearStore(harness.fake, PRIYA_API_KEY).discover()).toEqual([
      {
        tracker: 'linear',
        site: 'acme',
        home: 'MOB',
        setId: 'acme',
        name: 'Acme Corp OKRs',
        issueKey: identifier(issueOf(recordAttachment('set', 'acme'))),
      },
    ]);
  });

  it('refreshes with only the attachments updated since the last read', async () => {
    published();
    for (const a of ws().attachments) a.updatedAt = a.createdAt = new Date(Date.now() - 3_600_000).toISOString();
    const dana = linearStore(harness.fake);
    const base = await dana.readSpace(LINEAR_HOME);
    const priya = linearStore(harness.fake, PRIYA_API_KEY);
    await priya.updateRecord(LINEAR_HOME, krDraft(KR, 'Priya’s title'), 1);
    await priya.appendCheckIn(LINEAR_HOME, { id: 'ci-new', krId: OTHER_KR, at: '2026-11-20T09:00:00Z', confidence: 4 });
    const from = harness.fake.requests.length;
    const delta = await dana.readSpace(LINEAR_HOME, base.cursor);
    expect(harness.fake.requests.slice(from).map((r) => r.operationName)).toEqual(['KrLensSpaceAttachments']);
    expect(delta.records.map((r) => r.record.id)).toEqual([KR]);
    expect(delta.checkIns.map((c) => c.checkIn.id)).toEqual(['ci-new']);
    expect(asSet(mergeSpaceRead(base, delta)).set).toEqual((await readSet(priya, LINEAR_HOME)).set);
  });
});
