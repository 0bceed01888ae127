/**
 * Linear's activity-report scopes: the active cycles of teams, or the work assigned to me, in the
 * connected workspace; and how a Linear scope listing splits into the scope's issues and their
 * ancestors. Page-safe: no API client.
 */
import { z } from 'zod';
import type { IssueSnapshot } from '../../okr/model';
import type { ScopeKind, ScopeParts } from '../tracker';

export type LinearScopeChoice = { type: 'linear-teams'; teamKeys: string[] } | { type: 'assigned-to-me' };
/** Linear's workspace is the connected one, so a request names none. */
export type LinearScopeRequest = { tracker: 'linear'; scope: LinearScopeChoice };

export const LINEAR_SCOPE_KINDS: readonly ScopeKind[] = [
  { type: 'linear-teams', label: 'Teams (active cycles)' },
  { type: 'assigned-to-me', label: 'Assigned to me' },
];

const TEAM_KEY = /^[A-Za-z0-9][A-Za-z0-9_]{0,19}$/;

export const linearScopeRequestSchema = z.strictObject({
  tracker: z.literal('linear'),
  scope: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('linear-teams'), teamKeys: z.array(z.string().regex(TEAM_KEY)).min(1).max(50) }),
    z.strictObject({ type: z.literal('assigned-to-me') }),
  ]),
});

export function linearScopeLabel(request: LinearScopeRequest): string {
  return request.scope.type === 'linear-teams'
    ? `Linear teams ${request.scope.teamKeys.join(', ')} (active cycles)`
    : 'Linear: assigned to me';
}

/** The dashboard's Linear scope fields. */
export interface LinearScopeFields {
  linearMode: 'none' | 'teams' | 'me';
  teamKeys: string;
}

export const EMPTY_LINEAR_SCOPE: LinearScopeFields = { linearMode: 'none', teamKeys: '' };

/** The Linear part of the scope form → a scope request, a sentence saying what is missing, or nothing. */
export function linearScopeFromForm(form: LinearScopeFields): LinearScopeRequest | { message: string } | null {
  if (form.linearMode === 'teams') {
    const teamKeys = [
      ...new Set(
        form.teamKeys
          .split(/[\s,]+/)
          .map((key) => key.trim().toUpperCase())
          .filter((key) => key !== ''),
      ),
    ];
    if (teamKeys.length === 0) return { message: 'Enter the keys of the Linear teams, like MOB, WEB.' };
    const invalid = teamKeys.find((key) => !/^[A-Z0-9][A-Z0-9_]{0,19}$/.test(key));
    if (invalid) return { message: `“${invalid}” is not a Linear team key; keys are short, like MOB.` };
    return { tracker: 'linear', scope: { type: 'linear-teams', teamKeys } };
  }
  return form.linearMode === 'me' ? { tracker: 'linear', scope: { type: 'assigned-to-me' } } : null;
}

const teamKeyOf = (key: string) => key.slice(0, Math.max(0, key.lastIndexOf('-'))).toUpperCase();
const isOpen = (issue: IssueSnapshot) => issue.status.category !== 'done' && issue.status.category !== 'canceled';

/** Which listed issues are in a teams scope: those in their team's active cycle. */
function inTeamsScope(leaves: readonly IssueSnapshot[], teamKeys: readonly string[]): (issue: IssueSnapshot) => boolean {
  const teams = new Set(teamKeys.map((key) => key.trim().toUpperCase()));
  const activeCycles = new Map<string, Set<string>>();
  for (const leaf of leaves) {
    if (!leaf.sprintOrCycle) continue;
    const team = teamKeyOf(leaf.ref.key);
    activeCycles.set(team, (activeCycles.get(team) ?? new Set()).add(leaf.sprintOrCycle.id));
  }
  return (issue) => {
    const team = teamKeyOf(issue.ref.key);
    if (!teams.has(team) || !issue.sprintOrCycle) return false;
    const cycles = activeCycles.get(team);
    return cycles === undefined || cycles.has(issue.sprintOrCycle.id);
  };
}

/**
 * Splits what a Linear scope listing returns (the scope's issues, then the ancestors fetched so
 * alignment through a parent shows) back into the two, by membership: ancestors are fetched only
 * as parents of listed issues, so an issue with no listed child is in the scope, and those issues
 * tell which cycles are active and who "me" is. A parent is in the scope when it matches too.
 */
export function splitLinearScope(listed: readonly IssueSnapshot[], scope: LinearScopeChoice): ScopeParts {
  const parents = new Set(listed.flatMap((issue) => (issue.parent ? [issue.parent] : [])));
  const leaves = listed.filter((issue) => !parents.has(issue.ref.key));
  let inScope: (issue: IssueSnapshot) => boolean;
  if (scope.type === 'linear-teams') {
    inScope = inTeamsScope(leaves, scope.teamKeys);
  } else {
    const me = new Set(leaves.flatMap((leaf) => (leaf.assignee ? [leaf.assignee.id] : [])));
    inScope = (issue) => issue.assignee !== undefined && me.has(issue.assignee.id) && isOpen(issue);
  }
  const issues: IssueSnapshot[] = [];
  const ancestors: IssueSnapshot[] = [];
  for (const issue of listed) (!parents.has(issue.ref.key) || inScope(issue) ? issues : ancestors).push(issue);
  return { issues, ancestors };
}
