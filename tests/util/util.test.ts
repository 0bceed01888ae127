import { describe, expect, it } from 'vitest';
import { ServiceCallError } from '../../lib/messaging';
import { chunk } from '../../lib/util/chunk';
import { localDate } from '../../lib/util/date';
import { messageOf } from '../../lib/util/error';
import { hostOf } from '../../lib/util/host';

describe('localDate', () => {
  it.each([
    [new Date(2025, 0, 5, 0, 0), '2025-01-05'],
    [new Date(2025, 11, 31, 23, 59), '2025-12-31'],
  ])('%s is %s where the user is', (now, date) => {
    expect(localDate(now)).toBe(date);
  });

  it('takes the clock as milliseconds too, as the background reads it', () => {
    expect(localDate(new Date(2026, 10, 21, 23, 59).getTime())).toBe('2026-11-21');
  });
});

describe('messageOf', () => {
  it.each<[string, unknown, string]>([
    ['an Error', new Error('The file is empty.'), 'The file is empty.'],
    [
      'the background’s answer',
      new ServiceCallError({ kind: 'auth', message: 'Jira refused the API token.' }),
      'Jira refused the API token.',
    ],
    ['a thrown string', 'quota exceeded', 'quota exceeded'],
    ['anything else', 42, '42'],
  ])('says what went wrong for %s', (_, error, message) => {
    expect(messageOf(error)).toBe(message);
  });
});

describe('hostOf', () => {
  it.each([
    ['https://acme.atlassian.net', 'acme.atlassian.net'],
    ['https://jira.example.com:8443/', 'jira.example.com:8443'],
    ['acme', 'acme'],
  ])('%s is shown as %s', (site, host) => {
    expect(hostOf(site)).toBe(host);
  });
});

describe('chunk', () => {
  it.each<[number[], number, number[][]]>([
    [[], 3, []],
    [[1, 2, 3], 3, [[1, 2, 3]]],
    [[1, 2, 3, 4, 5, 6, 7], 3, [[1, 2, 3], [4, 5, 6], [7]]],
    [[1, 2], 1, [[1], [2]]],
  ])('%j in runs of %i is %j', (items, size, chunks) => {
    expect(chunk(items, size)).toEqual(chunks);
  });
});
