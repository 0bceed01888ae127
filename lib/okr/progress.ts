/**
 * KR and objective progress (rules 1–4), each value carrying its own explanation (rule 7):
 * the formula as a sentence, the issues or check-ins it came from, and notes on every
 * assumption made on the way (imputed estimates, clamping, unknown KRs left out).
 *
 * Sizes to plan for: half a million issues and a few hundred KRs. Links are indexed once per
 * graph (`indexLinks`), canceled-ness is decided once per distinct status, and each KR walks only
 * its own linked subtrees, so computing every KR is near-linear in what it reads.
 *
 * This module joins the pieces and is the one import path for them: the contributing set
 * (`contributing.ts`), explanations (`explanation.ts`), issues progress (`issues-progress.ts`),
 * metric and milestone progress (`checkin-progress.ts`) and objective progress (`objective-progress.ts`).
 */
import type { CheckIn, KeyResult, OkrSet } from './model';
import type { IssueGraph } from './issue-graph';
import type { ResolvedPlaybook } from './playbook';
import { type LinkIndex, linksOf } from './contributing';
import type { KrProgress, ProgressContext } from './explanation';
import { issuesProgress } from './issues-progress';
import { metricProgress, milestoneProgress } from './checkin-progress';

export { chronological } from './checkin-progress';
export {
  type CanceledTest,
  type ContributingLeaf,
  type ContributingOptions,
  type ContributingSet,
  canceledTest,
  contributingIssues,
  indexLinks,
  type LinkIndex,
  linkKey,
} from './contributing';
export {
  type CountedAs,
  type ExplainedIssue,
  type Explanation,
  formatNumber,
  type KrProgress,
  type MeasureType,
  type ProgressContext,
  percent,
} from './explanation';
export {
  allObjectiveProgress,
  type ExplainedKr,
  type ObjectiveExplanation,
  type ObjectiveProgress,
  objectiveProgress,
} from './objective-progress';

export function checkInsByKr(checkIns: readonly CheckIn[]): Map<string, CheckIn[]> {
  const byKr = new Map<string, CheckIn[]>();
  for (const checkIn of checkIns) {
    const list = byKr.get(checkIn.krId);
    if (list) list.push(checkIn);
    else byKr.set(checkIn.krId, [checkIn]);
  }
  return byKr;
}

const checkInCache = new WeakMap<readonly CheckIn[], ReadonlyMap<string, readonly CheckIn[]>>();
function checkInsOf(ctx: ProgressContext): ReadonlyMap<string, readonly CheckIn[]> {
  if (ctx.checkIns) return ctx.checkIns;
  let byKr = checkInCache.get(ctx.set.checkIns);
  if (!byKr) checkInCache.set(ctx.set.checkIns, (byKr = checkInsByKr(ctx.set.checkIns)));
  return byKr;
}

/** rules 2 and 3 for one KR, with its explanation. */
export function krProgress(kr: KeyResult, ctx: ProgressContext): KrProgress {
  const measure = kr.measure;
  switch (measure.type) {
    case 'issues':
      return issuesProgress(kr, measure, ctx);
    case 'metric':
      return metricProgress(kr, measure, checkInsOf(ctx).get(kr.id) ?? []);
    case 'milestone':
      return milestoneProgress(kr, checkInsOf(ctx).get(kr.id) ?? []);
  }
}

/** Every KR of the set, sharing one link index and one check-in grouping. */
export function allKrProgress(
  set: Pick<OkrSet, 'id' | 'checkIns' | 'keyResults'>,
  graph: IssueGraph,
  playbook: ResolvedPlaybook,
  links: LinkIndex = linksOf(graph),
): Map<string, KrProgress> {
  const ctx: ProgressContext = { set, graph, playbook, links, checkIns: checkInsByKr(set.checkIns) };
  return new Map(set.keyResults.map((kr) => [kr.id, krProgress(kr, ctx)]));
}
