import { afterEach, describe, expect, it } from 'vitest';
import { cycleContaining, krStatusOn } from '../../lib/okr/cycle';
import {
  commitmentFinding,
  expectedShare,
  krStatus,
  latestCheckIn,
  sandbaggingFinding,
  score,
  scoreBand,
  type KrStatusName,
  type ScoreBand,
} from '../../lib/okr/score';
import { checkIn, cycle, keyResult, objective, okrSet } from './factories';

describe('Rule 5 — score', () => {
  it.each<[number | null, number | null]>([
    [0, 0],
    [0.04, 0],
    [0.05, 0.1],
    [0.15, 0.2],
    [0.349, 0.3],
    [0.35, 0.4],
    [0.45, 0.5],
    [0.65, 0.7],
    [0.94, 0.9],
    [0.95, 1],
    [1, 1],
    [1.3, 1],
    [-0.2, 0],
    [null, null],
  ])('progress %s scores %s', (progress, expected) => {
    expect(score(progress)).toBe(expected);
  });
});

describe('Rule 5 — bands come from the rounded score', () => {
  it.each<[number | null, ScoreBand | null]>([
    [1, 'green'],
    [0.7, 'green'],
    [0.65, 'green'], // scores 0.7
    [0.64, 'yellow'], // scores 0.6
    [0.4, 'yellow'],
    [0.35, 'yellow'], // scores 0.4, not red
    [0.34, 'red'], // scores 0.3
    [0.3, 'red'],
    [0, 'red'],
    [null, null],
  ])('progress %s is %s', (progress, band) => {
    expect(scoreBand(progress)).toBe(band);
  });
});

describe('Rule 5 — commitment: committed expects 1.0, aspirational about 0.7', () => {
  it.each<[string, 'committed' | 'aspirational', number | null, 'met' | 'short' | 'unknown']>([
    ['committed at 1.0', 'committed', 1, 'met'],
    ['committed at 0.96 rounds to 1.0', 'committed', 0.96, 'met'],
    ['committed at 0.9 falls short (0.7 is not enough for a commitment)', 'committed', 0.9, 'short'],
    ['aspirational at 0.7', 'aspirational', 0.7, 'met'],
    ['aspirational at 0.65 rounds to 0.7', 'aspirational', 0.65, 'met'],
    ['aspirational at 0.6 falls short', 'aspirational', 0.6, 'short'],
    ['unknown score', 'committed', null, 'unknown'],
  ])('%s', (_name, commitment, value, verdict) => {
    expect(commitmentFinding(commitment, value).verdict).toBe(verdict);
  });

  it('an aspirational 1.0 is met but hints at a goal set too low', () => {
    expect(commitmentFinding('aspirational', 1).explanation).toMatch(/not ambitious enough/);
    expect(commitmentFinding('committed', 1).explanation).not.toMatch(/ambitious/);
  });

  it.each<[string, Array<number | null>, boolean]>([
    ['every aspirational objective at 1.0 is sandbagging', [1, 1, 1], true],
    ['scores that round to 1.0 count as 1.0', [0.96, 1], true],
    ['one below 1.0 breaks the pattern', [1, 0.7, 1], false],
    ['a single 1.0 is not yet a pattern', [1], false],
    ['no aspirational objectives', [], false],
    ['unknown scores are ignored', [1, null, 1], true],
  ])('%s', (_name, scores, flagged) => {
    expect(sandbaggingFinding(scores).flagged).toBe(flagged);
  });
});

describe('Rule 6 — expected share of the cycle, both ends inclusive', () => {
  const tenDays = { start: '2025-04-01', end: '2025-04-10' };
  it.each<[string, { start: string; end: string }, string, number]>([
    ['before the start', tenDays, '2025-03-31', 0],
    ['the first day is one day in', tenDays, '2025-04-01', 0.1],
    ['halfway', tenDays, '2025-04-05', 0.5],
    ['the last day is the whole cycle', tenDays, '2025-04-10', 1],
    ['after the end', tenDays, '2025-05-01', 1],
    ['a one-day cycle on its day', { start: '2025-04-01', end: '2025-04-01' }, '2025-04-01', 1],
    ['a leap day counts', { start: '2024-02-28', end: '2024-03-01' }, '2024-02-29', 2 / 3],
    ['a quarter across a year end', { start: '2024-12-01', end: '2025-02-28' }, '2025-01-01', 32 / 90],
  ])('%s', (_name, dates, today, expected) => {
    expect(expectedShare(dates, today)).toBeCloseTo(expected, 12);
  });

  describe('does not depend on the local time zone (daylight saving changes in March)', () => {
    const original = process.env.TZ;
    afterEach(() => {
      process.env.TZ = original;
    });
    it.each(['UTC', 'America/New_York', 'Europe/Berlin', 'Pacific/Auckland'])('%s', (zone) => {
      process.env.TZ = zone;
      const march = { start: '2025-03-01', end: '2025-03-31' };
      expect(expectedShare(march, '2025-03-30')).toBeCloseTo(30 / 31, 12);
      expect(expectedShare(march, '2025-03-31')).toBe(1);
    });
  });
});

describe('Rule 6 — status compares progress with the expected share', () => {
  it.each<[string, number | null, number, number | null, KrStatusName]>([
    ['ratio exactly 0.7 is on track', 0.7, 1, 8, 'on-track'],
    ['ratio 0.35 / 0.5 = 0.7 is on track despite float division', 0.35, 0.5, 8, 'on-track'],
    ['ratio 0.69 is at risk', 0.69, 1, 8, 'at-risk'],
    ['ratio 0.4 is at risk', 0.4, 1, 8, 'at-risk'],
    ['ratio 0.39 is off track', 0.39, 1, 8, 'off-track'],
    ['20% done a third of the way in is at risk, judged by the ratio not the progress', 0.2, 0.5, 8, 'at-risk'],
    ['ahead of plan is on track', 1, 0.2, 9, 'on-track'],
    ['confidence 3 marks an on-track KR at risk', 0.5, 0.5, 3, 'at-risk'],
    ['confidence 4 does not', 0.5, 0.5, 4, 'on-track'],
    ['low confidence never lifts off track to at risk', 0.1, 0.5, 2, 'off-track'],
    ['before the cycle starts nothing is late', 0, 0, 8, 'on-track'],
    ['before the cycle starts low confidence still warns', 0, 0, 1, 'at-risk'],
    ['no confidence given: the ratio alone decides', 0.3, 1, null, 'off-track'],
    ['unknown progress is an unknown status', null, 0.5, 8, 'unknown'],
  ])('%s', (_name, progress, expected, confidence, status) => {
    expect(krStatus(progress, expected, confidence).status).toBe(status);
  });

  it('Rule 7 — explains the ratio and the confidence', () => {
    expect(krStatus(0.25, 0.5, 3)).toEqual({
      status: 'at-risk',
      ratio: 0.5,
      expected: 0.5,
      confidence: 3,
      explanation: 'at risk: 25% done of 50% expected by now: ratio 0.5; confidence 3/10 (≤ 3) is low too',
    });
    expect(krStatus(0.5, 0.5, 3).explanation).toBe(
      'at risk: 50% done of 50% expected by now: ratio 1; confidence 3/10 (≤ 3) marks it at risk',
    );
    expect(krStatus(0, 0, null)).toMatchObject({ ratio: null, explanation: expect.stringMatching(/not started/) });
  });
});

describe('latestCheckIn', () => {
  const checkIns = [
    checkIn({ id: 'a', krId: 'kr1', at: '2025-05-02T01:00:00Z', confidence: 5 }),
    checkIn({ id: 'b', krId: 'kr1', at: '2025-05-01T23:00:00-05:00', confidence: 6 }), // 04:00 UTC on the 2nd
    checkIn({ id: 'c', krId: 'kr2', at: '2025-06-01T00:00:00Z', confidence: 9 }),
    checkIn({ id: 'd', krId: 'kr3', at: '2025-05-01T00:00:00Z' }),
    checkIn({ id: 'e', krId: 'kr3', at: '2025-05-01T00:00:00Z' }),
  ];
  it.each<[string, string, string | undefined]>([
    ['the latest instant wins, offsets honoured', 'kr1', 'b'],
    ['only the KR’s own check-ins', 'kr2', 'c'],
    ['a tie goes to the later entry', 'kr3', 'e'],
    ['none', 'kr4', undefined],
  ])('%s', (_name, krId, expected) => {
    expect(latestCheckIn(checkIns, krId)?.id).toBe(expected);
  });
});

describe('cycle helpers', () => {
  const set = okrSet({
    cycles: [
      cycle('q1', '2025-01-01', '2025-03-31', 'closed'),
      cycle('q2', '2025-04-01', '2025-06-30', 'planning'),
      cycle('q2-sales', '2025-04-15', '2025-07-14', 'active'),
      cycle('h2', '2025-07-01', '2025-12-31', 'planning'),
      cycle('h2-late', '2025-07-10', '2025-12-31', 'planning'),
    ],
  });
  it.each<[string, string, string | undefined]>([
    ['the first day is inside', '2025-01-01', 'q1'],
    ['the last day is inside', '2025-03-31', 'q1'],
    ['overlap: active wins over planning', '2025-05-01', 'q2-sales'],
    ['overlap of equals: the one that started last wins', '2025-07-20', 'h2-late'],
    ['a gap holds no cycle', '2026-01-05', undefined],
  ])('cycleContaining: %s', (_name, today, expected) => {
    expect(cycleContaining(set, today)?.id).toBe(expected);
  });

  it('krStatusOn takes the expected share from the KR’s cycle and the confidence from its latest check-in', () => {
    const withKr = okrSet({
      cycles: [cycle('q2', '2025-04-01', '2025-04-10')],
      objectives: [objective({ id: 'o1', cycleId: 'q2' })],
      keyResults: [keyResult({ id: 'kr1', objectiveId: 'o1' })],
      checkIns: [
        checkIn({ krId: 'kr1', at: '2025-04-02T00:00:00Z', confidence: 2 }),
        checkIn({ krId: 'kr1', at: '2025-04-03T00:00:00Z', confidence: 8 }),
      ],
    });
    expect(krStatusOn(withKr, 'kr1', 0.25, '2025-04-05')).toMatchObject({ expected: 0.5, ratio: 0.5, confidence: 8, status: 'at-risk' });
  });
});
