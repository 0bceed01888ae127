/**
 * The playbook: the organisation's OKR rules of thumb, every one configurable (rules 1, 8, 9).
 * A set's `playbook` may name any subset; `resolvePlaybook` fills in the defaults.
 */
import type { IssueKind, IssueSnapshot, Playbook } from './model';

export interface ResolvedPlaybook {
  objectivesPerTeam: { min: number; max: number };
  keyResultsPerObjective: { min: number; max: number };
  activityWords: string[];
  statusQuoWords: string[];
  staleCheckInDays: number;
  runLabels: string[];
  runKinds: IssueKind[];
  canceledResolutions: string[];
  canceledStatuses: string[];
}

export const DEFAULT_PLAYBOOK: Readonly<ResolvedPlaybook> = Object.freeze({
  objectivesPerTeam: { min: 1, max: 5 },
  keyResultsPerObjective: { min: 2, max: 5 },
  activityWords: [
    'launch',
    'complete',
    'ship',
    'build',
    'implement',
    'deliver',
    'create',
    'write',
    'hold',
    'attend',
    'release',
    'migrate',
    'develop',
    'finish',
    'roll out',
    'set up',
    'organize',
    'organise',
    'run',
  ],
  statusQuoWords: ['maintain', 'keep', 'continue', 'sustain', 'preserve'],
  staleCheckInDays: 14,
  runLabels: ['bug', 'on-call', 'oncall', 'support', 'maintenance', 'ktlo', 'chore'],
  runKinds: ['bug'] as IssueKind[],
  canceledResolutions: ["Won't Do", 'Duplicate', 'Cannot Reproduce', 'Declined'],
  canceledStatuses: ['Canceled', 'Cancelled', "Won't Do", 'Rejected'],
});

export function resolvePlaybook(playbook: Playbook | undefined): ResolvedPlaybook {
  const defaults = DEFAULT_PLAYBOOK;
  return {
    objectivesPerTeam: playbook?.objectivesPerTeam ?? { ...defaults.objectivesPerTeam },
    keyResultsPerObjective: playbook?.keyResultsPerObjective ?? { ...defaults.keyResultsPerObjective },
    activityWords: playbook?.activityWords ?? [...defaults.activityWords],
    statusQuoWords: playbook?.statusQuoWords ?? [...defaults.statusQuoWords],
    staleCheckInDays: playbook?.staleCheckInDays ?? defaults.staleCheckInDays,
    runLabels: playbook?.runLabels ?? [...defaults.runLabels],
    runKinds: playbook?.runKinds ?? [...defaults.runKinds],
    canceledResolutions: playbook?.canceledResolutions ?? [...defaults.canceledResolutions],
    canceledStatuses: playbook?.canceledStatuses ?? [...defaults.canceledStatuses],
  };
}

const sameName = (a: string, b: string) => a.trim().localeCompare(b.trim(), undefined, { sensitivity: 'accent' }) === 0;
const listed = (list: readonly string[], value: string | undefined) => value !== undefined && list.some((item) => sameName(item, value));

/**
 * rule 1: Linear reports canceled itself (category `canceled`); Jira has no such category,
 * so a done issue is canceled when its resolution or its status name is in the playbook's lists.
 */
export function isCanceled(issue: IssueSnapshot, playbook: ResolvedPlaybook): boolean {
  if (issue.status.category === 'canceled') return true;
  if (listed(playbook.canceledStatuses, issue.status.name)) return true;
  return issue.status.category === 'done' && listed(playbook.canceledResolutions, issue.status.resolution);
}

/** rule 8: business-as-usual work, by label or issue type. */
export function isRunWork(issue: IssueSnapshot, playbook: ResolvedPlaybook): boolean {
  return playbook.runKinds.includes(issue.kind) || issue.labels.some((label) => listed(playbook.runLabels, label));
}
