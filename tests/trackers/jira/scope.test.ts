/** Scope queries: open sprints of boards, JQL, saved filters, "assigned to me". */
import { describe, expect, it } from 'vitest';
import { startFakeJira } from '../../sandbox/jira/server';
import { acmeSeed, ACME_USERS } from '../../sandbox/jira/seed';
import type { FakeJiraState } from '../../sandbox/jira/state';
import { adapterFor, requestsTo, SEARCH, searchedJql, useFakeJira } from './helpers';
import { ancestorKeysInState, keys } from './state-queries';

const activeSprintIssues = (state: FakeJiraState, boardIds: number[]) => {
  const sprintIds = new Set(state.sprints.filter((s) => boardIds.includes(s.boardId) && s.state === 'active').map((s) => s.id));
  return [...state.issues.values()]
    .filter((i) => i.sprintIds.some((id) => sprintIds.has(id)))
    .map((i) => i.key)
    .sort();
};

const missingAncestors = (state: FakeJiraState, scopeKeys: string[]) =>
  [...new Set(scopeKeys.flatMap((key) => ancestorKeysInState(state, key)))].filter((key) => !scopeKeys.includes(key)).sort();

describe('Jira adapter: scopes', () => {
  const fake = useFakeJira();

  it.each([[[1]], [[2]], [[1, 2]]])('lists the issues in the active sprints of boards %j, with their ancestors apart', async (boardIds) => {
    const { issues, ancestors } = await adapterFor(fake()).listScopeParts({ type: 'jira-boards', boardIds });
    const expected = activeSprintIssues(fake().state, boardIds);
    expect(keys(issues)).toEqual(expected);
    expect(keys(ancestors)).toEqual(missingAncestors(fake().state, expected));
    // Per board: its configuration and its active sprints; then one search page and one bulk fetch per ancestor level.
    expect(requestsTo(fake(), 'GET', /^\/rest\/agile\/1\.0\/board\/\d+\/configuration$/)).toHaveLength(boardIds.length);
    expect(requestsTo(fake(), 'GET', /^\/rest\/agile\/1\.0\/board\/\d+\/sprint$/).map((r) => r.query.get('state'))).toEqual(
      boardIds.map(() => 'active'),
    );
    expect(searchedJql(fake())).toEqual([expect.stringMatching(/^sprint in \(\d+(, \d+)*\) ORDER BY key ASC$/)]);
    expect(requestsTo(fake(), 'POST', '/rest/api/3/issue/bulkfetch')).toHaveLength(1);
  });

  it("reads a board's configuration once, its sprints on every refresh", async () => {
    const adapter = adapterFor(fake());
    await adapter.listScope({ type: 'jira-boards', boardIds: [1, 2] });
    await adapter.listScope({ type: 'jira-boards', boardIds: [1, 2] });
    expect(requestsTo(fake(), 'GET', /\/configuration$/)).toHaveLength(2);
    expect(requestsTo(fake(), 'GET', /\/sprint$/)).toHaveLength(4);
  });

  it('reports a board that does not exist', async () => {
    await expect(adapterFor(fake()).listScope({ type: 'jira-boards', boardIds: [77] })).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringMatching(/^Board 77 was not found on Jira at /),
    });
  });

  it('listScope returns the scope issues first, then the ancestors that make alignment through an epic visible', async () => {
    const adapter = adapterFor(fake());
    const all = await adapter.listScope({ type: 'jira-boards', boardIds: [1] });
    const expected = activeSprintIssues(fake().state, [1]);
    expect(keys(all.slice(0, expected.length))).toEqual(expected);
    const epic = all.find((i) => i.ref.key === 'PLAT-1')!;
    expect(epic.krRefs).toHaveLength(1);
    expect(all.find((i) => i.ref.key === 'PLAT-5')!.parent).toBe('PLAT-1');
  });

  it('lists the boards for choosing a scope, page by page', async () => {
    const state = fake().state;
    for (let i = 0; i < 60; i++) state.boards.push({ id: 100 + i, name: `Team board ${i}`, projectKey: 'GROW', type: 'kanban' });
    const boards = await adapterFor(fake()).listBoards();
    expect(boards.map((b) => b.id)).toEqual(state.boards.map((b) => b.id));
    expect(boards[0]).toEqual({
      id: state.boards[0]!.id,
      name: state.boards[0]!.name,
      type: state.boards[0]!.type,
      projectKey: state.boards[0]!.projectKey,
    });
    expect(requestsTo(fake(), 'GET', '/rest/agile/1.0/board').map((r) => r.query.get('startAt'))).toEqual(['0', '50']);
  });

  it('lists nothing, with no search, when the boards have no active sprint', async () => {
    fake().state.sprints.forEach((s) => (s.state = 'closed'));
    expect(await adapterFor(fake()).listScope({ type: 'jira-boards', boardIds: [1, 2] })).toEqual([]);
    expect(requestsTo(fake(), 'POST', SEARCH)).toEqual([]);
  });

  it('lists the work assigned to the signed-in user that is not done', async () => {
    const { issues } = await adapterFor(fake()).listScopeParts({ type: 'assigned-to-me' });
    const state = fake().state;
    const doneStatuses = new Set(state.statuses.filter((s) => s.category === 'done').map((s) => s.name));
    const expected = [...state.issues.values()]
      .filter((i) => i.assignee === ACME_USERS.dana.accountId && !doneStatuses.has(i.status))
      .map((i) => i.key)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(keys(issues)).toEqual(expected);
    expect(searchedJql(fake())[0]).toBe('assignee = currentUser() AND statusCategory != Done ORDER BY key ASC');
  });

  it.each([
    [
      'run work labelled bug',
      'project = GROW AND labels = bug',
      (s: FakeJiraState) => [...s.issues.values()].filter((i) => i.projectKey === 'GROW' && i.labels.includes('bug')),
    ],
    [
      'an OR of projects with an ORDER BY',
      'project = PLAT OR project = GROW ORDER BY updated DESC',
      (s: FakeJiraState) => [...s.issues.values()],
    ],
  ])('lists the issues a JQL selects: %s', async (_name, jql, select) => {
    const { issues } = await adapterFor(fake()).listScopeParts({ type: 'jira-jql', jql });
    expect(keys(issues)).toEqual(
      select(fake().state)
        .map((i) => i.key)
        .sort(),
    );
  });

  it('lists the issues of a saved filter', async () => {
    const filter = fake().state.filters[0]!;
    const { issues } = await adapterFor(fake()).listScopeParts({ type: 'jira-filter', filterId: filter.id });
    const bugs = [...fake().state.issues.values()].filter((i) => i.projectKey === 'PLAT' && i.type === 'Bug').map((i) => i.key);
    expect(keys(issues)).toEqual(bugs.sort());
    expect(searchedJql(fake())).toEqual([`filter = ${filter.id}`]);
  });

  it("turns a JQL Jira cannot run into a sentence with Jira's reason", async () => {
    await expect(adapterFor(fake()).listScope({ type: 'jira-jql', jql: 'colour = red' })).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining("Field 'colour' does not exist"),
    });
  });

  it('refuses a Linear scope', async () => {
    await expect(adapterFor(fake()).listScope({ type: 'linear-teams', teamKeys: ['ENG'] })).rejects.toMatchObject({ kind: 'unsupported' });
  });
});

describe("Jira adapter: a board's estimation field comes first", () => {
  it('uses the board configuration when the field list names no story point field', async () => {
    // A site where the estimate field has a name discovery does not know: only the board says which it is.
    const seed = { ...acmeSeed(), storyPointsFieldName: 'Effort' };
    const fake = await startFakeJira({ seed });
    try {
      const adapter = adapterFor(fake);
      const { issues } = await adapter.listScopeParts({ type: 'jira-boards', boardIds: [1] });
      const withPoints = [...fake.state.issues.values()].filter((i) => i.storyPoints !== undefined);
      for (const issue of issues) {
        expect(issue.estimate).toBe(withPoints.find((i) => i.key === issue.ref.key)?.storyPoints);
      }
      expect(issues.some((i) => i.estimate !== undefined)).toBe(true);
      const { issues: viaJql } = await adapter.listScopeParts({ type: 'jira-jql', jql: 'project = PLAT' });
      expect(viaJql.every((i) => i.estimate === undefined)).toBe(true);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
