/** rule 3: the progress of metric and milestone KRs, from their check-ins. */
import { clamp01, formatNumber, type KrProgress, percent } from './explanation';
import type { CheckIn, KeyResult, MetricMeasure } from './model';

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

export function metricProgress(kr: KeyResult, measure: MetricMeasure, checkIns: readonly CheckIn[]): KrProgress {
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

export function milestoneProgress(kr: KeyResult, checkIns: readonly CheckIn[]): KrProgress {
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
