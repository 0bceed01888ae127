/**
 * What an edit of a space's set writes: the records whose data changed (each against the rev the
 * page read, so someone else's change since is never overwritten) and the check-ins that are new.
 * Computed between the set the page read and the set it would save, so records the user did not
 * touch are not written even when they moved on in the tracker meanwhile.
 */
import { z } from 'zod';
import { checkInSchema, cycleSchema, idSchema, objectiveSchema, type CheckIn, type OkrSet } from '../okr/model';
import { draftsFromSet, krDataSchema, recordKey, setDataSchema, type RecordDraft } from './record';

export interface RecordEdit {
  draft: RecordDraft;
  /** The rev the page read; null for a record that is new. */
  baseRev: number | null;
}

export interface SpaceEdits {
  records: RecordEdit[];
  checkIns: CheckIn[];
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function spaceEditsBetween(base: OkrSet, next: OkrSet, revs: Readonly<Record<string, number>>): SpaceEdits {
  const before = new Map(draftsFromSet(base).map((draft) => [recordKey(draft), draft]));
  const after = draftsFromSet(next);
  const afterKeys = new Set(after.map(recordKey));
  const records: RecordEdit[] = [];
  for (const draft of after) {
    const previous = before.get(recordKey(draft));
    if (previous && sameJson(previous.data, draft.data)) continue;
    records.push({ draft, baseRev: previous ? (revs[recordKey(draft)] ?? null) : null });
  }
  // A record gone from the set is soft-deleted: its last data, marked deleted.
  for (const [key, draft] of before) {
    if (!afterKeys.has(key)) records.push({ draft: { ...draft, deleted: true } as RecordDraft, baseRev: revs[key] ?? null });
  }
  const known = new Set(base.checkIns.map((checkIn) => checkIn.id));
  return { records, checkIns: next.checkIns.filter((checkIn) => !known.has(checkIn.id)) };
}

/** The wire form of a record draft, checked like a record's data. */
export const recordDraftSchema: z.ZodType<RecordDraft> = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('set'), id: idSchema, data: setDataSchema, deleted: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('cycle'), id: idSchema, data: cycleSchema, deleted: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('objective'), id: idSchema, data: objectiveSchema, deleted: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('kr'), id: idSchema, data: krDataSchema, deleted: z.boolean().optional() }),
]) as unknown as z.ZodType<RecordDraft>;

export const spaceEditsSchema = z.strictObject({
  records: z.array(z.strictObject({ draft: recordDraftSchema, baseRev: z.number().int().positive().nullable() })).max(500),
  checkIns: z.array(checkInSchema).max(500),
});
