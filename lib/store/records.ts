/**
 * The storage layout (SPEC "Where data lives": OKR sets in the extension's own storage, versioned)
 * and the pure functions that read and build its records. Layout in `storage.local`:
 *
 *   krLens:sets          { storageVersion, sets: IndexEntry[] }     which sets exist
 *   krLens:active        { setId, cycleId }                          the active selection
 *   krLens:set:<id>      SetRecord                                   the current version of a set
 *   krLens:backup:<id>   SetRecord                                   the version before the last import/restore/delete
 *
 * Every logical change is written as one `storage.local.set` call holding all its keys (null
 * removes a key), so it lands whole or not at all.
 */
import { z } from 'zod';
import { SCHEMA_VERSION, assignLinkUrls, idSchema, type OkrSet, type OkrSetInput } from '../okr/model';
import { parseOkrSet } from '../okr/validate';
import { migrateOkrDocument } from './migrations';
import { failure, type Failure, type Result } from './result';

/** Bumped when the envelope around stored sets changes shape; the set inside has its own `schemaVersion`. */
export const STORAGE_VERSION = 1;

export const storageKeys = {
  index: 'krLens:sets',
  active: 'krLens:active',
  /** The team space that is the active set (space-cache.ts); choosing a local set clears it. */
  activeSpace: 'krLens:activeSpace',
  /** The subscribed OKR file that is the active set (subscriptions.ts); choosing a local set clears it. */
  activeSubscription: 'krLens:activeSubscription',
  set: (setId: string) => `krLens:set:${setId}`,
  backup: (setId: string) => `krLens:backup:${setId}`,
};

export type BackupReason = 'import' | 'restore' | 'delete';

export interface SetRecord {
  storageVersion: number;
  /** Goes up by one with every write of the set; a write names the revision it was based on. */
  revision: number;
  savedAt: string;
  /** Why a backup was taken; absent on current versions. */
  reason?: BackupReason;
  /**
   * Every link URL a KR of this set has ever had, by KR id: a KR removed by one import and
   * brought back by a later one gets its old URL again, so links never orphan.
   */
  linkUrls: Record<string, string>;
  set: OkrSet;
}

export interface IndexEntry {
  id: string;
  name: string;
  revision: number;
  savedAt: string;
}

export interface ActiveSelectionValue {
  setId: string;
  cycleId: string | null;
}

/** A stored record as read: absent, readable, or unreadable with the reason. */
export type Decoded =
  | { state: 'absent' }
  | { state: 'ok'; record: SetRecord; migratedFrom: number | null }
  | { state: 'unreadable'; failure: Failure };

const envelopeSchema = z.object({
  storageVersion: z.number().int().min(1),
  revision: z.number().int().min(1),
  savedAt: z.string(),
  reason: z.enum(['import', 'restore', 'delete']).optional(),
  linkUrls: z.record(z.string(), z.string()).default({}),
  set: z.unknown(),
});

const indexSchema = z.object({
  storageVersion: z.number().int().min(1),
  sets: z.array(z.object({ id: idSchema, name: z.string(), revision: z.number().int(), savedAt: z.string() })),
});

const activeSchema = z.object({ setId: idSchema, cycleId: idSchema.nullable() });

/**
 * Validates a stored record at the edge (STYLE habit 6) and upgrades an older set in memory;
 * `upgradeStorage` writes upgrades back. `what` names the record in messages.
 */
export function decodeRecord(raw: unknown, what: string): Decoded {
  if (raw === undefined || raw === null) return { state: 'absent' };
  const version = (raw as { storageVersion?: unknown }).storageVersion;
  if (typeof version === 'number' && version > STORAGE_VERSION) {
    return {
      state: 'unreadable',
      failure: failure(
        'newer-version',
        `${what} was saved by a newer KR Lens (storage version ${version}); this version reads up to ${STORAGE_VERSION}. Update KR Lens to open it.`,
      ),
    };
  }
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) return damaged(what, [{ path: '', message: 'its storage envelope is not readable' }]);
  const migrated = migrateOkrDocument(envelope.data.set);
  if (!migrated.ok) {
    if (migrated.kind === 'newer-version')
      return {
        state: 'unreadable',
        failure: { ...migrated, errors: migrated.errors.map((e) => ({ ...e, message: `${what}: ${e.message}` })) },
      };
    return damaged(what, migrated.errors);
  }
  const validated = parseOkrSet(migrated.document);
  if (!validated.ok) return damaged(what, validated.errors);
  const { set: _set, ...rest } = envelope.data;
  return {
    state: 'ok',
    record: { ...rest, storageVersion: STORAGE_VERSION, set: assignLinkUrls(validated.set) },
    migratedFrom: migrated.fromVersion < SCHEMA_VERSION ? migrated.fromVersion : null,
  };
}

function damaged(what: string, errors: Failure['errors']): Decoded {
  return {
    state: 'unreadable',
    failure: {
      ok: false,
      kind: 'damaged',
      errors: [{ path: '', message: `${what} is damaged; restore its backup or import the file again.` }, ...errors],
    },
  };
}

export function decodeIndex(raw: unknown): IndexEntry[] | Failure {
  if (raw === undefined || raw === null) return [];
  const parsed = indexSchema.safeParse(raw);
  if (parsed.success) return parsed.data.sets;
  return failure('damaged', 'The list of stored OKR sets is damaged; import your sets again.');
}

/** A damaged selection is only a preference: it reads as "nothing selected". */
export function decodeActive(raw: unknown): ActiveSelectionValue | null {
  const parsed = activeSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export function encodeIndex(sets: readonly IndexEntry[]): unknown {
  return { storageVersion: STORAGE_VERSION, sets };
}

/** The index with `record`'s set added or replaced, kept in name order. */
export function upsertIndex(sets: readonly IndexEntry[], record: SetRecord): IndexEntry[] {
  const entry: IndexEntry = { id: record.set.id, name: record.set.name, revision: record.revision, savedAt: record.savedAt };
  return [...sets.filter((s) => s.id !== entry.id), entry].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function removeFromIndex(sets: readonly IndexEntry[], setId: string): IndexEntry[] {
  return sets.filter((s) => s.id !== setId);
}

/** Current and backup of one set, as read together. */
export interface Slot {
  current: Decoded;
  backup: Decoded;
}

export function readable(decoded: Decoded): SetRecord | undefined {
  return decoded.state === 'ok' ? decoded.record : undefined;
}

/**
 * The revision the next write gets. It also counts the backup, so a set deleted and imported
 * again never reuses a revision a stale page may still hold.
 */
export function nextRevision(slot: Slot): number {
  return Math.max(readable(slot.current)?.revision ?? 0, readable(slot.backup)?.revision ?? 0) + 1;
}

/** Link URLs this set has given out so far, newest first. */
export function knownLinkUrls(slot: Slot): Record<string, string> {
  const fromRecord = (record: SetRecord | undefined) => ({
    ...record?.linkUrls,
    ...Object.fromEntries(record?.set.keyResults.map((kr) => [kr.id, kr.url]) ?? []),
  });
  return { ...fromRecord(readable(slot.backup)), ...fromRecord(readable(slot.current)) };
}

/**
 * Gives each KR its frozen link URL: the stored set's URL wins, then any URL the KR had before,
 * then the file's, then the default (SPEC "Concepts", KeyResult.url). The result is validated
 * again because a frozen URL may now clash with a URL the file gives another KR.
 */
export function freezeLinkUrls(
  input: OkrSetInput,
  previous: OkrSet | undefined,
  known: Readonly<Record<string, string>>,
): Result<{ set: OkrSet }> {
  const withKnown = { ...input, keyResults: input.keyResults.map((kr) => (known[kr.id] ? { ...kr, url: known[kr.id] } : kr)) };
  const set = assignLinkUrls(withKnown, previous);
  const check = parseOkrSet(set);
  return check.ok ? { ok: true, set } : { ok: false, kind: 'invalid', errors: check.errors };
}

export function buildRecord(set: OkrSet, revision: number, known: Readonly<Record<string, string>>, now: Date): SetRecord {
  return {
    storageVersion: STORAGE_VERSION,
    revision,
    savedAt: now.toISOString(),
    linkUrls: { ...known, ...Object.fromEntries(set.keyResults.map((kr) => [kr.id, kr.url])) },
    set,
  };
}

export function asBackup(record: SetRecord, reason: BackupReason): SetRecord {
  return { ...record, reason };
}

export function asCurrent(record: SetRecord): SetRecord {
  const { reason: _reason, ...current } = record;
  return current;
}
