/**
 * What an import would change (SPEC: an import "shows what will change"). Records are matched by
 * id; a record counts as changed when any field differs, and the fields are named so the preview
 * can say "title, measure". Pure: both sets are plain data.
 */
import type { OkrSetInput } from '../okr/model';

export interface ItemRef {
  id: string;
  /** What a person recognises the record by: a title, a cycle name, a check-in's KR and time. */
  label: string;
}

export interface ChangedItem extends ItemRef {
  fields: string[];
}

export interface CollectionChanges {
  added: ItemRef[];
  removed: ItemRef[];
  changed: ChangedItem[];
}

export interface SetChanges {
  /** Top-level fields of the set itself (`name`, `homeUrl`, `playbook`) that differ. */
  set: string[];
  cycles: CollectionChanges;
  objectives: CollectionChanges;
  keyResults: CollectionChanges;
  checkIns: CollectionChanges;
}

export const COLLECTIONS = ['cycles', 'objectives', 'keyResults', 'checkIns'] as const;
export type Collection = (typeof COLLECTIONS)[number];

type Item<C extends Collection> = OkrSetInput[C][number];

const labelOf: { [C in Collection]: (item: Item<C>) => string } = {
  cycles: (c) => c.name,
  objectives: (o) => o.title,
  keyResults: (kr) => kr.title,
  checkIns: (ci) => `${ci.krId} at ${ci.at}`,
};

/** `previous` undefined means the set is new: everything in `next` is added. */
export function diffSets(previous: OkrSetInput | undefined, next: OkrSetInput): SetChanges {
  return {
    set: previous ? changedFields(topLevel(previous), topLevel(next)) : [],
    cycles: diffCollection('cycles', previous?.cycles ?? [], next.cycles),
    objectives: diffCollection('objectives', previous?.objectives ?? [], next.objectives),
    keyResults: diffCollection('keyResults', previous?.keyResults ?? [], next.keyResults),
    checkIns: diffCollection('checkIns', previous?.checkIns ?? [], next.checkIns),
  };
}

export function hasChanges(changes: SetChanges): boolean {
  return (
    changes.set.length > 0 || COLLECTIONS.some((c) => changes[c].added.length + changes[c].removed.length + changes[c].changed.length > 0)
  );
}

function diffCollection<C extends Collection>(
  collection: C,
  before: ReadonlyArray<Item<C>>,
  after: ReadonlyArray<Item<C>>,
): CollectionChanges {
  const label = labelOf[collection] as (item: Item<C>) => string;
  const ref = (item: Item<C>): ItemRef => ({ id: item.id, label: label(item) });
  const beforeById = new Map(before.map((item) => [item.id, item]));
  const afterIds = new Set(after.map((item) => item.id));
  const changes: CollectionChanges = { added: [], removed: [], changed: [] };
  for (const item of after) {
    const old = beforeById.get(item.id);
    if (!old) changes.added.push(ref(item));
    else {
      const fields = changedFields(old as Record<string, unknown>, item as Record<string, unknown>);
      if (fields.length > 0) changes.changed.push({ ...ref(item), fields });
    }
  }
  for (const item of before) if (!afterIds.has(item.id)) changes.removed.push(ref(item));
  return changes;
}

function topLevel(set: OkrSetInput): Record<string, unknown> {
  const { cycles: _c, objectives: _o, keyResults: _k, checkIns: _ci, ...rest } = set;
  return rest;
}

/** Field names whose values differ, in a stable order; a field set to undefined counts as absent. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((key) => !sameValue(before[key], after[key]));
}

/** Structural equality of JSON-like values. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  return changedFields(a as Record<string, unknown>, b as Record<string, unknown>).length === 0;
}
