/**
 * Tracker-specific scope words and scope splitting for activity reports: what a Jira or Linear
 * scope part reads, in words, and how a Linear scope listing splits into the scope's issues and
 * the ancestors fetched with them. Kept apart from the views until trackers describe their own
 * scope kinds.
 */
import type { IssueSnapshot } from '../okr/model';
import type { LinearScopeChoice, ScopeRequest } from '../messaging';
import { hostOf } from '../util/host';

/** "Jira boards 1, 2 on acme.atlassian.net": what a scope part reads, in words. */
export function scopeLabel(request: ScopeRequest): string {
  if (request.tracker === 'linear') {
    return request.scope.type === 'linear-teams'
      ? `Linear teams ${request.scope.teamKeys.join(', ')} (active cycles)`
      : 'Linear: assigned to me';
  }
  const host = hostOf(request.site);
  switch (request.scope.type) {
    case 'jira-boards':
      return `Jira ${request.scope.boardIds.length === 1 ? 'board' : 'boards'} ${request.scope.boardIds.join(', ')} on ${host} (open sprints)`;
    case 'jira-jql':
      return `Jira JQL on ${host}: ${request.scope.jql}`;
    case 'assigned-to-me':
      return `Jira on ${host}: assigned to me`;
  }
}

const teamKeyOf = (key: string) => key.slice(0, Math.max(0, key.lastIndexOf('-'))).toUpperCase();
const isOpen = (issue: IssueSnapshot) => issue.status.category !== 'done' && issue.status.category !== 'canceled';

/**
 * Splits what a Linear scope listing returns (the scope's issues, then the ancestors fetched so
 * alignment through a parent shows) back into the two, by membership: ancestors are fetched only
 * as parents of listed issues, so an issue with no listed child is in the scope, and those issues
 * tell which cycles are active and who "me" is. A parent is in the scope when it matches too.
 */
export function splitLinearScope(listed: readonly IssueSnapshot[], scope: LinearScopeChoice): { issues: IssueSnapshot[]; ancestors: IssueSnapshot[] } {
  const parents = new Set(listed.flatMap((issue) => (issue.parent ? [issue.parent] : [])));
  const leaves = listed.filter((issue) => !parents.has(issue.ref.key));
  let inScope: (issue: IssueSnapshot) => boolean;
  if (scope.type === 'linear-teams') {
    const teams = new Set(scope.teamKeys.map((key) => key.trim().toUpperCase()));
    const activeCycles = new Map<string, Set<string>>();
    for (const leaf of leaves) {
      if (!leaf.sprintOrCycle) continue;
      const team = teamKeyOf(leaf.ref.key);
      activeCycles.set(team, (activeCycles.get(team) ?? new Set()).add(leaf.sprintOrCycle.id));
    }
    inScope = (issue) => {
      const team = teamKeyOf(issue.ref.key);
      if (!teams.has(team) || !issue.sprintOrCycle) return false;
      const cycles = activeCycles.get(team);
      return cycles === undefined || cycles.has(issue.sprintOrCycle.id);
    };
  } else {
    const me = new Set(leaves.flatMap((leaf) => (leaf.assignee ? [leaf.assignee.id] : [])));
    inScope = (issue) => issue.assignee !== undefined && me.has(issue.assignee.id) && isOpen(issue);
  }
  const issues: IssueSnapshot[] = [];
  const ancestors: IssueSnapshot[] = [];
  for (const issue of listed) (!parents.has(issue.ref.key) || inScope(issue) ? issues : ancestors).push(issue);
  return { issues, ancestors };
}
