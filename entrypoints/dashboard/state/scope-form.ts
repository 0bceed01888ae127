/** The activity report's scope form: which boards, query, teams or own work to read. */
import type { ScopeRequest } from '../../../lib/messaging';
import { EMPTY_JIRA_SCOPE, jiraScopeFromForm, type JiraScopeFields } from '../../../lib/trackers/jira/scopes';
import { EMPTY_LINEAR_SCOPE, linearScopeFromForm, type LinearScopeFields } from '../../../lib/trackers/linear/scopes';

/** Each tracker's own fields: its folder's `scopes.ts` turns them into a scope request. */
export type ScopeForm = JiraScopeFields & LinearScopeFields;

export const EMPTY_SCOPE: ScopeForm = { ...EMPTY_JIRA_SCOPE, ...EMPTY_LINEAR_SCOPE };

type Built = { ok: true; scopes: ScopeRequest[] } | { ok: false; message: string };

/** The form → the scope parts to read, or a sentence saying what is missing. */
export function buildScopes(form: ScopeForm): Built {
  const scopes: ScopeRequest[] = [];
  for (const part of [jiraScopeFromForm(form), linearScopeFromForm(form)]) {
    if (part === null) continue;
    if ('message' in part) return { ok: false, message: part.message };
    scopes.push(part);
  }
  if (scopes.length === 0)
    return { ok: false, message: 'Choose what to look at: Jira boards, a JQL query, Linear teams or your own work.' };
  return { ok: true, scopes };
}
