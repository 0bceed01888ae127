/**
 * Team spaces on Jira against the fake Jira over HTTP (every request checked against the
 * platform contract): publish, read back, update by rev, check in, resume, bad records,
 * permissions, discovery and refresh.
 */
import { describe, expect, it } from 'vitest';
import { publishSet } from '../../lib/space/publish';
import { checkInText, JIRA_CHECKIN_PROPERTY, JIRA_RECORD_PROPERTY, type RecordDraft } from '../../lib/space/record';
import { denyPermission } from '../sandbox/jira/permissions';
import { ACME_USERS } from '../sandbox/jira/seed';
import { setFakeSpaceOptions } from '../sandbox/jira/space-routes';
import type { FakeIssue } from '../sandbox/jira/state';
import { useFakeJira } from '../trackers/jira/helpers';
import { addOkrProject, EXAMPLE, JIRA_HOME, jiraStore, readSet } from './helpers';

const getFake = useFakeJira();

const spaceIssues = (): FakeIssue[] => [...getFake().state.issues.values()].filter((i) => i.projectKey === 'OKR');
const recordOn = (issue: FakeIssue) => issue.properties[JIRA_RECORD_PROPERTY] as { kind: string; id: string; rev: number; data: Record<string, unknown> };
const issueOf = (kind: string, id: string) => spaceIssues().find((i) => recordOn(i)?.kind === kind && recordOn(i)?.id === id)!;
const commentsIn = () => spaceIssues().flatMap((i) => i.comments ?? []);

async function published() {
  const fake = getFake();
  addOkrProject(fake);
  await publishSet(jiraStore(fake), JIRA_HOME, EXAMPLE);
  fake.requests.length = 0;
  return fake;
}

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
    expect(JSON.stringify(onKr[0]!.body)).toContain(JSON.stringify(checkInText(checkIn, EXAMPLE.keyResults.find((k) => k.id === checkIn.krId))).slice(1, -1));
    expect(commentsIn()).toHaveLength(EXAMPLE.checkIns.length);

    const { set, skipped } = await readSet(jiraStore(fake, 'priya'), JIRA_HOME);
    expect(skipped).toEqual([]);
    expect(set).toEqual(EXAMPLE);
  });

  it('reads a space in a search and a comment list: 2 requests for the example set', async () => {
    const fake = await published();
    await jiraStore(fake, 'priya').readSpace(JIRA_HOME);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /rest/api/3/search/jql', 'POST /rest/api/3/comment/list']);
    const search = fake.requests[0]!.body as { jql: string; properties: string[]; fields: string[] };
    expect(search).toMatchObject({ jql: 'project = "OKR" AND labels = "kr-lens" ORDER BY created ASC', properties: ['kr-lens.record'], fields: ['summary', 'comment'] });
    expect(fake.requests[1]!.query.get('expand')).toBe('properties');
  });
});
