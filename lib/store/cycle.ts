/** Which cycle "today" falls in, for the active selection after an import (SPEC UI contract). */
import type { Cycle } from '../okr/model';

/**
 * The cycle whose inclusive date range holds `today`; when ranges overlap, an `active` cycle wins
 * over a planning or closed one, then file order. Null when today is in no cycle.
 */
export function cycleContaining(cycles: readonly Cycle[], today: string): Cycle | null {
  const holding = cycles.filter((c) => c.start <= today && today <= c.end);
  return holding.find((c) => c.state === 'active') ?? holding[0] ?? null;
}

/**
 * The cycle a set is shown in: the one the user chose while the set still holds it, else the one
 * holding `today`. Local sets, team spaces and subscriptions all choose this way.
 */
export function shownCycleId(cycles: readonly Cycle[], chosen: string | null, today: string): string | null {
  if (chosen !== null && cycles.some((c) => c.id === chosen)) return chosen;
  return cycleContaining(cycles, today)?.id ?? null;
}
