/**
 * Cycle helpers: which cycles are active, which one contains a date, and a KR's status on a day
 * (rule 6 with the calendar filled in). Dates are `YYYY-MM-DD`, both ends inclusive.
 */
import type { Cycle, OkrSet } from './model';
import { expectedShare, krStatus, latestCheckIn, type KrStatus } from './score';

/** Ids of the cycles in state `active`: the ones whose KRs make work aligned (rule 8). */
export function activeCycleIds(set: Pick<OkrSet, 'cycles'>): Set<string> {
  return new Set(set.cycles.filter((cycle) => cycle.state === 'active').map((cycle) => cycle.id));
}

const STATE_PREFERENCE: Record<Cycle['state'], number> = { active: 0, planning: 1, closed: 2 };

/**
 * The cycle whose dates contain `today` (ends inclusive; `YYYY-MM-DD` compares as text). When
 * cycles overlap, an active one wins over planning over closed, then the one that started last.
 */
export function cycleContaining(set: Pick<OkrSet, 'cycles'>, today: string): Cycle | undefined {
  let best: Cycle | undefined;
  for (const cycle of set.cycles) {
    if (cycle.start > today || cycle.end < today) continue;
    if (
      !best ||
      STATE_PREFERENCE[cycle.state] < STATE_PREFERENCE[best.state] ||
      (STATE_PREFERENCE[cycle.state] === STATE_PREFERENCE[best.state] && cycle.start > best.start)
    ) {
      best = cycle;
    }
  }
  return best;
}

/** The cycle a KR belongs to, through its objective. */
export function cycleOfKr(set: Pick<OkrSet, 'cycles' | 'objectives' | 'keyResults'>, krId: string): Cycle | undefined {
  const kr = set.keyResults.find((candidate) => candidate.id === krId);
  const objective = kr && set.objectives.find((candidate) => candidate.id === kr.objectiveId);
  return objective && set.cycles.find((cycle) => cycle.id === objective.cycleId);
}

/**
 * Rule 6 for a KR of the set on `today`: the expected share comes from its cycle, the confidence
 * from its latest check-in. A KR whose cycle cannot be found is measured against a full cycle.
 */
export function krStatusOn(
  set: Pick<OkrSet, 'cycles' | 'objectives' | 'keyResults' | 'checkIns'>,
  krId: string,
  progress: number | null,
  today: string,
): KrStatus {
  const cycle = cycleOfKr(set, krId);
  const expected = cycle ? expectedShare(cycle, today) : 1;
  return krStatus(progress, expected, latestCheckIn(set.checkIns, krId)?.confidence);
}
