/**
 * The fake Linear checks itself: a document that does not fit Linear's schema is caught and
 * answered as Linear answers it, and the parts of Linear's behaviour the adapter relies on
 * (identifier lookup, attachment upsert, page caps, auth) are emulated.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DANA_API_KEY, KR_CRASH_FREE, startFakeLinear, type RunningFakeLinear } from '.';
import { checkLinearDocument, estimateComplexity } from '../contract/graphql';
import { parse } from 'graphql';

let fake: RunningFakeLinear;
beforeAll(async () => {
  fake = await startFakeLinear();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function post(query: string, variables: Record<string, unknown> = {}, authorization: string | null = DANA_API_KEY) {
  const response = await fetch(fake.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === null ? {} : { authorization }) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('schema validation self-test', () => {
  it.each([
    ['an unknown field', 'query Q { issue(id: "MOB-1") { identifier storyPoints } }', /Cannot query field "storyPoints"/],
    ['a wrong argument type', 'query Q { issue(id: 12) { identifier } }', /String cannot represent a non string value/],
    ['an unknown argument', 'query Q { issues(maxResults: 5) { nodes { id } } }', /Unknown argument "maxResults"/],
    ['an unknown filter field', 'query Q { issues(filter: { storyPoints: { eq: 3 } }) { nodes { id } } }', /storyPoints/],
    ['a syntax error', 'query Q { issue(id: "MOB-1") { identifier }', /Syntax Error/],
  ])('catches %s, records it, and answers 400 like Linear', async (_what, query, message) => {
    expect(checkLinearDocument(query).ok).toBe(false);
    const { status, body } = await post(query);
    expect(status).toBe(400);
    expect(body.errors[0].message).toMatch(message);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(fake.violations.map((v) => v.kind)).toContain('invalid-document');
  });

  it('catches variables that do not fit the declared types', async () => {
    const { status } = await post('query Q($first: Int) { issues(first: $first) { nodes { id } } }', { first: 'many' });
    expect(status).toBe(400);
    expect(fake.violations.map((v) => v.kind)).toEqual(['invalid-document']);
  });

  it('accepts a valid document and records no violation', async () => {
    const { status, body } = await post('query Q { viewer { name organization { urlKey } } }');
    expect(status).toBe(200);
    expect(body.data.viewer).toEqual({ name: 'Dana Engineer', organization: { urlKey: 'acme' } });
    expect(fake.violations).toEqual([]);
    expect(fake.operations()).toEqual(['Q']);
  });

  it('refuses a query over Linear’s complexity ceiling (nested connections)', async () => {
    const query = 'query Deep { issues(first: 250) { nodes { children(first: 250) { nodes { id title } } } } }';
    expect(estimateComplexity(parse(query))).toBeGreaterThan(10_000);
    const { status } = await post(query);
    expect(status).toBe(400);
    expect(fake.violations.map((v) => v.kind)).toEqual(['too-complex']);
  });

  it('reports a filter the fake does not emulate instead of ignoring it', async () => {
    const { body } = await post('query Q { issues(filter: { priority: { eq: 1 } }) { nodes { id } } }');
    expect(body.errors).toBeDefined();
    expect(fake.violations.map((v) => v.kind)).toEqual(['unsupported']);
  });
});

describe('Linear behaviour the adapter relies on', () => {
  it.each([['MOB-12'], ['mob-12']])('issue(id:) accepts the identifier %s', async (id) => {
    const { body } = await post('query Q($id: String!) { issue(id: $id) { identifier url } }', { id });
    expect(body.data.issue).toEqual({
      identifier: 'MOB-12',
      url: 'https://linear.app/acme/issue/MOB-12/null-pointer-in-the-image-cache',
    });
  });

  it('issue(id:) accepts the UUID, and answers a missing issue with Entity not found', async () => {
    const uuid = fake.state.workspace.issues[0]!.id;
    expect((await post('query Q($id: String!) { issue(id: $id) { identifier } }', { id: uuid })).body.data.issue.identifier).toBe('MOB-1');
    const missing = await post('query Q { issue(id: "MOB-999") { identifier } }');
    expect(missing.status).toBe(200);
    expect(missing.body.data).toBeNull();
    expect(missing.body.errors[0]).toMatchObject({ message: 'Entity not found: Issue', extensions: { code: 'INPUT_ERROR' } });
  });

  it('attachmentCreate upserts on the same url and issue, and adds on another issue', async () => {
    const create = `mutation M($input: AttachmentCreateInput!) { attachmentCreate(input: $input) { success attachment { id title metadata } } }`;
    const input = { issueId: 'MOB-12', url: KR_CRASH_FREE.url, title: 'KR: old', metadata: { krLens: 'acme:kr-mob-crash-free' } };
    const first = await post(create, { input });
    const again = await post(create, { input: { ...input, title: 'KR: new' } });
    expect(again.body.data.attachmentCreate.attachment.id).toBe(first.body.data.attachmentCreate.attachment.id);
    expect(again.body.data.attachmentCreate.attachment.title).toBe('KR: new');
    await post(create, { input: { ...input, issueId: 'MOB-13' } });
    const forUrl = await post('query Q($url: String!) { attachmentsForURL(url: $url) { nodes { issue { identifier } } } }', {
      url: KR_CRASH_FREE.url,
    });
    const identifiers = forUrl.body.data.attachmentsForURL.nodes.map((n: any) => n.issue.identifier).sort();
    // MOB-10, MOB-16 and WEB-6 are seeded; MOB-12 once despite two creates; MOB-13 added.
    expect(identifiers).toEqual(['MOB-10', 'MOB-12', 'MOB-13', 'MOB-16', 'WEB-6']);
  });

  it('pages 50 by default and refuses more than 250', async () => {
    const page = await post('query Q { issues { nodes { id } pageInfo { hasNextPage } } }');
    expect(fake.state.workspace.issues.length).toBeLessThan(50);
    expect(page.body.data.issues.pageInfo.hasNextPage).toBe(false);
    const tooBig = await post('query Q { issues(first: 251) { nodes { id } } }');
    expect(tooBig.body.errors[0].extensions.code).toBe('INPUT_ERROR');
    expect(fake.violations.map((v) => v.kind)).toEqual(['page-size']);
    fake.violations.length = 0;
  });

  it.each([
    ['the raw key', DANA_API_KEY, 200],
    ['a Bearer key', `Bearer ${DANA_API_KEY}`, 200],
    ['an unknown key', 'lin_api_nope', 401],
    ['no key', null, 401],
  ])('authenticates %s', async (_what, authorization, status) => {
    const response = await post('query Q { viewer { id } }', {}, authorization);
    expect(response.status).toBe(status);
    if (status !== 200) expect(response.body.errors[0].extensions.code).toBe('AUTHENTICATION_ERROR');
  });

  it('answers a rate limit with RATELIMITED and a reset time in epoch milliseconds', async () => {
    fake.faults.inject({ kind: 'ratelimited', resetAfterMs: 60_000 });
    const before = Date.now();
    const { status, headers, body } = await post('query Q { viewer { id } }');
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('RATELIMITED');
    expect(Number(headers.get('x-ratelimit-requests-reset'))).toBeGreaterThanOrEqual(before + 60_000);
    expect(headers.get('x-ratelimit-requests-remaining')).toBe('0');
  });
});
