/**
 * The playbook as Options edits it: numbers and comma-separated lists as typed, and back to the
 * set's `playbook`, which holds only what differs from the defaults.
 */
import { issueKindSchema, type IssueKind, type OkrSet, type Playbook } from '../../../lib/okr/model';
import { DEFAULT_PLAYBOOK, type ResolvedPlaybook } from '../../../lib/okr/playbook';

export const ISSUE_KINDS: readonly IssueKind[] = issueKindSchema.options;

/** The playbook as the form edits it: numbers and comma-separated lists as typed. */
export interface PlaybookForm {
  objectivesMin: string;
  objectivesMax: string;
  keyResultsMin: string;
  keyResultsMax: string;
  staleCheckInDays: string;
  runLabels: string;
  runKinds: IssueKind[];
  activityWords: string;
  statusQuoWords: string;
  canceledResolutions: string;
  canceledStatuses: string;
}

export function playbookToForm(playbook: ResolvedPlaybook): PlaybookForm {
  return {
    objectivesMin: String(playbook.objectivesPerTeam.min),
    objectivesMax: String(playbook.objectivesPerTeam.max),
    keyResultsMin: String(playbook.keyResultsPerObjective.min),
    keyResultsMax: String(playbook.keyResultsPerObjective.max),
    staleCheckInDays: String(playbook.staleCheckInDays),
    runLabels: playbook.runLabels.join(', '),
    runKinds: [...playbook.runKinds],
    activityWords: playbook.activityWords.join(', '),
    statusQuoWords: playbook.statusQuoWords.join(', '),
    canceledResolutions: playbook.canceledResolutions.join(', '),
    canceledStatuses: playbook.canceledStatuses.join(', '),
  };
}

/** "a, b,, a " → ["a", "b"]: trimmed, blanks dropped, first spelling of each entry kept. */
export function splitList(text: string): string[] {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return [...new Set(items)];
}

const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * The form → the set's `playbook`, holding only what differs from the defaults so that a later
 * KR Lens with better defaults still applies them; undefined when nothing differs.
 */
export function formToPlaybook(form: PlaybookForm): { ok: true; playbook: Playbook | undefined } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const whole = (label: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    if (value >= min && value <= max) return value;
    errors.push(`${label} must be a whole number${max === Number.MAX_SAFE_INTEGER ? ` of at least ${min}` : ` from ${min} to ${max}`}.`);
    return Number.NaN; // so a range check does not report the same number twice
  };
  const range = (label: string, minText: string, maxText: string) => {
    const min = whole(`${label}: the minimum`, minText, 0);
    const max = whole(`${label}: the maximum`, maxText, 1);
    if (min > max) errors.push(`${label}: the minimum is above the maximum.`);
    return { min, max };
  };
  const resolved: ResolvedPlaybook = {
    objectivesPerTeam: range('Objectives per team', form.objectivesMin, form.objectivesMax),
    keyResultsPerObjective: range('Key results per objective', form.keyResultsMin, form.keyResultsMax),
    staleCheckInDays: whole('Days without a check-in', form.staleCheckInDays, 1, 365),
    runLabels: splitList(form.runLabels),
    runKinds: ISSUE_KINDS.filter((kind) => form.runKinds.includes(kind)),
    activityWords: splitList(form.activityWords),
    statusQuoWords: splitList(form.statusQuoWords),
    canceledResolutions: splitList(form.canceledResolutions),
    canceledStatuses: splitList(form.canceledStatuses),
  };
  if (errors.length > 0) return { ok: false, errors };
  const d = DEFAULT_PLAYBOOK;
  const playbook: Playbook = {};
  if (resolved.objectivesPerTeam.min !== d.objectivesPerTeam.min || resolved.objectivesPerTeam.max !== d.objectivesPerTeam.max) {
    playbook.objectivesPerTeam = resolved.objectivesPerTeam;
  }
  if (
    resolved.keyResultsPerObjective.min !== d.keyResultsPerObjective.min ||
    resolved.keyResultsPerObjective.max !== d.keyResultsPerObjective.max
  ) {
    playbook.keyResultsPerObjective = resolved.keyResultsPerObjective;
  }
  if (resolved.staleCheckInDays !== d.staleCheckInDays) playbook.staleCheckInDays = resolved.staleCheckInDays;
  if (!sameList(resolved.runLabels, d.runLabels)) playbook.runLabels = resolved.runLabels;
  if (!sameList(resolved.runKinds, d.runKinds)) playbook.runKinds = resolved.runKinds;
  if (!sameList(resolved.activityWords, d.activityWords)) playbook.activityWords = resolved.activityWords;
  if (!sameList(resolved.statusQuoWords, d.statusQuoWords)) playbook.statusQuoWords = resolved.statusQuoWords;
  if (!sameList(resolved.canceledResolutions, d.canceledResolutions)) playbook.canceledResolutions = resolved.canceledResolutions;
  if (!sameList(resolved.canceledStatuses, d.canceledStatuses)) playbook.canceledStatuses = resolved.canceledStatuses;
  return { ok: true, playbook: Object.keys(playbook).length > 0 ? playbook : undefined };
}

export function withPlaybook(set: OkrSet, playbook: Playbook | undefined): OkrSet {
  const { playbook: _previous, ...rest } = set;
  return playbook ? { ...rest, playbook } : rest;
}
