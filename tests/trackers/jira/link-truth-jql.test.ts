/** The search that checks links mirrors, built from literal data. */
import { describe, expect, it } from 'vitest';
import { jqlWhere, mirrorCheckJql, mirrorCheckJqls, ISSUES_PER_CHECK, type LinkCandidate } from '../../../lib/trackers/jira/link-truth';

const fn = (...ids: string[]) => `issuesWithRemoteLinksByGlobalId(${ids.map((id) => `"${id}"`).join(', ')})`;
const candidate = (id: string, mirrored: string[] | null): LinkCandidate => ({ id, key: `K-${id}`, mirrored });

describe('mirrorCheckJql', () => {
  const universe = ['kr-lens:s:a', 'kr-lens:s:b', 'kr-lens:s:c'];

  it('asks, per mirror, for the issues whose links differ from it within the universe', () => {
    const jql = mirrorCheckJql(
      [
        candidate('1', null),
        candidate('2', []),
        candidate('3', ['kr-lens:s:a']),
        candidate('4', ['kr-lens:s:a', 'kr-lens:other:x']),
        candidate('5', ['kr-lens:s:b', 'kr-lens:s:a']),
      ],
      universe,
    );
    expect(jql).toBe(
      [
        `(id in (1, 2) AND issue in ${fn(...universe)})`,
        `(id in (3, 4) AND (issue not in ${fn('kr-lens:s:a')} OR issue in ${fn('kr-lens:s:b', 'kr-lens:s:c')}))`,
        `(id in (5) AND (issue not in ${fn('kr-lens:s:a')} OR issue not in ${fn('kr-lens:s:b')} OR issue in ${fn('kr-lens:s:c')}))`,
      ].join(' OR '),
    );
  });

  it('needs no "other KR" clause for a mirror naming the whole universe', () => {
    expect(mirrorCheckJql([candidate('7', ['kr-lens:s:a'])], ['kr-lens:s:a'])).toBe(`(id in (7) AND issue not in ${fn('kr-lens:s:a')})`);
  });

  it('names at most 100 globalIds a function call', () => {
    const many = Array.from({ length: 150 }, (_, i) => `kr-lens:s:k${i}`);
    const jql = mirrorCheckJql([candidate('1', null)], many)!;
    expect(jql.match(/issuesWithRemoteLinksByGlobalId\(/g)).toHaveLength(2);
    expect(jql).toBe(`(id in (1) AND (issue in ${fn(...many.slice(0, 100))} OR issue in ${fn(...many.slice(100))}))`);
  });

  it("checks a scope's unclaimed issues through its JQL, leaving out the ones with a mirror", () => {
    const jql = mirrorCheckJql([candidate('1', null), candidate('2', ['kr-lens:s:a']), candidate('9', null)], ['kr-lens:s:a'], {
      where: 'sprint in (11)',
      ids: new Set(['1', '2']),
    });
    expect(jql).toBe(
      [
        `((sprint in (11)) AND issue in ${fn('kr-lens:s:a')} AND id not in (2))`,
        `(id in (2) AND issue not in ${fn('kr-lens:s:a')})`,
        `(id in (9) AND issue in ${fn('kr-lens:s:a')})`,
      ].join(' OR '),
    );
  });

  it('has nothing to check without KRs or issues', () => {
    expect(mirrorCheckJql([candidate('1', null)], [])).toBeNull();
    expect(mirrorCheckJql([], ['kr-lens:s:a'])).toBeNull();
    expect(mirrorCheckJqls([], ['kr-lens:s:a'])).toEqual([]);
  });

  it(`names at most ${ISSUES_PER_CHECK} issues a search`, () => {
    const candidates = Array.from({ length: ISSUES_PER_CHECK + 1 }, (_, i) => candidate(String(i), null));
    expect(mirrorCheckJqls(candidates, ['kr-lens:s:a'])).toHaveLength(2);
  });
});

describe('jqlWhere', () => {
  it.each([
    ['sprint in (11) ORDER BY key ASC', 'sprint in (11)'],
    ['project = PLAT order   by updated DESC, key', 'project = PLAT'],
    ['summary ~ "order by" AND project = PLAT', 'summary ~ "order by" AND project = PLAT'],
    ['(project = PLAT) ORDER BY rank', '(project = PLAT)'],
    ['filter = 10100', 'filter = 10100'],
    ['ORDER BY key', null],
    ['   ', null],
  ])('%s → %s', (jql, where) => {
    expect(jqlWhere(jql)).toBe(where);
  });
});
