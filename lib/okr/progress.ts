/**
 * KR and objective progress (rules 1–4), each value carrying its own explanation (rule 7):
 * the formula as a sentence, the issues or check-ins it came from, and notes on every
 * assumption made on the way (imputed estimates, clamping, unknown KRs left out).
 *
 * Sizes to plan for: half a million issues and a few hundred KRs. Links are indexed once per
 * graph (`indexLinks`), canceled-ness is decided once per distinct status, and each KR walks only
 * its own linked subtrees, so computing every KR is near-linear in what it reads.
 */
import type { CheckIn, IssueSnapshot, IssuesMeasure, KeyResult, MetricMeasure, OkrSet, StatusCategory } from './model';
import type { IssueGraph } from './issue-graph';
import { isCanceled, type ResolvedPlaybook } from './playbook';

// ---------------------------------------------------------------------------------------------
// Rule 1: the contributing set.

/** Issue ids linked to each KR, keyed by `linkKey(setId, krId)`. */
export type LinkIndex = ReadonlyMap<string, readonly string[]>;

/** Ids cannot contain ":" (see `idSchema`), so the key is unambiguous. */
export const linkKey = (setId: string, krId: string): string => `${setId}:${krId}`;

/** One pass over the graph: which issues link to which KR. Build it once per graph and share it. */
export function indexLinks(graph: IssueGraph): Map<string, string[]> {
  const links = new Map<string, string[]>();
  for (const [id, issue] of graph.byId) {
    for (const ref of issue.krRefs) {
      const key = linkKey(ref.setId, ref.krId);
      const ids = links.get(key);
      if (!ids) links.set(key, [id]);
      else if (ids[ids.length - 1] !== id) ids.push(id); // the same link found twice on one issue
    }
  }
  return links;
}

// Graphs and playbooks are never mutated once built, so derived lookups are cached per object.
const linkIndexCache = new WeakMap<IssueGraph, LinkIndex>();
function linksOf(graph: IssueGraph): LinkIndex {
  let links = linkIndexCache.get(graph);
  if (!links) linkIndexCache.set(graph, (links = indexLinks(graph)));
  return links;
}

export type CanceledTest = (issue: IssueSnapshot) => boolean;

const canceledTestCache = new WeakMap<ResolvedPlaybook, CanceledTest>();
/**
 * `isCanceled`, decided once per distinct (category, status, resolution): a tracker has a few
 * dozen statuses but may hand us hundreds of thousands of issues, and name matching is costly.
 */
export function canceledTest(playbook: ResolvedPlaybook): CanceledTest {
  const cached = canceledTestCache.get(playbook);
  if (cached) return cached;
  // Nested maps rather than a joined key: no string is built per issue.
  const verdicts = new Map<string, Map<string, Map<string | undefined, boolean>>>();
  const test: CanceledTest = (issue) => {
    const { category, name, resolution } = issue.status;
    let byName = verdicts.get(category);
    if (!byName) verdicts.set(category, (byName = new Map()));
    let byResolution = byName.get(name);
    if (!byResolution) byName.set(name, (byResolution = new Map()));
    let verdict = byResolution.get(resolution);
    if (verdict === undefined) byResolution.set(resolution, (verdict = isCanceled(issue, playbook)));
    return verdict;
  };
  canceledTestCache.set(playbook, test);
  return test;
}

export interface ContributingLeaf {
  id: string;
  issue: IssueSnapshot;
  /** The nearest linked issue at or above this leaf: the leaf itself when it is linked directly. */
  root: string;
}

export interface ContributingSet {
  /** Each contributing issue once, in walk order (grouped under the linked issue they came through). */
  leaves: ContributingLeaf[];
  /** The issues that link to the KR themselves. */
  linkedIds: string[];
  /** Canceled issues met on the way (left out, with everything below them). */
  canceledIds: string[];
}

export interface ContributingOptions {
  /** `indexLinks(graph)`, when the caller already has it. */
  links?: LinkIndex;
}

/**
 * rule 1. The linked issues and all their descendants, each once, canceled ones out, and only
 * leaves: an issue with children contributes through them alone.
 *
 * Decisions the rule leaves open:
 * - A canceled issue takes its whole subtree out: a canceled epic's remaining stories are
 *   abandoned work, not progress. A descendant that is itself linked to the KR still counts,
 *   because someone said explicitly that it serves the KR.
 * - "Has children" means children that still count: a story whose only sub-task was canceled is a
 *   leaf again, otherwise finished work would vanish from the KR.
 * - The leaf's `root` is its nearest linked ancestor (or itself), whichever linked issue the walk
 *   started from, so "via" names the most specific link.
 * - Parent loops in tracker data are walked once and never hang; issues inside a loop all have
 *   children, so none of them is a leaf.
 */
export function contributingIssues(
  krId: string,
  setId: string,
  graph: IssueGraph,
  playbook: ResolvedPlaybook,
  options: ContributingOptions = {},
): ContributingSet {
  const linkedIds = [...((options.links ?? linksOf(graph)).get(linkKey(setId, krId)) ?? [])];
  const linked = new Set(linkedIds);
  const canceled = canceledTest(playbook);
  const leaves: ContributingLeaf[] = [];
  const canceledIds = new Set<string>();
  const seen = new Set<string>();
  // Parallel arrays instead of tuples: this loop runs once per issue under every linked issue.
  // Roots are checked for canceled when popped; children are checked before they are pushed.
  const stackIds: string[] = [];
  const stackRoots: string[] = [];
  const stackChecked: boolean[] = [];
  for (let i = linkedIds.length - 1; i >= 0; i--) {
    stackIds.push(linkedIds[i]!);
    stackRoots.push(linkedIds[i]!);
    stackChecked.push(false);
  }

  while (stackIds.length > 0) {
    const id = stackIds.pop()!;
    const root = stackRoots.pop()!;
    const checked = stackChecked.pop()!;
    if (seen.has(id)) continue;
    const issue = graph.byId.get(id);
    if (!issue) continue;
    if (!checked && canceled(issue)) {
      // Not marked seen: a linked descendant reached later as its own root must still count.
      canceledIds.add(id);
      continue;
    }
    seen.add(id);
    const children = graph.childrenOf.get(id);
    let live = 0;
    if (children) {
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i]!;
        const childIssue = graph.byId.get(child);
        if (!childIssue) continue;
        if (canceled(childIssue)) {
          canceledIds.add(child);
          continue;
        }
        live += 1;
        if (seen.has(child)) continue;
        stackIds.push(child);
        stackRoots.push(linked.has(child) ? child : root);
        stackChecked.push(true);
      }
    }
    if (live === 0) leaves.push({ id, issue, root });
  }
  return { leaves, linkedIds, canceledIds: [...canceledIds] };
}

// ---------------------------------------------------------------------------------------------
// Explanations (rule 7).

export type MeasureType = KeyResult['measure']['type'];
export type CountedAs = Exclude<StatusCategory, 'canceled'>;

export interface ExplainedIssue {
  id: string;
  key: string;
  title: string;
  url: string;
  /** The tracker's status name, e.g. "In Review". */
  status: string;
  category: CountedAs;
  weight: number;
  counted: CountedAs;
  /** Key of the linked ancestor this issue came through; absent when the issue is linked itself. */
  via?: string;
  /** True when the issue carries its own estimate; false when it has none (its weight may be imputed). */
  estimated: boolean;
}

export interface Explanation {
  /** A sentence a person can check by hand, e.g. "3 done + 0.5 × 2 in progress of 8 issues = 50%". */
  formula: string;
  measure: MeasureType;
  issues?: ExplainedIssue[];
  /** The KR's check-ins, oldest first. */
  checkIns?: CheckIn[];
  notes: string[];
}

export interface KrProgress {
  krId: string;
  /** 0..1, or null when it cannot be known (an issues-KR with no contributing work). */
  progress: number | null;
  explanation: Explanation;
}

export const percent = (share: number): string => `${Math.round(share * 100)}%`;
/** Short numbers for sentences: at most two decimals, no trailing zeros. */
export const formatNumber = (value: number): string => String(Number(value.toFixed(2)));
const plural = (count: number, one: string, many = `${one}s`) => `${formatNumber(count)} ${count === 1 ? one : many}`;
const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

// ---------------------------------------------------------------------------------------------
// Rule 2: issues progress.

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

function issuesProgress(kr: KeyResult, measure: IssuesMeasure, ctx: ProgressContext): KrProgress {
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

// ---------------------------------------------------------------------------------------------
// Rule 3: metric and milestone progress.

const timeOf = (checkIn: CheckIn) => Date.parse(checkIn.at);

/** Oldest first by the instant (offsets honoured); entries at the same instant keep file order. */
export function chronological(checkIns: readonly CheckIn[]): CheckIn[] {
  return checkIns
    .map((checkIn, index) => ({ checkIn, index, time: timeOf(checkIn) }))
    .sort((a, b) => a.time - b.time || a.index - b.index)
    .map(({ checkIn }) => checkIn);
}

/** The latest check-in that reports a value; a confidence-only check-in does not reset the value. */
function latestValued(checkIns: readonly CheckIn[]): (CheckIn & { value: number }) | undefined {
  let latest: (CheckIn & { value: number }) | undefined;
  for (const checkIn of checkIns) {
    if (checkIn.value === undefined) continue;
    if (!latest || timeOf(checkIn) >= timeOf(latest)) latest = checkIn as CheckIn & { value: number };
  }
  return latest;
}

const withUnit = (value: number, unit: string | undefined) => (unit ? `${formatNumber(value)} ${unit}` : formatNumber(value));
const dayOf = (at: string) => at.slice(0, 10);

function metricProgress(kr: KeyResult, measure: MetricMeasure, checkIns: readonly CheckIn[]): KrProgress {
  const { start, target, unit } = measure;
  const latest = latestValued(checkIns);
  const current = latest?.value ?? start;
  const raw = (current - start) / (target - start);
  const progress = clamp01(raw);
  const notes: string[] = [];
  if (!latest) notes.push('no check-in with a value yet, so the current value is the start value');
  if (raw > 1) notes.push(`past the target (${percent(raw)}), counted as 100%`);
  if (raw < 0) notes.push(`moved away from the target (${percent(raw)}), counted as 0%`);
  const source = latest ? ` (check-in of ${dayOf(latest.at)})` : '';
  const direction = target < start ? 'down from' : 'from';
  return {
    krId: kr.id,
    progress,
    explanation: {
      formula:
        `current ${withUnit(current, unit)}${source}, ${direction} start ${withUnit(start, unit)} toward target ${withUnit(target, unit)}: ` +
        `(${formatNumber(current)} − ${formatNumber(start)}) / (${formatNumber(target)} − ${formatNumber(start)}) = ${percent(progress)}`,
      measure: 'metric',
      checkIns: chronological(checkIns),
      notes,
    },
  };
}

function milestoneProgress(kr: KeyResult, checkIns: readonly CheckIn[]): KrProgress {
  const latest = latestValued(checkIns);
  const reached = latest !== undefined && latest.value >= 1;
  const formula = !latest
    ? 'no check-in with a value yet: not reached = 0%'
    : `latest check-in value ${formatNumber(latest.value)} (${dayOf(latest.at)}) ${reached ? '≥' : '<'} 1: ${reached ? 'reached = 100%' : 'not reached = 0%'}`;
  return {
    krId: kr.id,
    progress: reached ? 1 : 0,
    explanation: { formula, measure: 'milestone', checkIns: chronological(checkIns), notes: [] },
  };
}

// ---------------------------------------------------------------------------------------------
// One KR, every KR.

export interface ProgressContext {
  set: Pick<OkrSet, 'id' | 'checkIns'>;
  graph: IssueGraph;
  playbook: ResolvedPlaybook;
  /** `indexLinks(graph)`; derived (and cached per graph) when absent. */
  links?: LinkIndex;
  /** `checkInsByKr(set.checkIns)`; derived (and cached per list) when absent. */
  checkIns?: ReadonlyMap<string, readonly CheckIn[]>;
}

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

// ---------------------------------------------------------------------------------------------
// Rule 4: objective progress.

export interface ExplainedKr {
  krId: string;
  title: string;
  weight: number;
  progress: number | null;
  /** False when the KR's progress is unknown and it is left out of the mean. */
  counted: boolean;
}

export interface ObjectiveExplanation {
  formula: string;
  keyResults: ExplainedKr[];
  notes: string[];
}

export interface ObjectiveProgress {
  objectiveId: string;
  progress: number | null;
  explanation: ObjectiveExplanation;
}

type KrResults = ReadonlyMap<string, Pick<KrProgress, 'progress'>> | readonly KrProgress[];

function resultsById(results: KrResults): ReadonlyMap<string, Pick<KrProgress, 'progress'>> {
  return Array.isArray(results)
    ? new Map(results.map((result) => [result.krId, result]))
    : (results as ReadonlyMap<string, Pick<KrProgress, 'progress'>>);
}

/**
 * rule 4: the weighted mean of the KRs whose progress is known (weight defaults to 1). An
 * unknown KR is left out, not averaged in as 0, and the notes name it; all unknown → unknown.
 */
export function objectiveProgress(objectiveId: string, krResults: KrResults, set: Pick<OkrSet, 'keyResults'>): ObjectiveProgress {
  const results = resultsById(krResults);
  const keyResults: ExplainedKr[] = set.keyResults
    .filter((kr) => kr.objectiveId === objectiveId)
    .map((kr) => {
      const progress = results.get(kr.id)?.progress ?? null;
      return { krId: kr.id, title: kr.title, weight: kr.weight ?? 1, progress, counted: progress !== null };
    });
  const known = keyResults.filter((kr) => kr.counted);
  const notes = keyResults.filter((kr) => !kr.counted).map((kr) => `"${kr.title}" has no known progress and is left out`);
  if (known.length === 0) {
    const formula = keyResults.length === 0 ? 'no key results: progress unknown' : 'no key result has a known progress: progress unknown';
    return { objectiveId, progress: null, explanation: { formula, keyResults, notes } };
  }
  const weightSum = known.reduce((sum, kr) => sum + kr.weight, 0);
  const progress = clamp01(known.reduce((sum, kr) => sum + kr.weight * kr.progress!, 0) / weightSum);
  const terms = known.map((kr) => `${formatNumber(kr.weight)} × ${percent(kr.progress!)}`).join(' + ');
  return {
    objectiveId,
    progress,
    explanation: { formula: `(${terms}) / ${formatNumber(weightSum)} = ${percent(progress)}`, keyResults, notes },
  };
}

/** Every objective of the set, grouping KRs once. */
export function allObjectiveProgress(set: Pick<OkrSet, 'objectives' | 'keyResults'>, krResults: KrResults): Map<string, ObjectiveProgress> {
  const results = resultsById(krResults);
  const krsByObjective = new Map<string, KeyResult[]>();
  for (const kr of set.keyResults) {
    const list = krsByObjective.get(kr.objectiveId);
    if (list) list.push(kr);
    else krsByObjective.set(kr.objectiveId, [kr]);
  }
  return new Map(
    set.objectives.map((objective) => [
      objective.id,
      objectiveProgress(objective.id, results, { keyResults: krsByObjective.get(objective.id) ?? [] }),
    ]),
  );
}
