/**
 * Grows the sandbox fakes to benchmark sizes through their own helpers, and reads them back as
 * the lower bound's `Truth`. Shapes are the usual ones: epics (Linear: parent issues) outside
 * the sprint or cycle, their stories in it, some stories with a sub-task; a few epics linked to
 * a KR of the example set.
 */
import { parseKrGlobalId } from '../../lib/trackers/tracker';
import { addIssue as addJiraIssue, type FakeJiraState } from '../../tests/sandbox/jira/state';
import { ACME_KRS, krLinksProperties, krRemoteLink } from '../../tests/sandbox/jira/seed';
import {
  addIssue as addLinearIssue,
  addKrAttachment,
  identifierOf,
  KR_CRASH_FREE,
  type LinearWorkspace,
} from '../../tests/sandbox/linear/seed';
import { truthOf, type Truth } from './lower-bound';

export interface ScopeShape {
  /** Parents outside the scope (epics, Linear parent issues). */
  parents: number;
  /** Issues in the scope directly under a parent. */
  childrenPerParent: number;
  /** How many of those children get one sub-task, also in the scope. */
  subtasks: number;
  /** Every n-th parent carries a KR link. */
  linkEvery: number;
}

/** 40 epics × 40 stories + 400 sub-tasks = 2,000 issues in scope. */
export const SCOPE_2000: ScopeShape = { parents: 40, childrenPerParent: 40, subtasks: 400, linkEvery: 4 };

const JIRA_STATUSES = ['To Do', 'In Progress', 'Done', 'Done'] as const;
const LINEAR_STATES = ['Todo', 'In Progress', 'Done', 'Done'] as const;

export interface AddedScope {
  /** Keys in the scope, in creation order. */
  scopeKeys: string[];
  parentKeys: string[];
}

/**
 * A Jira project with one scrum board whose active sprint holds the scope, its epics outside it.
 * Returns the board id the activity report's scope names.
 */
export function addJiraBoardScope(
  state: FakeJiraState,
  options: { projectKey: string; boardId: number; sprintId: number; shape: ScopeShape },
): AddedScope {
  const { projectKey, boardId, sprintId, shape } = options;
  state.projects.push({ id: String(20000 + boardId), key: projectKey, name: `${projectKey} project` });
  state.boards.push({ id: boardId, name: `${projectKey} board`, projectKey, type: 'scrum' });
  const now = Date.now();
  state.sprints.push({
    id: sprintId,
    name: `${projectKey} Sprint 1`,
    state: 'active',
    boardId,
    startDate: new Date(now - 3 * 86_400_000).toISOString(),
    endDate: new Date(now + 11 * 86_400_000).toISOString(),
  });
  let number = 0;
  const nextKey = () => `${projectKey}-${++number}`;
  const added: AddedScope = { scopeKeys: [], parentKeys: [] };
  const stories: string[] = [];
  for (let p = 0; p < shape.parents; p++) {
    const key = nextKey();
    const links = p % shape.linkEvery === 0 ? [krRemoteLink(state.nextRemoteLinkId++, ACME_KRS.platP95)] : [];
    addJiraIssue(state, {
      key,
      projectKey,
      type: 'Epic',
      summary: `Epic ${p}`,
      status: 'In Progress',
      remoteLinks: links,
      properties: krLinksProperties(links),
    });
    added.parentKeys.push(key);
    for (let c = 0; c < shape.childrenPerParent; c++) {
      const story = nextKey();
      const i = stories.length;
      addJiraIssue(state, {
        key: story,
        projectKey,
        type: 'Story',
        summary: `Story ${i}`,
        status: JIRA_STATUSES[i % 4]!,
        parent: key,
        storyPoints: (i % 5) + 1,
        sprintIds: [sprintId],
      });
      stories.push(story);
      added.scopeKeys.push(story);
    }
  }
  for (let s = 0; s < shape.subtasks; s++) {
    const key = nextKey();
    addJiraIssue(state, {
      key,
      projectKey,
      type: 'Sub-task',
      summary: `Sub-task ${s}`,
      status: JIRA_STATUSES[s % 4]!,
      parent: stories[(s * 4) % stories.length]!,
      sprintIds: [sprintId],
    });
    added.scopeKeys.push(key);
  }
  return added;
}

const uuid = (kind: number, n: number) => `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * A Linear team with the workflow states of the seeded ones and an active cycle beside theirs,
 * holding the scope; its parent issues stay out of the cycle, as is usual in Linear.
 */
export function addLinearTeamScope(workspace: LinearWorkspace, options: { teamKey: string; shape: ScopeShape }): AddedScope {
  const { teamKey, shape } = options;
  const template = workspace.teams[0]!;
  const team = { id: uuid(0x0c, 0x100 + workspace.teams.length), key: teamKey, name: `${teamKey} team` };
  workspace.teams.push(team);
  const states = workspace.states.filter((s) => s.teamId === template.id);
  states.forEach((s, i) => workspace.states.push({ ...s, id: uuid(0x0d, 0x100 * workspace.teams.length + i), teamId: team.id }));
  workspace.cycles
    .filter((c) => c.teamId === template.id)
    .forEach((c, i) => workspace.cycles.push({ ...c, id: uuid(0x0f, 0x100 * workspace.teams.length + i), teamId: team.id, name: null }));
  let number = 0;
  const added: AddedScope = { scopeKeys: [], parentKeys: [] };
  const children: string[] = [];
  for (let p = 0; p < shape.parents; p++) {
    const parent = addLinearIssue(workspace, { team: teamKey, number: ++number, title: `Parent ${p}`, state: 'In Progress' });
    const key = identifierOf(workspace, parent);
    if (p % shape.linkEvery === 0) addKrAttachment(workspace, key, KR_CRASH_FREE);
    added.parentKeys.push(key);
    for (let c = 0; c < shape.childrenPerParent; c++) {
      const i = children.length;
      const child = addLinearIssue(workspace, {
        team: teamKey,
        number: ++number,
        title: `Issue ${i}`,
        state: LINEAR_STATES[i % 4]!,
        estimate: (i % 5) + 1,
        parent: key,
        inCycle: true,
      });
      children.push(identifierOf(workspace, child));
      added.scopeKeys.push(children[children.length - 1]!);
    }
  }
  for (let s = 0; s < shape.subtasks; s++) {
    const sub = addLinearIssue(workspace, {
      team: teamKey,
      number: ++number,
      title: `Sub-issue ${s}`,
      state: LINEAR_STATES[s % 4]!,
      parent: children[(s * 4) % children.length]!,
      inCycle: true,
    });
    added.scopeKeys.push(identifierOf(workspace, sub));
  }
  return added;
}

// ---- the fakes' data as the lower bound sees it --------------------------------------------

export function jiraTruth(state: FakeJiraState): Truth {
  const subtaskTypes = new Set(state.issueTypes.filter((t) => t.subtask).map((t) => t.name));
  return truthOf(
    [...state.issues.values()].map((issue) => ({
      key: issue.key,
      ...(issue.parent ? { parent: issue.parent } : {}),
      mayHaveChildren: !subtaskTypes.has(issue.type),
      krIds: issue.remoteLinks.flatMap((link) => {
        const ref = link.globalId ? parseKrGlobalId(link.globalId) : null;
        return ref ? [`${ref.setId}:${ref.krId}`] : [];
      }),
    })),
  );
}

export function linearTruth(workspace: LinearWorkspace): Truth {
  const byId = new Map(workspace.issues.map((issue) => [issue.id, issue]));
  const withChildren = new Set(workspace.issues.flatMap((issue) => (issue.parentId ? [issue.parentId] : [])));
  return truthOf(
    workspace.issues.map((issue) => {
      const parent = issue.parentId ? byId.get(issue.parentId) : undefined;
      return {
        key: identifierOf(workspace, issue),
        ...(parent ? { parent: identifierOf(workspace, parent) } : {}),
        mayHaveChildren: withChildren.has(issue.id),
        krIds: workspace.attachments.flatMap((a) =>
          a.issueId === issue.id && typeof a.metadata.krLens === 'string' ? [a.metadata.krLens] : [],
        ),
      };
    }),
  );
}
