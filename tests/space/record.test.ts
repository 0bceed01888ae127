/**
 * The team-space format (SPEC "Team spaces"): records, check-in sentences, URLs, and a set split
 * into records and assembled back. Pure: literal data and generated sets, no tracker.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignLinkUrls, okrSetSchema, type CheckIn, type OkrSet } from '../../lib/okr/model';
import {
  checkInText,
  checkInUrl,
  parseCheckIn,
  parseRecord,
  parseRecordJson,
  parseSpaceUrl,
  recordSizeProblem,
  recordsFromSet,
  recordTitle,
  recordUrl,
  setFromRecords,
  spaceUrlPrefix,
  type SpaceEntry,
  type SpaceRecord,
} from '../../lib/space/record';
import { okrSetArbitrary } from './arbitraries';

const EXAMPLE: OkrSet = assignLinkUrls(
  okrSetSchema.parse(JSON.parse(readFileSync(new URL('../../public/examples/acme.okr.json', import.meta.url), 'utf8'))),
);
const STAMP = { by: 'Dana Engineer', at: '2026-11-02T09:30:00.000Z' };

/** What a tracker hands back: JSON that went through the wire, one issue key per record. */
function asEntries(values: readonly unknown[], prefix = 'OKR'): SpaceEntry[] {
  return values.map((value, i) => ({ where: `${prefix}-${i + 1}`, value: JSON.parse(JSON.stringify(value)) as unknown }));
}

function roundTrip(set: OkrSet) {
  const { records, checkIns } = recordsFromSet(set, STAMP);
  return setFromRecords(asEntries(records), asEntries(checkIns, 'CHK'));
}

const metricKr = { measure: { type: 'metric' as const, start: 420, target: 300, unit: 'ms' } };
const checkIn = (fields: Partial<CheckIn>): CheckIn => ({ id: 'ci-1', krId: 'kr-1', at: '2026-11-02T09:30:00Z', confidence: 7, ...fields });

describe('check-in sentences', () => {
  it.each([
    [
      'a metric value with unit and note',
      checkIn({ value: 240, note: 'cache warmed' }),
      metricKr,
      'Check-in: 240 ms (target 300 ms), confidence 7/10 — cache warmed',
    ],
    ['no value', checkIn({ note: 'blocked on the CDN' }), metricKr, 'Check-in: confidence 7/10 — blocked on the CDN'],
    ['no value, no note', checkIn({}), metricKr, 'Check-in: confidence 7/10'],
    [
      'a metric without unit',
      checkIn({ value: 2.5 }),
      { measure: { type: 'metric' as const, start: 4, target: 2 } },
      'Check-in: 2.5 (target 2), confidence 7/10',
    ],
    [
      'a milestone reached',
      checkIn({ value: 1, confidence: 9 }),
      { measure: { type: 'milestone' as const } },
      'Check-in: milestone reached, confidence 9/10',
    ],
    ['a blank note', checkIn({ value: 240, note: '  ' }), metricKr, 'Check-in: 240 ms (target 300 ms), confidence 7/10'],
    ['an unknown KR', checkIn({ value: 12 }), undefined, 'Check-in: 12, confidence 7/10'],
  ])('%s', (_name, input, kr, expected) => {
    expect(checkInText(input, kr)).toBe(expected);
  });
});

describe('space URLs', () => {
  it('names records and check-ins under the set', () => {
    expect(recordUrl('acme', 'kr', 'kr-plat-p95')).toBe('https://kr-lens.invalid/space/acme/kr/kr-plat-p95');
    expect(recordUrl('acme', 'set', 'acme')).toBe('https://kr-lens.invalid/space/acme/set/acme');
    expect(checkInUrl('acme', 'ci-7')).toBe('https://kr-lens.invalid/space/acme/checkin/ci-7');
    expect(spaceUrlPrefix('acme')).toBe('https://kr-lens.invalid/space/acme/');
  });

  it.each([
    ['https://kr-lens.invalid/space/acme/objective/obj-1', { setId: 'acme', kind: 'objective', id: 'obj-1' }],
    ['https://kr-lens.invalid/space/acme/checkin/ci-7', { setId: 'acme', kind: 'checkin', id: 'ci-7' }],
    ['https://kr-lens.invalid/space/acme/epic/e-1', null],
    ['https://kr-lens.invalid/space/acme/kr', null],
    ['https://kr-lens.invalid/acme#kr-1', null],
    ['https://kr-lens.invalid/space/acme/kr/%E0%A4%A', null],
  ])('reads %s', (url, expected) => {
    expect(parseSpaceUrl(url)).toEqual(expected);
  });
});

describe('reading a record', () => {
  const good = recordsFromSet(EXAMPLE, STAMP).records[5]!;

  it('takes a record KR Lens wrote', () => {
    expect(parseRecord({ where: 'OKR-6', value: JSON.parse(JSON.stringify(good)) })).toEqual({ ok: true, value: good });
  });

  it.each([
    ['text', 'hello', 'Skipped OKR-6: its KR Lens record is not one KR Lens can read'],
    ['an empty object', {}, 'Skipped OKR-6: its KR Lens record is not one KR Lens can read (schemaVersion:'],
    ['an unknown kind', { ...good, kind: 'epic' }, '(kind:'],
    ['rev 0', { ...good, rev: 0 }, '(rev:'],
    ['data of the wrong shape', { ...good, data: { title: 42 } }, 'Skipped OKR-6: its objective record is not one KR Lens can read (data.'],
  ])('skips %s with a sentence naming the issue', (_name, value, sentence) => {
    const parsed = parseRecord({ where: 'OKR-6', value });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toContain(sentence);
  });

  it('says a record from a newer KR Lens is newer, not broken', () => {
    const parsed = parseRecord({ where: 'OKR-6', value: { ...good, schemaVersion: 2, data: { shape: 'unknown to us' } } });
    expect(parsed).toEqual({
      ok: false,
      problem: 'Skipped OKR-6: its KR Lens record was written by a newer KR Lens (format 2; this one reads 1). Update KR Lens to see it.',
    });
  });

  it('reads JSON text, and names broken JSON', () => {
    expect(parseRecordJson('MOB-3', '{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseRecordJson('MOB-3', '{"a":')).toEqual({ ok: false, problem: 'Skipped MOB-3: its KR Lens record is not valid JSON.' });
    expect(parseRecordJson('MOB-3', undefined, 'check-in')).toEqual({
      ok: false,
      problem: 'Skipped MOB-3: its KR Lens check-in is missing.',
    });
  });

  it('reads check-ins and names the bad ones', () => {
    expect(parseCheckIn({ where: 'OKR-9', value: checkIn({ value: 1 }) })).toEqual({ ok: true, value: checkIn({ value: 1 }) });
    const bad = parseCheckIn({ where: 'OKR-9', value: { ...checkIn({}), confidence: 11 } });
    expect(!bad.ok && bad.problem).toMatch(/^Skipped a check-in on OKR-9: .*confidence/);
  });

  it('refuses a record larger than a Jira property can hold', () => {
    expect(recordSizeProblem({ note: 'x'.repeat(100) }, 'Small')).toBeUndefined();
    expect(recordSizeProblem({ note: 'x'.repeat(40_000) }, 'Big')).toMatch(
      /^“Big” is too large to keep in a team space \(40011 characters; at most 32768\)/,
    );
  });
});

describe('a set as records and back', () => {
  it('splits a set into one record per set, cycle, objective and KR, each at rev 1, in the set order', () => {
    const { records, checkIns } = recordsFromSet(EXAMPLE, STAMP);
    expect(records.map((r) => `${r.kind}/${r.id}`)).toEqual([
      'set/acme',
      ...EXAMPLE.cycles.map((c) => `cycle/${c.id}`),
      ...EXAMPLE.objectives.map((o) => `objective/${o.id}`),
      ...EXAMPLE.keyResults.map((kr) => `kr/${kr.id}`),
    ]);
    expect(new Set(records.map((r) => r.rev))).toEqual(new Set([1]));
    expect(records[0]).toMatchObject({
      schemaVersion: 1,
      setId: 'acme',
      updatedBy: 'Dana Engineer',
      updatedAt: STAMP.at,
      data: { name: 'Acme Corp OKRs', homeUrl: 'https://okrs.acme.example/2026' },
    });
    expect(records.map(recordTitle).slice(0, 2)).toEqual(['Acme Corp OKRs', 'Q3 2026']);
    expect(checkIns).toEqual(EXAMPLE.checkIns);
  });

  it('assembles the example set back to the very same set', () => {
    expect(roundTrip(EXAMPLE)).toEqual({ set: EXAMPLE, skipped: [] });
  });

  it('assembles any generated set back to itself (300 sets)', () => {
    fc.assert(
      fc.property(okrSetArbitrary, (set) => {
        expect(roundTrip(set)).toEqual({ set, skipped: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out deleted records, what hangs under them and their check-ins, silently; undeleting brings them back', () => {
    fc.assert(
      fc.property(okrSetArbitrary, fc.nat(), (set, pick) => {
        fc.pre(set.objectives.length > 0);
        const { records, checkIns } = recordsFromSet(set, STAMP);
        const gone = set.objectives[pick % set.objectives.length]!;
        const deleted = records.map((r) => (r.kind === 'objective' && r.id === gone.id ? { ...r, rev: 2, deleted: true } : r));
        const result = setFromRecords(asEntries(deleted), asEntries(checkIns));
        const goneKrs = new Set(set.keyResults.filter((kr) => kr.objectiveId === gone.id).map((kr) => kr.id));
        expect(result.skipped).toEqual([]);
        expect(result.set).toEqual({
          ...set,
          objectives: set.objectives.filter((o) => o.id !== gone.id),
          keyResults: set.keyResults.filter((kr) => !goneKrs.has(kr.id)),
          checkIns: set.checkIns.filter((c) => !goneKrs.has(c.krId)),
        });
        const undone = deleted.map((r) => (r.kind === 'objective' && r.id === gone.id ? { ...r, rev: 3, deleted: false } : r));
        expect(setFromRecords(asEntries(undone), asEntries(checkIns)).set).toEqual(set);
      }),
      { numRuns: 100 },
    );
  });

  it('skips a nonsense record and a newer one with sentences naming their issues, and loads the rest', () => {
    const { records, checkIns } = recordsFromSet(EXAMPLE, STAMP);
    const kr = records.findIndex((r) => r.kind === 'kr');
    const entries = asEntries(records);
    entries[kr] = { where: entries[kr]!.where, value: { schemaVersion: 1, what: 'someone typed this' } };
    entries[kr + 1] = { where: entries[kr + 1]!.where, value: { ...(records[kr + 1] as SpaceRecord), schemaVersion: 7 } };
    const skippedIds = new Set([records[kr]!.id, records[kr + 1]!.id]);
    const result = setFromRecords(entries, asEntries(checkIns, 'CHK'));
    expect(result.skipped).toEqual([
      `Skipped OKR-${kr + 1}: its KR Lens record is not one KR Lens can read (setId: missing).`,
      `Skipped OKR-${kr + 2}: its KR Lens record was written by a newer KR Lens (format 7; this one reads 1). Update KR Lens to see it.`,
      ...EXAMPLE.checkIns
        .filter((c) => skippedIds.has(c.krId))
        .map((c) => `Skipped a check-in on CHK-${EXAMPLE.checkIns.indexOf(c) + 1}: its key result “${c.krId}” is not in the space.`),
    ]);
    expect(result.set?.keyResults.map((k) => k.id)).toEqual(EXAMPLE.keyResults.map((k) => k.id).filter((id) => !skippedIds.has(id)));
    expect(result.set?.objectives).toEqual(EXAMPLE.objectives);
  });

  it('keeps the higher rev of a record held twice, and says which issue was left out', () => {
    const { records } = recordsFromSet(EXAMPLE, STAMP);
    const cycle = records[1]!;
    const newer = { ...cycle, rev: 4, data: { ...(cycle.data as object), name: 'Q3 2026 (renamed)' } };
    const result = setFromRecords([...asEntries(records), { where: 'OKR-99', value: newer }], []);
    expect(result.skipped).toEqual(['Skipped OKR-2: it repeats the cycle “2026-q3” also kept on OKR-99, whose copy (rev 4) is used.']);
    expect(result.set?.cycles[0]?.name).toBe('Q3 2026 (renamed)');
  });

  it('names a record whose parent never existed', () => {
    const { records } = recordsFromSet(EXAMPLE, STAMP);
    const objective = records.find((r) => r.kind === 'objective')!;
    const stray = { ...objective, id: 'obj-stray', data: { ...(objective.data as object), id: 'obj-stray', cycleId: 'no-such-cycle' } };
    const result = setFromRecords([...asEntries(records), { where: 'OKR-77', value: stray }], []);
    expect(result.skipped).toEqual([
      'Skipped OKR-77: the objective “obj-stray” belongs to the cycle “no-such-cycle”, which is not in the space.',
    ]);
    expect(result.set?.objectives).toEqual(EXAMPLE.objectives);
  });

  it('reads only the set asked for, and cannot load a space without its set record', () => {
    const { records } = recordsFromSet(EXAMPLE, STAMP);
    const other = recordsFromSet({ ...EXAMPLE, id: 'other', name: 'Other' }, STAMP).records;
    expect(setFromRecords(asEntries([...other, ...records]), [], { setId: 'acme' }).set?.name).toBe('Acme Corp OKRs');
    expect(setFromRecords(asEntries(records.slice(1)), [])).toEqual({
      set: null,
      skipped: ['The space has no readable set record (the issue labelled kr-lens-set), so it cannot be loaded.'],
    });
  });
});

describe('the format stays pure', () => {
  it('lib/space imports nothing but zod, the OKR core and itself, and never the browser or the network', async () => {
    const { readdirSync, readFileSync: read } = await import('node:fs');
    const dir = new URL('../../lib/space/', import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const code = read(new URL(file, dir), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      const imports = [...code.matchAll(/\bfrom\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      expect(
        imports.filter((s) => !(s === 'zod' || s.startsWith('./') || s.startsWith('../okr/'))),
        file,
      ).toEqual([]);
      expect(code, file).not.toMatch(/\bfetch\s*\(|\bbrowser\.|\bchrome\.|\bdocument\b|\bwindow\b/);
    }
  });
});
