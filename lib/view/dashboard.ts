/**
 * Pure view builders for the extension's own pages (dashboard and popup): the OKR tree, a KR's
 * detail with its check-in chart, the lint findings grouped, and the shapes the background sends
 * for linked work and activity reports. No I/O: pages and the background fetch, these shape.
 *
 * Tree decisions, so every view agrees:
 * - An objective hangs under the objective it is aligned to in the same cycle: explicitly (the
 *   objective owning the KR it inherits) first, else implicitly (the first objective it supports,
 *   or the objective of the first KR it supports). Anything else it supports is listed beside it.
 * - Objectives without a parent in the cycle are roots, ordered company → individual, then as in
 *   the file. A loop in the data makes the looping objective a root instead of hanging.
 * - Filters keep an objective that matches (its team/owner, or one of its KRs') and the objectives
 *   above it as context, so a team's objective still shows what it is aligned to.
 */
import { krChain, objectiveRelations } from '../okr/alignment';
import { expectedShare, krStatus, latestCheckIn, score, scoreBand } from '../okr/score';
import { buildIssueGraph, issueId, type IssueGraph } from '../okr/issue-graph';
import type { CheckIn, Cycle, IssueKind, IssueSnapshot, KeyResult, Objective, ObjectiveLevel, OkrSet, StatusCategory, TrackerId } from '../okr/model';
import { allKrProgress, allObjectiveProgress, chronological, formatNumber, type KrProgress, type ObjectiveProgress } from '../okr/progress';
import { resolvePlaybook, type ResolvedPlaybook } from '../okr/playbook';
import { lintSummary, type Finding, type LintRuleId, type Severity } from '../okr/lint';
import type { ActivityReport, AssigneeBreakdown, Breakdown, Share, WorkClass } from '../okr/activity';
import type { Band, ChainItemView, ErrorView, ExplanationView, IssueHeaderView, KrStatusName } from './types';
import { explanationView } from './overlay';

// ---------------------------------------------------------------------------------------------
// What the background sends: linked work and activity reports.

export interface TrackerProblem {
  tracker: TrackerId;
  /** Jira site origin or Linear workspace; a label the user recognises. */
  site: string;
  error: ErrorView;
}

export interface LinkedWork {
  /** Every issue linked to one of the asked KRs, with all descendants, from every connected tracker. */
  issues: IssueSnapshot[];
  /** When the trackers were read (ms since epoch); the oldest read when answers were cached. */
  fetchedAt: number;
  /** True when served from the cache and a refresh is due. */
  stale: boolean;
  /** Sentences about degraded data, e.g. a fallback search was used. */
  notices: string[];
  /** Trackers that could not be read; the issues from the others are still there. */
  problems: TrackerProblem[];
  /** Which trackers were asked, e.g. "Jira acme.atlassian.net", "Linear acme". */
  sources: string[];
}

export type LinkedWorkResult = { state: 'ok'; work: LinkedWork } | { state: 'setup'; error: ErrorView };

export type JiraScopeChoice = { type: 'jira-boards'; boardIds: number[] } | { type: 'jira-jql'; jql: string } | { type: 'assigned-to-me' };
export type LinearScopeChoice = { type: 'linear-teams'; teamKeys: string[] } | { type: 'assigned-to-me' };

/** One part of an activity report's scope; Linear's workspace is the connected one. */
export type ScopeRequest = { tracker: 'jira'; site: string; scope: JiraScopeChoice } | { tracker: 'linear'; scope: LinearScopeChoice };

export interface ActivityResultView {
  report: ActivityReport;
  /** What was read, one label per scope part, e.g. "Jira boards 1, 2 on acme.atlassian.net". */
  scopes: string[];
  problems: Array<{ scope: string; error: ErrorView }>;
  fetchedAt: number;
  stale: boolean;
}

export type ActivityResult = { state: 'ok'; result: ActivityResultView } | { state: 'setup'; error: ErrorView };

export interface JiraBoardView {
  id: number;
  name: string;
  projectKey?: string;
  type?: string;
}

/** "Jira boards 1, 2 on acme.atlassian.net": what a scope part reads, in words. */
export function scopeLabel(request: ScopeRequest): string {
  if (request.tracker === 'linear') {
    return request.scope.type === 'linear-teams'
      ? `Linear teams ${request.scope.teamKeys.join(', ')} (active cycles)`
      : 'Linear: assigned to me';
  }
  const host = hostOf(request.site);
  switch (request.scope.type) {
    case 'jira-boards':
      return `Jira ${request.scope.boardIds.length === 1 ? 'board' : 'boards'} ${request.scope.boardIds.join(', ')} on ${host} (open sprints)`;
    case 'jira-jql':
      return `Jira JQL on ${host}: ${request.scope.jql}`;
    case 'assigned-to-me':
      return `Jira on ${host}: assigned to me`;
  }
}

export function hostOf(site: string): string {
  try {
    return new URL(site).host;
  } catch {
    return site;
  }
}

// ---------------------------------------------------------------------------------------------
// Shared small views.

export const STATUS_WORDS: Readonly<Record<KrStatusName, string>> = {
  'on-track': 'on track',
  'at-risk': 'at risk',
  'off-track': 'off track',
  unknown: 'status unknown',
};

export const LEVEL_ORDER: readonly ObjectiveLevel[] = ['company', 'department', 'team', 'individual'];

export const progressLabel = (progress: number | null): string => (progress === null ? '—' : `${Math.round(progress * 100)}%`);
export const scoreLabel = (value: number | null): string => (value === null ? '—' : value.toFixed(1));

export interface DashboardContext {
  set: OkrSet;
  playbook: ResolvedPlaybook;
  /** `YYYY-MM-DD`, the user's local date. */
  today: string;
  /** Progress of every KR (from `allKrProgress`) and every objective (`allObjectiveProgress`). */
  krResults: ReadonlyMap<string, KrProgress>;
  objectiveResults: ReadonlyMap<string, ObjectiveProgress>;
}

export interface CycleView {
  id: string;
  name: string;
  start: string;
  end: string;
  state: Cycle['state'];
}

/**
 * Progress of every KR and objective of the set from the linked work the background read (an
 * empty list leaves issues KRs unknown, never 0), with the graph it was computed on.
 */
export function dashboardContext(set: OkrSet, issues: readonly IssueSnapshot[], today: string): { ctx: DashboardContext; graph: IssueGraph } {
  const graph = buildIssueGraph(issues);
  const playbook = resolvePlaybook(set.playbook);
  const krResults = allKrProgress(set, graph, playbook);
  return { graph, ctx: { set, playbook, today, krResults, objectiveResults: allObjectiveProgress(set, krResults) } };
}

const cycleView = (cycle: Cycle): CycleView => ({ id: cycle.id, name: cycle.name, start: cycle.start, end: cycle.end, state: cycle.state });

// ---------------------------------------------------------------------------------------------
// The OKR tree.

export interface KrRowView {
  id: string;
  title: string;
  owner?: string;
  teams: string[];
  measure: KeyResult['measure']['type'];
  progress: number | null;
  progressText: string;
  score: number | null;
  band: Band | null;
  status: KrStatusName;
  /** The status sentence (rule 6), e.g. "at risk: 30% done of 56% expected …". */
  statusText: string;
  confidence?: number;
  lastCheckInAt?: string;
  /** Objectives that take this KR on as their own (explicit alignment downwards). */
  inheritedBy: Array<{ id: string; title: string }>;
}

export type TreeLink =
  | { kind: 'inherits'; krId: string; krTitle: string }
  | { kind: 'supports'; targetKind: 'objective' | 'kr'; targetId: string; targetTitle: string };

export interface ObjectiveNodeView {
  id: string;
  title: string;
  description?: string;
  level: ObjectiveLevel;
  owner?: string;
  team?: string;
  commitment: Objective['commitment'];
  progress: number | null;
  progressText: string;
  score: number | null;
  band: Band | null;
  status: KrStatusName;
  /** The lowest latest confidence among its KRs, the one to worry about. */
  confidence?: number;
  /** How it hangs under its parent in the tree; null for a root. */
  link: TreeLink | null;
  /** Alignment the tree does not draw: further objectives or KRs it supports (or a parent in another cycle). */
  alsoAligned: Array<{ kind: 'inherits' | 'supports'; targetKind: 'objective' | 'kr' | 'missing'; id: string; title: string }>;
  krs: KrRowView[];
  children: ObjectiveNodeView[];
  /** False when shown only as the context of a matching objective below it. */
  matches: boolean;
}

export interface TreeFilters {
  team: string | null;
  owner: string | null;
}

export interface OkrTreeView {
  cycle: CycleView | null;
  /** Share of the cycle elapsed today, 0..1 (what status compares progress with). */
  expected: number;
  roots: ObjectiveNodeView[];
  /** Choices for the filters: every team and owner named in the cycle. */
  teams: string[];
  owners: string[];
  objectiveCount: number;
  shownCount: number;
}

export function cycleObjectives(set: Pick<OkrSet, 'objectives'>, cycleId: string | null): Objective[] {
  return set.objectives.filter((objective) => objective.cycleId === cycleId);
}

export function cycleKeyResults(set: Pick<OkrSet, 'objectives' | 'keyResults'>, cycleId: string | null): KeyResult[] {
  const ids = new Set(cycleObjectives(set, cycleId).map((objective) => objective.id));
  return set.keyResults.filter((kr) => ids.has(kr.objectiveId));
}

function krRow(ctx: DashboardContext, kr: KeyResult, expected: number, inheritedBy: Array<{ id: string; title: string }>): KrRowView {
  const progress = ctx.krResults.get(kr.id)?.progress ?? null;
  const krScore = score(progress);
  const latest = latestCheckIn(ctx.set.checkIns, kr.id);
  const status = krStatus(progress, expected, latest?.confidence);
  const objective = ctx.set.objectives.find((candidate) => candidate.id === kr.objectiveId);
  return {
    id: kr.id,
    title: kr.title,
    ...(kr.owner ? { owner: kr.owner } : {}),
    teams: kr.teams ?? (objective?.team ? [objective.team] : []),
    measure: kr.measure.type,
    progress,
    progressText: progressLabel(progress),
    score: krScore,
    band: scoreBand(krScore),
    status: status.status,
    statusText: status.explanation,
    ...(latest ? { confidence: latest.confidence, lastCheckInAt: latest.at } : {}),
    inheritedBy,
  };
}

/** The objective an objective hangs under in its cycle, and how; null for a root. */
function parentOf(
  objective: Objective,
  byId: ReadonlyMap<string, Objective>,
  krById: ReadonlyMap<string, KeyResult>,
): { parentId: string; link: TreeLink } | null {
  const sameCycle = (id: string | undefined) => (id !== undefined && byId.get(id)?.cycleId === objective.cycleId && id !== objective.id ? id : undefined);
  const inherited = objective.alignment.inherits === undefined ? undefined : krById.get(objective.alignment.inherits);
  const explicit = sameCycle(inherited?.objectiveId);
  if (inherited && explicit) return { parentId: explicit, link: { kind: 'inherits', krId: inherited.id, krTitle: inherited.title } };
  for (const target of objective.alignment.supports) {
    const kr = krById.get(target);
    const parentId = sameCycle(kr ? kr.objectiveId : target);
    if (parentId === undefined) continue;
    const link: TreeLink = kr
      ? { kind: 'supports', targetKind: 'kr', targetId: kr.id, targetTitle: kr.title }
      : { kind: 'supports', targetKind: 'objective', targetId: target, targetTitle: byId.get(target)!.title };
    return { parentId, link };
  }
  return null;
}

function matchesFilters(objective: Objective, krs: readonly KeyResult[], filters: TreeFilters): boolean {
  if (filters.team !== null) {
    const team = filters.team;
    if (objective.team !== team && !krs.some((kr) => kr.teams?.includes(team))) return false;
  }
  if (filters.owner !== null) {
    const owner = filters.owner;
    if (objective.owner !== owner && !krs.some((kr) => kr.owner === owner)) return false;
  }
  return true;
}

const sortedNames = (names: Iterable<string | undefined>) =>
  [...new Set([...names].filter((name): name is string => name !== undefined && name !== ''))].sort((a, b) => a.localeCompare(b));

/** The cycle's objectives as a tree (company → individual), with progress, score, status and alignment. */
export function buildOkrTree(ctx: DashboardContext, cycleId: string | null, filters: TreeFilters = { team: null, owner: null }): OkrTreeView {
  const { set } = ctx;
  const cycle = set.cycles.find((candidate) => candidate.id === cycleId) ?? null;
  const expected = cycle ? expectedShare(cycle, ctx.today) : 1;
  const objectives = cycleObjectives(set, cycleId);
  const byId = new Map(set.objectives.map((objective) => [objective.id, objective]));
  const krById = new Map(set.keyResults.map((kr) => [kr.id, kr]));
  const krsOf = new Map<string, KeyResult[]>();
  for (const kr of set.keyResults) krsOf.set(kr.objectiveId, [...(krsOf.get(kr.objectiveId) ?? []), kr]);

  // Parents, with loops broken: an objective whose parent chain returns to itself becomes a root.
  const parents = new Map<string, { parentId: string; link: TreeLink }>();
  for (const objective of objectives) {
    const parent = parentOf(objective, byId, krById);
    if (parent) parents.set(objective.id, parent);
  }
  for (const objective of objectives) {
    const seen = new Set([objective.id]);
    for (let up = parents.get(objective.id); up; up = parents.get(up.parentId)) {
      if (seen.has(up.parentId)) {
        parents.delete(objective.id);
        break;
      }
      seen.add(up.parentId);
    }
  }

  const levelRank = (objective: Objective) => LEVEL_ORDER.indexOf(objective.level);
  const order = new Map(objectives.map((objective, index) => [objective.id, index]));
  const byLevelThenFile = (a: Objective, b: Objective) => levelRank(a) - levelRank(b) || order.get(a.id)! - order.get(b.id)!;
  const childrenOf = new Map<string, Objective[]>();
  for (const objective of objectives) {
    const parent = parents.get(objective.id);
    if (parent) childrenOf.set(parent.parentId, [...(childrenOf.get(parent.parentId) ?? []), objective]);
  }
  const inheritedByOf = (krId: string) =>
    set.objectives.filter((o) => o.alignment.inherits === krId && o.cycleId === cycleId).map((o) => ({ id: o.id, title: o.title }));

  let shownCount = 0;
  const node = (objective: Objective): ObjectiveNodeView | null => {
    const krs = krsOf.get(objective.id) ?? [];
    const children = (childrenOf.get(objective.id) ?? []).sort(byLevelThenFile).flatMap((child) => node(child) ?? []);
    const matches = matchesFilters(objective, krs, filters);
    if (!matches && children.length === 0) return null;
    shownCount += matches ? 1 : 0;
    const result = ctx.objectiveResults.get(objective.id);
    const progress = result?.progress ?? null;
    const objectiveScore = score(progress);
    const rows = krs.map((kr) => krRow(ctx, kr, expected, inheritedByOf(kr.id)));
    const confidences = rows.flatMap((row) => (row.confidence === undefined ? [] : [row.confidence]));
    const confidence = confidences.length > 0 ? Math.min(...confidences) : undefined;
    const parent = parents.get(objective.id);
    const relations = objectiveRelations(set, objective.id);
    const alsoAligned: ObjectiveNodeView['alsoAligned'] = [];
    if (relations.inherits && parent?.link.kind !== 'inherits') {
      alsoAligned.push({ kind: 'inherits', targetKind: relations.inherits.kr.kind, id: relations.inherits.kr.id, title: relations.inherits.kr.title });
    }
    for (const target of relations.supports) {
      if (parent?.link.kind === 'supports' && parent.link.targetId === target.id) continue;
      alsoAligned.push({ kind: 'supports', targetKind: target.kind, id: target.id, title: target.title });
    }
    return {
      id: objective.id,
      title: objective.title,
      ...(objective.description ? { description: objective.description } : {}),
      level: objective.level,
      ...(objective.owner ? { owner: objective.owner } : {}),
      ...(objective.team ? { team: objective.team } : {}),
      commitment: objective.commitment,
      progress,
      progressText: progressLabel(progress),
      score: objectiveScore,
      band: scoreBand(objectiveScore),
      status: krStatus(progress, expected, confidence).status,
      ...(confidence !== undefined ? { confidence } : {}),
      link: parent?.link ?? null,
      alsoAligned,
      krs: matches || filters.owner === null ? rows : rows.filter((row) => row.owner === filters.owner),
      children,
      matches,
    };
  };

  const roots = objectives
    .filter((objective) => !parents.has(objective.id))
    .sort(byLevelThenFile)
    .flatMap((objective) => node(objective) ?? []);
  const krs = cycleKeyResults(set, cycleId);
  return {
    cycle: cycle ? cycleView(cycle) : null,
    expected,
    roots,
    teams: sortedNames([...objectives.map((o) => o.team), ...krs.flatMap((kr) => kr.teams ?? [])]),
    owners: sortedNames([...objectives.map((o) => o.owner), ...krs.map((kr) => kr.owner)]),
    objectiveCount: objectives.length,
    shownCount,
  };
}

/** Depth-first, parents before children: for lists (the popup) and tests. */
export function flattenTree(roots: readonly ObjectiveNodeView[]): ObjectiveNodeView[] {
  return roots.flatMap((root) => [root, ...flattenTree(root.children)]);
}

// ---------------------------------------------------------------------------------------------
// KR detail.

export interface LinkedIssueView extends IssueHeaderView {
  assignee?: string;
  /** Issues below it that count through it. */
  descendantCount: number;
}

export interface CheckInView {
  id: string;
  at: string;
  value?: number;
  confidence: number;
  note?: string;
  author?: string;
}

export interface ChartPoint {
  /** The check-in's instant. */
  at: string;
  /** Progress toward the target the check-in's value means, 0..1; absent for a check-in without value. */
  progress?: number;
  value?: number;
  confidence: number;
}

export interface CheckInChartView {
  /** The x axis: the KR's cycle, both ends inclusive (`YYYY-MM-DD`). */
  start: string;
  end: string;
  today: string;
  points: ChartPoint[];
  /** Today's progress (from linked work for issues KRs), drawn as the line's last point. */
  current: number | null;
  /** What a value means, e.g. "s" or "% of linked work"; for the accessible summary. */
  unit?: string;
}

export interface KrDetailView {
  krId: string;
  title: string;
  url: string;
  owner?: string;
  teams: string[];
  measure: KeyResult['measure'];
  objective: { id: string; title: string; level: ObjectiveLevel; commitment: Objective['commitment'] } | null;
  /** From the top (company objective) down to the KR's own objective. */
  chain: ChainItemView[];
  cycle: CycleView | null;
  progress: number | null;
  progressText: string;
  score: number | null;
  band: Band | null;
  status: KrStatusName;
  statusText: string;
  confidence?: number;
  explanation: ExplanationView;
  /** The issues that carry the link themselves, from both trackers. */
  linkedIssues: LinkedIssueView[];
  /** Newest first. */
  checkIns: CheckInView[];
  chart: CheckInChartView;
}

/** What a check-in's value means as progress (rule 3); undefined for issues KRs and value-less check-ins. */
export function valueProgress(measure: KeyResult['measure'], value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (measure.type === 'metric') return Math.min(1, Math.max(0, (value - measure.start) / (measure.target - measure.start)));
  if (measure.type === 'milestone') return value >= 1 ? 1 : 0;
  return undefined;
}

function checkInView(checkIn: CheckIn): CheckInView {
  return {
    id: checkIn.id,
    at: checkIn.at,
    ...(checkIn.value !== undefined ? { value: checkIn.value } : {}),
    confidence: checkIn.confidence,
    ...(checkIn.note !== undefined ? { note: checkIn.note } : {}),
    ...(checkIn.author !== undefined ? { author: checkIn.author } : {}),
  };
}

function linkedIssues(set: Pick<OkrSet, 'id'>, krId: string, graph: IssueGraph): LinkedIssueView[] {
  const views: LinkedIssueView[] = [];
  for (const [id, issue] of graph.byId) {
    if (!issue.krRefs.some((ref) => ref.setId === set.id && ref.krId === krId)) continue;
    let descendantCount = 0;
    const stack = [...(graph.childrenOf.get(id) ?? [])];
    const seen = new Set<string>([id]);
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      descendantCount += 1;
      stack.push(...(graph.childrenOf.get(next) ?? []));
    }
    views.push({
      tracker: issue.ref.tracker,
      site: issue.ref.site,
      key: issue.ref.key,
      title: issue.title,
      url: issue.url,
      kind: issue.kind,
      statusName: issue.status.name,
      category: issue.status.category,
      ...(issue.assignee ? { assignee: issue.assignee.name } : {}),
      descendantCount,
    });
  }
  const natural = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });
  return views.sort((a, b) => natural(a.tracker, b.tracker) || natural(a.site, b.site) || natural(a.key, b.key));
}

/** Everything the KR detail panel shows, or null when the set has no such KR. */
export function buildKrDetail(ctx: DashboardContext, graph: IssueGraph, krId: string): KrDetailView | null {
  const { set } = ctx;
  const kr = set.keyResults.find((candidate) => candidate.id === krId);
  if (!kr) return null;
  const objective = set.objectives.find((candidate) => candidate.id === kr.objectiveId);
  const cycle = objective ? set.cycles.find((candidate) => candidate.id === objective.cycleId) : undefined;
  const result = ctx.krResults.get(kr.id);
  const progress = result?.progress ?? null;
  const krScore = score(progress);
  const history = chronological(set.checkIns.filter((checkIn) => checkIn.krId === kr.id));
  const latest = latestCheckIn(set.checkIns, kr.id);
  const status = krStatus(progress, cycle ? expectedShare(cycle, ctx.today) : 1, latest?.confidence);
  const chain = krChain(set, kr.id)
    .slice(1) // the KR itself is the panel's title
    .map((item): ChainItemView => ({ kind: item.kind, id: item.id, title: item.title, ...(item.level ? { level: item.level } : {}) }))
    .reverse();
  const unit = kr.measure.type === 'metric' ? kr.measure.unit : kr.measure.type === 'issues' ? '% of linked work' : undefined;
  return {
    krId: kr.id,
    title: kr.title,
    url: kr.url,
    ...(kr.owner ? { owner: kr.owner } : {}),
    teams: kr.teams ?? (objective?.team ? [objective.team] : []),
    measure: kr.measure,
    objective: objective ? { id: objective.id, title: objective.title, level: objective.level, commitment: objective.commitment } : null,
    chain,
    cycle: cycle ? cycleView(cycle) : null,
    progress,
    progressText: progressLabel(progress),
    score: krScore,
    band: scoreBand(krScore),
    status: status.status,
    statusText: status.explanation,
    ...(latest ? { confidence: latest.confidence } : {}),
    explanation: explanationView(kr, result),
    linkedIssues: linkedIssues(set, kr.id, graph),
    checkIns: history.map(checkInView).reverse(),
    chart: {
      start: cycle?.start ?? history[0]?.at.slice(0, 10) ?? ctx.today,
      end: cycle?.end ?? ctx.today,
      today: ctx.today,
      points: history.map((checkIn) => {
        const pointProgress = valueProgress(kr.measure, checkIn.value);
        return {
          at: checkIn.at,
          confidence: checkIn.confidence,
          ...(checkIn.value !== undefined ? { value: checkIn.value } : {}),
          ...(pointProgress !== undefined ? { progress: pointProgress } : {}),
        };
      }),
      current: progress,
      ...(unit ? { unit } : {}),
    },
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

// ---------------------------------------------------------------------------------------------
// Lint.

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

/** "1.5 s": a metric value with its unit, for check-in lists. */
export function valueText(measure: KeyResult['measure'], value: number): string {
  if (measure.type === 'metric') return measure.unit ? `${formatNumber(value)} ${measure.unit}` : formatNumber(value);
  if (measure.type === 'milestone') return value >= 1 ? 'reached' : 'not reached';
  return formatNumber(value);
}

// ---------------------------------------------------------------------------------------------
// Activity scopes.

const teamKeyOf = (key: string) => key.slice(0, Math.max(0, key.lastIndexOf('-'))).toUpperCase();
const isOpen = (issue: IssueSnapshot) => issue.status.category !== 'done' && issue.status.category !== 'canceled';

/**
 * Splits what a Linear scope listing returns (the scope's issues, then the ancestors fetched so
 * alignment through a parent shows) back into the two, by membership: ancestors are fetched only
 * as parents of listed issues, so an issue with no listed child is in the scope, and those issues
 * tell which cycles are active and who "me" is. A parent is in the scope when it matches too.
 */
export function splitLinearScope(listed: readonly IssueSnapshot[], scope: LinearScopeChoice): { issues: IssueSnapshot[]; ancestors: IssueSnapshot[] } {
  const parents = new Set(listed.flatMap((issue) => (issue.parent ? [issue.parent] : [])));
  const leaves = listed.filter((issue) => !parents.has(issue.ref.key));
  let inScope: (issue: IssueSnapshot) => boolean;
  if (scope.type === 'linear-teams') {
    const teams = new Set(scope.teamKeys.map((key) => key.trim().toUpperCase()));
    const activeCycles = new Map<string, Set<string>>();
    for (const leaf of leaves) {
      if (!leaf.sprintOrCycle) continue;
      const team = teamKeyOf(leaf.ref.key);
      activeCycles.set(team, (activeCycles.get(team) ?? new Set()).add(leaf.sprintOrCycle.id));
    }
    inScope = (issue) => {
      const team = teamKeyOf(issue.ref.key);
      if (!teams.has(team) || !issue.sprintOrCycle) return false;
      const cycles = activeCycles.get(team);
      return cycles === undefined || cycles.has(issue.sprintOrCycle.id);
    };
  } else {
    const me = new Set(leaves.flatMap((leaf) => (leaf.assignee ? [leaf.assignee.id] : [])));
    inScope = (issue) => issue.assignee !== undefined && me.has(issue.assignee.id) && isOpen(issue);
  }
  const issues: IssueSnapshot[] = [];
  const ancestors: IssueSnapshot[] = [];
  for (const issue of listed) (!parents.has(issue.ref.key) || inScope(issue) ? issues : ancestors).push(issue);
  return { issues, ancestors };
}

// ---------------------------------------------------------------------------------------------
// People across trackers.

const WORK_CLASSES: readonly WorkClass[] = ['aligned', 'run', 'unaligned'];

function sumBreakdowns(parts: readonly Breakdown[]): Breakdown {
  const total = { count: 0, estimate: 0, unestimated: 0 };
  const amounts = Object.fromEntries(WORK_CLASSES.map((c) => [c, { count: 0, estimate: 0 }])) as Record<WorkClass, { count: number; estimate: number }>;
  for (const part of parts) {
    total.count += part.total.count;
    total.estimate += part.total.estimate;
    total.unestimated += part.total.unestimated;
    for (const c of WORK_CLASSES) {
      amounts[c].count += part.shares[c].count;
      amounts[c].estimate += part.shares[c].estimate;
    }
  }
  const share = (c: WorkClass): Share => ({
    ...amounts[c],
    countShare: total.count === 0 ? null : amounts[c].count / total.count,
    estimateShare: total.estimate === 0 ? null : amounts[c].estimate / total.estimate,
  });
  return { total, shares: { aligned: share('aligned'), run: share('run'), unaligned: share('unaligned') } };
}

export interface PersonBreakdown extends Breakdown {
  /** The name the trackers give; null for unassigned work. */
  name: string | null;
}

/**
 * The report's per-assignee rows with one row per name: Jira and Linear know the same person by
 * different ids, and a lead reads "Dana Engineer" twice as two people. Largest first, unassigned last.
 */
export function peopleByName(rows: readonly AssigneeBreakdown[]): PersonBreakdown[] {
  const groups = new Map<string | null, AssigneeBreakdown[]>();
  for (const row of rows) {
    const name = row.assignee?.name.trim() || null;
    groups.set(name, [...(groups.get(name) ?? []), row]);
  }
  return [...groups]
    .map(([name, parts]) => ({ name, ...sumBreakdowns(parts) }))
    .sort((a, b) => (a.name === null ? 1 : 0) - (b.name === null ? 1 : 0) || b.total.count - a.total.count || (a.name ?? '').localeCompare(b.name ?? ''));
}
