/** The activity report's scope form: which boards, query, teams or own work to read. */
import type { ScopeRequest } from '../../../lib/messaging';

export interface ScopeForm {
  jiraSite: string;
  jiraMode: 'none' | 'boards' | 'jql' | 'me';
  boardIds: number[];
  jql: string;
  linearMode: 'none' | 'teams' | 'me';
  teamKeys: string;
}

export const EMPTY_SCOPE: ScopeForm = { jiraSite: '', jiraMode: 'none', boardIds: [], jql: '', linearMode: 'none', teamKeys: '' };

type Built = { ok: true; scopes: ScopeRequest[] } | { ok: false; message: string };

function jiraScope(form: ScopeForm): ScopeRequest | { message: string } | null {
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

function linearScope(form: ScopeForm): ScopeRequest | { message: string } | null {
  if (form.linearMode === 'teams') {
    const teamKeys = [...new Set(form.teamKeys.split(/[\s,]+/).map((key) => key.trim().toUpperCase()).filter((key) => key !== ''))];
    if (teamKeys.length === 0) return { message: 'Enter the keys of the Linear teams, like MOB, WEB.' };
    const invalid = teamKeys.find((key) => !/^[A-Z0-9][A-Z0-9_]{0,19}$/.test(key));
    if (invalid) return { message: `“${invalid}” is not a Linear team key; keys are short, like MOB.` };
    return { tracker: 'linear', scope: { type: 'linear-teams', teamKeys } };
  }
  return form.linearMode === 'me' ? { tracker: 'linear', scope: { type: 'assigned-to-me' } } : null;
}

/** The form → the scope parts to read, or a sentence saying what is missing. */
export function buildScopes(form: ScopeForm): Built {
  const scopes: ScopeRequest[] = [];
  for (const part of [jiraScope(form), linearScope(form)]) {
    if (part === null) continue;
    if ('message' in part) return { ok: false, message: part.message };
    scopes.push(part);
  }
  if (scopes.length === 0) return { ok: false, message: 'Choose what to look at: Jira boards, a JQL query, Linear teams or your own work.' };
  return { ok: true, scopes };
}
