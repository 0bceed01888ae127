/**
 * Saving the dashboard's edits into the active team space: each record against the rev it was
 * based on (the first conflict stops the save and says who changed what), then the check-ins.
 */
import { withCheckIn, withRecord } from '../../../lib/space/merge';
import type { ActiveSpaceView, ConflictView, SpaceSaveResult } from '../../../lib/space-messages';
import type { SpaceEdits } from '../../../lib/space/edits';
import { recordTitle, type RecordDraft } from '../../../lib/space/record';
import type { SpaceHome, SpaceStore, WriteConflict } from '../../../lib/space/space-store';
import type { SpaceCache, SpaceRef } from '../../../lib/store/space-cache';
import { TrackerError } from '../../../lib/trackers/tracker';
import { sourceOf } from './active';
import { snapshotOf, type SpaceReader, type SpaceSnapshot } from './reader';
import type { SpaceStoreFor } from './stores';

export const homeOf = (ref: Pick<SpaceRef, 'home' | 'setId'>): SpaceHome => ({ home: ref.home, setId: ref.setId });

export function viewOf(snapshot: SpaceSnapshot, cycleId: string | null): ActiveSpaceView {
  return { ref: snapshot.ref, set: snapshot.set, cycleId, revs: snapshot.revs, source: sourceOf(snapshot), skipped: snapshot.skipped };
}

/** Who changed what and when, for `kr-lens-conflict`. */
export function conflictView(conflict: WriteConflict, typed: RecordDraft): ConflictView {
  const title = recordTitle(conflict.current);
  const when = conflict.updatedAt.slice(0, 16).replace('T', ' ');
  const renamed = title !== recordTitle(typed) ? ` It is now “${title}”.` : '';
  return {
    title,
    where: conflict.where,
    updatedBy: conflict.updatedBy,
    updatedAt: conflict.updatedAt,
    message: `${conflict.updatedBy} changed this on ${when} UTC (${conflict.where}, rev ${conflict.current.rev}) after you opened it, so nothing was saved.${renamed} Your text is kept: save again to apply it over theirs.`,
  };
}

export interface EditSavingDeps {
  cache: SpaceCache;
  storeFor: SpaceStoreFor;
  reader: SpaceReader;
}

export function createEditSaving({ cache, storeFor, reader }: EditSavingDeps) {
  /** One record written; on a conflict the copy takes their version and the conflict is returned. */
  async function saveRecord(store: SpaceStore, ref: SpaceRef, draft: RecordDraft, baseRev: number | null): Promise<WriteConflict | null> {
    if (baseRev === null) {
      const created = await store.createRecord(homeOf(ref), draft);
      await reader.amend(ref, (read) => withRecord(read, created.record));
      return null;
    }
    const result = await store.updateRecord(homeOf(ref), draft, baseRev);
    if (result.ok) {
      await reader.amend(ref, (read) => withRecord(read, result.record));
      return null;
    }
    // The copy takes their version, so the page's next save is based on it.
    const { where, current } = result.conflict;
    await reader.amend(ref, (read) => {
      const issueId = read.records.find((located) => located.where === where)?.issueId ?? where;
      return withRecord(read, { where, issueId, record: current });
    });
    return result.conflict;
  }

  return async function saveEdits(params: { ref: Omit<SpaceRef, 'name'> } & SpaceEdits): Promise<SpaceSaveResult> {
    const active = await cache.getActive();
    const cycleId = active?.cycleId ?? null;
    const ref: SpaceRef = { ...params.ref, name: active?.ref.name ?? params.ref.setId };
    const store = await storeFor(ref.tracker, ref.site);
    for (const { draft, baseRev } of params.records) {
      const written = await saveRecord(store, ref, draft, baseRev);
      if (!written) continue;
      const conflict = conflictView(written, draft);
      const snapshot = snapshotOf((await reader.read(ref)).cached);
      return { ok: false, conflict, message: conflict.message, ...(snapshot ? { space: viewOf(snapshot, cycleId) } : {}) };
    }
    for (const checkIn of params.checkIns) {
      const appended = await store.appendCheckIn(homeOf(ref), checkIn);
      await reader.amend(ref, (read) => withCheckIn(read, appended.checkIn));
    }
    const { cached, offline } = await reader.read(ref);
    const snapshot = snapshotOf(cached, offline);
    if (!snapshot) throw new TrackerError('invalid', 'The space no longer holds its set record.');
    return { ok: true, space: viewOf(snapshot, cycleId) };
  };
}
