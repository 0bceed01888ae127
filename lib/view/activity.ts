/** Activity report views that need more than the core gives: people across trackers. */
import type { AssigneeBreakdown, Breakdown, Share, WorkClass } from '../okr/activity';

const WORK_CLASSES: readonly WorkClass[] = ['aligned', 'run', 'unaligned'];

function sumBreakdowns(parts: readonly Breakdown[]): Breakdown {
  const total = { count: 0, estimate: 0, unestimated: 0 };
  const amounts = Object.fromEntries(WORK_CLASSES.map((c) => [c, { count: 0, estimate: 0 }])) as Record<
    WorkClass,
    { count: number; estimate: number }
  >;
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
    .sort(
      (a, b) =>
        (a.name === null ? 1 : 0) - (b.name === null ? 1 : 0) ||
        b.total.count - a.total.count ||
        (a.name ?? '').localeCompare(b.name ?? ''),
    );
}
