/** rule 2: the progress of a KR measured by its issues, with the formula and notes that explain it. */
import { type ContributingLeaf, contributingIssues } from './contributing';
import {
  type CountedAs,
  type ExplainedIssue,
  formatNumber,
  type KrProgress,
  type ProgressContext,
  percent,
  plural,
  clamp01,
} from './explanation';
import type { IssueGraph } from './issue-graph';
import type { IssuesMeasure, KeyResult } from './model';

interface Weighing {
  weights: number[];
  notes: string[];
  /** The unit weights are counted in, for the formula. */
  unit: 'issues' | 'points';
}

/**
 * Weights per leaf. Estimate weighting imputes the mean estimate of the estimated issues (1 if
 * none is estimated). When every weight is 0 (all estimates are 0) the ratio would be 0/0;
 * counting issues instead keeps the KR measurable, and the notes say so.
 */
function weigh(leaves: readonly ContributingLeaf[], measure: IssuesMeasure): Weighing {
  const count: Weighing = { weights: leaves.map(() => 1), notes: [], unit: 'issues' };
  if (measure.weighting === 'count') return count;

  let estimatedCount = 0;
  let estimateSum = 0;
  for (const { issue } of leaves) {
    if (issue.estimate === undefined) continue;
    estimatedCount += 1;
    estimateSum += issue.estimate;
  }
  const unestimated = leaves.length - estimatedCount;
  const mean = estimatedCount > 0 ? estimateSum / estimatedCount : 1;
  const weights = leaves.map(({ issue }) => issue.estimate ?? mean);
  const notes: string[] = [];
  if (unestimated > 0) {
    notes.push(
      estimatedCount > 0
        ? `${plural(unestimated, 'issue')} without an estimate weigh the mean estimate ${formatNumber(mean)}`
        : 'no issue has an estimate, so every issue weighs 1',
    );
  }
  if (estimatedCount === 0) return { ...count, notes };
  if (weights.every((weight) => weight === 0)) {
    return { ...count, notes: [...notes, 'every estimate is 0, so each issue counts once instead'] };
  }
  return { weights, notes, unit: 'points' };
}

function issuesFormula(
  done: number,
  inProgress: number,
  total: number,
  leafCount: number,
  credit: number,
  unit: Weighing['unit'],
  progress: number,
): string {
  const amount = (value: number) => (unit === 'points' ? plural(value, 'point') : formatNumber(value));
  const of = unit === 'points' ? `${plural(total, 'point')} (${plural(leafCount, 'issue')})` : plural(total, 'issue');
  const inProgressTerm = credit > 0 ? ` + ${formatNumber(credit)} × ${amount(inProgress)} in progress` : '';
  return `${amount(done)} done${inProgressTerm} of ${of} = ${percent(progress)}`;
}

function explainIssue(leaf: ContributingLeaf, weight: number, graph: IssueGraph): ExplainedIssue {
  const { issue } = leaf;
  const category = issue.status.category as CountedAs; // canceled issues never reach here
  const via = leaf.root === leaf.id ? undefined : graph.byId.get(leaf.root)?.ref.key;
  return {
    id: leaf.id,
    key: issue.ref.key,
    title: issue.title,
    url: issue.url,
    status: issue.status.name,
    category,
    weight,
    counted: category,
    ...(via === undefined ? {} : { via }),
    estimated: issue.estimate !== undefined,
  };
}

export function issuesProgress(kr: KeyResult, measure: IssuesMeasure, ctx: ProgressContext): KrProgress {
  const contributing = contributingIssues(kr.id, ctx.set.id, ctx.graph, ctx.playbook, { links: ctx.links });
  const notes: string[] = [];
  if (contributing.canceledIds.length > 0) {
    notes.push(`${plural(contributing.canceledIds.length, 'canceled issue')} left out, with everything below them`);
  }
  if (contributing.leaves.length === 0) {
    const why =
      contributing.linkedIds.length === 0
        ? 'no issue is linked to this KR yet'
        : 'no linked work remains once canceled issues are left out';
    return {
      krId: kr.id,
      progress: null,
      explanation: { formula: `${why}: progress unknown`, measure: 'issues', issues: [], notes },
    };
  }

  const weighing = weigh(contributing.leaves, measure);
  let done = 0;
  let inProgress = 0;
  let total = 0;
  const issues = contributing.leaves.map((leaf, index) => {
    const weight = weighing.weights[index]!;
    total += weight;
    if (leaf.issue.status.category === 'done') done += weight;
    else if (leaf.issue.status.category === 'in_progress') inProgress += weight;
    return explainIssue(leaf, weight, ctx.graph);
  });
  const credit = measure.inProgressCredit;
  const progress = clamp01((done + credit * inProgress) / total);
  if (credit === 0 && inProgress > 0) notes.push('work in progress earns no credit until it is done (inProgressCredit 0)');
  const leafIds = new Set(contributing.leaves.map((leaf) => leaf.id));
  const canceledIds = new Set(contributing.canceledIds);
  const parents = contributing.linkedIds.filter((id) => !leafIds.has(id) && !canceledIds.has(id)).length;
  if (parents > 0) notes.push(`${plural(parents, 'linked issue')} with children count through their children`);
  return {
    krId: kr.id,
    progress,
    explanation: {
      formula: issuesFormula(done, inProgress, total, contributing.leaves.length, credit, weighing.unit, progress),
      measure: 'issues',
      issues,
      notes: [...weighing.notes, ...notes],
    },
  };
}
