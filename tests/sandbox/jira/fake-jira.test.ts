/**
 * The fake Jira behaves like Jira where the adapter depends on it: auth, JQL errors, the search's
 * page caps and tokens, remote link upserts, and a route table others can extend.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACME_USERS } from './seed';
import { addIssue } from './state';
import { startFakeJira, type RunningFakeJira } from './server';

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

const basic = (email: string, token: string) => `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
const dana = basic(ACME_USERS.dana.emailAddress, ACME_USERS.dana.apiToken);

async function call(method: string, path: string, body?: unknown, authorization: string | null = dana) {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { ...(authorization ? { authorization } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as Record<string, unknown>) : text,
  };
}

const search = (body: Record<string, unknown>) => call('POST', '/rest/api/3/search/jql', body);

describe('fake Jira', () => {
  it.each([
    ['no credentials', null],
    ['a wrong API token', basic(ACME_USERS.dana.emailAddress, 'nope')],
    ['a user without API token', basic(ACME_USERS.omar.emailAddress, '')],
  ])('answers 401 to %s', async (_name, authorization) => {
    expect((await call('GET', '/rest/api/3/myself', undefined, authorization)).status).toBe(401);
  });

  it.each([
    ['an unknown field', 'colour = red', "Field 'colour' does not exist"],
    ['an unknown function', 'issue in linkedIssuesOf("PLAT-1")', "Unable to find JQL function 'linkedIssuesOf"],
    ['an unbounded query', 'ORDER BY key', 'Unbounded JQL queries are not allowed'],
    ['a missing issue key', 'key in (PLAT-1, PLAT-999)', "An issue with key 'PLAT-999' does not exist"],
    ['a malformed query', 'project = ', 'Expecting a value'],
    ['an unclosed string', 'project = "PLAT', 'has not been completed'],
  ])('rejects %s like Jira', async (_name, jql, message) => {
    const { status, body } = await search({ jql });
    expect(status).toBe(400);
    expect((body as { errorMessages: string[] }).errorMessages[0]).toContain(message);
  });

  it('takes at most 100 global ids per issuesWithRemoteLinksByGlobalId', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `"kr-lens:acme:kr-${i}"`).join(', ');
    expect((await search({ jql: `issue in issuesWithRemoteLinksByGlobalId(${ids(100)})` })).status).toBe(200);
    expect((await search({ jql: `issue in issuesWithRemoteLinksByGlobalId(${ids(101)})` })).status).toBe(400);
  });

  it('can refuse issuesWithRemoteLinksByGlobalId as a site without it does', async () => {
    fake.state.options.refuseRemoteLinkFunction = true;
    const { status, body } = await search({ jql: 'issue in issuesWithRemoteLinksByGlobalId("kr-lens:acme:kr-plat-p95-checkout")' });
    expect(status).toBe(400);
    expect((body as { errorMessages: string[] }).errorMessages[0]).toMatch(
      /^Unable to find JQL function 'issuesWithRemoteLinksByGlobalId\(/,
    );
  });

  it('caps pages at 100 issues with fields and 5000 with ids only, and pages with tokens tied to their query', async () => {
    for (let i = 0; i < 150; i++)
      addIssue(fake.state, { key: `PLAT-${500 + i}`, projectKey: 'PLAT', type: 'Task', summary: `T${i}`, status: 'To Do' });
    const total = [...fake.state.issues.values()].filter((i) => i.projectKey === 'PLAT').length;
    const withFields = await search({ jql: 'project = PLAT', fields: ['summary'], maxResults: 5000 });
    expect((withFields.body as { issues: unknown[] }).issues).toHaveLength(100);
    const idsOnly = await search({ jql: 'project = PLAT', fields: ['id'], maxResults: 5000 });
    expect((idsOnly.body as { issues: unknown[]; isLast: boolean }).issues).toHaveLength(total);
    const token = (withFields.body as { nextPageToken: string }).nextPageToken;
    const second = await search({ jql: 'project = PLAT', fields: ['summary'], maxResults: 5000, nextPageToken: token });
    expect(second.body as { issues: unknown[]; isLast: boolean; nextPageToken?: string }).toMatchObject({ isLast: true });
    expect((second.body as { issues: unknown[] }).issues).toHaveLength(total - 100);
    expect(second.body).not.toHaveProperty('nextPageToken');
    expect((await search({ jql: 'project = GROW', nextPageToken: token })).status).toBe(400);
  });

  it('returns only the fields and properties asked for', async () => {
    const { body } = await call('GET', '/rest/api/3/issue/PLAT-1?fields=summary&properties=kr-lens-links');
    const issue = body as { fields: Record<string, unknown>; properties: Record<string, unknown> };
    expect(Object.keys(issue.fields)).toEqual(['summary']);
    expect(Object.keys(issue.properties)).toEqual(['kr-lens-links']);
  });

  it('creates a remote link once per globalId and updates it after', async () => {
    const link = { globalId: 'kr-lens:acme:kr-x', object: { url: 'https://example.com/#kr-x', title: 'KR: X' } };
    expect((await call('POST', '/rest/api/3/issue/GROW-15/remotelink', link)).status).toBe(201);
    expect(
      (await call('POST', '/rest/api/3/issue/GROW-15/remotelink', { ...link, object: { ...link.object, title: 'KR: Y' } })).status,
    ).toBe(200);
    const { body } = await call('GET', '/rest/api/3/issue/GROW-15/remotelink');
    expect(body).toEqual([expect.objectContaining({ globalId: link.globalId, object: expect.objectContaining({ title: 'KR: Y' }) })]);
  });

  it('refuses property writes to a user without Edit issues, who may still make and remove remote links', async () => {
    const reza = basic(ACME_USERS.reza.emailAddress, ACME_USERS.reza.apiToken);
    const link = { globalId: 'kr-lens:acme:kr-x', object: { url: 'https://example.com/#kr-x', title: 'KR: X' } };
    expect((await call('POST', '/rest/api/3/issue/GROW-15/remotelink', link, reza)).status).toBe(201);
    const refused = await call('PUT', '/rest/api/3/issue/GROW-15/properties/kr-lens-links', { v: 1, globalIds: [link.globalId] }, reza);
    expect(refused.status).toBe(403);
    expect(fake.state.issues.get('GROW-15')!.properties).toEqual({});
    expect((await call('DELETE', '/rest/api/3/issue/PLAT-1/properties/kr-lens-links', undefined, reza)).status).toBe(403);
    expect(
      (await call('DELETE', `/rest/api/3/issue/GROW-15/remotelink?globalId=${encodeURIComponent(link.globalId)}`, undefined, reza)).status,
    ).toBe(204);
    fake.state.users.find((u) => u.accountId === ACME_USERS.reza.accountId)!.mayLinkIssues = false;
    expect((await call('POST', '/rest/api/3/issue/GROW-15/remotelink', link, reza)).status).toBe(403);
  });

  it('selects by remote link globalId with in, not in, and ids', async () => {
    const keysOf = async (jql: string) =>
      ((await search({ jql, fields: ['key'] })).body as { issues: Array<{ key: string }> }).issues.map((i) => i.key);
    const plat1 = fake.state.issues.get('PLAT-1')!;
    const plat9 = fake.state.issues.get('PLAT-9')!;
    const p95 = '"kr-lens:acme:kr-plat-p95-checkout"';
    expect(await keysOf(`id in (${plat1.id}, ${plat9.id}) AND issue in issuesWithRemoteLinksByGlobalId(${p95})`)).toEqual(['PLAT-1']);
    expect(await keysOf(`id in (${plat1.id}, ${plat9.id}) AND issue not in issuesWithRemoteLinksByGlobalId(${p95})`)).toEqual(['PLAT-9']);
    expect(
      await keysOf(
        `project = PLAT AND issue in issuesWithRemoteLinksByGlobalId(${p95}, "kr-lens:acme:kr-grow-activation") AND id not in (${plat1.id})`,
      ),
    ).toEqual(['PLAT-9']);
  });

  it('consumes a fault rule the number of times given', async () => {
    fake.faults.add({ path: '/rest/api/3/myself', times: 2, fault: { kind: 'status', status: 503, retryAfter: 7 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call('GET', '/rest/api/3/myself')).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('serves routes added to its table, outside the REST contract', async () => {
    fake.routes.push({
      method: 'GET',
      path: '/browse/{key}',
      auth: false,
      handle: (c) => {
        c.res.writeHead(200, { 'content-type': 'text/html' });
        c.res.end(`<title>${c.state.issues.get(c.params.key!)?.summary}</title>`);
      },
    });
    try {
      const { status, body } = await call('GET', '/browse/PLAT-1', undefined, null);
      expect(status).toBe(200);
      expect(body).toBe(`<title>${fake.state.issues.get('PLAT-1')!.summary}</title>`);
    } finally {
      fake.routes.pop();
    }
  });
});
