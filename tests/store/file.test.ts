import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { assignLinkUrls } from '../../lib/okr/model';
import { MAX_OKR_FILE_BYTES, checkOkrFileSize, detectFormat, parseOkrFile, serializeOkrSet } from '../../lib/store/file';
import { formatFieldError } from '../../lib/store/result';
import { sampleSet, toJson } from './fixtures';

describe('parseOkrFile', () => {
  it.each([
    ['JSON', toJson(sampleSet()), 'acme.okr.json', 'json'],
    ['YAML', stringify(sampleSet()), 'acme.okr.yaml', 'yaml'],
    ['YAML with .yml', stringify(sampleSet()), 'acme.yml', 'yaml'],
    ['JSON without a name', toJson(sampleSet()), undefined, 'json'],
    ['YAML without a name', stringify(sampleSet()), undefined, 'yaml'],
    ['JSON with a byte-order mark', `\uFEFF${toJson(sampleSet())}`, 'acme.json', 'json'],
  ])('reads %s', (_name, text, fileName, format) => {
    const result = parseOkrFile(text, fileName);
    expect(result).toMatchObject({ ok: true, format, fromSchemaVersion: 1 });
    if (result.ok) expect(result.set).toEqual(sampleSet());
  });

  it.each([
    ['JSON with a missing comma', '{\n  "schemaVersion": 1\n  "id": "acme"\n}', 'a.json', 'line 3, column 3'],
    ['JSON with a trailing comma', '{\n  "schemaVersion": 1,\n  "id": "acme",\n}\n', 'a.json', 'line 4, column 1'],
    ['JSON cut short', '{\n  "schemaVersion": 1,\n  "cycles": [\n', 'a.json', 'line 4, column 1'],
    ['YAML with a bad indent', 'schemaVersion: 1\nid: acme\ncycles: [1, 2\nname: x\n', 'a.yaml', 'line 4, column 1'],
    ['YAML with a duplicate key', 'schemaVersion: 1\nid: acme\nid: other\n', 'a.yaml', 'line 3, column 1'],
    [
      'YAML with two documents',
      'schemaVersion: 1\n---\nschemaVersion: 1\n',
      'a.yaml',
      'line 2, column 1: a second YAML document starts here',
    ],
  ])('names the line of %s', (_name, text, fileName, position) => {
    const result = parseOkrFile(text, fileName);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.kind).toBe('syntax');
    expect(result.errors[0]!.message).toContain(position);
    expect(result.errors[0]!.message).toMatch(/^The file is not valid (JSON|YAML): /);
  });

  it('refuses a YAML alias bomb', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const result = parseOkrFile(levels.join('\n'), 'bomb.yaml');
    expect(result).toMatchObject({ ok: false, kind: 'syntax' });
  });

  it.each([
    ['an empty file', '  \n', 'empty'],
    ['a list', '[1, 2]', 'one OKR set'],
  ])('refuses %s', (_name, text, message) => {
    const result = parseOkrFile(text, 'x.json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toContain(message);
  });

  it('reports every invalid field at once, each with its exact path', () => {
    const set = sampleSet() as unknown as Record<string, any>;
    set.objectives[2].alignment.inherits = 'kr-9';
    set.keyResults[0].measure.target = 'forty';
    set.cycles[1].end = '2025-13-40';
    set.checkIns[0].krId = 'kr-gone';
    const result = parseOkrFile(toJson(set), 'acme.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.kind).toBe('invalid');
    const lines = result.errors.map(formatFieldError);
    expect(lines).toContain('objectives[2].alignment.inherits: no key result "kr-9"');
    expect(lines).toContain('checkIns[0].krId: no key result "kr-gone"');
    expect(result.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['keyResults[0].measure.target', 'cycles[1].end']));
  });

  it.each([
    ['newer', { ...sampleSet(), schemaVersion: 2 }, 'newer-version', 'made by a newer KR Lens'],
    ['missing', { ...sampleSet(), schemaVersion: undefined }, 'invalid', 'required'],
  ])('refuses a %s schema version', (_name, set, kind, message) => {
    const result = parseOkrFile(toJson(set), 'acme.json');
    expect(result).toMatchObject({ ok: false, kind, errors: [{ path: 'schemaVersion' }] });
    if (!result.ok) expect(result.errors[0]!.message).toContain(message);
  });

  it('upgrades a schema version 0 file', () => {
    const { keyResults, checkIns: _c, ...rest } = sampleSet();
    const draft = {
      ...rest,
      schemaVersion: 0,
      krs: keyResults,
      objectives: rest.objectives.map(({ alignment, ...o }) => ({ ...o, inherits: alignment.inherits, supports: alignment.supports })),
    };
    const result = parseOkrFile(stringify(draft), 'old.yaml');
    expect(result).toMatchObject({ ok: true, fromSchemaVersion: 0 });
    if (result.ok) expect(result.set).toEqual({ ...sampleSet(), checkIns: [] });
  });

  it('refuses a 20 MB file quickly, before parsing it', () => {
    const huge = `{"schemaVersion": 1, "pad": "${'x'.repeat(20 * 1024 * 1024)}"}`;
    const started = performance.now();
    const result = parseOkrFile(huge, 'huge.json');
    expect(performance.now() - started).toBeLessThan(200);
    expect(result).toMatchObject({ ok: false, kind: 'too-large' });
    if (!result.ok)
      expect(result.errors[0]!.message).toBe('The file is 20.0 MB; KR Lens imports OKR files up to 5 MB. Nothing was imported.');
  });

  it('counts bytes, not characters, against the limit', () => {
    // 2 million three-byte characters: under the limit in characters, over it in UTF-8.
    const text = `{"schemaVersion": 1, "name": "${'€'.repeat(2_000_000)}"}`;
    expect(text.length).toBeLessThan(MAX_OKR_FILE_BYTES);
    expect(parseOkrFile(text, 'a.json')).toMatchObject({ ok: false, kind: 'too-large' });
  });
});

describe('checkOkrFileSize', () => {
  it.each([
    [0, true],
    [MAX_OKR_FILE_BYTES, true],
    [MAX_OKR_FILE_BYTES + 1, false],
  ])('%i bytes allowed: %s', (bytes, allowed) => {
    expect(checkOkrFileSize(bytes) === null).toBe(allowed);
  });
});

describe('detectFormat', () => {
  it.each([
    ['{}', 'x.JSON', 'json'],
    ['a: 1', 'x.yaml', 'yaml'],
    ['{a: 1}', 'x.yml', 'yaml'],
    ['  {"a": 1}', undefined, 'json'],
    ['[1]', 'notes.txt', 'json'],
    ['a: 1', undefined, 'yaml'],
  ])('%j named %s is %s', (text, fileName, format) => {
    expect(detectFormat(text, fileName)).toBe(format);
  });
});

describe('serializeOkrSet', () => {
  it.each(['json', 'yaml'] as const)('writes %s that reads back to the same set', (format) => {
    const set = assignLinkUrls({ ...sampleSet(), name: 'true', homeUrl: 'https://okrs.example.com/acme' });
    set.keyResults[0]!.title = '1.0: "quoted" # not a comment';
    const result = parseOkrFile(serializeOkrSet(set, format), `acme.${format}`);
    expect(result).toMatchObject({ ok: true, format });
    if (result.ok) expect(result.set).toEqual(set);
  });
});
