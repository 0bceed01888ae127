import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../lib/okr/model';
import { parseOkrSet } from '../../lib/okr/validate';
import { migrateOkrDocument, type Migration } from '../../lib/store/migrations';
import { sampleSet } from './fixtures';

/** The sample set as the pre-1 draft wrote it. */
function draft0(): Record<string, unknown> {
  const { keyResults, objectives, checkIns: _checkIns, ...rest } = sampleSet();
  return {
    ...rest,
    schemaVersion: 0,
    krs: keyResults,
    objectives: objectives.map(({ alignment, ...o }) => ({
      ...o,
      ...(alignment.inherits ? { inherits: alignment.inherits } : {}),
      // The draft allowed a single id where there was only one.
      ...(alignment.supports.length === 1 ? { supports: alignment.supports[0] } : {}),
    })),
  };
}

describe('migrateOkrDocument', () => {
  it('upgrades a schema version 0 draft to a set that validates', () => {
    const input = draft0();
    const before = structuredClone(input);
    const result = migrateOkrDocument(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.fromVersion).toBe(0);
    expect(result.document.schemaVersion).toBe(SCHEMA_VERSION);
    const parsed = parseOkrSet(result.document);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const expected = { ...sampleSet(), checkIns: [] };
    expect(parsed.set.objectives.map((o) => o.alignment)).toEqual(expected.objectives.map((o) => o.alignment));
    expect(parsed.set.keyResults).toEqual(expected.keyResults);
    expect(parsed.set.checkIns).toEqual([]);
    expect(input).toEqual(before);
  });

  it('leaves a current document as it is', () => {
    const result = migrateOkrDocument(sampleSet());
    expect(result).toMatchObject({ ok: true, fromVersion: SCHEMA_VERSION, document: sampleSet() });
  });

  it.each([
    ['a newer version', { schemaVersion: SCHEMA_VERSION + 1 }, 'newer-version', 'schemaVersion', 'made by a newer KR Lens'],
    ['no version', { id: 'x' }, 'invalid', 'schemaVersion', 'required'],
    ['a text version', { schemaVersion: '1' }, 'invalid', 'schemaVersion', 'whole number'],
    ['a negative version', { schemaVersion: -1 }, 'invalid', 'schemaVersion', 'whole number'],
    ['a list', [1, 2], 'invalid', '', 'one OKR set'],
    ['a string', 'acme', 'invalid', '', 'one OKR set'],
  ])('refuses %s', (_name, input, kind, path, message) => {
    const result = migrateOkrDocument(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.kind).toBe(kind);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.path).toBe(path);
    expect(result.errors[0]!.message).toContain(message);
  });

  it('runs every step in order and is all-or-nothing when one fails', () => {
    const table: Migration[] = [(d) => ({ ...d, steps: ['0→1'] }), (d) => ({ ...d, steps: [...(d.steps as string[]), '1→2'] })];
    expect(migrateOkrDocument({ schemaVersion: 0 }, table, 2)).toEqual({
      ok: true,
      fromVersion: 0,
      document: { schemaVersion: 2, steps: ['0→1', '1→2'] },
    });

    const input = { schemaVersion: 0 };
    const failing: Migration[] = [
      table[0]!,
      () => {
        throw new Error('no cycles');
      },
    ];
    const result = migrateOkrDocument(input, failing, 2);
    expect(result).toEqual({
      ok: false,
      kind: 'invalid',
      errors: [{ path: 'schemaVersion', message: 'upgrading from schema version 1 failed: no cycles' }],
    });
    expect(input).toEqual({ schemaVersion: 0 });
  });

  it('refuses a version it has no step for', () => {
    const result = migrateOkrDocument({ schemaVersion: 0 }, [], 1);
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'schemaVersion', message: 'KR Lens cannot upgrade schema version 0' }] });
  });
});
