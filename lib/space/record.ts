/**
 * The team-space format (SPEC "Where data lives" → "Team spaces"): one record per set, cycle,
 * objective and key result, each kept on its own tracker issue, and check-ins appended beside
 * them. Pure: this module knows the format, not the trackers.
 *
 * A record is `{schemaVersion, setId, kind, id, rev, updatedAt, updatedBy, deleted?, data}`, where
 * `data` is that object in the OkrSet schema (the set's record holds name, homeUrl and playbook).
 * Other tools and scripts may read and write these records, so everything read back is validated
 * here, and a record that cannot be read is skipped with a sentence naming its issue while the
 * rest of the space still loads.
 */
import { z } from 'zod';
import {
  checkInSchema,
  cycleSchema,
  idSchema,
  isoDateTimeSchema,
  keyResultSchema,
  objectiveSchema,
  okrSetSchema,
  SCHEMA_VERSION,
  type CheckIn,
  type Cycle,
  type KeyResult,
  type Objective,
  type OkrSet,
} from '../okr/model';
import { recordKindSchema, type RecordKind } from './format';

/** Labels, names, URLs and check-in sentences: part of the format, kept beside it. */
export * from './format';

/** The record format this KR Lens writes and reads; a record from a newer one is skipped. */
export const RECORD_SCHEMA_VERSION = 1;
/** Jira keeps an issue or comment property of at most this many characters of JSON. */
export const MAX_RECORD_JSON_LENGTH = 32_768;

export const setDataSchema = okrSetSchema.pick({ name: true, homeUrl: true, playbook: true });
/** A key result in a space always carries its frozen link URL. */
export const krDataSchema = keyResultSchema.required({ url: true });

export type SetData = z.infer<typeof setDataSchema>;
export interface RecordDataByKind {
  set: SetData;
  cycle: Cycle;
  objective: Objective;
  kr: KeyResult;
}

const DATA_SCHEMAS: { [K in RecordKind]: z.ZodType<RecordDataByKind[K]> } = {
  set: setDataSchema,
  cycle: cycleSchema,
  objective: objectiveSchema,
  kr: krDataSchema as z.ZodType<KeyResult>,
};

interface RecordEnvelope {
  schemaVersion: number;
  setId: string;
  id: string;
  rev: number;
  updatedAt: string;
  updatedBy: string;
  deleted?: boolean;
}

export type SpaceRecord = { [K in RecordKind]: RecordEnvelope & { kind: K; data: RecordDataByKind[K] } }[RecordKind];
/** Any value with a kind and its data: a record, a draft. */
export type KindAndData = { [K in RecordKind]: { kind: K; data: RecordDataByKind[K] } }[RecordKind];
/** What a writer supplies; the store stamps schemaVersion, setId, rev, updatedAt and updatedBy. */
export type RecordDraft = { [K in RecordKind]: { kind: K; id: string; data: RecordDataByKind[K]; deleted?: boolean } }[RecordKind];

const envelopeSchema = z.object({
  schemaVersion: z.number().int().min(1),
  setId: idSchema,
  kind: recordKindSchema,
  id: idSchema,
  rev: z.number().int().min(1),
  updatedAt: isoDateTimeSchema,
  updatedBy: z.string().trim().min(1).max(200),
  deleted: z.boolean().optional(),
  data: z.unknown(),
});

/** A record or check-in as read from a tracker: the value, and which issue it sits on. */
export interface SpaceEntry {
  /** The issue's key (PLAT-12, MOB-4): what a sentence about this entry names. */
  where: string;
  value: unknown;
}

export type ParsedEntry<T> = { ok: true; value: T } | { ok: false; problem: string };

const KIND_NOUN: Record<RecordKind, string> = { set: 'set', cycle: 'cycle', objective: 'objective', kr: 'key result' };

/** zod's "expected string, received undefined" hides the point: the field is missing. */
const missing: z.core.$ZodErrorMap = (issue) => (issue.input === undefined ? 'missing' : undefined);

const issuePath = (issue: z.core.$ZodIssue) => (issue.path.length > 0 ? issue.path.join('.') : 'the record');

function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issuePath(issue)}: ${issue.message}` : 'unreadable';
}

/** A record from a newer KR Lens is named as such, so nobody edits it into nonsense to "fix" it. */
function newerVersionProblem(value: unknown, where: string, what: string): string | undefined {
  if (typeof value !== 'object' || value === null || !('schemaVersion' in value)) return undefined;
  const version = (value as { schemaVersion: unknown }).schemaVersion;
  if (typeof version !== 'number' || version <= RECORD_SCHEMA_VERSION) return undefined;
  return `Skipped ${where}: its ${what} was written by a newer KR Lens (format ${version}; this one reads ${RECORD_SCHEMA_VERSION}). Update KR Lens to see it.`;
}

/** Validates one record; the sentence names the issue and what is wrong. */
export function parseRecord(entry: SpaceEntry): ParsedEntry<SpaceRecord> {
  const { where, value } = entry;
  const newer = newerVersionProblem(value, where, 'KR Lens record');
  if (newer) return { ok: false, problem: newer };
  const envelope = envelopeSchema.safeParse(value, { error: missing });
  if (!envelope.success) {
    return { ok: false, problem: `Skipped ${where}: its KR Lens record is not one KR Lens can read (${firstProblem(envelope.error)}).` };
  }
  const { kind } = envelope.data;
  const data = DATA_SCHEMAS[kind].safeParse(envelope.data.data, { error: missing });
  if (!data.success) {
    const problem = firstProblem(data.error);
    return { ok: false, problem: `Skipped ${where}: its ${KIND_NOUN[kind]} record is not one KR Lens can read (data.${problem}).` };
  }
  const { deleted, ...rest } = envelope.data;
  return { ok: true, value: { ...rest, ...(deleted === undefined ? {} : { deleted }), data: data.data } as SpaceRecord };
}

/** A record stored as a JSON string (Linear attachment metadata): broken JSON is a skip, not a crash. */
export function parseRecordJson(where: string, text: unknown, what: 'record' | 'check-in' = 'record'): ParsedEntry<unknown> {
  if (typeof text !== 'string') return { ok: false, problem: `Skipped ${where}: its KR Lens ${what} is missing.` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: `Skipped ${where}: its KR Lens ${what} is not valid JSON.` };
  }
}

export function parseCheckIn(entry: SpaceEntry): ParsedEntry<CheckIn> {
  const newer = newerVersionProblem(entry.value, entry.where, 'check-in');
  if (newer) return { ok: false, problem: newer };
  const parsed = checkInSchema.safeParse(entry.value, { error: missing });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: `Skipped a check-in on ${entry.where}: it is not one KR Lens can read (${firstProblem(parsed.error)}).` };
}

/** The tracker issue's title: the record's own title (SPEC: plain issues named like the OKRs). */
export function recordTitle(record: KindAndData): string {
  switch (record.kind) {
    case 'set':
      return record.data.name;
    case 'cycle':
      return record.data.name;
    case 'objective':
    case 'kr':
      return record.data.title;
  }
}

export const recordKey = (record: Pick<SpaceRecord, 'kind' | 'id'>): string => `${record.kind}/${record.id}`;

/** A new record at rev 1, or the next revision of `previous`. */
export function stampRecord(setId: string, draft: RecordDraft, by: string, at: string, previousRev = 0): SpaceRecord {
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    setId,
    kind: draft.kind,
    id: draft.id,
    rev: previousRev + 1,
    updatedAt: at,
    updatedBy: by,
    ...(draft.deleted ? { deleted: true } : {}),
    data: draft.data,
  } as SpaceRecord;
}

/** Jira refuses a property over 32,768 characters: say so before sending it. */
export function recordSizeProblem(value: unknown, title: string): string | undefined {
  const length = JSON.stringify(value).length;
  if (length <= MAX_RECORD_JSON_LENGTH) return undefined;
  return `“${title}” is too large to keep in a team space (${length} characters; at most ${MAX_RECORD_JSON_LENGTH}). Shorten its texts.`;
}

// ---------------------------------------------------------------------------------------------
// A set split into records, and records assembled into a set.

/** Every record of a set, in the set's order: the set, its cycles, objectives and key results. */
export function draftsFromSet(set: OkrSet): RecordDraft[] {
  const setData: SetData = {
    name: set.name,
    ...(set.homeUrl === undefined ? {} : { homeUrl: set.homeUrl }),
    ...(set.playbook === undefined ? {} : { playbook: set.playbook }),
  };
  return [
    { kind: 'set', id: set.id, data: setData },
    ...set.cycles.map((data): RecordDraft => ({ kind: 'cycle', id: data.id, data })),
    ...set.objectives.map((data): RecordDraft => ({ kind: 'objective', id: data.id, data })),
    ...set.keyResults.map((data): RecordDraft => ({ kind: 'kr', id: data.id, data })),
  ];
}

/** A set as the records and check-ins a space holds, each record at rev 1. */
export function recordsFromSet(set: OkrSet, stamp: { by: string; at: string } = { by: 'KR Lens', at: new Date().toISOString() }) {
  return { records: draftsFromSet(set).map((draft) => stampRecord(set.id, draft, stamp.by, stamp.at)), checkIns: [...set.checkIns] };
}

export interface AssembledSet {
  /** Null when the space has no readable set record. */
  set: OkrSet | null;
  /** One sentence per record or check-in left out, naming its issue. */
  skipped: string[];
}

interface Kept {
  where: string;
  record: SpaceRecord;
}

/** Valid records of the set, one per kind and id: a duplicate (two writers creating at once) keeps the higher rev. */
function keepRecords(entries: readonly SpaceEntry[], setId: string | undefined, skipped: string[]): Map<string, Kept> {
  const kept = new Map<string, Kept>();
  for (const entry of entries) {
    const parsed = parseRecord(entry);
    if (!parsed.ok) {
      skipped.push(parsed.problem);
      continue;
    }
    const record = parsed.value;
    if (setId !== undefined && record.setId !== setId) continue;
    const key = recordKey(record);
    const previous = kept.get(key);
    if (previous) {
      const winner = record.rev > previous.record.rev ? { where: entry.where, record } : previous;
      const loser = winner === previous ? entry.where : previous.where;
      skipped.push(
        `Skipped ${loser}: it repeats the ${KIND_NOUN[record.kind]} “${record.id}” also kept on ${winner.where}, whose copy (rev ${winner.record.rev}) is used.`,
      );
      kept.set(key, winner);
      continue;
    }
    kept.set(key, { where: entry.where, record });
  }
  return kept;
}

/** Records whose parent is gone: silently when the parent was deleted, with a sentence when it never existed. */
function withParents<T extends { where: string; id: string; parentId: string }>(
  items: T[],
  present: ReadonlySet<string>,
  deleted: ReadonlySet<string>,
  noun: string,
  parentNoun: string,
  skipped: string[],
): T[] {
  return items.filter((item) => {
    if (present.has(item.parentId)) return true;
    if (!deleted.has(item.parentId))
      skipped.push(
        `Skipped ${item.where}: the ${noun} “${item.id}” belongs to ${parentNoun} “${item.parentId}”, which is not in the space.`,
      );
    return false;
  });
}

function ofKind<K extends RecordKind>(kept: Map<string, Kept>, kind: K, deleted: boolean) {
  return [...kept.values()].filter((k) => k.record.kind === kind && (k.record.deleted === true) === deleted) as Array<{
    where: string;
    record: Extract<SpaceRecord, { kind: K }>;
  }>;
}

/**
 * Assembles the set from its records and check-ins, in the order given (the trackers return
 * them in creation order). Deleted records are left out, and so is what hangs under them.
 */
export function setFromRecords(
  records: readonly SpaceEntry[],
  checkIns: readonly SpaceEntry[],
  options: { setId?: string } = {},
): AssembledSet {
  const skipped: string[] = [];
  const setId = options.setId ?? firstSetId(records);
  const kept = keepRecords(records, setId, skipped);
  const setRecord = setId === undefined ? undefined : kept.get(`set/${setId}`);
  if (!setRecord || setRecord.record.kind !== 'set' || setRecord.record.deleted) {
    return {
      set: null,
      skipped: [...skipped, 'The space has no readable set record (the issue labelled kr-lens-set), so it cannot be loaded.'],
    };
  }
  const idsOf = (kind: RecordKind, deleted: boolean) => new Set(ofKind(kept, kind, deleted).map((k) => k.record.id));
  const cycles = ofKind(kept, 'cycle', false).map((k) => k.record.data);
  const objectives = withParents(
    ofKind(kept, 'objective', false).map((k) => ({
      where: k.where,
      id: k.record.id,
      parentId: k.record.data.cycleId,
      data: k.record.data,
    })),
    idsOf('cycle', false),
    idsOf('cycle', true),
    'objective',
    'the cycle',
    skipped,
  );
  const presentObjectives = new Set(objectives.map((o) => o.id));
  const deletedObjectives = new Set([
    ...idsOf('objective', true),
    ...ofKind(kept, 'objective', false)
      .map((k) => k.record.id)
      .filter((id) => !presentObjectives.has(id)),
  ]);
  const keyResults = withParents(
    ofKind(kept, 'kr', false).map((k) => ({ where: k.where, id: k.record.id, parentId: k.record.data.objectiveId, data: k.record.data })),
    presentObjectives,
    deletedObjectives,
    'key result',
    'the objective',
    skipped,
  );
  const krIds = new Set(keyResults.map((kr) => kr.id));
  const goneKrs = new Set([...idsOf('kr', true), ...idsOf('kr', false)].filter((id) => !krIds.has(id)));
  const set: OkrSet = {
    schemaVersion: SCHEMA_VERSION,
    id: setRecord.record.setId,
    ...setRecord.record.data,
    cycles,
    objectives: objectives.map((o) => o.data),
    keyResults: keyResults.map((kr) => kr.data),
    checkIns: keepCheckIns(checkIns, krIds, goneKrs, skipped),
  };
  return { set, skipped };
}

function firstSetId(records: readonly SpaceEntry[]): string | undefined {
  for (const entry of records) {
    const parsed = parseRecord(entry);
    if (parsed.ok && parsed.value.kind === 'set' && !parsed.value.deleted) return parsed.value.setId;
  }
  return undefined;
}

function keepCheckIns(
  entries: readonly SpaceEntry[],
  krIds: ReadonlySet<string>,
  goneKrs: ReadonlySet<string>,
  skipped: string[],
): CheckIn[] {
  const seen = new Set<string>();
  const kept: CheckIn[] = [];
  for (const entry of entries) {
    const parsed = parseCheckIn(entry);
    if (!parsed.ok) {
      skipped.push(parsed.problem);
      continue;
    }
    const checkIn = parsed.value;
    if (seen.has(checkIn.id)) continue;
    seen.add(checkIn.id);
    if (krIds.has(checkIn.krId)) kept.push(checkIn);
    else if (!goneKrs.has(checkIn.krId))
      skipped.push(`Skipped a check-in on ${entry.where}: its key result “${checkIn.krId}” is not in the space.`);
  }
  return kept;
}
