/**
 * What the extension's own pages (dashboard and popup) compute their views from: the set with the
 * progress of every KR and objective, from the linked work the background read. Pure: pages and
 * the background fetch, the builders under lib/view shape.
 */
import { buildIssueGraph, type IssueGraph } from '../okr/issue-graph';
import type { Cycle, IssueSnapshot, KeyResult, Objective, OkrSet } from '../okr/model';
import { allKrProgress, allObjectiveProgress, type KrProgress, type ObjectiveProgress } from '../okr/progress';
import { resolvePlaybook } from '../okr/playbook';
import type { OkrContext } from './overlay';

export interface DashboardContext extends OkrContext {
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
export function dashboardContext(
  set: OkrSet,
  issues: readonly IssueSnapshot[],
  today: string,
): { ctx: DashboardContext; graph: IssueGraph } {
  const graph = buildIssueGraph(issues);
  const playbook = resolvePlaybook(set.playbook);
  const krResults = allKrProgress(set, graph, playbook);
  return { graph, ctx: { set, playbook, today, krResults, objectiveResults: allObjectiveProgress(set, krResults) } };
}

export const cycleView = (cycle: Cycle): CycleView => ({
  id: cycle.id,
  name: cycle.name,
  start: cycle.start,
  end: cycle.end,
  state: cycle.state,
});

export function cycleObjectives(set: Pick<OkrSet, 'objectives'>, cycleId: string | null): Objective[] {
  return set.objectives.filter((objective) => objective.cycleId === cycleId);
}

export function cycleKeyResults(set: Pick<OkrSet, 'objectives' | 'keyResults'>, cycleId: string | null): KeyResult[] {
  const ids = new Set(cycleObjectives(set, cycleId).map((objective) => objective.id));
  return set.keyResults.filter((kr) => ids.has(kr.objectiveId));
}
