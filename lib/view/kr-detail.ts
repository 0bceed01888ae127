/**
 * A key result's detail on the dashboard: its chain and cycle, progress, score and status, the
 * explanation, the issues linked to it from both trackers, and its check-ins as a list and a chart.
 */
import { krChain } from '../okr/alignment';
import type { IssueGraph } from '../okr/issue-graph';
import type { CheckIn, Cycle, KeyResult, Objective, ObjectiveLevel, OkrSet } from '../okr/model';
import { chronological, formatNumber } from '../okr/progress';
import { expectedShare, krStatus, latestCheckIn } from '../okr/score';
import { cycleView, type CycleView, type DashboardContext } from './okr-context';
import { chainView, explanationView, headerView, progressFigures } from './overlay';
import type { ChainItemView, ExplanationView, IssueHeaderView, ProgressFigures } from './types';

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

export interface KrDetailView extends ProgressFigures {
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
      ...headerView(issue),
      ...(issue.assignee ? { assignee: issue.assignee.name } : {}),
      descendantCount,
    });
  }
  const natural = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });
  return views.sort((a, b) => natural(a.tracker, b.tracker) || natural(a.site, b.site) || natural(a.key, b.key));
}

/** The check-in chart over the KR's cycle (or from its first check-in to today when it has none). */
function checkInChart(
  kr: KeyResult,
  cycle: Cycle | undefined,
  history: readonly CheckIn[],
  today: string,
  current: number | null,
): CheckInChartView {
  const unit = kr.measure.type === 'metric' ? kr.measure.unit : kr.measure.type === 'issues' ? '% of linked work' : undefined;
  return {
    start: cycle?.start ?? history[0]?.at.slice(0, 10) ?? today,
    end: cycle?.end ?? today,
    today,
    points: history.map((checkIn) => {
      const pointProgress = valueProgress(kr.measure, checkIn.value);
      return {
        at: checkIn.at,
        confidence: checkIn.confidence,
        ...(checkIn.value !== undefined ? { value: checkIn.value } : {}),
        ...(pointProgress !== undefined ? { progress: pointProgress } : {}),
      };
    }),
    current,
    ...(unit ? { unit } : {}),
  };
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
  const history = chronological(set.checkIns.filter((checkIn) => checkIn.krId === kr.id));
  const latest = latestCheckIn(set.checkIns, kr.id);
  const status = krStatus(progress, cycle ? expectedShare(cycle, ctx.today) : 1, latest?.confidence);
  const chain = krChain(set, kr.id)
    .slice(1) // the KR itself is the panel's title
    .map(chainView)
    .reverse();
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
    ...progressFigures(progress),
    status: status.status,
    statusText: status.explanation,
    ...(latest ? { confidence: latest.confidence } : {}),
    explanation: explanationView(kr, result),
    linkedIssues: linkedIssues(set, kr.id, graph),
    checkIns: history.map(checkInView).reverse(),
    chart: checkInChart(kr, cycle, history, ctx.today, progress),
  };
}

/** "1.5 s": a metric value with its unit, for check-in lists. */
export function valueText(measure: KeyResult['measure'], value: number): string {
  if (measure.type === 'metric') return measure.unit ? `${formatNumber(value)} ${measure.unit}` : formatNumber(value);
  if (measure.type === 'milestone') return value >= 1 ? 'reached' : 'not reached';
  return formatNumber(value);
}
