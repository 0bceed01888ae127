/**
 * Puts a team space into the fake Jira's state directly, exactly as KR Lens publishes one (a test
 * checks the two agree), so suites that start from a published space, and spaces of thousands of
 * check-ins, need not publish over HTTP first.
 */
import type { OkrSet } from '../../../lib/okr/model';
import {
  checkInText,
  JIRA_CHECKIN_PROPERTY,
  JIRA_RECORD_PROPERTY,
  recordsFromSet,
  recordTitle,
  SPACE_LABEL,
  SPACE_SET_LABEL,
} from '../../../lib/space/record';
import { adfText, clampSummary, recordDescription } from '../../../lib/trackers/jira/space-map';
import { addComment } from './comments';
import { addIssue, type FakeIssue, type FakeJiraState, type FakeUser } from './state';

export interface SeededJiraSpace {
  /** Record issues in creation order. */
  issues: FakeIssue[];
  commentCount: number;
}

export function seedJiraSpace(state: FakeJiraState, set: OkrSet, projectKey: string, author: FakeUser, at = new Date()): SeededJiraSpace {
  if (!state.projects.some((p) => p.key === projectKey))
    state.projects.push({ id: String(10100 + state.projects.length), key: projectKey, name: `${projectKey} OKRs` });
  const firstNumber =
    1 + Math.max(0, ...[...state.issues.values()].filter((i) => i.projectKey === projectKey).map((i) => Number(i.key.split('-')[1])));
  const { records, checkIns } = recordsFromSet(set, { by: author.displayName, at: at.toISOString() });
  const issues = records.map((record, i) =>
    addIssue(state, {
      key: `${projectKey}-${firstNumber + i}`,
      projectKey,
      type: 'Task',
      summary: clampSummary(recordTitle(record)),
      status: 'To Do',
      labels: record.kind === 'set' ? [SPACE_LABEL, SPACE_SET_LABEL] : [SPACE_LABEL],
      description: adfText(recordDescription(record)),
      properties: { [JIRA_RECORD_PROPERTY]: structuredClone(record) },
    }),
  );
  const krIssue = new Map(
    records.flatMap((record, i) => (record.kind === 'kr' ? [[record.id, { issue: issues[i]!, kr: record.data }] as const] : [])),
  );
  for (const checkIn of checkIns) {
    const target = krIssue.get(checkIn.krId);
    if (!target) throw new Error(`The set has no key result ${checkIn.krId}`);
    addComment(state, target.issue, author, adfText(checkInText(checkIn, target.kr)), {
      [JIRA_CHECKIN_PROPERTY]: structuredClone(checkIn),
    });
  }
  return { issues, commentCount: checkIns.length };
}
