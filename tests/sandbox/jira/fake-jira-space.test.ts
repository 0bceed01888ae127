/**
 * The fake Jira's team-space endpoints behave as the contract and Jira's documentation say:
 * create and edit issues, comments and their properties, comments by id, the bulk property set
 * with its filter and task, create metadata and permissions, including users who lack a permission.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { denyPermission } from './permissions';
import { ACME_USERS } from './seed';
import { startFakeJira, type RunningFakeJira } from './server';
import { COMMENT_FIELD_CAP } from './comments';

let fake: RunningFakeJira;
beforeAll(async () => {
  fake = await startFakeJira();
});
afterEach(() => {
  const violations = [...fake.violations];
  fake.reset();
  expect(violations).toEqual([]);
});
afterAll(() => fake.close());

const basic = (user: { emailAddress: string; apiToken: string }) =>
  `Basic ${Buffer.from(`${user.emailAddress}:${user.apiToken}`).toString('base64')}`;

async function call(method: string, path: string, body?: unknown, as: 'dana' | 'priya' = 'dana', redirect: RequestRedirect = 'follow') {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    redirect,
    headers: { authorization: basic(ACME_USERS[as]), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

const adf = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const newIssue = (fields: Record<string, unknown> = {}, properties?: unknown) =>
  call('POST', '/rest/api/3/issue', {
    fields: { project: { key: 'PLAT' }, issuetype: { id: '10002' }, summary: 'A record', labels: ['kr-lens'], ...fields },
    ...(properties ? { properties } : {}),
  });

describe('creating and editing issues', () => {
  it('creates an issue with labels and properties in one request', async () => {
    const created = await newIssue({}, [{ key: 'kr-lens.record', value: { rev: 1 } }]);
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^PLAT-\d+$/);
    const read = await call('GET', `/rest/api/3/issue/${created.body.key}?fields=summary,labels,issuetype&properties=kr-lens.record`);
    expect(read.body).toMatchObject({
      fields: { summary: 'A record', labels: ['kr-lens'], issuetype: { name: 'Task' } },
      properties: { 'kr-lens.record': { rev: 1 } },
    });
  });

  it.each([
    ['no summary', { summary: '' }, 'summary'],
    ['a label with a space', { labels: ['kr lens'] }, 'labels'],
    ['a field not on the screen', { customfield_99999: 1 }, 'customfield_99999'],
    ['a plain-text description', { description: 'text' }, 'description'],
  ])('refuses %s with a field error', async (_name, fields, field) => {
    const created = await newIssue(fields);
    expect(created.status).toBe(400);
    expect(Object.keys(created.body.errors)).toContain(field);
  });

  it('answers 403 with Jira’s error body to a user without Create issues, whose create metadata is empty', async () => {
    denyPermission(fake.state, ACME_USERS.dana.accountId, 'CREATE_ISSUES', 'PLAT');
    expect(await newIssue()).toEqual(
      expect.objectContaining({
        status: 403,
        body: { errorMessages: ['You do not have permission to create issues in this project.'], errors: {} },
      }),
    );
    expect((await call('GET', '/rest/api/3/issue/createmeta/PLAT/issuetypes')).body.issueTypes).toEqual([]);
    expect(
      (await call('GET', '/rest/api/3/issue/createmeta/GROW/issuetypes')).body.issueTypes.map((t: { name: string }) => t.name),
    ).toContain('Task');
  });

  it('edits the summary and moves `updated`; without Edit issues it answers 400 and changes nothing', async () => {
    const key = 'PLAT-2';
    const before = fake.state.issues.get(key)!.updated;
    await new Promise((r) => setTimeout(r, 5));
    expect((await call('PUT', `/rest/api/3/issue/${key}`, { fields: { summary: 'Renamed', description: adf('why') } })).status).toBe(204);
    expect(fake.state.issues.get(key)).toMatchObject({ summary: 'Renamed', description: adf('why') });
    expect(fake.state.issues.get(key)!.updated > before).toBe(true);
    denyPermission(fake.state, ACME_USERS.priya.accountId, 'EDIT_ISSUES');
    const refused = await call('PUT', `/rest/api/3/issue/${key}`, { fields: { summary: 'Priya was here' } }, 'priya');
    expect(refused).toMatchObject({ status: 400, body: { errorMessages: ['You do not have permission to edit issues in this project.'] } });
    expect(fake.state.issues.get(key)!.summary).toBe('Renamed');
  });

  it('reports permissions per project and issue', async () => {
    denyPermission(fake.state, ACME_USERS.dana.accountId, 'ADD_COMMENTS', 'GROW');
    const plat = await call('GET', '/rest/api/3/mypermissions?projectKey=PLAT&permissions=CREATE_ISSUES,ADD_COMMENTS');
    expect(plat.body.permissions.ADD_COMMENTS.havePermission).toBe(true);
    const grow = await call('GET', '/rest/api/3/mypermissions?issueKey=GROW-2&permissions=ADD_COMMENTS');
    expect(grow.body.permissions.ADD_COMMENTS.havePermission).toBe(false);
    expect((await call('GET', '/rest/api/3/mypermissions?projectKey=NOPE&permissions=ADD_COMMENTS')).status).toBe(404);
  });
});

describe('comments and their properties', () => {
  it('keeps properties given on create, expands them only on /comment/list, and moves the issue’s `updated`', async () => {
    const before = fake.state.issues.get('PLAT-3')!.updated;
    await new Promise((r) => setTimeout(r, 5));
    const posted = await call('POST', '/rest/api/3/issue/PLAT-3/comment', {
      body: adf('Check-in: confidence 7/10'),
      properties: [{ key: 'kr-lens.checkin', value: { id: 'ci-1' } }],
    });
    expect(posted.status).toBe(201);
    expect(fake.state.issues.get('PLAT-3')!.updated > before).toBe(true);
    const listed = await call('GET', '/rest/api/3/issue/PLAT-3/comment');
    expect(listed.body.comments[0].properties).toBeUndefined();
    const expanded = await call('POST', '/rest/api/3/comment/list?expand=properties', { ids: [Number(posted.body.id)] });
    expect(expanded.body.values[0].properties).toEqual([{ key: 'kr-lens.checkin', value: { id: 'ci-1' } }]);
    const plain = await call('POST', '/rest/api/3/comment/list', { ids: [Number(posted.body.id)] });
    expect(plain.body.values[0].properties).toBeUndefined();
  });

  it('takes 1 to 1,000 ids', async () => {
    expect((await call('POST', '/rest/api/3/comment/list', { ids: [] })).status).toBe(400);
    expect((await call('POST', '/rest/api/3/comment/list', { ids: Array.from({ length: 1001 }, (_, i) => i + 1) })).status).toBe(400);
    expect((await call('POST', '/rest/api/3/comment/list', { ids: Array.from({ length: 1000 }, (_, i) => i + 1) })).status).toBe(200);
  });

  it(`caps an issue’s comment field at ${COMMENT_FIELD_CAP} and says the real total`, async () => {
    for (let i = 0; i < COMMENT_FIELD_CAP + 5; i++) await call('POST', '/rest/api/3/issue/PLAT-4/comment', { body: adf(`c${i}`) });
    const read = await call('GET', '/rest/api/3/issue/PLAT-4?fields=comment');
    expect(read.body.fields.comment).toMatchObject({ total: COMMENT_FIELD_CAP + 5, maxResults: COMMENT_FIELD_CAP, startAt: 5 });
    expect(read.body.fields.comment.comments).toHaveLength(COMMENT_FIELD_CAP);
  });

  it('refuses a comment from a user without Add comments (400, as the contract lists)', async () => {
    denyPermission(fake.state, ACME_USERS.priya.accountId, 'ADD_COMMENTS');
    expect(await call('POST', '/rest/api/3/issue/PLAT-3/comment', { body: adf('hi') }, 'priya')).toMatchObject({
      status: 400,
      body: { errorMessages: ['You do not have the permission to comment on this issue.'] },
    });
  });
});

describe('the bulk property set', () => {
  const put = (body: unknown, as: 'dana' | 'priya' = 'dana') =>
    call('PUT', '/rest/api/3/issue/properties/kr-lens.record', body, as, 'manual');
  const id = () => Number(fake.state.issues.get('PLAT-2')!.id);

  it('answers 303 to its task, writes only where the current value matches, and leaves `updated` alone', async () => {
    fake.state.issues.get('PLAT-2')!.properties['kr-lens.record'] = { rev: 1 };
    const updated = fake.state.issues.get('PLAT-2')!.updated;
    const stale = await put({ value: { rev: 3 }, filter: { entityIds: [id()], currentValue: { rev: 2 } } });
    expect(stale.status).toBe(303);
    expect(fake.state.issues.get('PLAT-2')!.properties['kr-lens.record']).toEqual({ rev: 1 });
    const fresh = await put({ value: { rev: 2 }, filter: { entityIds: [id()], currentValue: { rev: 1 } } });
    const location = fresh.headers.get('location')!;
    expect(location).toMatch(/^\/rest\/api\/3\/task\/\d+$/);
    expect(fake.state.issues.get('PLAT-2')!.properties['kr-lens.record']).toEqual({ rev: 2 });
    expect(fake.state.issues.get('PLAT-2')!.updated).toBe(updated);
    expect((await call('GET', location)).body.status).toBe('RUNNING');
    expect((await call('GET', location)).body.status).toBe('COMPLETE');
    expect((await call('GET', location, undefined, 'priya')).status).toBe(403);
  });

  it('skips issues the user may not edit, and says a filter without entityIds is never to be sent', async () => {
    denyPermission(fake.state, ACME_USERS.priya.accountId, 'EDIT_ISSUES');
    expect((await put({ value: { rev: 9 }, filter: { entityIds: [id()] } }, 'priya')).status).toBe(303);
    expect(fake.state.issues.get('PLAT-2')!.properties['kr-lens.record']).toBeUndefined();
    await put({ value: { rev: 9 }, filter: { hasProperty: true } });
    expect(fake.violations).toEqual([expect.stringContaining('without filter.entityIds writes every issue the user can edit')]);
    fake.violations.length = 0;
  });
});
