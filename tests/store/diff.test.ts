import { describe, expect, it } from 'vitest';
import type { OkrSetInput } from '../../lib/okr/model';
import { diffSets, hasChanges, sameValue } from '../../lib/store/diff';
import { sampleSet } from './fixtures';

function edited(change: (set: OkrSetInput) => void): OkrSetInput {
  const set = sampleSet();
  change(set);
  return set;
}

describe('diffSets', () => {
  it('lists everything as added for a new set', () => {
    const changes = diffSets(undefined, sampleSet());
    expect(changes.objectives.added.map((o) => o.id)).toEqual(['o-growth', 'o-web', 'o-ops']);
    expect(changes.keyResults.added).toContainEqual({ id: 'kr-nps', label: 'NPS of new users above 50' });
    expect(changes.cycles.added.map((c) => c.label)).toEqual(['Q1 2025', 'Q2 2025']);
    expect(changes.checkIns.added).toEqual([{ id: 'ci-1', label: 'kr-activation at 2025-04-15T09:00:00Z' }]);
    expect(changes.set).toEqual([]);
    expect(hasChanges(changes)).toBe(true);
  });

  it('finds no change between equal sets', () => {
    const changes = diffSets(sampleSet(), sampleSet());
    expect(hasChanges(changes)).toBe(false);
  });

  it.each<[string, (set: OkrSetInput) => void, string, 'added' | 'removed' | 'changed', Array<{ id: string; fields?: string[] }>]>([
    ['a KR removed', (s) => s.keyResults.splice(1, 1), 'keyResults', 'removed', [{ id: 'kr-nps' }]],
    [
      'a KR retitled',
      (s) => (s.keyResults[0]!.title = 'Activation to 45%'),
      'keyResults',
      'changed',
      [{ id: 'kr-activation', fields: ['title'] }],
    ],
    [
      'a KR measure and owner',
      (s) => Object.assign(s.keyResults[1]!, { owner: 'Ana', measure: { type: 'milestone' } }),
      'keyResults',
      'changed',
      [{ id: 'kr-nps', fields: ['measure', 'owner'] }],
    ],
    [
      'an objective added',
      (s) =>
        s.objectives.push({
          id: 'o-new',
          cycleId: '2025-q2',
          title: 'New',
          level: 'team',
          commitment: 'committed',
          alignment: { supports: [] },
        }),
      'objectives',
      'added',
      [{ id: 'o-new' }],
    ],
    [
      'alignment changed',
      (s) => (s.objectives[2]!.alignment.supports = ['kr-nps']),
      'objectives',
      'changed',
      [{ id: 'o-ops', fields: ['alignment'] }],
    ],
    ['a cycle closed', (s) => (s.cycles[1]!.state = 'closed'), 'cycles', 'changed', [{ id: '2025-q2', fields: ['state'] }]],
    [
      'a check-in added',
      (s) => s.checkIns.push({ id: 'ci-2', krId: 'kr-nps', at: '2025-05-01T10:00:00Z', confidence: 5 }),
      'checkIns',
      'added',
      [{ id: 'ci-2' }],
    ],
  ])('%s', (_name, change, collection, bucket, expected) => {
    const changes = diffSets(sampleSet(), edited(change));
    const got = changes[collection as 'keyResults'][bucket].map((item) =>
      'fields' in item ? { id: item.id, fields: item.fields } : { id: item.id },
    );
    expect(got).toEqual(expected);
    expect(hasChanges(changes)).toBe(true);
  });

  it('names changed top-level fields of the set', () => {
    const changes = diffSets(
      sampleSet(),
      edited((s) => Object.assign(s, { name: 'Acme Inc', homeUrl: 'https://okrs.example.com/acme' })),
    );
    expect(changes.set).toEqual(['homeUrl', 'name']);
    expect(changes.keyResults).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('sameValue', () => {
  it.each([
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [[1, 2], [2, 1], false],
    [{ a: [] }, { a: {} }, false],
    [null, {}, false],
    [1, '1', false],
  ])('%j vs %j → %s', (a, b, same) => {
    expect(sameValue(a, b)).toBe(same);
  });
});
