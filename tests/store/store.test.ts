import { stringify } from 'yaml';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OkrSetInput } from '../../lib/okr/model';
import {
  confirmImport,
  deleteSet,
  exportSet,
  getActiveSelection,
  getBackup,
  getSet,
  listSets,
  parseOkrFile,
  previewImport,
  restoreBackup,
  saveSet,
  setActiveSelection,
  storageKeys,
  StoreError,
  upgradeStorage,
  type ImportPreview,
} from '../../lib/store';
import { TODAY_IN_Q2, sampleSet, toJson } from './fixtures';

const today = TODAY_IN_Q2;
const snapshot = async () => structuredClone(await fakeBrowser.storage.local.get(null));

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function preview(text: string, fileName = 'acme.okr.json'): Promise<ImportPreview> {
  const result = await previewImport(text, fileName, { today });
  if (!result.ok) throw new Error(`preview failed: ${JSON.stringify(result.errors)}`);
  return result.preview;
}

async function importSet(set: unknown, fileName = 'acme.okr.json') {
  const result = await confirmImport((await preview(toJson(set), fileName)).token, { today });
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.errors)}`);
  return result.stored;
}

function edited(change: (set: OkrSetInput) => void): OkrSetInput {
  const set = sampleSet();
  change(set);
  return set;
}

describe('import', () => {
  it.each([
    ['JSON', toJson(sampleSet()), 'acme.okr.json'],
    ['YAML', stringify(sampleSet()), 'acme.okr.yaml'],
  ])('previews a new %s set without writing, then confirms it as the active set', async (_name, text, fileName) => {
    const result = await previewImport(text, fileName, { today });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { preview } = result;
    expect(preview).toMatchObject({ setId: 'acme', name: 'Acme Corp', isNew: true, unchanged: false, activeCycleId: '2025-q2' });
    expect(preview.changes.keyResults.added.map((kr) => kr.id)).toEqual(['kr-activation', 'kr-nps', 'kr-signup', 'kr-sla']);
    expect(await snapshot()).toEqual({});

    const confirmed = await confirmImport(preview.token, { today });
    expect(confirmed).toMatchObject({ ok: true, activeCycleId: '2025-q2', stored: { revision: 1 } });
    const active = await getActiveSelection({ today });
    expect(active?.cycleId).toBe('2025-q2');
    expect(active?.set.keyResults.map((kr) => kr.url)).toEqual([
      'https://kr-lens.invalid/acme#kr-kr-activation',
      'https://kr-lens.invalid/acme#kr-kr-nps',
      'https://kr-lens.invalid/acme#kr-kr-signup',
      'https://okrs.example.com/acme#sla',
    ]);
    expect(await listSets()).toEqual([expect.objectContaining({ id: 'acme', name: 'Acme Corp', revision: 1 })]);
    expect(await getBackup('acme')).toBeNull();
  });

  it('selects no cycle when today is in none', async () => {
    const p = await previewImport(toJson(sampleSet()), 'a.json', { today: '2026-01-01' });
    expect(p).toMatchObject({ ok: true, preview: { activeCycleId: null } });
    if (!p.ok) return;
    await confirmImport(p.preview.token, { today: '2026-01-01' });
    expect((await getActiveSelection({ today: '2026-01-01' }))?.cycleId).toBeNull();
  });

  it('previews what a re-import changes, including removed key results, and keeps the old version as backup', async () => {
    await importSet(sampleSet());
    const next = edited((s) => {
      s.keyResults = s.keyResults.filter((kr) => kr.id !== 'kr-nps');
      s.keyResults[0]!.title = 'Activation rate from 20% to 45%';
      s.objectives.push({
        id: 'o-new',
        cycleId: '2025-q2',
        title: 'Docs answer questions',
        level: 'team',
        commitment: 'committed',
        alignment: { supports: ['o-growth'] },
      });
    });
    const before = await snapshot();
    const p = await preview(toJson(next));
    expect(await snapshot()).toEqual(before);
    expect(p.isNew).toBe(false);
    expect(p.changes.keyResults.removed).toEqual([{ id: 'kr-nps', label: 'NPS of new users above 50' }]);
    expect(p.changes.keyResults.changed).toEqual([{ id: 'kr-activation', label: 'Activation rate from 20% to 45%', fields: ['title'] }]);
    expect(p.changes.objectives.added).toEqual([{ id: 'o-new', label: 'Docs answer questions' }]);
    expect(p.changes.cycles).toEqual({ added: [], removed: [], changed: [] });

    const confirmed = await confirmImport(p.token, { today });
    expect(confirmed).toMatchObject({ ok: true, stored: { revision: 2 } });
    expect((await getSet('acme'))?.set.keyResults.map((kr) => kr.id)).toEqual(['kr-activation', 'kr-signup', 'kr-sla']);
    const backup = await getBackup('acme');
    expect(backup).toMatchObject({ revision: 1, reason: 'import' });
    expect(backup?.set.keyResults.map((kr) => kr.id)).toContain('kr-nps');
  });

  it('re-importing an identical file only selects the set and keeps the backup', async () => {
    await importSet(sampleSet());
    await importSet(edited((s) => (s.name = 'Acme')));
    await setActiveSelection('acme', '2025-q1');
    const p = await preview(toJson(edited((s) => (s.name = 'Acme'))));
    expect(p.unchanged).toBe(true);
    expect(await confirmImport(p.token, { today })).toMatchObject({ ok: true, stored: { revision: 2 } });
    expect((await getBackup('acme'))?.set.name).toBe('Acme Corp');
    expect((await getActiveSelection({ today }))?.cycleId).toBe('2025-q2');
  });

  const brokenFiles: Array<[string, string, string, string, string]> = [
    ['malformed JSON', '{\n  "schemaVersion": 1,\n  "id": "acme"\n  "name": "x"\n}', 'a.json', 'syntax', 'line 4, column 3'],
    ['malformed YAML', 'schemaVersion: 1\nid: acme\ncycles: [1, 2\nname: x\n', 'a.yaml', 'syntax', 'line 4, column 1'],
    ['a newer schema version', toJson({ ...sampleSet(), schemaVersion: 7 }), 'a.json', 'newer-version', 'made by a newer KR Lens'],
    [
      'a dangling inherits',
      toJson(edited((s) => (s.objectives[2]!.alignment.inherits = 'kr-9'))),
      'a.json',
      'invalid',
      'objectives[2].alignment.inherits: no key result "kr-9"',
    ],
    ['a 20 MB file', `{"schemaVersion":1,"pad":"${'x'.repeat(20 * 1024 * 1024)}"}`, 'big.json', 'too-large', 'up to 5 MB'],
  ];

  it.each(brokenFiles)('refuses %s and leaves storage as it was', async (_name, text, fileName, kind, message) => {
    await importSet(sampleSet());
    const before = await snapshot();
    const started = performance.now();
    const result = await previewImport(text, fileName, { today });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.kind).toBe(kind);
    expect(result.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n')).toContain(message);
    expect(await snapshot()).toEqual(before);
  });

  it('reports several invalid fields at once with their paths', async () => {
    const set = edited((s) => {
      s.objectives[2]!.alignment.inherits = 'kr-9';
      s.keyResults[1]!.objectiveId = 'o-missing';
    }) as unknown as Record<string, any>;
    set.cycles[0].state = 'done';
    const result = await previewImport(toJson(set), 'a.json', { today });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: 'objectives[2].alignment.inherits', message: 'no key result "kr-9"' },
        { path: 'keyResults[1].objectiveId', message: 'no objective "o-missing"' },
        expect.objectContaining({ path: 'cycles[0].state' }),
      ]),
    );
  });

  it.each([
    ['quota', new Error('QUOTA_BYTES quota exceeded'), 'is full'],
    ['storage', new Error('IO error: disk gone'), 'disk gone'],
  ])('a %s failure while confirming leaves storage exactly as before', async (kind, error, message) => {
    await importSet(sampleSet());
    const before = await snapshot();
    const p = await preview(toJson(edited((s) => s.keyResults.pop())));
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(error);
    const result = await confirmImport(p.token, { today });
    expect(result).toMatchObject({ ok: false, kind });
    if (!result.ok) expect(result.errors[0]!.message).toContain(message);
    expect(await snapshot()).toEqual(before);
    expect((await getSet('acme'))?.set.keyResults).toHaveLength(4);
    // The preview is still usable once storage works again.
    expect(await confirmImport(p.token, { today })).toMatchObject({ ok: true, stored: { revision: 2 } });
  });

  it('refuses a preview token after the set changed in another page', async () => {
    const stored = await importSet(sampleSet());
    const p = await preview(toJson(edited((s) => (s.name = 'From file'))));
    await saveSet(
      edited((s) => (s.name = 'Edited meanwhile')),
      { expectedRevision: stored.revision },
    );
    const result = await confirmImport(p.token, { today });
    expect(result).toMatchObject({ ok: false, kind: 'conflict' });
    expect((await getSet('acme'))?.set.name).toBe('Edited meanwhile');
  });

  it('refuses an unknown or used token', async () => {
    const p = await preview(toJson(sampleSet()));
    expect(await confirmImport(p.token, { today })).toMatchObject({ ok: true });
    expect(await confirmImport(p.token, { today })).toMatchObject({ ok: false, kind: 'expired' });
    expect(await confirmImport('nope', { today })).toMatchObject({ ok: false, kind: 'expired' });
  });

  it('confirms a set given directly, validating it first', async () => {
    expect(
      await confirmImport(
        edited((s) => (s.keyResults[0]!.objectiveId = 'o-x')),
        { today },
      ),
    ).toMatchObject({
      ok: false,
      kind: 'invalid',
      errors: [{ path: 'keyResults[0].objectiveId', message: 'no objective "o-x"' }],
    });
    expect(await snapshot()).toEqual({});
    expect(await confirmImport(sampleSet(), { today })).toMatchObject({ ok: true, activeCycleId: '2025-q2' });
  });
});

describe('link URLs stay frozen', () => {
  it('across re-imports that change or drop them, and when a KR comes back', async () => {
    const first = await importSet(sampleSet());
    const urls = Object.fromEntries(first.set.keyResults.map((kr) => [kr.id, kr.url]));

    // The file moves the set to a home URL (which changes default URLs), rewrites one URL and drops another KR.
    await importSet(
      edited((s) => {
        s.homeUrl = 'https://okrs.example.com/acme';
        s.keyResults[3]!.url = 'https://elsewhere.example.com/sla';
        s.keyResults.splice(1, 1);
      }),
    );
    const second = (await getSet('acme'))!.set;
    expect(second.keyResults.map((kr) => [kr.id, kr.url])).toEqual([
      ['kr-activation', urls['kr-activation']],
      ['kr-signup', urls['kr-signup']],
      ['kr-sla', urls['kr-sla']],
    ]);

    // kr-nps returns two imports later, after the backup no longer holds it.
    await importSet(edited((s) => (s.homeUrl = 'https://okrs.example.com/acme')));
    await importSet(
      edited((s) => {
        s.homeUrl = 'https://okrs.example.com/acme';
        s.name = 'Acme 2';
      }),
    );
    expect((await getSet('acme'))!.set.keyResults.find((kr) => kr.id === 'kr-nps')?.url).toBe(urls['kr-nps']);
    expect(
      await previewImport(toJson(edited((s) => (s.keyResults[0]!.url = 'https://x.example.com/a'))), 'a.json', { today }),
    ).toMatchObject({
      ok: true,
      preview: { changes: { keyResults: { changed: [] } } },
    });
  });

  it('on edits that leave the URL out', async () => {
    const stored = await importSet(sampleSet());
    const edit = edited((s) => (s.keyResults[3]!.title = 'First reply within 2 hours'));
    delete edit.keyResults[3]!.url;
    const saved = await saveSet(edit, { expectedRevision: stored.revision });
    expect(saved).toMatchObject({ ok: true, stored: { revision: 2 } });
    expect((await getSet('acme'))!.set.keyResults[3]).toMatchObject({
      title: 'First reply within 2 hours',
      url: 'https://okrs.example.com/acme#sla',
    });
  });
});

describe('saveSet', () => {
  it('refuses a stale revision so two pages cannot overwrite each other', async () => {
    const stored = await importSet(sampleSet());
    const pageA = await saveSet(
      edited((s) => (s.name = 'From page A')),
      { expectedRevision: stored.revision },
    );
    expect(pageA).toMatchObject({ ok: true, stored: { revision: 2 } });
    const before = await snapshot();
    const pageB = await saveSet(
      edited((s) => (s.name = 'From page B')),
      { expectedRevision: stored.revision },
    );
    expect(pageB).toMatchObject({ ok: false, kind: 'conflict' });
    if (!pageB.ok) expect(pageB.errors[0]!.message).toContain('changed in another page');
    expect(await snapshot()).toEqual(before);
  });

  it('lets exactly one of two simultaneous saves from the same revision through', async () => {
    const stored = await importSet(sampleSet());
    const results = await Promise.all(
      ['A', 'B'].map((page) =>
        saveSet(
          edited((s) => (s.name = page)),
          { expectedRevision: stored.revision },
        ),
      ),
    );
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    const winner = results.findIndex((r) => r.ok) === 0 ? 'A' : 'B';
    expect((await getSet('acme'))?.set.name).toBe(winner);
  });

  it.each([
    ['creating over an existing set', 'exists', null, 'already exists'],
    ['editing a deleted set', 'deleted', 1, 'was deleted'],
  ] as const)('refuses %s', async (_name, state, expectedRevision, message) => {
    await importSet(sampleSet());
    if (state === 'deleted') await deleteSet('acme');
    const result = await saveSet(sampleSet(), { expectedRevision });
    expect(result).toMatchObject({ ok: false, kind: 'conflict' });
    if (!result.ok) expect(result.errors[0]!.message).toContain(message);
  });

  it('validates edits and writes nothing when they are invalid', async () => {
    const stored = await importSet(sampleSet());
    const before = await snapshot();
    const result = await saveSet(
      edited((s) => (s.checkIns[0]!.krId = 'kr-9')),
      { expectedRevision: stored.revision },
    );
    expect(result).toEqual({ ok: false, kind: 'invalid', errors: [{ path: 'checkIns[0].krId', message: 'no key result "kr-9"' }] });
    expect(await snapshot()).toEqual(before);
  });

  it('does not touch the backup', async () => {
    await importSet(sampleSet());
    const stored = await importSet(edited((s) => (s.name = 'Second')));
    await saveSet(
      edited((s) => (s.name = 'Third')),
      { expectedRevision: stored.revision },
    );
    expect((await getBackup('acme'))?.set.name).toBe('Acme Corp');
  });
});

describe('backup, restore and delete', () => {
  it('restore swaps the current version and the backup', async () => {
    await importSet(sampleSet());
    await importSet(edited((s) => (s.name = 'Second')));
    const restored = await restoreBackup('acme');
    expect(restored).toMatchObject({ ok: true, stored: { revision: 3 } });
    expect((await getSet('acme'))?.set.name).toBe('Acme Corp');
    expect(await getBackup('acme')).toMatchObject({ reason: 'restore', set: { name: 'Second' } });
    expect((await listSets())[0]).toMatchObject({ name: 'Acme Corp', revision: 3 });

    await restoreBackup('acme');
    expect((await getSet('acme'))?.set.name).toBe('Second');
  });

  it('restore refuses when there is no backup', async () => {
    await importSet(sampleSet());
    expect(await restoreBackup('acme')).toMatchObject({ ok: false, kind: 'not-found' });
  });

  it('delete keeps the set as backup so it can be undone', async () => {
    const stored = await importSet(sampleSet());
    expect(await deleteSet('acme', { expectedRevision: stored.revision })).toEqual({ ok: true });
    expect(await getSet('acme')).toBeNull();
    expect(await listSets()).toEqual([]);
    expect(await getActiveSelection({ today })).toBeNull();

    expect(await restoreBackup('acme')).toMatchObject({ ok: true, stored: { revision: 2 } });
    expect((await getSet('acme'))?.set).toEqual(stored.set);
    expect(await getBackup('acme')).toBeNull();
    expect((await listSets()).map((s) => s.id)).toEqual(['acme']);
  });

  it('delete refuses a stale revision', async () => {
    await importSet(sampleSet());
    await importSet(edited((s) => (s.name = 'Second')));
    expect(await deleteSet('acme', { expectedRevision: 1 })).toMatchObject({ ok: false, kind: 'conflict' });
    expect(await getSet('acme')).not.toBeNull();
  });
});

describe('active selection', () => {
  it('can be set to another stored cycle, and refuses unknown ones', async () => {
    await importSet(sampleSet());
    expect(await setActiveSelection('acme', '2025-q1')).toEqual({ ok: true });
    expect((await getActiveSelection({ today }))?.cycleId).toBe('2025-q1');
    expect(await setActiveSelection('acme', '2030-q1')).toMatchObject({ ok: false, kind: 'not-found', errors: [{ path: 'cycleId' }] });
    expect(await setActiveSelection('other', null)).toMatchObject({ ok: false, kind: 'not-found' });
  });

  it('falls back to the cycle containing today when the selected cycle is gone', async () => {
    await importSet(sampleSet());
    await setActiveSelection('acme', '2025-q1');
    const stored = (await getSet('acme'))!;
    await saveSet({ ...stored.set, cycles: stored.set.cycles.slice(1) }, { expectedRevision: stored.revision });
    expect((await getActiveSelection({ today }))?.cycleId).toBe('2025-q2');
  });

  it('is null when nothing was imported', async () => {
    expect(await getActiveSelection()).toBeNull();
  });
});

describe('stored versions', () => {
  function draft0Record() {
    const { keyResults, checkIns: _c, ...rest } = sampleSet();
    return {
      storageVersion: 1,
      revision: 4,
      savedAt: '2025-01-01T00:00:00.000Z',
      set: {
        ...rest,
        schemaVersion: 0,
        krs: keyResults.map((kr) => ({ ...kr, url: `https://old.example.com/${kr.id}` })),
        objectives: rest.objectives.map(({ alignment, ...o }) => ({ ...o, inherits: alignment.inherits, supports: alignment.supports })),
      },
    };
  }

  it('reads a set stored in schema version 0 and upgradeStorage rewrites it in the current version', async () => {
    await fakeBrowser.storage.local.set({ [storageKeys.set('acme')]: draft0Record() });
    const stored = await getSet('acme');
    expect(stored?.revision).toBe(4);
    expect(stored?.set.schemaVersion).toBe(1);
    expect(stored?.set.keyResults[0]?.url).toBe('https://old.example.com/kr-activation');
    expect(stored?.set.objectives[1]?.alignment).toEqual({ inherits: 'kr-activation', supports: [] });

    expect(await upgradeStorage()).toEqual({ ok: true, upgraded: [storageKeys.set('acme')] });
    const raw = (await fakeBrowser.storage.local.get(storageKeys.set('acme')))[storageKeys.set('acme')] as {
      set: { schemaVersion: number; krs?: unknown };
    };
    expect(raw.set.schemaVersion).toBe(1);
    expect(raw.set.krs).toBeUndefined();
    expect((await getSet('acme'))?.set).toEqual(stored?.set);
    expect(await upgradeStorage()).toEqual({ ok: true, upgraded: [] });
  });

  it('imports a schema version 0 file', async () => {
    const p = await preview(toJson(draft0Record().set), 'old.json');
    expect(p.fromSchemaVersion).toBe(0);
    expect(await confirmImport(p.token, { today })).toMatchObject({ ok: true });
    expect((await getSet('acme'))?.set.schemaVersion).toBe(1);
  });

  it.each([
    ['a newer storage version', { ...draft0Record(), storageVersion: 2 }, 'storage version 2'],
    ['a newer schema version', { ...draft0Record(), set: { ...sampleSet(), schemaVersion: 3 } }, 'made by a newer KR Lens'],
  ])('refuses %s, and upgradeStorage writes nothing at all', async (_name, record, message) => {
    await fakeBrowser.storage.local.set({
      [storageKeys.set('acme')]: record,
      [storageKeys.set('old')]: { ...draft0Record(), set: { ...draft0Record().set, id: 'old' } },
    });
    const before = await snapshot();
    await expect(getSet('acme')).rejects.toThrow(StoreError);
    await expect(getSet('acme')).rejects.toThrow(message);
    expect(await upgradeStorage()).toMatchObject({ ok: false, kind: 'newer-version' });
    expect(await snapshot()).toEqual(before);
    expect(await previewImport(toJson(sampleSet()), 'a.json', { today })).toMatchObject({ ok: false, kind: 'newer-version' });
  });

  it('reports a damaged record with its paths, and an import repairs it', async () => {
    await fakeBrowser.storage.local.set({
      [storageKeys.set('acme')]: { storageVersion: 1, revision: 1, savedAt: 'x', set: { ...sampleSet(), name: '' } },
    });
    await expect(getSet('acme')).rejects.toThrow(/damaged[\s\S]*name:/);
    expect(await importSet(sampleSet())).toMatchObject({ set: { name: 'Acme Corp' } });
  });
});

describe('export', () => {
  it.each(['json', 'yaml'] as const)('%s re-imports to an identical set', async (format) => {
    const stored = await importSet(edited((s) => (s.homeUrl = 'https://okrs.example.com/acme')));
    const exported = await exportSet('acme', format);
    expect(exported).toMatchObject({ ok: true, fileName: `acme.okr.${format}` });
    if (!exported.ok) return;

    const parsed = parseOkrFile(exported.text, exported.fileName);
    expect(parsed).toMatchObject({ ok: true, format });
    if (parsed.ok) expect(parsed.set).toEqual(stored.set);
    expect((await preview(exported.text, exported.fileName)).unchanged).toBe(true);

    fakeBrowser.reset();
    await confirmImport((await preview(exported.text, exported.fileName)).token, { today });
    expect((await getSet('acme'))?.set).toEqual(stored.set);
  });

  it('says so when the set does not exist', async () => {
    expect(await exportSet('nope', 'json')).toMatchObject({ ok: false, kind: 'not-found' });
  });
});
