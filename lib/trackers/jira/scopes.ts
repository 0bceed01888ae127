/**
 * Jira's activity-report scopes: open sprints of boards, a JQL query, or the work assigned to me
 * on one site. Page-safe: no API client.
 */
import { z } from 'zod';
import type { ScopeKind } from '../tracker';
import { hostOf } from '../../util/host';

export type JiraScopeChoice = { type: 'jira-boards'; boardIds: number[] } | { type: 'jira-jql'; jql: string } | { type: 'assigned-to-me' };
export type JiraScopeRequest = { tracker: 'jira'; site: string; scope: JiraScopeChoice };

export const JIRA_SCOPE_KINDS: readonly ScopeKind[] = [
  { type: 'jira-boards', label: 'Boards (open sprints)' },
  { type: 'jira-jql', label: 'JQL query' },
  { type: 'assigned-to-me', label: 'Assigned to me' },
];

/** JQL goes to Jira as typed, so only its size is bounded. */
export const jiraScopeRequestSchema = z.strictObject({
  tracker: z.literal('jira'),
  site: z.url({ protocol: /^https$/ }).max(300),
  scope: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('jira-boards'), boardIds: z.array(z.number().int().positive()).min(1).max(50) }),
    z.strictObject({ type: z.literal('jira-jql'), jql: z.string().trim().min(1).max(4000) }),
    z.strictObject({ type: z.literal('assigned-to-me') }),
  ]),
});

/** "Jira boards 1, 2 on acme.atlassian.net (open sprints)": what a scope part reads, in words. */
export function jiraScopeLabel(request: JiraScopeRequest): string {
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

/** The dashboard's Jira scope fields. */
export interface JiraScopeFields {
  jiraSite: string;
  jiraMode: 'none' | 'boards' | 'jql' | 'me';
  boardIds: number[];
  jql: string;
}

export const EMPTY_JIRA_SCOPE: JiraScopeFields = { jiraSite: '', jiraMode: 'none', boardIds: [], jql: '' };

/** The Jira part of the scope form → a scope request, a sentence saying what is missing, or nothing. */
export function jiraScopeFromForm(form: JiraScopeFields): JiraScopeRequest | { message: string } | null {
  if (form.jiraMode === 'none') return null;
  if (form.jiraSite === '') return { message: 'Choose the Jira site first.' };
  if (form.jiraMode === 'boards') {
    if (form.boardIds.length === 0) return { message: 'Choose at least one Jira board.' };
    return { tracker: 'jira', site: form.jiraSite, scope: { type: 'jira-boards', boardIds: form.boardIds } };
  }
  if (form.jiraMode === 'jql') {
    if (form.jql.trim() === '') return { message: 'Enter a JQL query, like project = PLAT AND sprint in openSprints().' };
    return { tracker: 'jira', site: form.jiraSite, scope: { type: 'jira-jql', jql: form.jql.trim() } };
  }
  return { tracker: 'jira', site: form.jiraSite, scope: { type: 'assigned-to-me' } };
}
