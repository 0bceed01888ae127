import { describe, expect, it } from 'vitest';
import { carryOver, closeCycle, escapeMarkdown, reviewData, reviewMarkdown, unfinishedKeyResults } from '../../lib/okr/cycle-close';
import { buildIssueGraph } from '../../lib/okr/issue-graph';
import { okrSetSchema, type OkrSet } from '../../lib/okr/model';
import { allKrProgress, krProgress } from '../../lib/okr/progress';
import { checkIn, cycle, keyResult, objective, okrSet, playbook } from './factories';

const TRICKY_TITLE = 'Cut p95 *below* 200ms | [beta]_x';

function quarter(): OkrSet {
  return okrSet({
    cycles: [cycle('q1', '2025-01-01', '2025-03-31', 'active', 'Q1 2025'), cycle('q2', '2025-04-01', '2025-06-30', 'planning', 'Q2 2025')],
    objectives: [
      objective({ id: 'o1', cycleId: 'q1', commitment: 'committed', title: 'Reliable checkout', supports: ['o3'] }),
      objective({ id: 'o2', cycleId: 'q1', commitment: 'aspirational', title: 'Delight # buyers' }),
      objective({ id: 'o3', cycleId: 'q2', title: 'Next quarter' }),
    ],
    keyResults: [
      keyResult({ id: 'kr1', objectiveId: 'o1', title: TRICKY_TITLE }),
      keyResult({ id: 'kr2', objectiveId: 'o1', measure: { type: 'metric', start: 0, target: 10 } }),
      keyResult({ id: 'kr6', objectiveId: 'o1' }),
      keyResult({ id: 'kr3', objectiveId: 'o2', measure: { type: 'milestone' } }),
      keyResult({ id: 'kr4', objectiveId: 'o2' }),
      keyResult({ id: 'kr5', objectiveId: 'o3' }),
    ],
    checkIns: [
      checkIn({ id: 'c1', krId: 'kr2', at: '2025-03-20T10:00:00Z', value: 8 }),
      checkIn({ id: 'c2', krId: 'kr3', at: '2025-03-21T10:00:00Z', value: 1 }),
    ],
  });
}

// Issues KRs' progress comes from the trackers; these are the figures read at close.
const atClose = new Map([
  ['kr1', { progress: 0.65 }],
  ['kr6', { progress: 0.3 }],
]);
const CLOSED_AT = '2025-04-02T09:00:00Z';
const closedQuarter = () =>
  closeCycle(quarter(), 'q1', atClose, {
    closedAt: CLOSED_AT,
    learnings: ['  Smaller batches ship sooner  ', '', 'Check in weekly,\nnot monthly'],
  });

function expectValidSet(set: OkrSet) {
  expect(okrSetSchema.safeParse(set).success).toBe(true);
  const ids = [...set.objectives.map((o) => o.id), ...set.keyResults.map((kr) => kr.id)];
  expect(new Set(ids).size).toBe(ids.length);
  const urls = set.keyResults.map((kr) => kr.url);
  expect(new Set(urls).size).toBe(urls.length);
}

describe('Rule 10 — closing a cycle freezes the scores', () => {
  it('freezes every KR and objective of the cycle: given, computed from check-ins, or unknown', () => {
    const closed = closedQuarter();
    const q1 = closed.cycles.find((c) => c.id === 'q1')!;
    expect(q1.state).toBe('closed');
    expect(q1.review?.keyResults).toEqual([
      { id: 'kr1', progress: 0.65, score: 0.7 },
      { id: 'kr2', progress: 0.8, score: 0.8 },
      { id: 'kr6', progress: 0.3, score: 0.3 },
      { id: 'kr3', progress: 1, score: 1 },
      { id: 'kr4', progress: null, score: null },
    ]);
    expect(q1.review?.objectives.map((o) => o.id)).toEqual(['o1', 'o2']);
    expect(q1.review?.objectives[0]?.progress).toBeCloseTo((0.65 + 0.8 + 0.3) / 3, 12);
    expect(q1.review?.objectives[0]?.score).toBe(0.6);
    // kr4 is unknown and left out, not averaged in as 0
    expect(q1.review?.objectives[1]).toEqual({ id: 'o2', progress: 1, score: 1 });
    expect(q1.review?.learnings).toEqual(['Smaller batches ship sooner', 'Check in weekly,\nnot monthly']);
    expect(q1.review?.closedAt).toBe(CLOSED_AT);
    expectValidSet(closed);
  });

  it('never mutates the set it is given, and leaves other cycles alone', () => {
    const original = quarter();
    const copy = structuredClone(original);
    const closed = closeCycle(original, 'q1', atClose, { closedAt: CLOSED_AT });
    expect(original).toEqual(copy);
    expect(closed.cycles.find((c) => c.id === 'q2')).toEqual(original.cycles.find((c) => c.id === 'q2'));
  });

  it('accepts the results of allKrProgress as they are', () => {
    const set = quarter();
    const results = allKrProgress(set, buildIssueGraph([]), playbook);
    const closed = closeCycle(set, 'q1', [...results.values()], { closedAt: CLOSED_AT });
    expect(closed.cycles[0]?.review?.keyResults.find((kr) => kr.id === 'kr2')?.score).toBe(0.8);
  });

  it('scores stay frozen when check-ins arrive after the close', () => {
    const closed = closedQuarter();
    const later = { ...closed, checkIns: [...closed.checkIns, checkIn({ id: 'c9', krId: 'kr2', at: '2025-04-20T10:00:00Z', value: 2 })] };
    expect(krProgress(later.keyResults[1]!, { set: later, graph: buildIssueGraph([]), playbook }).progress).toBeCloseTo(0.2, 12);
    expect(reviewData(later, 'q1')?.wins.map((kr) => kr.id)).toContain('kr2');
  });

  it.each<[string, (set: OkrSet) => unknown, RegExp]>([
    ['closing twice', (set) => closeCycle(set, 'q1', atClose, { closedAt: CLOSED_AT }), /already closed/],
    ['an unknown cycle', (set) => closeCycle(set, 'q9', atClose, { closedAt: CLOSED_AT }), /no cycle "q9"/],
  ])('refuses %s', (_name, act, message) => {
    expect(() => act(closedQuarter())).toThrow(message);
  });
});

describe('Rule 10 — the review: wins, misses, learnings', () => {
  it('wins are KRs scoring ≥ 0.7 by their rounded score; misses below; unknown apart', () => {
    const review = reviewData(closedQuarter(), 'q1')!;
    expect(review.wins.map((kr) => [kr.id, kr.score])).toEqual([
      ['kr1', 0.7],
      ['kr2', 0.8],
      ['kr3', 1],
    ]);
    expect(review.misses.map((kr) => [kr.id, kr.score])).toEqual([['kr6', 0.3]]);
    expect(review.unscored.map((kr) => kr.id)).toEqual(['kr4']);
    expect(review.learnings).toEqual(['Smaller batches ship sooner', 'Check in weekly,\nnot monthly']);
  });

  it('objectives carry their band and their commitment finding', () => {
    const review = reviewData(closedQuarter(), 'q1')!;
    expect(review.objectives.map((o) => [o.id, o.score, o.band, o.finding?.verdict])).toEqual([
      ['o1', 0.6, 'yellow', 'short'], // committed expects 1.0
      ['o2', 1, 'green', 'met'],
    ]);
    expect(review.sandbagging.flagged).toBe(false); // one aspirational objective is no pattern
  });

  it('flags sandbagging when every aspirational objective of the cycle scored 1.0', () => {
    const set = okrSet({
      cycles: [cycle('q1', '2025-01-01', '2025-03-31')],
      objectives: [
        objective({ id: 'a1', cycleId: 'q1', commitment: 'aspirational' }),
        objective({ id: 'a2', cycleId: 'q1', commitment: 'aspirational' }),
      ],
      keyResults: [keyResult({ id: 'k1', objectiveId: 'a1' }), keyResult({ id: 'k2', objectiveId: 'a2' })],
    });
    const closed = closeCycle(
      set,
      'q1',
      new Map([
        ['k1', { progress: 1 }],
        ['k2', { progress: 0.97 }],
      ]),
      { closedAt: CLOSED_AT },
    );
    expect(reviewData(closed, 'q1')?.sandbagging.flagged).toBe(true);
    expect(reviewMarkdown(closed, 'q1')).toMatch(/## Findings[\s\S]*sandbagging/);
  });

  it('has no review before the close', () => {
    expect(reviewData(quarter(), 'q1')).toBeNull();
    expect(() => reviewMarkdown(quarter(), 'q1')).toThrow(/not closed/);
  });
});

describe('Rule 10 — the review as Markdown for the town hall', () => {
  it.each([
    [TRICKY_TITLE, 'Cut p95 \\*below\\* 200ms \\| \\[beta\\]\\_x'],
    ['# 1. Heading-like + list', '\\# 1\\. Heading\\-like \\+ list'],
    ['<b>html</b> & `code`', '\\<b\\>html\\</b\\> \\& \\`code\\`'],
    ['two\nlines', 'two lines'],
    ['back\\slash', 'back\\\\slash'],
    ['Plain words, fine', 'Plain words, fine'],
  ])('escapes %j', (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });

  it('lists scores, wins, misses, findings and learnings, titles escaped', () => {
    const markdown = reviewMarkdown(closedQuarter(), 'q1');
    expect(markdown).toContain('# Cycle review: Q1 2025');
    expect(markdown).toContain('2025-01-01 to 2025-03-31, closed 2025-04-02');
    expect(markdown).toContain('| Reliable checkout | committed | 0.6 | yellow |');
    expect(markdown).toContain('| Delight \\# buyers | aspirational | 1.0 | green |');
    const section = (title: string) => markdown.split(`## ${title}`)[1]!.split('\n## ')[0]!;
    expect(section('Wins (score ≥ 0.7)')).toContain('- **Cut p95 \\*below\\* 200ms \\| \\[beta\\]\\_x**: 0.7 (Reliable checkout)');
    expect(section('Misses')).toContain('- **Key result kr6**: 0.3 (Reliable checkout)');
    expect(section('Misses')).not.toContain('kr1');
    expect(section('Not measured')).toContain('- **Key result kr4**: unknown');
    expect(section('Findings')).toContain('Reliable checkout: committed: expected 1.0, scored 0.6');
    expect(section('Learnings')).toContain('- Smaller batches ship sooner\n- Check in weekly,\n  not monthly');
    expect(markdown).not.toContain(TRICKY_TITLE);
  });
});

describe('Rule 10 — carrying unfinished KRs into the next cycle', () => {
  const idFor = (id: string) => `${id}-next`;

  it('offers the KRs that did not reach 1.0 (or were not measured)', () => {
    expect(unfinishedKeyResults(closedQuarter(), 'q1').map((kr) => kr.id)).toEqual(['kr1', 'kr2', 'kr6', 'kr4']);
  });

  it('moves the KR itself (same id, same link URL) under a copy of its objective, history intact', () => {
    const closed = closedQuarter();
    const before = structuredClone(closed);
    const carried = carryOver(closed, 'q1', 'q2', ['kr1', 'kr2', 'kr4'], idFor);
    expect(closed).toEqual(before);

    const copies = carried.objectives.filter((o) => o.cycleId === 'q2' && o.id !== 'o3');
    expect(copies.map((o) => [o.id, o.title, o.commitment])).toEqual([
      ['o1-next', 'Reliable checkout', 'committed'],
      ['o2-next', 'Delight # buyers', 'aspirational'],
    ]);
    expect(copies[0]?.alignment.supports).toEqual(['o3']);
    for (const krId of ['kr1', 'kr2', 'kr4']) {
      const was = closed.keyResults.find((kr) => kr.id === krId)!;
      const now = carried.keyResults.find((kr) => kr.id === krId)!;
      expect(now.url).toBe(was.url); // tracker links keep resolving
      expect(now.objectiveId).toBe(idFor(was.objectiveId));
    }
    expect(carried.keyResults.find((kr) => kr.id === 'kr6')?.objectiveId).toBe('o1');
    expect(carried.checkIns).toEqual(closed.checkIns);
    expect(
      krProgress(carried.keyResults.find((kr) => kr.id === 'kr2')!, { set: carried, graph: buildIssueGraph([]), playbook }).progress,
    ).toBeCloseTo(0.8, 12);
    expect(carried.cycles).toEqual(closed.cycles); // the frozen review is untouched
    expectValidSet(carried);
  });

  it('the closed review still shows the carried KR with its frozen score, marked as carried', () => {
    const carried = carryOver(closedQuarter(), 'q1', 'q2', ['kr1'], idFor);
    const win = reviewData(carried, 'q1')!.wins.find((kr) => kr.id === 'kr1');
    expect(win).toMatchObject({ score: 0.7, objectiveTitle: 'Reliable checkout', carriedTo: { cycleId: 'q2', cycleName: 'Q2 2025' } });
    expect(reviewMarkdown(carried, 'q1')).toContain('carried over to Q2 2025');
  });

  it('a second carry-over of the same objective reuses its copy', () => {
    const once = carryOver(closedQuarter(), 'q1', 'q2', ['kr1'], idFor);
    const twice = carryOver(once, 'q1', 'q2', ['kr6'], idFor);
    expect(twice.objectives.filter((o) => o.id === 'o1-next')).toHaveLength(1);
    expect(twice.keyResults.find((kr) => kr.id === 'kr6')?.objectiveId).toBe('o1-next');
    expectValidSet(twice);
  });

  it.each<[string, (set: OkrSet) => unknown, RegExp]>([
    ['from a cycle that is not closed', () => carryOver(quarter(), 'q1', 'q2', ['kr1'], idFor), /Close the cycle "Q1 2025" first/],
    [
      'into a closed cycle',
      (set) => carryOver(closeCycle(set, 'q2', [], { closedAt: CLOSED_AT }), 'q2', 'q1', ['kr5'], idFor),
      /"Q1 2025" is closed/,
    ],
    ['into the same cycle', (set) => carryOver(set, 'q1', 'q1', ['kr1'], idFor), /another cycle/],
    ['a KR of another cycle', (set) => carryOver(set, 'q1', 'q2', ['kr5'], idFor), /"kr5" is not in the cycle/],
    ['an unknown KR', (set) => carryOver(set, 'q1', 'q2', ['nope'], idFor), /"nope" is not in the cycle/],
    ['a new id that is already used by an objective', (set) => carryOver(set, 'q1', 'q2', ['kr1'], () => 'o2'), /already used/],
    ['a new id that is already used by a KR', (set) => carryOver(set, 'q1', 'q2', ['kr1'], () => 'kr5'), /already used/],
    ['the old id again (ids are never reused)', (set) => carryOver(set, 'q1', 'q2', ['kr1'], (id) => id), /already used/],
    ['an invalid id', (set) => carryOver(set, 'q1', 'q2', ['kr1'], () => 'not an id'), /not a valid objective id/],
  ])('refuses %s', (_name, act, message) => {
    expect(() => act(closedQuarter())).toThrow(message);
  });
});
