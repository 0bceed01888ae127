/**
 * Activity accounting (rule 8): which work in a scope serves a KR of an active cycle
 * (*aligned*), which is business-as-usual (*run*), and which is neither (*unaligned*).
 *
 * Decisions, so every view agrees:
 * - Aligned wins over run: a bug linked (itself or through its epic) to an active KR is aligned.
 * - Only links to KRs of *this* set whose objective's cycle is active count; a link to a KR of
 *   a closed or planned cycle, of another set, or to a deleted KR aligns nothing.
 * - The report counts what its scope gives it, done issues included (the scope — open sprints,
 *   active cycles, a filter — decides what "in flight" means), except canceled issues, which
 *   are not work anyone did. Each issue counts once however often the scope lists it.
 * - An issue's ancestors are looked up in the graph; an ancestor missing from the graph cannot
 *   align anything, so loaders include the parents of scope issues.
 * - Estimates are summed as given; an issue without one adds 0 to the estimate totals and is
 *   counted in `unestimated` so a view can say how much the estimate shares leave out.
 * - Shares of an empty total are null, never NaN.
 */
import { ancestorIds, issueId, parentId, type IssueGraph } from './issue-graph';
import type { IssueSnapshot, OkrSet } from './model';
import { isCanceled, isRunWork, type ResolvedPlaybook } from './playbook';

export type WorkClass = 'aligned' | 'run' | 'unaligned';

export interface ActivityContext {
  set: Pick<OkrSet, 'id' | 'objectives' | 'keyResults'>;
  graph: IssueGraph;
  playbook: ResolvedPlaybook;
  activeCycleIds: ReadonlySet<string>;
}

/** The KR ids of the set whose objective belongs to an active cycle. */
export function activeKrIds(ctx: Pick<ActivityContext, 'set' | 'activeCycleIds'>): Set<string> {
  const activeObjectives = new Set(ctx.set.objectives.filter((o) => ctx.activeCycleIds.has(o.cycleId)).map((o) => o.id));
  return new Set(ctx.set.keyResults.filter((kr) => activeObjectives.has(kr.objectiveId)).map((kr) => kr.id));
}

function linksActiveKr(issue: IssueSnapshot, setId: string, krIds: ReadonlySet<string>): boolean {
  return issue.krRefs.some((ref) => ref.setId === setId && krIds.has(ref.krId));
}

/**
 * The ancestors of an issue, nearest first. The issue itself may be absent from the graph (an
 * issue page looked at alone): its own parent pointer still leads into the graph.
 */
function ancestorsOf(issue: IssueSnapshot, graph: IssueGraph): string[] {
  const id = issueId(issue.ref);
  if (graph.byId.has(id)) return ancestorIds(graph, id);
  const parent = parentId(issue);
  if (parent === undefined || parent === id) return [];
  return [parent, ...ancestorIds(graph, parent).filter((ancestor) => ancestor !== id)];
}

/** rule 8 for one issue, e.g. the issue page's overlay. Walks the issue's ancestor chain. */
export function classifyIssue(issue: IssueSnapshot, ctx: ActivityContext): WorkClass {
  const krIds = activeKrIds(ctx);
  const aligned =
    linksActiveKr(issue, ctx.set.id, krIds) ||
    ancestorsOf(issue, ctx.graph).some((id) => {
      const ancestor = ctx.graph.byId.get(id);
      return ancestor !== undefined && linksActiveKr(ancestor, ctx.set.id, krIds);
    });
  if (aligned) return 'aligned';
  return isRunWork(issue, ctx.playbook) ? 'run' : 'unaligned';
}

/**
 * `classifyIssue` for many issues: remembers, per issue id, whether it is aligned, so issues
 * sharing ancestors (50k stories under a few epics) walk each chain once and the whole scope is
 * linear in the number of issues.
 */
export function createIssueClassifier(ctx: ActivityContext): (issue: IssueSnapshot) => WorkClass {
  const krIds = activeKrIds(ctx);
  const alignedById = new Map<string, boolean>();
  const selfLinked = (issue: IssueSnapshot) => linksActiveKr(issue, ctx.set.id, krIds);

  /** Whether any issue strictly above `issue` links an active KR, filling the cache on the way. */
  const ancestorAligned = (issue: IssueSnapshot): boolean => {
    const walked: string[] = [];
    const seen = new Set([issueId(issue.ref)]);
    let result = false;
    let next = parentId(issue);
    while (next !== undefined && !seen.has(next)) {
      const known = alignedById.get(next);
      if (known !== undefined) {
        result = known;
        break;
      }
      const ancestor = ctx.graph.byId.get(next);
      if (ancestor === undefined) break;
      seen.add(next);
      walked.push(next);
      if (selfLinked(ancestor)) {
        result = true;
        break;
      }
      next = parentId(ancestor);
    }
    // Every issue walked lies below the point that decided the answer (or the chain ran out
    // with nothing linked), so the answer holds for all of them.
    for (const id of walked) alignedById.set(id, result);
    return result;
  };

  return (issue) => {
    if (selfLinked(issue) || ancestorAligned(issue)) return 'aligned';
    return isRunWork(issue, ctx.playbook) ? 'run' : 'unaligned';
  };
}

// ---------------------------------------------------------------------------------------------
// The report.

export interface Tally {
  count: number;
  /** Sum of the estimates given; issues without one add nothing here. */
  estimate: number;
  /** Issues without an estimate. */
  unestimated: number;
}

export interface Share {
  count: number;
  estimate: number;
  /** count / total count; null when the total is 0. */
  countShare: number | null;
  /** estimate / total estimate; null when the total estimate is 0. */
  estimateShare: number | null;
}

export interface Breakdown {
  total: Tally;
  shares: Record<WorkClass, Share>;
}

export interface TeamBreakdown extends Breakdown {
  /** The issue's team as the tracker names it; null for issues without a team. */
  team: string | null;
}

export interface AssigneeBreakdown extends Breakdown {
  /** null is the "unassigned" bucket. */
  assignee: { id: string; name: string } | null;
}

export interface ActivityReport extends Breakdown {
  /**
   * Arrays rather than maps so the report survives extension messaging (JSON); ordered by
   * count, largest first, then name, with the no-team / unassigned bucket last.
   */
  byTeam: TeamBreakdown[];
  byAssignee: AssigneeBreakdown[];
  /** The unaligned issues: largest estimate first (unestimated last), then by key. */
  unaligned: IssueSnapshot[];
}

const WORK_CLASSES: readonly WorkClass[] = ['aligned', 'run', 'unaligned'];

interface Accumulator {
  total: Tally;
  byClass: Record<WorkClass, Tally>;
}

const emptyTally = (): Tally => ({ count: 0, estimate: 0, unestimated: 0 });
const emptyAccumulator = (): Accumulator => ({
  total: emptyTally(),
  byClass: { aligned: emptyTally(), run: emptyTally(), unaligned: emptyTally() },
});

function addTo(tally: Tally, issue: IssueSnapshot): void {
  tally.count += 1;
  if (issue.estimate === undefined) tally.unestimated += 1;
  else tally.estimate += issue.estimate;
}

function add(acc: Accumulator, issue: IssueSnapshot, workClass: WorkClass): void {
  addTo(acc.total, issue);
  addTo(acc.byClass[workClass], issue);
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function toBreakdown(acc: Accumulator): Breakdown {
  const shares = {} as Record<WorkClass, Share>;
  for (const workClass of WORK_CLASSES) {
    const tally = acc.byClass[workClass];
    shares[workClass] = {
      count: tally.count,
      estimate: tally.estimate,
      countShare: ratio(tally.count, acc.total.count),
      estimateShare: ratio(tally.estimate, acc.total.estimate),
    };
  }
  return { total: { ...acc.total }, shares };
}

const byName = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

function compareGroups(a: { name: string | null; count: number }, b: { name: string | null; count: number }): number {
  if ((a.name === null) !== (b.name === null)) return a.name === null ? 1 : -1;
  return b.count - a.count || byName(a.name ?? '', b.name ?? '');
}

/** Largest estimate first, unestimated last, then by key in natural order (PLAT-9 before PLAT-10). */
export function compareUnaligned(a: IssueSnapshot, b: IssueSnapshot): number {
  const estimateA = a.estimate ?? -1;
  const estimateB = b.estimate ?? -1;
  return estimateB - estimateA || byName(a.ref.key, b.ref.key) || byName(a.ref.tracker, b.ref.tracker) || byName(a.ref.site, b.ref.site);
}

/** rule 8: the three shares of a scope by count and by estimate, per team and per assignee. */
export function activityReport(scopeIssues: Iterable<IssueSnapshot>, ctx: ActivityContext): ActivityReport {
  const classify = createIssueClassifier(ctx);
  const overall = emptyAccumulator();
  const teams = new Map<string | null, Accumulator>();
  const assignees = new Map<string | null, { assignee: AssigneeBreakdown['assignee']; acc: Accumulator }>();
  const unaligned: IssueSnapshot[] = [];
  const counted = new Set<string>();

  for (const issue of scopeIssues) {
    const id = issueId(issue.ref);
    if (counted.has(id) || isCanceled(issue, ctx.playbook)) continue;
    counted.add(id);
    const workClass = classify(issue);
    add(overall, issue, workClass);

    const team = issue.team ?? null;
    let teamAcc = teams.get(team);
    if (!teamAcc) teams.set(team, (teamAcc = emptyAccumulator()));
    add(teamAcc, issue, workClass);

    const assigneeKey = issue.assignee?.id ?? null;
    let person = assignees.get(assigneeKey);
    if (!person) assignees.set(assigneeKey, (person = { assignee: issue.assignee ?? null, acc: emptyAccumulator() }));
    add(person.acc, issue, workClass);

    if (workClass === 'unaligned') unaligned.push(issue);
  }

  const byTeam = [...teams]
    .map(([team, acc]): TeamBreakdown => ({ team, ...toBreakdown(acc) }))
    .sort((a, b) => compareGroups({ name: a.team, count: a.total.count }, { name: b.team, count: b.total.count }));
  const byAssignee = [...assignees.values()]
    .map(({ assignee, acc }): AssigneeBreakdown => ({ assignee, ...toBreakdown(acc) }))
    .sort((a, b) =>
      compareGroups({ name: a.assignee?.name ?? null, count: a.total.count }, { name: b.assignee?.name ?? null, count: b.total.count }),
    );

  return { ...toBreakdown(overall), byTeam, byAssignee, unaligned: unaligned.sort(compareUnaligned) };
}
