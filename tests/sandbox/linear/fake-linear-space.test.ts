/**
 * The fake Linear emulates what team spaces rely on: issues created with a client-chosen id (once),
 * team membership, workspace labels, the workspace's attachments by URL prefix and dates, and
 * the viewer's teams.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DANA, DANA_API_KEY, PRIYA_API_KEY, startFakeLinear, type RunningFakeLinear } from '.';

let fake: RunningFakeLinear;
beforeAll(async () => {
  fake = await startFakeLinear();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());
afterEach(() => expect(fake.violations).toEqual([]));

async function post(query: string, variables: Record<string, unknown> = {}, authorization = DANA_API_KEY) {
  const response = await fetch(fake.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions: { code: string } }> };
}

const CREATE =
  'mutation C($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { id identifier title labels { nodes { name } } } } }';
const team = (key: string) => fake.state.workspace.teams.find((t) => t.key === key)!;
const ID = '3f2c1a7e-9b1d-4c2e-8a3b-1234567890ab';

describe('issues created by team spaces', () => {
  it('takes a client-chosen UUID once; the second create with it fails and makes nothing', async () => {
    const first = await post(CREATE, { input: { id: ID, teamId: team('MOB').id, title: 'A record' } });
    expect(first.data.issueCreate.issue).toMatchObject({ id: ID, identifier: 'MOB-25', title: 'A record' });
    const again = await post(CREATE, { input: { id: ID, teamId: team('MOB').id, title: 'A record' } });
    expect(again.errors?.[0]?.message).toBe('An issue with this id already exists.');
    expect(fake.state.workspace.issues.filter((i) => i.id === ID)).toHaveLength(1);
    expect((await post(CREATE, { input: { id: 'not-a-uuid', teamId: team('MOB').id, title: 'x' } })).errors?.[0]?.message).toBe(
      'id must be a UUID v4.',
    );
  });

  it('refuses an issue from someone outside a team with members, with FORBIDDEN', async () => {
    team('WEB').memberIds = [DANA.id];
    const refused = await post(CREATE, { input: { teamId: team('WEB').id, title: 'x' } }, PRIYA_API_KEY);
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const teams = await post('query V { viewer { teams(first: 50) { nodes { key } } } }', {}, PRIYA_API_KEY);
    expect(teams.data.viewer.teams.nodes.map((t: { key: string }) => t.key)).toEqual(['MOB']);
  });

  it('renames an issue and moves its updatedAt', async () => {
    const before = fake.state.workspace.issues.find((i) => i.number === 16)!.updatedAt;
    const id = fake.state.workspace.issues.find((i) => i.number === 16 && i.teamId === team('MOB').id)!.id;
    const updated = await post(
      'mutation U($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success issue { title } } }',
      { id, input: { title: 'Renamed' } },
    );
    expect(updated.data.issueUpdate.issue.title).toBe('Renamed');
    expect(fake.state.workspace.issues.find((i) => i.id === id)!.updatedAt > before).toBe(true);
  });
});

describe('labels', () => {
  it('creates a workspace label once, and finds labels by name', async () => {
    const create =
      'mutation L($input: IssueLabelCreateInput!) { issueLabelCreate(input: $input) { success issueLabel { id name team { id } } } }';
    const made = await post(create, { input: { name: 'kr-lens' } });
    expect(made.data.issueLabelCreate.issueLabel).toMatchObject({ name: 'kr-lens', team: null });
    expect((await post(create, { input: { name: 'kr-lens' } })).errors?.[0]?.message).toContain('already exists');
    const found = await post('query F { issueLabels(filter: { name: { in: ["kr-lens", "Bug"] } }) { nodes { name } } }');
    expect(found.data.issueLabels.nodes.map((l: { name: string }) => l.name).sort()).toEqual(['Bug', 'kr-lens']);
  });
});

describe('attachments across the workspace', () => {
  it('filters by URL prefix and by updatedAt, in creation order', async () => {
    const attach = 'mutation A($input: AttachmentCreateInput!) { attachmentCreate(input: $input) { success } }';
    const issueId = fake.state.workspace.issues[0]!.id;
    for (const id of ['a', 'b', 'c'])
      await post(attach, {
        input: { issueId, url: `https://kr-lens.invalid/space/x/kr/${id}`, title: id, metadata: { krLensRecord: '{}' } },
      });
    const query =
      'query Q($filter: AttachmentFilter!) { attachments(filter: $filter, first: 2) { nodes { url } pageInfo { hasNextPage } } }';
    const page = await post(query, { filter: { url: { startsWith: 'https://kr-lens.invalid/space/x/' } } });
    expect(page.data.attachments.nodes.map((n: { url: string }) => n.url.slice(-1))).toEqual(['a', 'b']);
    expect(page.data.attachments.pageInfo.hasNextPage).toBe(true);
    const since = fake.state.workspace.attachments.find((a) => a.url.endsWith('/b'))!.updatedAt;
    const later = await post(query, {
      filter: { and: [{ url: { startsWith: 'https://kr-lens.invalid/space/x/' } }, { updatedAt: { gt: since } }] },
    });
    expect(later.data.attachments.nodes.map((n: { url: string }) => n.url.slice(-1))).toEqual(['c']);
  });
});
