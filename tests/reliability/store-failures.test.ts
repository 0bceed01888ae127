/**
 * Every change to stored OKR sets lands whole or not at all. Each operation writes all its keys
 * (set, backup, index, active selection) in one `storage.local.set` call, so there is no "between
 * steps" for a failure to fall into; these tests prove both halves: exactly one write when it
 * works, and storage exactly as before when that write (or a read before it) fails.
 * tests/store covers the import's quota and I/O failures; this covers every other operation.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { OkrSetInput } from '../../lib/okr/model';
import {
  confirmImport,
  deleteSet,
  getSet,
  previewImport,
  restoreBackup,
  saveSet,
  setActiveSelection,
  storageKeys,
  upgradeStorage,
  type Failure,
} from '../../lib/store';
import { sampleSet, TODAY_IN_Q2, toJson } from '../store/fixtures';

const today = TODAY_IN_Q2;
const snapshot = async () => structuredClone(await fakeBrowser.storage.local.get(null));

function edited(change: (set: OkrSetInput) => void): OkrSetInput {
  const set = sampleSet();
  change(set);
  return set;
}

/** Two imports, so the set has a backup and a revision to be checked against. */
async function storedTwice(): Promise<number> {
  expect(await confirmImport(sampleSet(), { today })).toMatchObject({ ok: true });
  const second = await confirmImport(
    edited((s) => (s.name = 'Acme, second import')),
    { today },
  );
  if (!second.ok) throw new Error('the second import must work');
  return second.stored.revision;
}

/** A set stored by an older KR Lens (schema version 0), which upgradeStorage rewrites. */
async function storedInSchema0(): Promise<void> {
  const { keyResults, checkIns: _checkIns, ...rest } = sampleSet();
  await fakeBrowser.storage.local.set({
    [storageKeys.set('acme')]: {
      storageVersion: 1,
      revision: 3,
      savedAt: '2025-01-01T00:00:00.000Z',
      set: {
        ...rest,
        schemaVersion: 0,
        krs: keyResults,
        objectives: rest.objectives.map(({ alignment, ...o }) => ({ ...o, inherits: alignment.inherits, supports: alignment.supports })),
      },
    },
  });
}

interface Operation {
  name: string;
  prepare(): Promise<unknown>;
  run(prepared: unknown): Promise<{ ok: boolean }>;
}

const OPERATIONS: Operation[] = [
  {
    name: 'importing a new set',
    prepare: async () => await previewImport(toJson(sampleSet()), 'acme.okr.json', { today }).then((r) => (r.ok ? r.preview.token : null)),
    run: (token) => confirmImport(token as string, { today }),
  },
  {
    name: 'importing over a stored set (backup taken)',
    prepare: async () => {
      await storedTwice();
      const preview = await previewImport(toJson(edited((s) => s.keyResults.pop())), 'acme.okr.json', { today });
      return preview.ok ? preview.preview.token : null;
    },
    run: (token) => confirmImport(token as string, { today }),
  },
  {
    name: 'saving an edit',
    prepare: () => storedTwice(),
    run: (revision) =>
      saveSet(
        edited((s) => (s.objectives[0]!.title = 'Edited title')),
        { expectedRevision: revision as number },
      ),
  },
  {
    name: 'adding a check-in',
    prepare: () => storedTwice(),
    run: (revision) =>
      saveSet(
        edited((s) =>
          s.checkIns.push({ id: 'ci-2', krId: 'kr-nps', at: '2025-05-01T10:00:00Z', value: 41, confidence: 6, note: 'new cohort' }),
        ),
        { expectedRevision: revision as number },
      ),
  },
  { name: 'deleting a set', prepare: () => storedTwice(), run: (revision) => deleteSet('acme', { expectedRevision: revision as number }) },
  { name: 'restoring the backup', prepare: () => storedTwice(), run: () => restoreBackup('acme') },
  { name: 'choosing the active cycle', prepare: () => storedTwice(), run: () => setActiveSelection('acme', '2025-q1') },
  { name: 'upgrading a set stored by an older version', prepare: () => storedInSchema0(), run: () => upgradeStorage() },
];

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('each change is one write', () => {
  it.each(OPERATIONS)('$name', async (operation) => {
    const prepared = await operation.prepare();
    const writes = vi.spyOn(fakeBrowser.storage.local, 'set');
    const removes = vi.spyOn(fakeBrowser.storage.local, 'remove');
    const result = await operation.run(prepared);
    expect(result.ok).toBe(true);
    expect(writes).toHaveBeenCalledTimes(1);
    expect(removes).not.toHaveBeenCalled();
  });
});

describe('a failed write leaves storage exactly as it was', () => {
  const FAILURES: Array<[string, Error, Failure['kind']]> = [
    ['the storage is full', Object.assign(new Error('QUOTA_BYTES quota exceeded'), { name: 'QuotaExceededError' }), 'quota'],
    ['the disk fails', new Error('IO error: .../Local Extension Settings: FILE_ERROR_NO_SPACE'), 'storage'],
  ];
  const cases = OPERATIONS.flatMap((operation) => FAILURES.map(([why, error, kind]) => ({ operation, why, error, kind })));

  it.each(cases)('$operation.name when $why', async ({ operation, error, kind }) => {
    const prepared = await operation.prepare();
    const before = await snapshot();
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(error);
    const result = await operation.run(prepared);
    expect(result).toMatchObject({ ok: false, kind });
    expect(await snapshot()).toEqual(before);
    // Once storage works again, the same change goes through: nothing was left half-done in the way.
    vi.restoreAllMocks();
    expect((await operation.run(prepared)).ok).toBe(true);
  });
});

describe('a failed read writes nothing', () => {
  it.each(OPERATIONS)('$name', async (operation) => {
    const prepared = await operation.prepare();
    const before = await snapshot();
    vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValueOnce(new Error('IO error: cannot read'));
    const writes = vi.spyOn(fakeBrowser.storage.local, 'set');
    const outcome = await operation.run(prepared).then(
      (result) => result,
      (error: unknown) => ({ ok: false, error }),
    );
    expect(outcome.ok).toBe(false);
    expect(writes).not.toHaveBeenCalled();
    expect(await snapshot()).toEqual(before);
  });

  it('and the stored set still reads back as it was', async () => {
    await storedTwice();
    const before = await getSet('acme');
    vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValueOnce(new Error('IO error: cannot read'));
    await saveSet(
      edited((s) => (s.name = 'lost edit')),
      { expectedRevision: before!.revision },
    ).catch(() => undefined);
    expect(await getSet('acme')).toEqual(before);
  });
});
