import { describe, expect, it } from 'vitest';
import { formatPath, parseOkrSet, type ValidationError } from '../../lib/okr/validate';

/** A small valid file; every case below breaks exactly what it names. */
function validFile() {
  return {
    schemaVersion: 1,
    id: 'demo',
    name: 'Demo OKRs',
    homeUrl: 'https://okrs.demo.example',
    cycles: [{ id: 'q4', name: 'Q4', start: '2026-10-01', end: '2026-12-31', state: 'active' }],
    objectives: [
      { id: 'o-co', cycleId: 'q4', title: 'Delight shoppers', level: 'company', commitment: 'committed' },
      {
        id: 'o-team',
        cycleId: 'q4',
        title: 'Fast checkout',
        level: 'team',
        team: 'Platform',
        commitment: 'aspirational',
        alignment: { inherits: 'kr-co-1' },
      },
    ],
    keyResults: [
      { id: 'kr-co-1', objectiveId: 'o-co', title: 'Conversion from 2% to 3%', measure: { type: 'metric', start: 2, target: 3 } },
      { id: 'kr-co-2', objectiveId: 'o-co', title: 'NPS from 30 to 40', measure: { type: 'metric', start: 30, target: 40 } },
      { id: 'kr-t-1', objectiveId: 'o-team', title: 'p95 under 400 ms', measure: { type: 'issues' } },
      { id: 'kr-t-2', objectiveId: 'o-team', title: 'Edge cache live', measure: { type: 'milestone' } },
    ],
    checkIns: [{ id: 'ci-1', krId: 'kr-co-1', at: '2026-10-12T10:00:00+02:00', value: 2.2, confidence: 6 }],
  };
}

type Raw = Record<string, any>;

function errorsOf(change: (file: Raw) => void): ValidationError[] {
  const file: Raw = validFile();
  change(file);
  const result = parseOkrSet(file);
  return result.ok ? [] : result.errors;
}

describe('formatPath — the path form every error uses', () => {
  it.each([
    { path: [], expected: '' },
    { path: ['schemaVersion'], expected: 'schemaVersion' },
    { path: ['keyResults', 0, 'measure', 'target'], expected: 'keyResults[0].measure.target' },
    { path: ['objectives', 2, 'alignment', 'inherits'], expected: 'objectives[2].alignment.inherits' },
    { path: ['objectives', 1, 'alignment', 'supports', 3], expected: 'objectives[1].alignment.supports[3]' },
    { path: ['playbook', 'odd key'], expected: 'playbook["odd key"]' },
    { path: [4, 'id'], expected: '[4].id' },
  ])('$path → "$expected"', ({ path, expected }) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe('parseOkrSet — a valid file', () => {
  it('is accepted with the schema defaults filled in', () => {
    const file = validFile() as Raw;
    delete file.checkIns;
    const result = parseOkrSet(file);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.set.checkIns).toEqual([]);
    expect(result.set.objectives[0]!.alignment).toEqual({ supports: [] });
    expect(result.set.keyResults[2]!.measure).toEqual({ type: 'issues', weighting: 'count', inProgressCredit: 0 });
  });
});

describe('parseOkrSet — field errors carry the exact path', () => {
  it.each<{ name: string; change: (file: Raw) => void; path: string; message: string }>([
    {
      name: 'metric whose start equals its target',
      change: (f) => (f.keyResults[0].measure.target = 2),
      path: 'keyResults[0].measure.target',
      message: 'start and target must differ',
    },
    {
      name: 'missing schemaVersion',
      change: (f) => delete f.schemaVersion,
      path: 'schemaVersion',
      message: 'required',
    },
    { name: 'missing title', change: (f) => delete f.objectives[1].title, path: 'objectives[1].title', message: 'required' },
    {
      name: 'unknown measure type',
      change: (f) => (f.keyResults[3].measure = { type: 'vibes' }),
      path: 'keyResults[3].measure.type',
      message: 'issues',
    },
    {
      name: 'cycle that ends before it starts',
      change: (f) => (f.cycles[0].end = '2026-09-01'),
      path: 'cycles[0].end',
      message: 'ends before it starts',
    },
    {
      name: 'supports that is not a list',
      change: (f) => (f.objectives[1].alignment.supports = 'o-co'),
      path: 'objectives[1].alignment.supports',
      message: 'array',
    },
  ])('$name → $path', ({ change, path, message }) => {
    const errors = errorsOf(change);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe(path);
    expect(errors[0]!.message).toContain(message);
  });

  it.each([null, 'a string', 42, []])('a file that is not an object (%j) is one error at the root', (input) => {
    const result = parseOkrSet(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.path).toBe('');
  });
});

describe('parseOkrSet — schema version', () => {
  it.each([
    { version: 2, message: 'this file is schema version 2; KR Lens reads version 1 — update the extension' },
    {
      version: 0,
      message: 'this file is schema version 0; KR Lens reads version 1 — migrate it to the current version before validating it',
    },
  ])('version $version gives one clear error, not a page of field errors', ({ version, message }) => {
    // The rest of the file is in a shape this version does not know: none of that is reported.
    const result = parseOkrSet({ schemaVersion: version, okrs: [{ objective: 'x' }] });
    expect(result).toEqual({ ok: false, errors: [{ path: 'schemaVersion', message }] });
  });
});

describe('parseOkrSet — references between records', () => {
  it.each<{ name: string; change: (file: Raw) => void; expected: ValidationError[] }>([
    {
      name: 'duplicate objective id',
      change: (f) => f.objectives.push({ ...f.objectives[0], title: 'Delight shoppers, again' }),
      expected: [{ path: 'objectives[2].id', message: 'duplicate objective id "o-co" (first used at objectives[0])' }],
    },
    {
      // Renaming o-team leaves its KRs pointing at nothing, and its own inherits now names a KR of
      // the objective it became: each consequence is reported, the resulting loop is not repeated.
      name: 'an objective renamed onto another id',
      change: (f) => (f.objectives[1].id = 'o-co'),
      expected: [
        { path: 'objectives[1].id', message: 'duplicate objective id "o-co" (first used at objectives[0])' },
        { path: 'keyResults[2].objectiveId', message: 'no objective "o-team"' },
        { path: 'keyResults[3].objectiveId', message: 'no objective "o-team"' },
        {
          path: 'objectives[1].alignment.inherits',
          message: '"kr-co-1" is a key result of this objective; an objective inherits a key result from above it',
        },
      ],
    },
    {
      name: 'duplicate key result id',
      change: (f) => (f.keyResults[3].id = 'kr-t-1'),
      expected: [{ path: 'keyResults[3].id', message: 'duplicate key result id "kr-t-1" (first used at keyResults[2])' }],
    },
    {
      name: 'duplicate cycle and check-in ids',
      change: (f) => {
        f.cycles.push({ ...f.cycles[0] });
        f.checkIns.push({ ...f.checkIns[0] });
      },
      expected: [
        { path: 'cycles[1].id', message: 'duplicate cycle id "q4" (first used at cycles[0])' },
        { path: 'checkIns[1].id', message: 'duplicate check-in id "ci-1" (first used at checkIns[0])' },
      ],
    },
    {
      name: 'an id used by an objective and a key result (ambiguous in supports)',
      change: (f) => {
        f.keyResults[1].id = 'o-team';
      },
      expected: [
        {
          path: 'keyResults[1].id',
          message: '"o-team" is also the id of objectives[1]; objective and key result ids must differ because "supports" may name either',
        },
      ],
    },
    {
      name: 'objective in a cycle that does not exist',
      change: (f) => (f.objectives[0].cycleId = 'q9'),
      expected: [{ path: 'objectives[0].cycleId', message: 'no cycle "q9"' }],
    },
    {
      name: 'key result of an objective that does not exist',
      change: (f) => (f.keyResults[1].objectiveId = 'o-gone'),
      expected: [{ path: 'keyResults[1].objectiveId', message: 'no objective "o-gone"' }],
    },
    {
      name: 'check-in of a key result that does not exist',
      change: (f) => (f.checkIns[0].krId = 'kr-9'),
      expected: [{ path: 'checkIns[0].krId', message: 'no key result "kr-9"' }],
    },
    {
      name: 'inherits names nothing',
      change: (f) => (f.objectives[1].alignment.inherits = 'kr-9'),
      expected: [{ path: 'objectives[1].alignment.inherits', message: 'no key result "kr-9"' }],
    },
    {
      name: 'inherits names an objective, not a key result',
      change: (f) => (f.objectives[1].alignment.inherits = 'o-co'),
      expected: [
        {
          path: 'objectives[1].alignment.inherits',
          message: 'no key result "o-co" ("o-co" is an objective: name it in "supports" instead)',
        },
      ],
    },
    {
      name: "inherits one of the objective's own key results (reported once, not again as a loop)",
      change: (f) => (f.objectives[1].alignment.inherits = 'kr-t-2'),
      expected: [
        {
          path: 'objectives[1].alignment.inherits',
          message: '"kr-t-2" is a key result of this objective; an objective inherits a key result from above it',
        },
      ],
    },
    {
      name: 'supports names nothing',
      change: (f) => (f.objectives[1].alignment.supports = ['o-co', 'kr-9']),
      expected: [{ path: 'objectives[1].alignment.supports[1]', message: 'no objective or key result "kr-9"' }],
    },
    {
      name: 'two key results with the same explicit link URL',
      change: (f) => {
        f.keyResults[0].url = 'https://okrs.demo.example/conversion';
        f.keyResults[2].url = 'https://okrs.demo.example/conversion';
      },
      expected: [
        {
          path: 'keyResults[2].url',
          message:
            'link URL https://okrs.demo.example/conversion is also the link URL of key result "kr-co-1" (keyResults[0]); each key result needs its own',
        },
      ],
    },
    {
      // Comparing explicit URLs only would miss this: kr-t-2 has no URL, so it will get this one.
      name: "an explicit link URL equal to another key result's default URL",
      change: (f) => (f.keyResults[0].url = 'https://okrs.demo.example#kr-kr-t-2'),
      expected: [
        {
          path: 'keyResults[0].url',
          message:
            'link URL https://okrs.demo.example#kr-kr-t-2 is also the link URL of key result "kr-t-2" (keyResults[3]); each key result needs its own',
        },
      ],
    },
  ])('$name', ({ change, expected }) => {
    expect(errorsOf(change)).toEqual(expected);
  });
});

describe('parseOkrSet — alignment loops', () => {
  it('a team objective that inherits a KR of an objective that supports it back is a loop', () => {
    const errors = errorsOf((f) => (f.objectives[0].alignment = { supports: ['o-team'] }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('objectives[0].alignment.supports[0]');
    expect(errors[0]!.message).toMatch(/^alignment goes in a circle: /);
    expect(errors[0]!.message).toContain('o-co');
    expect(errors[0]!.message).toContain('o-team');
  });

  it('two objectives inheriting each other’s key results form one loop, pointed at an inherits', () => {
    const errors = errorsOf((f) => (f.objectives[0].alignment = { inherits: 'kr-t-1' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toMatch(/^objectives\[[01]\]\.alignment\.(inherits|supports\[0\])$/);
    expect(errors[0]!.message).toContain('kr-t-1');
  });
});

describe('parseOkrSet — every problem in one round', () => {
  it('reports field errors and reference errors together', () => {
    const errors = errorsOf((f) => {
      f.objectives[0].title = '';
      f.checkIns[0].krId = 'kr-9';
    });
    expect(errors.map((e) => e.path)).toEqual(['objectives[0].title', 'checkIns[0].krId']);
  });

  it('does not call a record missing when it exists but is itself invalid', () => {
    // o-team has a bad commitment; its KRs still point at an objective that is there.
    const errors = errorsOf((f) => (f.objectives[1].commitment = 'maybe'));
    expect(errors.map((e) => e.path)).toEqual(['objectives[1].commitment']);
  });
});
