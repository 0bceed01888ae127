/**
 * Publishing a local set to a new space (SPEC "Team spaces" → Publishing): show what will be
 * created first, then create every record and check-in in the set's order with progress, and
 * resume a run cut off half-way without duplicates (the space is read first, and each record and
 * check-in already there is left alone).
 */
import type { CheckIn, OkrSet } from '../okr/model';
import { draftsFromSet, recordKey, recordTitle, type RecordDraft } from './record';
import type { SpaceHome, SpaceRead, SpaceStore } from './space-store';

export interface PublishPlan {
  space: SpaceHome;
  /** Every record of the set, in order, and whether the space holds it already. */
  records: Array<{ draft: RecordDraft; title: string; exists: boolean }>;
  checkIns: Array<{ checkIn: CheckIn; exists: boolean }>;
  /** What the run will create. */
  toCreate: { records: number; checkIns: number };
  /** Sentences about the space as read (records skipped). */
  skipped: string[];
}

export interface PublishProgress {
  done: number;
  total: number;
  /** What was just written (or found already there). */
  title: string;
}

export function planFrom(space: SpaceHome, set: OkrSet, read: SpaceRead): PublishPlan {
  const held = new Set(read.records.map((located) => recordKey(located.record)));
  const heldCheckIns = new Set(read.checkIns.map((located) => located.checkIn.id));
  const records = draftsFromSet(set).map((draft) => ({ draft, title: recordTitle(draft), exists: held.has(recordKey(draft)) }));
  const checkIns = set.checkIns.map((checkIn) => ({ checkIn, exists: heldCheckIns.has(checkIn.id) }));
  return {
    space,
    records,
    checkIns,
    toCreate: { records: records.filter((r) => !r.exists).length, checkIns: checkIns.filter((c) => !c.exists).length },
    skipped: read.skipped,
  };
}

/** Reads the space and says what publishing `set` there would create. */
export async function planPublish(store: SpaceStore, space: SpaceHome, set: OkrSet, signal?: AbortSignal): Promise<PublishPlan> {
  if (set.id !== space.setId) throw new Error(`The set is “${set.id}”, not the space's “${space.setId}”.`);
  return planFrom(space, set, await store.readSpace(space, undefined, signal));
}

export interface PublishResult {
  created: { records: number; checkIns: number };
  existing: { records: number; checkIns: number };
}

/**
 * Publishes `set` to the space. Writes one thing at a time so progress is exact and a cut-off
 * leaves a prefix behind, which the next run skips.
 */
export async function publishSet(
  store: SpaceStore,
  space: SpaceHome,
  set: OkrSet,
  options: { signal?: AbortSignal; onProgress?: (progress: PublishProgress) => void } = {},
): Promise<PublishResult> {
  const plan = await planPublish(store, space, set, options.signal);
  const total = plan.records.length + plan.checkIns.length;
  const result: PublishResult = { created: { records: 0, checkIns: 0 }, existing: { records: 0, checkIns: 0 } };
  let done = 0;
  for (const { draft, title } of plan.records) {
    options.signal?.throwIfAborted();
    const { created } = await store.createRecord(space, draft, options.signal);
    result[created ? 'created' : 'existing'].records += 1;
    options.onProgress?.({ done: ++done, total, title });
  }
  for (const { checkIn } of plan.checkIns) {
    options.signal?.throwIfAborted();
    const { created } = await store.appendCheckIn(space, checkIn, options.signal);
    result[created ? 'created' : 'existing'].checkIns += 1;
    options.onProgress?.({ done: ++done, total, title: `Check-in of ${checkIn.at.slice(0, 10)}` });
  }
  return result;
}
