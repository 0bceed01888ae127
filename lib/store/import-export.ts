/**
 * Import and export of OKR files (SPEC "Where data lives"): an import is previewed first (what
 * will change, nothing written), then confirmed in one write that stores the set, keeps the
 * previous version as the backup, updates the index and makes the set and its current cycle
 * active (SPEC UI contract). Export writes text that imports back to the same set.
 */
import type { OkrSetInput } from '../okr/model';
import { parseOkrSet } from '../okr/validate';
import { cycleContaining } from './cycle';
import { localDate } from '../util/date';
import { diffSets, hasChanges, type SetChanges } from './diff';
import { parseOkrFile, serializeOkrSet, type OkrFileFormat } from './file';
import { migrateOkrDocument } from './migrations';
import { failure, StoreError, type Failure, type Result } from './result';
import {
  asBackup,
  buildRecord,
  encodeIndex,
  freezeLinkUrls,
  knownLinkUrls,
  nextRevision,
  readable,
  storageKeys,
  upsertIndex,
  type Slot,
} from './records';
import { getSet, toStored, type StoredSet } from './sets';
import { commit, readSlot, withStoreLock } from './storage-io';

export interface ImportPreview {
  setId: string;
  name: string;
  /** No set with this id is stored yet. */
  isNew: boolean;
  /** True when the file matches the stored set exactly; confirming then only selects it. */
  unchanged: boolean;
  format: OkrFileFormat;
  /** The schema version the file was written in; below the current one it was upgraded. */
  fromSchemaVersion: number;
  changes: SetChanges;
  /** The cycle containing today, which becomes active on confirm; null when today is in none. */
  activeCycleId: string | null;
  /** Hand to `confirmImport`; it stays valid until used or until the stored set changes. */
  token: string;
}

interface PendingImport {
  set: OkrSetInput;
  /** The stored revision the preview was computed against (null: no stored set). */
  basedOnRevision: number | null;
}

/** Previews live in the page that made them; a few are kept so a second tab or retry still works. */
const MAX_PENDING = 10;
const pending = new Map<string, PendingImport>();

function remember(entry: PendingImport): string {
  const token = crypto.randomUUID();
  pending.set(token, entry);
  for (const oldest of pending.keys()) {
    if (pending.size <= MAX_PENDING) break;
    pending.delete(oldest);
  }
  return token;
}

/** A set from a newer KR Lens must not be overwritten by an older one; a damaged one may be. */
function blockingFailure(slot: Slot): Failure | null {
  return slot.current.state === 'unreadable' && slot.current.failure.kind === 'newer-version' ? slot.current.failure : null;
}

/** Reads and checks a file and says what importing it would change. Writes nothing. */
export async function previewImport(
  text: string,
  fileName?: string,
  options: { today?: string } = {},
): Promise<Result<{ preview: ImportPreview }>> {
  const parsed = parseOkrFile(text, fileName);
  if (!parsed.ok) return parsed;
  const { slot } = await readSlot(parsed.set.id);
  const blocked = blockingFailure(slot);
  if (blocked) return blocked;
  const current = readable(slot.current);
  const frozen = freezeLinkUrls(parsed.set, current?.set, knownLinkUrls(slot));
  if (!frozen.ok) return frozen;
  const changes = diffSets(current?.set, frozen.set);
  return {
    ok: true,
    preview: {
      setId: frozen.set.id,
      name: frozen.set.name,
      isNew: current === undefined,
      unchanged: current !== undefined && !hasChanges(changes),
      format: parsed.format,
      fromSchemaVersion: parsed.fromSchemaVersion,
      changes,
      activeCycleId: cycleContaining(frozen.set.cycles, options.today ?? localDate())?.id ?? null,
      token: remember({ set: parsed.set, basedOnRevision: current?.revision ?? null }),
    },
  };
}

export interface ConfirmedImport {
  stored: StoredSet;
  activeCycleId: string | null;
}

/**
 * Stores a previewed import (by its token) or a set given directly (validated here), in one
 * write: the set, the previous version as backup, the index and the active selection. With a
 * token the import is refused if the stored set changed after the preview, since the preview
 * the user agreed to would no longer be true.
 */
export function confirmImport(input: string | OkrSetInput, options: { today?: string; now?: Date } = {}): Promise<Result<ConfirmedImport>> {
  const resolved = resolveImport(input);
  if (!resolved.ok) return Promise.resolve(resolved);
  const { set, basedOnRevision } = resolved;
  return withStoreLock(async () => {
    const { slot, index } = await readSlot(set.id);
    if (!Array.isArray(index)) return index;
    const blocked = blockingFailure(slot);
    if (blocked) return blocked;
    const current = readable(slot.current);
    if (basedOnRevision !== undefined && basedOnRevision !== (current?.revision ?? null)) {
      return failure(
        'conflict',
        `The OKR set "${set.id}" changed in another page after this preview; preview the file again to see what it would change now. Nothing was imported.`,
      );
    }
    const known = knownLinkUrls(slot);
    const frozen = freezeLinkUrls(set, current?.set, known);
    if (!frozen.ok) return frozen;
    const activeCycleId = cycleContaining(frozen.set.cycles, options.today ?? localDate())?.id ?? null;
    const changed = !current || hasChanges(diffSets(current.set, frozen.set));
    // An identical file only selects the set: rewriting it would push the real backup out.
    const record = changed ? buildRecord(frozen.set, nextRevision(slot), known, options.now ?? new Date()) : current;
    const items: Record<string, unknown> = {
      [storageKeys.active]: { setId: set.id, cycleId: activeCycleId },
      [storageKeys.activeSpace]: null,
      [storageKeys.activeSubscription]: null,
    };
    if (changed) {
      items[storageKeys.set(set.id)] = record;
      items[storageKeys.index] = encodeIndex(upsertIndex(index, record));
      if (current) items[storageKeys.backup(set.id)] = asBackup(current, 'import');
    }
    const failed = await commit(items);
    if (failed) return failed;
    if (typeof input === 'string') pending.delete(input);
    return { ok: true, stored: toStored(record), activeCycleId };
  });
}

function resolveImport(input: string | OkrSetInput): Result<{ set: OkrSetInput; basedOnRevision?: number | null }> {
  if (typeof input === 'string') {
    const entry = pending.get(input);
    return entry ? { ok: true, ...entry } : failure('expired', 'This import preview is no longer available; choose the file again.');
  }
  const migrated = migrateOkrDocument(input);
  if (!migrated.ok) return migrated;
  const validated = parseOkrSet(migrated.document);
  return validated.ok ? { ok: true, set: validated.set } : { ok: false, kind: 'invalid', errors: validated.errors };
}

/** The stored set as a file; `parseOkrFile` reads it back to the same set, link URLs included. */
export async function exportSet(setId: string, format: OkrFileFormat): Promise<Result<{ text: string; fileName: string }>> {
  let stored: StoredSet | null;
  try {
    stored = await getSet(setId);
  } catch (error) {
    if (error instanceof StoreError) return { ok: false, kind: error.kind, errors: error.errors };
    throw error;
  }
  if (!stored) return failure('not-found', `There is no OKR set "${setId}" to export.`);
  return { ok: true, text: serializeOkrSet(stored.set, format), fileName: `${setId}.okr.${format}` };
}
