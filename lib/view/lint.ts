/** The playbook check on the dashboard: lint findings grouped by rule, each naming what it is about. */
import type { IssueSnapshot, OkrSet } from '../okr/model';
import { issueId } from '../okr/issue-graph';
import { lintSummary, type Finding, type LintRuleId, type Severity } from '../okr/lint';

export const LINT_RULE_TITLES: Readonly<Record<LintRuleId, string>> = {
  'objectives-per-team': 'Objectives per team',
  'krs-per-objective': 'Key results per objective',
  'kr-not-measurable': 'Key results that cannot be measured',
  'kr-output-not-outcome': 'Output, not outcome',
  'objective-status-quo': 'Status-quo objectives',
  'no-owner': 'No owner',
  'stale-check-in': 'Stale check-ins',
  'commitment-mix': 'Commitment mix',
  'team-objective-unaligned': 'Team objectives without alignment',
};

export interface LintFindingView {
  severity: Severity;
  message: string;
  advice: string;
  target: { kind: Finding['target']['kind']; id: string; title: string };
}

export interface LintGroupView {
  ruleId: LintRuleId;
  title: string;
  severity: Severity;
  findings: LintFindingView[];
}

export interface LintView {
  groups: LintGroupView[];
  counts: Record<Severity, number>;
}

/** Findings grouped by rule, most severe first, each naming what it is about. */
export function buildLintView(set: Pick<OkrSet, 'objectives' | 'keyResults' | 'cycles'>, findings: readonly Finding[]): LintView {
  const titleOf = (target: Finding['target']): string => {
    switch (target.kind) {
      case 'objective':
        return set.objectives.find((o) => o.id === target.id)?.title ?? target.id;
      case 'key-result':
        return set.keyResults.find((kr) => kr.id === target.id)?.title ?? target.id;
      case 'cycle':
        return set.cycles.find((c) => c.id === target.id)?.name ?? target.id;
      case 'team':
        return target.id;
    }
  };
  const summary = lintSummary(findings);
  return {
    counts: summary.counts,
    groups: summary.groups.map((group) => ({
      ruleId: group.ruleId,
      title: LINT_RULE_TITLES[group.ruleId] ?? group.ruleId,
      severity: group.severity,
      findings: group.findings.map((finding) => ({
        severity: finding.severity,
        message: finding.message,
        advice: finding.advice,
        target: { kind: finding.target.kind, id: finding.target.id, title: titleOf(finding.target) },
      })),
    })),
  };
}

/** Issue ids linked directly to each KR of the set: the lint's "has linked work" test. */
export function linkedCounts(setId: string, issues: readonly IssueSnapshot[]): Map<string, number> {
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const issue of issues) {
    const id = issueId(issue.ref);
    if (seen.has(id)) continue;
    seen.add(id);
    for (const ref of issue.krRefs) if (ref.setId === setId) counts.set(ref.krId, (counts.get(ref.krId) ?? 0) + 1);
  }
  return counts;
}
