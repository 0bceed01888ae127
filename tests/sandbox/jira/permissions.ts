/**
 * Project permissions in the fake Jira: everyone has every permission unless a test takes one
 * away (`denyPermission`), the way a permission scheme can leave a user able to browse a project
 * but not create, edit or comment in it. Denials belong to the state, so `reset()` restores them.
 */
import type { FakeJiraState, FakeUser } from './state';

export const PROJECT_PERMISSIONS = {
  BROWSE_PROJECTS: 'Browse Projects',
  CREATE_ISSUES: 'Create Issues',
  EDIT_ISSUES: 'Edit Issues',
  ADD_COMMENTS: 'Add Comments',
} as const;
export type ProjectPermission = keyof typeof PROJECT_PERMISSIONS;

interface Denial {
  accountId: string;
  permission: ProjectPermission;
  /** Undefined: in every project. */
  projectKey?: string;
}

const denials = new WeakMap<FakeJiraState, Denial[]>();

export function denyPermission(state: FakeJiraState, accountId: string, permission: ProjectPermission, projectKey?: string): void {
  denials.set(state, [
    ...(denials.get(state) ?? []),
    { accountId, permission, ...(projectKey ? { projectKey: projectKey.toUpperCase() } : {}) },
  ]);
}

export function hasPermission(state: FakeJiraState, user: FakeUser, permission: ProjectPermission, projectKey: string): boolean {
  return !(denials.get(state) ?? []).some(
    (d) =>
      d.accountId === user.accountId &&
      d.permission === permission &&
      (d.projectKey === undefined || d.projectKey === projectKey.toUpperCase()),
  );
}

/** Jira's answers when a permission is missing (bodies as Jira words them; statuses as the contract lists them). */
export const PERMISSION_ERRORS = {
  CREATE_ISSUES: { status: 403, message: 'You do not have permission to create issues in this project.' },
  // The contract gives editIssue no 403 for this: it answers 400, like a field the user may not set.
  EDIT_ISSUES: { status: 400, message: 'You do not have permission to edit issues in this project.' },
  // addComment lists 400 and 404, no 403.
  ADD_COMMENTS: { status: 400, message: 'You do not have the permission to comment on this issue.' },
} as const;
