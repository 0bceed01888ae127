/**
 * Upgrades OKR documents written by older versions of KR Lens to the current `schemaVersion`
 * (SPEC "Where data lives": storage is versioned, with migrations). Files being imported and
 * sets read back from storage pass through the same table, so an old export and an old stored
 * set are upgraded the same way.
 *
 * Schema version 0 is the pre-1 draft format:
 * - key results were listed under `krs` instead of `keyResults`;
 * - an objective carried `inherits` (a KR id) and `supports` (one id or a list) at its top
 *   level instead of under `alignment`;
 * - `checkIns` could be left out.
 */
import { SCHEMA_VERSION } from '../okr/model';
import { failure, type Result } from './result';
import { messageOf } from '../util/error';

type Document = Record<string, unknown>;

/** A pure step from version N to N+1. It must not mutate its input. */
export type Migration = (document: Document) => Document;

/** `migrations[n]` turns a version-n document into a version-(n+1) one. */
export const migrations: readonly Migration[] = [fromDraft0];

export interface Migrated {
  document: Document;
  /** The version the document had before any step ran. */
  fromVersion: number;
}

/**
 * Runs every step from the document's version up to `target`, all or nothing: a step that
 * throws leaves the caller with an error and the original document untouched.
 */
export function migrateOkrDocument(
  input: unknown,
  table: readonly Migration[] = migrations,
  target: number = SCHEMA_VERSION,
): Result<Migrated> {
  if (!isRecord(input)) {
    return failure('invalid', 'The file must hold one OKR set: an object with schemaVersion, id, name, cycles, objectives and keyResults.');
  }
  const version = input.schemaVersion;
  if (version === undefined) return failure('invalid', `required; this version of KR Lens writes ${target}`, 'schemaVersion');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return failure('invalid', `must be a whole number such as ${target}, not ${JSON.stringify(version)}`, 'schemaVersion');
  }
  if (version > target) {
    return failure(
      'newer-version',
      `this OKR set was made by a newer KR Lens (schema version ${version}); this version reads up to ${target}. Update KR Lens to open it.`,
      'schemaVersion',
    );
  }
  let document: Document = input;
  for (let from = version; from < target; from++) {
    const step = table[from];
    if (!step) return failure('invalid', `KR Lens cannot upgrade schema version ${from}`, 'schemaVersion');
    try {
      document = { ...step(document), schemaVersion: from + 1 };
    } catch (error) {
      return failure('invalid', `upgrading from schema version ${from} failed: ${messageOf(error)}`, 'schemaVersion');
    }
  }
  return { ok: true, document, fromVersion: version };
}

function fromDraft0(document: Document): Document {
  const { krs, keyResults, objectives, checkIns, ...rest } = document;
  return {
    ...rest,
    objectives: Array.isArray(objectives) ? objectives.map(alignmentFromDraft0) : objectives,
    keyResults: keyResults ?? krs,
    checkIns: checkIns ?? [],
  };
}

/** Anything that is not the draft shape is passed on as it is, for validation to name. */
function alignmentFromDraft0(objective: unknown): unknown {
  if (!isRecord(objective) || 'alignment' in objective) return objective;
  const { inherits, supports, ...rest } = objective;
  const supportList = supports === undefined ? [] : Array.isArray(supports) ? supports : [supports];
  return { ...rest, alignment: inherits === undefined ? { supports: supportList } : { inherits, supports: supportList } };
}

function isRecord(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
