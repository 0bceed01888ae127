/** Which cycle "today" falls in, for the active selection after an import (SPEC UI contract). */
import type { Cycle } from '../okr/model';

/** Today's date where the user is, as `YYYY-MM-DD` (cycle dates are calendar dates, not instants). */
export function localDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The cycle whose inclusive date range holds `today`; when ranges overlap, an `active` cycle wins
 * over a planning or closed one, then file order. Null when today is in no cycle.
 */
export function cycleContaining(cycles: readonly Cycle[], today: string): Cycle | null {
  const holding = cycles.filter((c) => c.start <= today && today <= c.end);
  return holding.find((c) => c.state === 'active') ?? holding[0] ?? null;
}
