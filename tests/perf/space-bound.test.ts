import { describe, expect, it } from 'vitest';
import { spaceReadBound, spaceRefreshBound, spaceRow, summarise } from '../../scripts/bench/space-bound';

describe('the fewest requests to read a team space', () => {
  it('is 2 search pages and 2 comment lists on Jira for 200 records and 2,000 check-ins', () => {
    expect(spaceReadBound('jira', 200, 2000)).toBe(4);
    expect(spaceReadBound('jira', 201, 2001)).toBe(3 + 3);
    expect(spaceReadBound('jira', 40, 0)).toBe(1);
  });

  it('is ceil(2,200 / 250) = 9 attachment pages on Linear', () => {
    expect(spaceReadBound('linear', 200, 2000)).toBe(9);
    expect(spaceReadBound('linear', 250, 0)).toBe(1);
    expect(spaceReadBound('linear', 250, 1)).toBe(2);
  });

  it('refreshes with one search, plus one comment list on Jira when a check-in changed', () => {
    expect(spaceRefreshBound('jira', 0, 0)).toBe(1);
    expect(spaceRefreshBound('jira', 1, 0)).toBe(1);
    expect(spaceRefreshBound('jira', 0, 1)).toBe(2);
    expect(spaceRefreshBound('linear', 1, 1)).toBe(1);
  });
});

describe('a spaces row', () => {
  it('is met within 10 % of the bound and names the requests', () => {
    const row = spaceRow({ name: 'read', measured: 5, lowerBound: 4, requests: ['POST /a', 'POST /a', 'POST /b', 'POST /a', 'POST /b'] });
    expect(row).toMatchObject({ section: 'spaces', value: 5, met: false });
    expect(row.detail).toBe('lower bound 4, ratio 1.25; 3× POST /a, 2× POST /b');
    expect(spaceRow({ name: 'read', measured: 9, lowerBound: 9, requests: [] }).met).toBe(true);
  });

  it('wants exactly 0 requests where the bound is 0', () => {
    expect(spaceRow({ name: 'warm', measured: 0, lowerBound: 0, requests: [] })).toMatchObject({ met: true, goal: '0 requests' });
    expect(spaceRow({ name: 'warm', measured: 1, lowerBound: 0, requests: ['POST /search/jql'] })).toMatchObject({
      met: false,
      detail: '1× POST /search/jql',
    });
  });

  it('counts each request kind once, in order of first use', () => {
    expect(summarise([])).toBe('');
    expect(summarise(['b', 'a', 'b'])).toBe('2× b, 1× a');
  });
});
