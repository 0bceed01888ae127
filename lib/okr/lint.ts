/**
 * Playbook lint (rule 9): the OKR habits that make a set useful, checked against the
 * organisation's playbook. Findings are advice, never a reason to refuse a set.
 *
 * Decisions:
 * - Which cycles: the one named by `cycleId` whatever its state; otherwise every cycle still
 *   planned or running. A closed cycle is history: its review, not the lint, speaks for it.
 * - Activity and status-quo words are matched on the title's *leading verb* only (after a
 *   "KR1:"-style label and leading "-ly" adverbs such as "Successfully"), whole words, any case,
 *   with regular -ed/-ing forms. Outcome KRs are written verb-first ("Reduce build time",
 *   "Increase release frequency") and there the same words are nouns; matching anywhere would
 *   flag exactly the good titles. The price: a title that opens with such a noun ("Build time
 *   under 5 minutes") is flagged, and the advice (lead with the change) fixes it.
 * - Stale check-ins count only in an active cycle, from the last check-in, or from the cycle's
 *   start when there is none, to `today` (UTC calendar days); stale means more than
 *   `staleCheckInDays` days. Metric and milestone KRs get a warning (their progress comes from
 *   check-ins, so it is frozen); issues KRs measure themselves from linked work and only their
 *   confidence goes stale, so theirs is info.
 * - Metric and milestone KRs are always measurable (the schema demands start ≠ target); an
 *   issues KR is not measurable with no linked issue, known only when `linkedIssueCount` says so.
 * - Objectives are counted per team; company objectives without a team are counted together
 *   (target: the cycle). Other team-less objectives are not counted.
 * - Severity: error where progress cannot be measured at all (an objective without KRs);
 *   warning for habits the SPEC names; info where context makes the finding softer (a status-quo
 *   objective that declares itself `theme: run`, a KR without owner whose objective has one,
 *   a cycle of one commitment kind).
 */
import type { KeyResult, Objective, OkrSet } from './model';
import type { ResolvedPlaybook } from './playbook';

export const LINT_RULE_IDS = [
  'objectives-per-team',
  'krs-per-objective',
  'kr-not-measurable',
  'kr-output-not-outcome',
  'objective-status-quo',
  'no-owner',
  'stale-check-in',
  'commitment-mix',
  'team-objective-unaligned',
] as const;

export type LintRuleId = (typeof LINT_RULE_IDS)[number];
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  ruleId: LintRuleId;
  severity: Severity;
  target: { kind: 'objective' | 'key-result' | 'cycle' | 'team'; id: string };
  /** What is wrong. */
  message: string;
  /** One sentence on what to do. */
  advice: string;
}

export interface LintOptions {
  /** `YYYY-MM-DD`: the day the lint speaks for (stale check-ins). */
  today: string;
  playbook: ResolvedPlaybook;
  /** Lint this cycle only; otherwise every cycle not closed. */
  cycleId?: string;
  /** Issues linked to an issues KR, when known; undefined means "not known", never 0. */
  linkedIssueCount?: (krId: string) => number | undefined;
}

// ---------------------------------------------------------------------------------------------
// Words.

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Regular past and -ing forms of a verb: launch → launched, launching; write → writing; ship → shipped. */
function verbForms(verb: string): string[] {
  const forms = new Set([verb, `${verb}ed`, `${verb}ing`]);
  if (verb.endsWith('e')) {
    forms.add(`${verb}d`);
    forms.add(`${verb.slice(0, -1)}ing`);
  }
  // Short consonant-vowel-consonant verbs double their last letter: ship → shipped, run → running.
  if (/^[^aeiou]*[aeiou][bdglmnprt]$/.test(verb)) {
    const last = verb.at(-1)!;
    forms.add(`${verb}${last}ed`);
    forms.add(`${verb}${last}ing`);
  }
  return [...forms];
}

/** A matcher for phrases (inflected on their first word) at the start of a text. */
function leadingPhraseMatcher(phrases: readonly string[]): (text: string) => string | undefined {
  const alternatives = phrases
    .map((phrase) => phrase.trim().toLowerCase().split(/\s+/))
    .filter((words) => words.length > 0 && words[0] !== '')
    .flatMap(([first, ...rest]) => verbForms(first!).map((form) => [form, ...rest].map(escapeRegExp).join('\\s+')))
    // Longest first so "set up" wins over a shorter word sharing its start.
    .sort((a, b) => b.length - a.length);
  if (alternatives.length === 0) return () => undefined;
  const pattern = new RegExp(`^(?:${alternatives.join('|')})(?![\\p{L}\\p{N}'’-])`, 'iu');
  return (text) => pattern.exec(leadingClause(text))?.[0];
}

/** Words ending in "ly" that are verbs or adjectives, not adverbs to skip over. */
const NOT_ADVERBS = new Set([
  'apply',
  'supply',
  'reply',
  'multiply',
  'rely',
  'fly',
  'ally',
  'rally',
  'early',
  'only',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'yearly',
]);

/** The title without a leading enumeration ("KR1:", "2.", "-") or "-ly" adverbs ("Successfully"). */
function leadingClause(title: string): string {
  let rest = title.trim().replace(/^(?:(?:kr|o)?\s*\d+\s*[.):]\s*|[-*•–]\s+)/iu, '');
  for (let adverb = /^(\p{L}+ly)\s+/iu.exec(rest); adverb; adverb = /^(\p{L}+ly)\s+/iu.exec(rest)) {
    if (NOT_ADVERBS.has(adverb[1]!.toLowerCase())) break;
    rest = rest.slice(adverb[0].length);
  }
  return rest;
}

/** The activity word a KR title opens with, if any (lowercased as written). */
export function leadingActivityWord(title: string, playbook: Pick<ResolvedPlaybook, 'activityWords'>): string | undefined {
  return leadingPhraseMatcher(playbook.activityWords)(title)?.toLowerCase();
}

/** The status-quo word an objective title opens with, if any. */
export function leadingStatusQuoWord(title: string, playbook: Pick<ResolvedPlaybook, 'statusQuoWords'>): string | undefined {
  return leadingPhraseMatcher(playbook.statusQuoWords)(title)?.toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Dates.

const DAY_MS = 86_400_000;
const utcDay = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const timestampDay = (at: string) => Math.floor(Date.parse(at) / DAY_MS);

// ---------------------------------------------------------------------------------------------
// The rules.

export function lintOkrSet(set: OkrSet, options: LintOptions): Finding[] {
  const { playbook } = options;
  const cycles = set.cycles.filter((c) => (options.cycleId === undefined ? c.state !== 'closed' : c.id === options.cycleId));
  const findings: Finding[] = [];
  const isActivity = leadingPhraseMatcher(playbook.activityWords);
  const isStatusQuo = leadingPhraseMatcher(playbook.statusQuoWords);

  for (const cycle of cycles) {
    const objectives = set.objectives.filter((o) => o.cycleId === cycle.id);
    findings.push(...objectivesPerTeam(cycle.id, objectives, playbook));
    findings.push(...commitmentMix(cycle.id, objectives));

    for (const objective of objectives) {
      const krs = set.keyResults.filter((kr) => kr.objectiveId === objective.id);
      findings.push(...objectiveFindings(objective, krs.length, playbook, isStatusQuo));
      for (const kr of krs) {
        findings.push(...keyResultFindings(kr, objective, options, isActivity));
        if (cycle.state === 'active') {
          const stale = staleCheckIn(kr, set, cycle.start, options);
          if (stale) findings.push(stale);
        }
      }
    }
  }
  return findings;
}

function objectivesPerTeam(cycleId: string, objectives: readonly Objective[], playbook: ResolvedPlaybook): Finding[] {
  const { min, max } = playbook.objectivesPerTeam;
  const groups = new Map<string, { target: Finding['target']; who: string; count: number }>();
  for (const o of objectives) {
    const key = o.team !== undefined ? `team:${o.team}` : o.level === 'company' ? 'company' : undefined;
    if (key === undefined) continue;
    const group = groups.get(key) ?? {
      target: o.team !== undefined ? { kind: 'team' as const, id: o.team } : { kind: 'cycle' as const, id: cycleId },
      who: o.team !== undefined ? `team ${o.team}` : 'the company',
      count: 0,
    };
    group.count += 1;
    groups.set(key, group);
  }
  const findings: Finding[] = [];
  for (const { target, who, count } of groups.values()) {
    if (count >= min && count <= max) continue;
    const tooMany = count > max;
    findings.push({
      ruleId: 'objectives-per-team',
      severity: 'warning',
      target,
      message: `${who} has ${count} objective${count === 1 ? '' : 's'} in cycle ${cycleId}; the playbook asks for ${min}–${max}`,
      advice: tooMany
        ? 'Keep the few objectives that matter most this cycle and drop or merge the rest.'
        : 'Give the team at least one objective that says what it will change this cycle.',
    });
  }
  return findings;
}

function commitmentMix(cycleId: string, objectives: readonly Objective[]): Finding[] {
  const kinds = new Set(objectives.map((o) => o.commitment));
  if (objectives.length === 0 || kinds.size !== 1) return [];
  const only = objectives[0]!.commitment;
  return [
    {
      ruleId: 'commitment-mix',
      severity: 'info',
      target: { kind: 'cycle', id: cycleId },
      message: `every objective in cycle ${cycleId} is ${only}`,
      advice:
        only === 'committed'
          ? 'Add an aspirational objective so the cycle also reaches for something hard.'
          : 'Mark what must be done as committed, so everyone knows which goals are not optional.',
    },
  ];
}

function objectiveFindings(
  objective: Objective,
  krCount: number,
  playbook: ResolvedPlaybook,
  isStatusQuo: (text: string) => string | undefined,
): Finding[] {
  const target = { kind: 'objective' as const, id: objective.id };
  const findings: Finding[] = [];
  const { min, max } = playbook.keyResultsPerObjective;
  if (krCount < min || krCount > max) {
    findings.push({
      ruleId: 'krs-per-objective',
      severity: krCount === 0 ? 'error' : 'warning',
      target,
      message: `objective "${objective.title}" has ${krCount} key result${krCount === 1 ? '' : 's'}; the playbook asks for ${min}–${max}`,
      advice:
        krCount > max
          ? 'Keep the key results that best show the objective is met; more dilute the focus.'
          : 'Add key results that together would prove the objective is met.',
    });
  }
  const word = isStatusQuo(objective.title);
  if (word !== undefined) {
    findings.push({
      ruleId: 'objective-status-quo',
      severity: objective.theme === 'run' ? 'info' : 'warning',
      target,
      message: `objective "${objective.title}" keeps the status quo ("${word.toLowerCase()}")`,
      advice: 'Name what should be different at the end of the cycle, or keep this as a health metric outside the OKRs.',
    });
  }
  if (objective.owner === undefined) {
    findings.push({
      ruleId: 'no-owner',
      severity: 'warning',
      target,
      message: `objective "${objective.title}" has no owner`,
      advice: 'Name the one person who answers for this objective at check-ins.',
    });
  }
  if (objective.level === 'team' && objective.alignment.inherits === undefined && objective.alignment.supports.length === 0) {
    findings.push({
      ruleId: 'team-objective-unaligned',
      severity: 'warning',
      target,
      message: `team objective "${objective.title}" neither inherits nor supports anything`,
      advice: 'Inherit the higher-level key result this objective delivers, or list what it supports.',
    });
  }
  return findings;
}

function keyResultFindings(
  kr: KeyResult,
  objective: Objective,
  options: LintOptions,
  isActivity: (text: string) => string | undefined,
): Finding[] {
  const target = { kind: 'key-result' as const, id: kr.id };
  const findings: Finding[] = [];
  const word = isActivity(kr.title);
  if (word !== undefined) {
    findings.push({
      ruleId: 'kr-output-not-outcome',
      severity: 'warning',
      target,
      message: `key result "${kr.title}" describes an output ("${word.toLowerCase()}"), not an outcome`,
      advice: 'Say what changes for customers or the business once the work is done, as a number moving from X to Y.',
    });
  }
  if (kr.measure.type === 'issues' && options.linkedIssueCount?.(kr.id) === 0) {
    findings.push({
      ruleId: 'kr-not-measurable',
      severity: 'warning',
      target,
      message: `key result "${kr.title}" is measured by linked work, and no issue is linked`,
      advice: 'Link the epics or issues that deliver it, or measure it with a metric instead.',
    });
  }
  if (kr.owner === undefined) {
    const fallback = objective.owner;
    findings.push({
      ruleId: 'no-owner',
      severity: fallback === undefined ? 'warning' : 'info',
      target,
      message:
        fallback === undefined
          ? `key result "${kr.title}" has no owner, nor has its objective`
          : `key result "${kr.title}" has no owner of its own (its objective's owner, ${fallback}, answers for it)`,
      advice: 'Name the person who checks in on this key result.',
    });
  }
  return findings;
}

function staleCheckIn(kr: KeyResult, set: OkrSet, cycleStart: string, options: LintOptions): Finding | undefined {
  const today = utcDay(options.today);
  let last: number | undefined;
  for (const checkIn of set.checkIns) {
    if (checkIn.krId !== kr.id) continue;
    const day = timestampDay(checkIn.at);
    if (day <= today && (last === undefined || day > last)) last = day;
  }
  const since = last ?? utcDay(cycleStart);
  const days = today - since;
  const limit = options.playbook.staleCheckInDays;
  if (days <= limit) return undefined;
  const measuredByWork = kr.measure.type === 'issues';
  return {
    ruleId: 'stale-check-in',
    severity: measuredByWork ? 'info' : 'warning',
    target: { kind: 'key-result', id: kr.id },
    message:
      last === undefined
        ? `key result "${kr.title}" has had no check-in in the ${days} days since the cycle began`
        : `key result "${kr.title}" was last checked in ${days} days ago (the playbook asks at least every ${limit})`,
    advice: measuredByWork
      ? 'Progress updates itself from linked work; add a check-in to record the team’s confidence.'
      : 'Record the current value and your confidence, so the progress shown is today’s.',
  };
}

// ---------------------------------------------------------------------------------------------

export interface LintGroup {
  ruleId: LintRuleId;
  /** The most severe finding of the group. */
  severity: Severity;
  findings: Finding[];
}

export interface LintSummary {
  groups: LintGroup[];
  counts: Record<Severity, number>;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings grouped by rule: most severe groups first, then in the order of `LINT_RULE_IDS`. */
export function lintSummary(findings: readonly Finding[]): LintSummary {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const groups = new Map<LintRuleId, LintGroup>();
  for (const finding of findings) {
    counts[finding.severity] += 1;
    const group = groups.get(finding.ruleId);
    if (!group) groups.set(finding.ruleId, { ruleId: finding.ruleId, severity: finding.severity, findings: [finding] });
    else {
      group.findings.push(finding);
      if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[group.severity]) group.severity = finding.severity;
    }
  }
  const ordered = [...groups.values()].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || LINT_RULE_IDS.indexOf(a.ruleId) - LINT_RULE_IDS.indexOf(b.ruleId),
  );
  return { groups: ordered, counts };
}
