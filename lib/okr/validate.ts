/**
 * Validation of an OKR file (SPEC "Where data lives": an import is all-or-nothing and names the
 * exact path of every invalid field). The zod schema checks each field; this module adds the
 * checks a schema cannot express — references between records, duplicate ids, unique link URLs
 * and alignment loops — and reports every problem at once, each with a path like
 * `objectives[2].alignment.inherits`, so a user fixes a file in one round rather than many.
 */
import { z } from 'zod';
import { findAlignmentCycles } from './alignment';
import {
  SCHEMA_VERSION,
  checkInSchema,
  cycleSchema,
  defaultLinkUrl,
  keyResultSchema,
  objectiveSchema,
  okrSetSchema,
  type CheckIn,
  type Cycle,
  type Objective,
  type OkrSetInput,
} from './model';

export interface ValidationError {
  /** Where the problem is: `keyResults[0].measure.target`; `''` for the file as a whole. */
  path: string;
  message: string;
}

export type ParseOkrSetResult = { ok: true; set: OkrSetInput } | { ok: false; errors: ValidationError[] };

type KeyResultInput = OkrSetInput['keyResults'][number];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * `['objectives', 2, 'alignment', 'inherits']` → `objectives[2].alignment.inherits`. Keys that are
 * not plain identifiers are quoted (`playbook["odd key"]`) so the path stays unambiguous.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'symbol') out += `[${key.toString()}]`;
    else if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** zod's wording for a missing field ("expected string, received undefined") hides the point. */
const zodMessages: z.core.$ZodErrorMap = (issue) => {
  if (issue.input !== undefined) return undefined;
  if (issue.code === 'invalid_type') return `required (${issue.expected})`;
  if (issue.code === 'invalid_value') return `required (${issue.values.map((v) => JSON.stringify(v)).join(' | ')})`;
  return undefined;
};

/**
 * A file from a newer KR Lens cannot be read safely; an older one is upgraded by the store's
 * migrations before it gets here. Either way one clear error beats a page of field errors
 * caused by a shape we do not know.
 */
function schemaVersionError(input: unknown): ValidationError | undefined {
  if (typeof input !== 'object' || input === null || !('schemaVersion' in input)) return undefined;
  const version = input.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version === SCHEMA_VERSION) return undefined;
  const advice = version > SCHEMA_VERSION ? 'update the extension' : 'migrate it to the current version before validating it';
  return {
    path: 'schemaVersion',
    message: `this file is schema version ${version}; KR Lens reads version ${SCHEMA_VERSION} — ${advice}`,
  };
}

/**
 * Reads an OKR file. On success the set is the zod output (defaults filled in, unknown keys
 * dropped). On failure every field error and every broken reference is listed: field errors
 * first, then references grouped by check (duplicates, missing records, alignment, link URLs,
 * loops), each group in file order.
 */
export function parseOkrSet(input: unknown): ParseOkrSetResult {
  const versionError = schemaVersionError(input);
  if (versionError) return { ok: false, errors: [versionError] };

  const parsed = okrSetSchema.safeParse(input, { error: zodMessages });
  const fieldErrors = parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));

  // References are checked even when some fields are invalid, over the records that did parse,
  // so one round of fixes is enough. Records that failed to parse still count as existing.
  const records = parsed.success ? recordsOf(parsed.data) : salvageRecords(input);
  const referenceErrors = records ? checkReferences(records) : [];

  const errors = [...fieldErrors, ...referenceErrors];
  if (parsed.success && errors.length === 0) return { ok: true, set: parsed.data };
  return { ok: false, errors };
}

// ---------------------------------------------------------------------------------------------
// The records the reference checks look at. A hole (`undefined`) is a record that failed its
// own schema: it is skipped, but its raw id still counts as known so nothing pointing at it is
// reported as missing on top of its own field errors.

interface Records {
  setId: string;
  homeUrl: string | undefined;
  cycles: Array<Cycle | undefined>;
  objectives: Array<Objective | undefined>;
  keyResults: Array<KeyResultInput | undefined>;
  checkIns: Array<CheckIn | undefined>;
  knownIds: { cycles: Set<string>; objectives: Set<string>; keyResults: Set<string> };
}

function recordsOf(set: OkrSetInput): Records {
  return {
    setId: set.id,
    homeUrl: set.homeUrl,
    cycles: set.cycles,
    objectives: set.objectives,
    keyResults: set.keyResults,
    checkIns: set.checkIns,
    knownIds: {
      cycles: new Set(set.cycles.map((c) => c.id)),
      objectives: new Set(set.objectives.map((o) => o.id)),
      keyResults: new Set(set.keyResults.map((kr) => kr.id)),
    },
  };
}

function rawArray(input: object, key: string): unknown[] {
  const value = (input as Record<string, unknown>)[key];
  return Array.isArray(value) ? value : [];
}

function rawIds(items: readonly unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const item of items) {
    if (typeof item === 'object' && item !== null && 'id' in item && typeof item.id === 'string') ids.add(item.id);
  }
  return ids;
}

function parseEach<T>(items: readonly unknown[], schema: z.ZodType<T>): Array<T | undefined> {
  return items.map((item) => {
    const result = schema.safeParse(item);
    return result.success ? result.data : undefined;
  });
}

function salvageRecords(input: unknown): Records | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const raw = input as Record<string, unknown>;
  const cycles = rawArray(input, 'cycles');
  const objectives = rawArray(input, 'objectives');
  const keyResults = rawArray(input, 'keyResults');
  const setId = okrSetSchema.shape.id.safeParse(raw.id);
  const homeUrl = okrSetSchema.shape.homeUrl.safeParse(raw.homeUrl);
  return {
    // Without a valid set id default link URLs are unknowable; a placeholder keeps explicit
    // URL clashes detectable, and the id itself is already reported by zod.
    setId: setId.success ? setId.data : '\u0000',
    homeUrl: homeUrl.success ? homeUrl.data : undefined,
    cycles: parseEach(cycles, cycleSchema),
    objectives: parseEach(objectives, objectiveSchema),
    keyResults: parseEach(keyResults, keyResultSchema),
    checkIns: parseEach(rawArray(input, 'checkIns'), checkInSchema),
    knownIds: { cycles: rawIds(cycles), objectives: rawIds(objectives), keyResults: rawIds(keyResults) },
  };
}

function present<T>(items: ReadonlyArray<T | undefined>): T[] {
  return items.filter((item): item is T => item !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Reference checks. Each returns its errors in file order.

function checkReferences(records: Records): ValidationError[] {
  const errors = [
    ...duplicateIds(records),
    ...ambiguousIds(records),
    ...missingReferences(records),
    ...alignmentReferences(records),
    ...duplicateLinkUrls(records),
  ];
  const taken = new Set(errors.map((e) => e.path));
  // A loop through a reference already reported (an objective inheriting its own KR) is the
  // same problem said twice.
  return [...errors, ...alignmentLoops(records).filter((e) => !taken.has(e.path))];
}

const KINDS = [
  { key: 'cycles', noun: 'cycle' },
  { key: 'objectives', noun: 'objective' },
  { key: 'keyResults', noun: 'key result' },
  { key: 'checkIns', noun: 'check-in' },
] as const;

function duplicateIds(records: Records): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const { key, noun } of KINDS) {
    const firstAt = new Map<string, number>();
    records[key].forEach((record, index) => {
      if (!record) return;
      const first = firstAt.get(record.id);
      if (first === undefined) firstAt.set(record.id, index);
      else errors.push({ path: `${key}[${index}].id`, message: `duplicate ${noun} id "${record.id}" (first used at ${key}[${first}])` });
    });
  }
  return errors;
}

/**
 * `supports` may name an objective or a KR by id alone, so an id used for both would make it
 * ambiguous; ids must be unique across objectives and key results together.
 */
function ambiguousIds(records: Records): ValidationError[] {
  const objectiveAt = new Map<string, number>();
  records.objectives.forEach((o, index) => {
    if (o && !objectiveAt.has(o.id)) objectiveAt.set(o.id, index);
  });
  const errors: ValidationError[] = [];
  records.keyResults.forEach((kr, index) => {
    const clash = kr ? objectiveAt.get(kr.id) : undefined;
    if (kr && clash !== undefined) {
      errors.push({
        path: `keyResults[${index}].id`,
        message: `"${kr.id}" is also the id of objectives[${clash}]; objective and key result ids must differ because "supports" may name either`,
      });
    }
  });
  return errors;
}

function missingReferences(records: Records): ValidationError[] {
  const { knownIds } = records;
  const errors: ValidationError[] = [];
  records.objectives.forEach((o, index) => {
    if (o && !knownIds.cycles.has(o.cycleId)) {
      errors.push({ path: `objectives[${index}].cycleId`, message: `no cycle "${o.cycleId}"` });
    }
  });
  records.keyResults.forEach((kr, index) => {
    if (kr && !knownIds.objectives.has(kr.objectiveId)) {
      errors.push({ path: `keyResults[${index}].objectiveId`, message: `no objective "${kr.objectiveId}"` });
    }
  });
  records.checkIns.forEach((checkIn, index) => {
    if (checkIn && !knownIds.keyResults.has(checkIn.krId)) {
      errors.push({ path: `checkIns[${index}].krId`, message: `no key result "${checkIn.krId}"` });
    }
  });
  return errors;
}

function alignmentReferences(records: Records): ValidationError[] {
  const { knownIds } = records;
  const objectiveOf = new Map(present(records.keyResults).map((kr) => [kr.id, kr.objectiveId]));
  const errors: ValidationError[] = [];
  records.objectives.forEach((o, index) => {
    if (!o) return;
    const inherits = o.alignment.inherits;
    if (inherits !== undefined) {
      const path = `objectives[${index}].alignment.inherits`;
      if (objectiveOf.get(inherits) === o.id) {
        errors.push({ path, message: `"${inherits}" is a key result of this objective; an objective inherits a key result from above it` });
      } else if (!knownIds.keyResults.has(inherits)) {
        const hint = knownIds.objectives.has(inherits) ? ` ("${inherits}" is an objective: name it in "supports" instead)` : '';
        errors.push({ path, message: `no key result "${inherits}"${hint}` });
      }
    }
    o.alignment.supports.forEach((target, j) => {
      if (!knownIds.objectives.has(target) && !knownIds.keyResults.has(target)) {
        errors.push({ path: `objectives[${index}].alignment.supports[${j}]`, message: `no objective or key result "${target}"` });
      }
    });
  });
  return errors;
}

/**
 * Link URLs are how trackers find a KR's links, so two KRs sharing one would merge their work.
 * The comparison uses the URL each KR will really have: an explicit URL can collide with
 * another KR's default one.
 */
function duplicateLinkUrls(records: Records): ValidationError[] {
  const firstAt = new Map<string, { index: number; id: string }>();
  const seenIds = new Set<string>();
  const errors: ValidationError[] = [];
  records.keyResults.forEach((kr, index) => {
    // A repeated id repeats its default URL too; the duplicate id is the problem to report.
    if (!kr || seenIds.has(kr.id)) return;
    seenIds.add(kr.id);
    const url = kr.url ?? defaultLinkUrl({ id: records.setId, homeUrl: records.homeUrl }, kr.id);
    const first = firstAt.get(url);
    if (!first) {
      firstAt.set(url, { index, id: kr.id });
      return;
    }
    // Point at whichever of the two carries an explicit URL: that is the one to change.
    const explicitHere = kr.url !== undefined;
    const at = explicitHere ? index : first.index;
    const other = explicitHere ? { index: first.index, id: first.id } : { index, id: kr.id };
    errors.push({
      path: `keyResults[${at}].url`,
      message: `link URL ${url} is also the link URL of key result "${other.id}" (keyResults[${other.index}]); each key result needs its own`,
    });
  });
  return errors;
}

/**
 * Each loop is reported once, at the first alignment reference along it that a person can
 * edit (a KR's link to its own objective is structure, not alignment).
 */
function alignmentLoops(records: Records): ValidationError[] {
  // Every objective per id: with duplicate ids the loop may run through any of them.
  const objectivesById = new Map<string, Array<{ index: number; objective: Objective }>>();
  records.objectives.forEach((objective, index) => {
    if (!objective) return;
    const list = objectivesById.get(objective.id);
    if (list) list.push({ index, objective });
    else objectivesById.set(objective.id, [{ index, objective }]);
  });
  const loops = findAlignmentCycles({ objectives: present(records.objectives), keyResults: present(records.keyResults) });
  return loops.map((loop) => ({
    path: loopEdgePath(loop, objectivesById) ?? loopFallbackPath(loop, objectivesById),
    message: `alignment goes in a circle: ${loop.join(' → ')}`,
  }));
}

type ObjectivesById = ReadonlyMap<string, ReadonlyArray<{ index: number; objective: Objective }>>;

function loopEdgePath(loop: readonly string[], objectivesById: ObjectivesById): string | undefined {
  for (let i = 0; i + 1 < loop.length; i++) {
    const to = loop[i + 1]!;
    for (const { index, objective } of objectivesById.get(loop[i]!) ?? []) {
      const base = `objectives[${index}].alignment`;
      if (objective.alignment.inherits === to) return `${base}.inherits`;
      const j = objective.alignment.supports.indexOf(to);
      if (j >= 0) return `${base}.supports[${j}]`;
    }
  }
  return undefined;
}

/** Only reached when ids are ambiguous (already an error of its own): point at some objective on the loop. */
function loopFallbackPath(loop: readonly string[], objectivesById: ObjectivesById): string {
  const on = loop.map((id) => objectivesById.get(id)?.[0]).find((entry) => entry !== undefined);
  return on ? `objectives[${on.index}].alignment` : 'objectives';
}
