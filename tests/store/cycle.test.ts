import { describe, expect, it } from 'vitest';
import type { Cycle } from '../../lib/okr/model';
import { cycleContaining, shownCycleId } from '../../lib/store/cycle';

const cycles: Cycle[] = [
  { id: 'q1', name: 'Q1', start: '2025-01-01', end: '2025-03-31', state: 'closed' },
  { id: 'h1-plan', name: 'H1 planning', start: '2025-03-15', end: '2025-06-30', state: 'planning' },
  { id: 'q2', name: 'Q2', start: '2025-04-01', end: '2025-06-30', state: 'active' },
];

describe('cycleContaining', () => {
  it.each([
    ['2025-01-01', 'q1'],
    ['2025-03-31', 'q1'],
    ['2025-03-20', 'q1'],
    ['2025-04-01', 'q2'],
    ['2025-06-30', 'q2'],
    ['2024-12-31', null],
    ['2025-07-01', null],
  ])('%s falls in %s (ends inclusive, an active cycle wins an overlap)', (today, id) => {
    expect(cycleContaining(cycles, today)?.id ?? null).toBe(id);
  });
});

describe('shownCycleId', () => {
  it('keeps the chosen cycle while the set holds it, else falls back to the one holding today', () => {
    expect(shownCycleId(cycles, 'q1', '2025-05-01')).toBe('q1');
    expect(shownCycleId(cycles, 'gone', '2025-05-01')).toBe('q2');
    expect(shownCycleId(cycles, null, '2025-05-01')).toBe('q2');
    expect(shownCycleId(cycles, null, '2026-01-01')).toBeNull();
  });
});
