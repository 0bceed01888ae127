/**
 * Scores, bands, commitment expectations (rule 5) and status against the calendar (rule 6).
 * Every verdict comes with the sentence that explains it (rule 7).
 */
import type { CheckIn, Commitment, Cycle } from './model';
import { formatNumber, percent } from './progress';

// ---------------------------------------------------------------------------------------------
// Rule 5: score and band.

/**
 * Progress rounded to one decimal, half up. The tiny nudge keeps values that are a half in
 * decimal but a hair below it in binary (0.35 → 3.4999… × 10) rounding the way people expect.
 */
export function score(progress: number): number;
export function score(progress: number | null): number | null;
export function score(progress: number | null): number | null {
  if (progress === null) return null;
  const clamped = Math.min(1, Math.max(0, progress));
  return Math.round(clamped * 10 + 1e-9) / 10;
}

export type ScoreBand = 'green' | 'yellow' | 'red';

/**
 * The band of a score. The band is read from the *rounded* score, so a progress of 0.35 (score
 * 0.4) is yellow and 0.65 (score 0.7) is green; a value given unrounded is rounded first.
 */
export function scoreBand(value: number): ScoreBand;
export function scoreBand(value: number | null): ScoreBand | null;
export function scoreBand(value: number | null): ScoreBand | null {
  const rounded = score(value);
  if (rounded === null) return null;
  if (rounded >= 0.7) return 'green';
  if (rounded >= 0.4) return 'yellow';
  return 'red';
}

/** What each commitment is expected to score (rule 5). */
export const EXPECTED_SCORE: Readonly<Record<Commitment, number>> = Object.freeze({ committed: 1, aspirational: 0.7 });

export interface CommitmentFinding {
  commitment: Commitment;
  expected: number;
  score: number | null;
  verdict: 'met' | 'short' | 'unknown';
  explanation: string;
}

/**
 * A committed objective is expected to reach 1.0, an aspirational one about 0.7. Short of that is
 * a finding for the review; an aspirational 1.0 is met but hints the goal was not stretched.
 */
export function commitmentFinding(commitment: Commitment, value: number | null): CommitmentFinding {
  const expected = EXPECTED_SCORE[commitment];
  const rounded = score(value);
  if (rounded === null) {
    return {
      commitment,
      expected,
      score: null,
      verdict: 'unknown',
      explanation: `${commitment}: expected ${expected.toFixed(1)}, score unknown`,
    };
  }
  const met = rounded >= expected;
  let explanation = `${commitment}: expected ${expected.toFixed(1)}, scored ${rounded.toFixed(1)}`;
  if (!met && commitment === 'committed') explanation += ' — a committed objective below 1.0 needs a plan to close the gap';
  if (commitment === 'aspirational' && rounded === 1)
    explanation += ' — a full score on aspirational work may mean it was not ambitious enough';
  return { commitment, expected, score: rounded, verdict: met ? 'met' : 'short', explanation };
}

export interface SandbaggingFinding {
  flagged: boolean;
  explanation: string;
}

/**
 * Rule 5: aspirational objectives that *always* score 1.0 suggest goals set too low. "Always"
 * needs a pattern, so fewer than `minimumSamples` scores (default 2) are never flagged; unknown
 * scores are ignored.
 */
export function sandbaggingFinding(aspirationalScores: readonly (number | null)[], minimumSamples = 2): SandbaggingFinding {
  const known = aspirationalScores.filter((value): value is number => value !== null).map((value) => score(value));
  if (known.length < minimumSamples) {
    return {
      flagged: false,
      explanation: `${known.length} aspirational score(s) known; at least ${minimumSamples} are needed to see a pattern`,
    };
  }
  const perfect = known.filter((value) => value === 1).length;
  const flagged = perfect === known.length;
  return {
    flagged,
    explanation: flagged
      ? `all ${known.length} aspirational objectives scored 1.0: aspirational goals are expected around 0.7, so they may be set too low (sandbagging)`
      : `${perfect} of ${known.length} aspirational objectives scored 1.0`,
  };
}

// ---------------------------------------------------------------------------------------------
// Rule 6: status against the share of the cycle elapsed.

const DAY_MS = 86_400_000;

/** Day number of a `YYYY-MM-DD` date in UTC, so neither time zones nor daylight saving shift it. */
export function dayNumber(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/**
 * The share of the cycle elapsed on `today`, counting both ends as whole days: the first day is
 * 1/length, the last day 1. Before the start 0, after the end 1.
 */
export function expectedShare(cycle: Pick<Cycle, 'start' | 'end'>, today: string): number {
  const start = dayNumber(cycle.start);
  const end = dayNumber(cycle.end);
  const now = dayNumber(today);
  if (now < start) return 0;
  if (now >= end) return 1;
  return (now - start + 1) / (end - start + 1);
}

export type KrStatusName = 'on-track' | 'at-risk' | 'off-track' | 'unknown';

export interface KrStatus {
  status: KrStatusName;
  /** progress / expected; null when progress is unknown or nothing is expected yet. */
  ratio: number | null;
  expected: number;
  confidence: number | null;
  explanation: string;
}

export const LOW_CONFIDENCE = 3;
// Float division can land a hair below a boundary (0.35 / 0.5); the tolerance keeps it on the line.
const EPSILON = 1e-9;

/**
 * rule 6. ratio ≥ 0.7 on track, 0.4–0.7 at risk, < 0.4 off track. A confidence ≤ 3 marks
 * the KR at risk whatever the ratio, but never lifts an off-track KR to at risk: low confidence
 * adds a warning, it does not hide a worse one. Before the cycle starts (expected 0) nothing is
 * late, so the ratio is on track. Unknown progress → unknown status.
 */
export function krStatus(progress: number | null, expected: number, latestConfidence: number | null | undefined): KrStatus {
  const confidence = latestConfidence ?? null;
  const confidenceText = confidence === null ? 'no confidence given' : `confidence ${formatNumber(confidence)}/10`;
  if (progress === null) {
    return {
      status: 'unknown',
      ratio: null,
      expected,
      confidence,
      explanation: `progress unknown, so the status is unknown (${confidenceText})`,
    };
  }
  let status: KrStatusName;
  let ratio: number | null;
  let reason: string;
  if (expected <= 0) {
    ratio = null;
    status = 'on-track';
    reason = 'the cycle has not started, so nothing is expected yet';
  } else {
    ratio = progress / expected;
    status = ratio + EPSILON >= 0.7 ? 'on-track' : ratio + EPSILON >= 0.4 ? 'at-risk' : 'off-track';
    reason = `${percent(progress)} done of ${percent(expected)} expected by now: ratio ${formatNumber(ratio)}`;
  }
  if (confidence !== null && confidence <= LOW_CONFIDENCE && status === 'on-track') {
    status = 'at-risk';
    reason += `; ${confidenceText} (≤ ${LOW_CONFIDENCE}) marks it at risk`;
  } else if (confidence !== null && confidence <= LOW_CONFIDENCE) {
    reason += `; ${confidenceText} (≤ ${LOW_CONFIDENCE}) is low too`;
  } else {
    reason += `; ${confidenceText}`;
  }
  return { status, ratio, expected, confidence, explanation: `${status.replace('-', ' ')}: ${reason}` };
}

/** The latest check-in of a KR by its instant (offsets honoured); a tie goes to the later entry. */
export function latestCheckIn(checkIns: readonly CheckIn[], krId: string): CheckIn | undefined {
  let latest: CheckIn | undefined;
  let latestTime = -Infinity;
  for (const checkIn of checkIns) {
    if (checkIn.krId !== krId) continue;
    const time = Date.parse(checkIn.at);
    if (time >= latestTime) {
      latest = checkIn;
      latestTime = time;
    }
  }
  return latest;
}
