/**
 * Stored OKR sets: read, edit with revision checks, delete with undo, restore the backup, the
 * active selection, and upgrading stored sets after an update. Each write is one storage call.
 */
import type { OkrSet, OkrSetInput } from '../okr/model';
import { parseOkrSet } from '../okr/validate';
import { shownCycleId } from './cycle';
import { localDate } from '../util/date';
import { failure, StoreError, type Failure, type Result } from './result';
import {
  asBackup,
  asCurrent,
  buildRecord,
  decodeRecord,
  encodeIndex,
  freezeLinkUrls,
  knownLinkUrls,
  nextRevision,
  readable,
  removeFromIndex,
  storageKeys,
  upsertIndex,
  type Decoded,
  type IndexEntry,
  type SetRecord,
} from './records';
import { commit, readActive, readAll, readIndex, readKeys, readSlot, withStoreLock } from './storage-io';

export type { IndexEntry } from './records';

export interface StoredSet {
  set: OkrSet;
  /** Pass back as `expectedRevision` when saving an edit of this set. */
  revision: number;
  savedAt: string;
}

export interface StoredBackup extends StoredSet {
  reason?: 'import' | 'restore' | 'delete';
}

export interface ActiveSelection {
  set: OkrSet;
  cycleId: string | null;
  revision: number;
}

export function toStored(record: SetRecord): StoredSet {
  return { set: record.set, revision: record.revision, savedAt: record.savedAt };
}

/** Readers throw `StoreError` only for records that cannot be read (damaged, or from a newer KR Lens). */
function orThrow(decoded: Decoded): SetRecord | null {
  if (decoded.state === 'unreadable') throw new StoreError(decoded.failure.kind, decoded.failure.errors);
  return decoded.state === 'ok' ? decoded.record : null;
}

export async function listSets(): Promise<IndexEntry[]> {
  const index = await readIndex();
  if (!Array.isArray(index)) throw new StoreError(index.kind, index.errors);
  return index;
}

export async function getSet(setId: string): Promise<StoredSet | null> {
  const raw = await readKeys([storageKeys.set(setId)]);
  const record = orThrow(decodeRecord(raw[storageKeys.set(setId)], `The stored OKR set "${setId}"`));
  return record && toStored(record);
}

/** The version kept before the last import, restore or delete, if any. */
export async function getBackup(setId: string): Promise<StoredBackup | null> {
  const raw = await readKeys([storageKeys.backup(setId)]);
  const record = orThrow(decodeRecord(raw[storageKeys.backup(setId)], `The backup of OKR set "${setId}"`));
  return record && { ...toStored(record), reason: record.reason };
}

function conflict(setId: string, expected: number | null, actual: number | null): Failure {
  if (expected === null) {
    return failure(
      'conflict',
      `An OKR set with id "${setId}" already exists (saved from another page meanwhile). Open it and make your change there; nothing was saved.`,
    );
  }
  if (actual === null) return failure('conflict', `The OKR set "${setId}" was deleted in another page, so your change was not saved.`);
  return failure(
    'conflict',
    `The OKR set "${setId}" was changed in another page since you opened it (you edited revision ${expected}; it is now at revision ${actual}). Reload it and make your change again; nothing was saved.`,
  );
}

/**
 * Saves an edit (objectives, KRs, check-ins). `expectedRevision` is the revision the edit
 * started from, or null for a new set; any other revision in storage means another page saved
 * in between, and this write is refused rather than overwriting it. The backup is left alone:
 * it holds the version before the last import, which a day of check-ins must not push out.
 */
export function saveSet(
  input: OkrSetInput,
  options: { expectedRevision: number | null },
  now = new Date(),
): Promise<Result<{ stored: StoredSet }>> {
  return withStoreLock(async () => {
    const parsed = parseOkrSet(input);
    if (!parsed.ok) return { ok: false, kind: 'invalid', errors: parsed.errors } as const;
    const { slot, index } = await readSlot(parsed.set.id);
    if (!Array.isArray(index)) return index;
    if (slot.current.state === 'unreadable') return slot.current.failure;
    const current = readable(slot.current);
    const actual = current?.revision ?? null;
    if (actual !== options.expectedRevision) return conflict(parsed.set.id, options.expectedRevision, actual);
    const known = knownLinkUrls(slot);
    const frozen = freezeLinkUrls(parsed.set, current?.set, known);
    if (!frozen.ok) return frozen;
    const record = buildRecord(frozen.set, nextRevision(slot), known, now);
    const failed = await commit({
      [storageKeys.set(record.set.id)]: record,
      [storageKeys.index]: encodeIndex(upsertIndex(index, record)),
    });
    return failed ?? { ok: true, stored: toStored(record) };
  });
}

/** Removes a set; its last version stays as the backup so `restoreBackup` undoes the delete. */
export function deleteSet(setId: string, options: { expectedRevision?: number } = {}): Promise<Result<object>> {
  return withStoreLock(async () => {
    const { slot, index, active } = await readSlot(setId);
    if (!Array.isArray(index)) return index;
    if (slot.current.state === 'unreadable') return slot.current.failure;
    const current = readable(slot.current);
    if (!current) return failure('not-found', `There is no OKR set "${setId}" to delete.`);
    if (options.expectedRevision !== undefined && options.expectedRevision !== current.revision) {
      return conflict(setId, options.expectedRevision, current.revision);
    }
    const failed = await commit({
      [storageKeys.set(setId)]: null,
      [storageKeys.backup(setId)]: asBackup(current, 'delete'),
      [storageKeys.index]: encodeIndex(removeFromIndex(index, setId)),
      ...(active?.setId === setId ? { [storageKeys.active]: null } : {}),
    });
    return failed ?? { ok: true };
  });
}

/**
 * Swaps the current version and the backup, so a restore can itself be undone. After a delete
 * there is no current version: the set comes back and the backup is emptied. A damaged current
 * version is dropped, since the backup is the way out of it.
 */
export function restoreBackup(setId: string, now = new Date()): Promise<Result<{ stored: StoredSet }>> {
  return withStoreLock(async () => {
    const { slot, index } = await readSlot(setId);
    if (!Array.isArray(index)) return index;
    if (slot.backup.state === 'unreadable') return slot.backup.failure;
    if (slot.current.state === 'unreadable' && slot.current.failure.kind === 'newer-version') return slot.current.failure;
    const backup = readable(slot.backup);
    if (!backup) return failure('not-found', `There is no earlier version of OKR set "${setId}" to restore.`);
    const current = readable(slot.current);
    const known = knownLinkUrls(slot);
    const restored: SetRecord = { ...asCurrent(backup), revision: nextRevision(slot), savedAt: now.toISOString(), linkUrls: known };
    const failed = await commit({
      [storageKeys.set(setId)]: restored,
      [storageKeys.backup(setId)]: current ? asBackup(current, 'restore') : null,
      [storageKeys.index]: encodeIndex(upsertIndex(index, restored)),
    });
    return failed ?? { ok: true, stored: toStored(restored) };
  });
}

/**
 * The set and cycle the overlay and pages show. A stored cycle that no longer exists falls back
 * to the cycle containing today. Null when nothing is selected or the set is gone.
 */
export async function getActiveSelection(options: { today?: string } = {}): Promise<ActiveSelection | null> {
  const active = await readActive();
  if (!active) return null;
  const stored = await getSet(active.setId);
  if (!stored) return null;
  const cycleId = shownCycleId(stored.set.cycles, active.cycleId, options.today ?? localDate());
  return { set: stored.set, cycleId, revision: stored.revision };
}

export function setActiveSelection(setId: string, cycleId: string | null): Promise<Result<object>> {
  return withStoreLock(async () => {
    const { slot } = await readSlot(setId);
    if (slot.current.state === 'unreadable') return slot.current.failure;
    const current = readable(slot.current);
    if (!current) return failure('not-found', `There is no OKR set "${setId}" to select.`);
    if (cycleId !== null && !current.set.cycles.some((c) => c.id === cycleId)) {
      return failure('not-found', `OKR set "${current.set.name}" has no cycle "${cycleId}".`, 'cycleId');
    }
    const failed = await commit({
      [storageKeys.active]: { setId, cycleId },
      [storageKeys.activeSpace]: null,
      [storageKeys.activeSubscription]: null,
    });
    return failed ?? { ok: true };
  });
}

/**
 * Rewrites every stored set and backup that an older KR Lens wrote, in the current schema.
 * All or nothing: if any record cannot be upgraded, nothing is written and the errors say which.
 * Meant for `runtime.onInstalled` after an update; reads upgrade in memory until then.
 */
export function upgradeStorage(): Promise<Result<{ upgraded: string[] }>> {
  return withStoreLock(async () => {
    const all = await readAll();
    const items: Record<string, unknown> = {};
    const errors: Failure['errors'] = [];
    let kind: Failure['kind'] = 'damaged';
    for (const [key, value] of Object.entries(all)) {
      const setId = key.match(/^krLens:(?:set|backup):(.+)$/)?.[1];
      if (setId === undefined) continue;
      const decoded = decodeRecord(value, `Stored record ${key}`);
      if (decoded.state === 'unreadable') {
        kind = decoded.failure.kind;
        errors.push(...decoded.failure.errors);
      } else if (decoded.state === 'ok' && decoded.migratedFrom !== null) items[key] = decoded.record;
    }
    if (errors.length > 0) return { ok: false, kind, errors };
    const upgraded = Object.keys(items).sort();
    if (upgraded.length === 0) return { ok: true, upgraded };
    const failed = await commit(items);
    return failed ?? { ok: true, upgraded };
  });
}
