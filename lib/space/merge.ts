/**
 * A refresh returns only what changed; this folds it into the last full read. Pure, so the
 * background's cache and the stores' own memory of a space use the same rule: a record is kept
 * at its highest rev, a check-in once by id, and the order is the order things were first seen
 * (creation order), with new ones after.
 */
import { recordKey } from './record';
import type { LocatedCheckIn, LocatedRecord, SpaceRead } from './space-store';

function mergeRecords(base: readonly LocatedRecord[], delta: readonly LocatedRecord[]): LocatedRecord[] {
  const merged = new Map(base.map((located) => [recordKey(located.record), located]));
  for (const located of delta) {
    const key = recordKey(located.record);
    const previous = merged.get(key);
    if (!previous || located.record.rev >= previous.record.rev) merged.set(key, located);
  }
  return [...merged.values()];
}

function mergeCheckIns(base: readonly LocatedCheckIn[], delta: readonly LocatedCheckIn[]): LocatedCheckIn[] {
  const merged = new Map(base.map((located) => [located.checkIn.id, located]));
  for (const located of delta) if (!merged.has(located.checkIn.id)) merged.set(located.checkIn.id, located);
  return [...merged.values()];
}

/** `base` updated with `delta`; a complete delta (a full read) simply replaces it. */
export function mergeSpaceRead(base: SpaceRead, delta: SpaceRead): SpaceRead {
  if (delta.complete) return delta;
  return {
    records: mergeRecords(base.records, delta.records),
    checkIns: mergeCheckIns(base.checkIns, delta.checkIns),
    // A skipped record that was fixed since is gone from the delta's sentences; one still broken is said again.
    skipped: [...new Set([...base.skipped.filter((s) => !delta.records.some((r) => s.includes(` ${r.where}:`))), ...delta.skipped])],
    readAt: delta.readAt,
    complete: base.complete,
    cursor: { readAt: delta.readAt, seen: [...new Set([...base.cursor.seen, ...delta.cursor.seen])] },
  };
}

/** The entries setFromRecords takes, from a read. */
export function entriesOf(read: Pick<SpaceRead, 'records' | 'checkIns'>) {
  return {
    records: read.records.map((located) => ({ where: located.where, value: located.record as unknown })),
    checkIns: read.checkIns.map((located) => ({ where: located.where, value: located.checkIn as unknown })),
  };
}

/** The read with one record written by this client put in (replacing its older copy). */
export function withRecord(read: SpaceRead, located: LocatedRecord): SpaceRead {
  return { ...read, records: mergeRecords(read.records, [located]) };
}

/** The read with one check-in appended by this client. */
export function withCheckIn(read: SpaceRead, located: LocatedCheckIn): SpaceRead {
  return {
    ...read,
    checkIns: mergeCheckIns(read.checkIns, [located]),
    cursor: { ...read.cursor, seen: [...read.cursor.seen, located.ref] },
  };
}
