/**
 * The contract checker itself must fail on what the real Jira would not accept; otherwise every
 * other suite's "no violations" proves nothing.
 */
import { describe, expect, it } from 'vitest';
import { jiraContractChecker } from '../../sandbox/jira/server';
import { ACME_USERS } from '../../sandbox/jira/seed';
import { useFakeJira } from './helpers';

const checker = jiraContractChecker();
const q = (init: Record<string, string> = {}) => new URLSearchParams(init);

describe('OpenAPI contract checker', () => {
  it.each([
    ['a path not in the spec', { method: 'GET', path: '/rest/api/3/issue/PLAT-1/kr-links', query: q() }, 'no such path'],
    ['a method the path does not have', { method: 'PATCH', path: '/rest/api/3/myself', query: q() }, 'method not in the contract'],
    [
      'an undeclared query parameter',
      { method: 'GET', path: '/rest/api/3/issue/PLAT-1', query: q({ fields: 'summary', limit: '5' }) },
      'query parameter "limit" is not declared',
    ],
    [
      'a query parameter of the wrong type',
      { method: 'GET', path: '/rest/api/3/search/jql', query: q({ jql: 'project = PLAT', maxResults: 'many' }) },
      'query parameter maxResults must be integer',
    ],
    [
      'a missing required query parameter',
      { method: 'DELETE', path: '/rest/api/3/issue/PLAT-1/remotelink', query: q() },
      'required query parameter "globalId" is missing',
    ],
    [
      'a body missing a required property',
      { method: 'POST', path: '/rest/api/3/issue/PLAT-1/remotelink', query: q(), body: { globalId: 'kr-lens:acme:x' } },
      "must have required property 'object'",
    ],
    [
      'a body with a wrongly typed property',
      { method: 'POST', path: '/rest/api/3/issue/PLAT-1/remotelink', query: q(), body: { object: { url: 42, title: 'KR: x' } } },
      'body/object/url must be string',
    ],
    [
      'a body property the operation does not take',
      { method: 'POST', path: '/rest/api/3/search/jql', query: q(), body: { jql: 'project = PLAT', startAt: 100 } },
      'must NOT have additional properties (startAt)',
    ],
    [
      'a body where none is taken',
      { method: 'GET', path: '/rest/api/3/myself', query: q(), body: { hello: 'world' } },
      'takes no JSON body',
    ],
    [
      'a body that is not JSON',
      { method: 'POST', path: '/rest/api/3/search/jql', query: q(), bodyParseError: 'Unexpected token' },
      'body is not JSON',
    ],
  ])('catches %s', (_name, request, expected) => {
    const { violations } = checker.check(request);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(expected);
  });

  it.each([
    ['GET', '/rest/api/3/issue/picker', 'getIssuePickerResource'],
    ['GET', '/rest/api/3/issue/PLAT-1', 'getIssue'],
    ['POST', '/rest/api/3/issue/bulkfetch', 'bulkFetchIssues'],
    ['DELETE', '/rest/api/3/issue/PLAT-1/remotelink', 'deleteRemoteIssueLinkByGlobalId'],
    ['GET', '/rest/agile/1.0/board/12/sprint', 'getAllSprints'],
  ])('matches %s %s to %s, literal segments before templates', (method, path, operationId) => {
    expect(checker.match(method, path)?.operationId).toBe(operationId);
  });

  it.each([
    [
      'comma-separated array parameters',
      { method: 'GET', path: '/rest/api/3/issue/PLAT-1', query: q({ fields: 'summary,status', properties: 'kr-lens-links' }) },
    ],
    [
      'repeated array parameters',
      {
        method: 'GET',
        path: '/rest/api/3/issue/PLAT-1',
        query: new URLSearchParams([
          ['fields', 'summary'],
          ['fields', 'status'],
        ]),
      },
    ],
    [
      'the agile spec\'s object-typed "state" parameter given as a string',
      { method: 'GET', path: '/rest/agile/1.0/board/1/sprint', query: q({ state: 'active,future' }) },
    ],
    [
      'a remote link as KR Lens writes it',
      {
        method: 'POST',
        path: '/rest/api/3/issue/PLAT-1/remotelink',
        query: q(),
        body: {
          globalId: 'kr-lens:acme:kr-1',
          relationship: 'serves key result',
          application: { type: 'kr-lens', name: 'KR Lens' },
          object: { url: 'https://example.com/#kr-1', title: 'KR: x', summary: 'y' },
        },
      },
    ],
  ])('accepts %s', (_name, request) => {
    expect(checker.check(request).violations).toEqual([]);
  });
});

describe('the fake Jira enforces the contract on every request', () => {
  const fake = useFakeJira();
  const basic = `Basic ${Buffer.from(`${ACME_USERS.dana.emailAddress}:${ACME_USERS.dana.apiToken}`).toString('base64')}`;

  it.each([
    ['a path not in the spec', 'GET', '/rest/api/3/issue/PLAT-1/kr-links', undefined],
    ['an undeclared query parameter', 'GET', '/rest/api/3/issue/PLAT-1?expandAll=true', undefined],
    ['an invalid body', 'POST', '/rest/api/3/issue/PLAT-1/remotelink', { globalId: 'kr-lens:acme:x', object: { title: 'KR: x' } }],
  ])('answers %s with 400 and records the violation', async (_name, method, path, body) => {
    const response = await fetch(`${fake().url}${path}`, {
      method,
      headers: { authorization: basic, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { errorMessages: string[] };
    expect(answer.errorMessages[0]).toMatch(/^contract violation: /);
    expect(fake().violations).toHaveLength(1);
    // Seen and asserted: clear so the suite's afterEach check stays meaningful for the other tests.
    fake().violations.length = 0;
  });
});
