/**
 * Scopes for the activity report and board markers: the active cycles of chosen teams, or the
 * viewer's open work — each with the ancestors outside the scope, so alignment through a parent
 * issue can be seen.
 */
import { describe, expect, it } from 'vitest';
import type { Scope } from '../../../lib/trackers/tracker';
import { ACME_ISSUES, PRIYA_API_KEY } from '../../sandbox/linear';
import { keysOf, useFakeLinear } from './helpers';

const linear = useFakeLinear();

/** The seeded issues in the active cycle of a team, from the seed table itself. */
const inCycle = (team: string) => ACME_ISSUES.filter((i) => i.team === team && i.inCycle).map((i) => `${i.team}-${i.number}`);

describe('listScope', () => {
  it('reads a team’s active cycle and the parents outside it, in two requests', async () => {
    const issues = await linear.adapter().listScope({ type: 'linear-teams', teamKeys: ['MOB'] });
    // MOB-1 and MOB-10 are parents outside the cycle, reached as ancestors.
    expect(keysOf(issues)).toEqual(keysOf([...inCycle('MOB'), 'MOB-1', 'MOB-10'].map((key) => ({ ref: { key } }))));
    expect(issues.filter((i) => ['MOB-1', 'MOB-10'].includes(i.ref.key)).every((i) => i.sprintOrCycle === undefined)).toBe(true);
    expect(linear.fake.operations()).toEqual(['KrLensScope', 'KrLensIssuesById']);
  });

  it('reads several teams in one request', async () => {
    const issues = await linear.adapter().listScope({ type: 'linear-teams', teamKeys: ['mob', 'WEB'] });
    for (const key of [...inCycle('MOB'), ...inCycle('WEB')]) expect(issues.map((i) => i.ref.key)).toContain(key);
    expect(issues.filter((i) => i.ref.key.startsWith('WEB')).every((i) => i.team === 'Web')).toBe(true);
    expect(linear.fake.operations()).toEqual(['KrLensScope', 'KrLensIssuesById']);
  });

  it.each([
    // key owner, scope issues, ancestors brought along
    ['Dana', undefined, ['MOB-3', 'MOB-12', 'MOB-20', 'WEB-4'], ['MOB-1', 'MOB-10']],
    ['Priya', PRIYA_API_KEY, ['MOB-1', 'WEB-1'], []],
  ])('reads %s’s open work with its ancestors', async (_who, apiKey, own, ancestors) => {
    const issues = await linear.adapter(apiKey ? { apiKey } : {}).listScope({ type: 'assigned-to-me' });
    expect(keysOf(issues)).toEqual(keysOf([...own, ...ancestors].map((key) => ({ ref: { key } }))));
    expect(issues.every((i) => !['done', 'canceled'].includes(i.status.category))).toBe(true);
  });

  it.each<[string, Scope]>([
    ['a Jira board', { type: 'jira-boards', boardIds: [1] }],
    ['a JQL query', { type: 'jira-jql', jql: 'project = MOB' }],
  ])('refuses %s with a sentence and no request', async (_what, scope) => {
    await expect(linear.adapter().listScope(scope)).rejects.toMatchObject({ kind: 'unsupported' });
    expect(linear.fake.requests).toHaveLength(0);
  });

  it('asks nothing for no teams', async () => {
    await expect(linear.adapter().listScope({ type: 'linear-teams', teamKeys: [' '] })).resolves.toEqual([]);
    expect(linear.fake.requests).toHaveLength(0);
  });
});
