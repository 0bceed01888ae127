/**
 * Editing cycles, objectives and KRs: the form being edited with the playbook's findings as you
 * type, deleting with a confirmation, and undoing the last edit or delete.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { OkrSet } from '../../../lib/okr/model';
import {
  applyEdit,
  checkEdit,
  cycleToForm,
  krToForm,
  newCycleForm,
  newId,
  newKrForm,
  newObjectiveForm,
  objectiveToForm,
  removeCycle,
  removeKr,
  removeObjective,
  type CycleForm,
  type EditCheck,
  type EditForm,
  type EditTarget,
  type KrForm,
  type ObjectiveForm,
} from '../../../lib/view/okr-edit';
import { IDLE, type StatusLine } from '../../../lib/view/status-line';
import type { DashboardCore } from './core';

export interface EditorState {
  target: EditTarget;
  /** The item's id; for a new item, the one it will get. */
  id: string;
  isNew: boolean;
  edit: EditForm;
}

export interface DeleteAsk {
  kind: 'cycle' | 'objective' | 'kr';
  id: string;
  title: string;
}

export interface EditSession {
  editor: ReadonlySignal<EditorState | null>;
  /** What is wrong with the edit as typed, and its playbook findings; null when nothing is edited. */
  editCheck: ReadonlySignal<EditCheck | null>;
  editStatus: ReadonlySignal<StatusLine>;
  deleteAsk: ReadonlySignal<DeleteAsk | null>;
  /** The set before the last edit or delete, which "Undo" saves back. */
  undo: ReadonlySignal<{ label: string } | null>;
  startEdit(target: EditTarget): void;
  updateEdit(patch: Partial<CycleForm> | Partial<ObjectiveForm> | Partial<KrForm>): void;
  cancelEdit(): void;
  saveEdit(): Promise<void>;
  askDelete(ask: DeleteAsk): void;
  cancelDelete(): void;
  confirmDelete(): Promise<void>;
  undoLast(): Promise<void>;
}

/** The form for an existing item, or for a new one with the id it will get (the clock is read only for a new one). */
export function editorFor(set: OkrSet, target: EditTarget, now: () => number, today: () => string): EditorState {
  if (target.kind === 'cycle') {
    const cycle = target.id === null ? undefined : set.cycles.find((c) => c.id === target.id);
    return cycle
      ? { target, id: cycle.id, isNew: false, edit: { kind: 'cycle', form: cycleToForm(cycle) } }
      : { target, id: newId(set, 'cycle', 'cycle', now()), isNew: true, edit: { kind: 'cycle', form: newCycleForm(today()) } };
  }
  if (target.kind === 'objective') {
    const objective = target.id === null ? undefined : set.objectives.find((o) => o.id === target.id);
    return objective
      ? { target, id: objective.id, isNew: false, edit: { kind: 'objective', form: objectiveToForm(objective) } }
      : { target, id: newId(set, 'obj', '', now()), isNew: true, edit: { kind: 'objective', form: newObjectiveForm() } };
  }
  const kr = target.id === null ? undefined : set.keyResults.find((k) => k.id === target.id);
  return kr
    ? { target, id: kr.id, isNew: false, edit: { kind: 'kr', form: krToForm(kr) } }
    : { target, id: newId(set, 'kr', '', now()), isNew: true, edit: { kind: 'kr', form: newKrForm() } };
}

const ID_PREFIX: Readonly<Record<EditTarget['kind'], string>> = { cycle: 'cycle', objective: 'obj', kr: 'kr' };

function removal(set: OkrSet, ask: DeleteAsk) {
  return ask.kind === 'kr' ? removeKr(set, ask.id) : ask.kind === 'objective' ? removeObjective(set, ask.id) : removeCycle(set, ask.id);
}

/** The session's signals with the core they act on. */
interface EditSignals {
  core: DashboardCore;
  editor: Signal<EditorState | null>;
  editStatus: Signal<StatusLine>;
  deleteAsk: Signal<DeleteAsk | null>;
  undoSet: Signal<{ set: OkrSet; label: string } | null>;
  editCheck: ReadonlySignal<EditCheck | null>;
}

async function saveEdit({ core, editor, editStatus, undoSet, editCheck }: EditSignals): Promise<void> {
  const current = core.selection.value;
  const state = editor.value;
  const check = editCheck.value;
  if (!current || !state || !check) return;
  if (check.errors.length > 0 || check.otherErrors.length > 0) {
    editStatus.value = { tone: 'error', message: 'Fix the fields marked above first; nothing was saved.' };
    return;
  }
  // A new item's id comes from its title, now that there is one.
  const title = state.edit.kind === 'cycle' ? state.edit.form.name : state.edit.form.title;
  const id = state.isNew ? newId(current.set, ID_PREFIX[state.target.kind], title, core.now()) : state.id;
  const previous = current.set;
  editStatus.value = { tone: 'busy', message: 'Saving…' };
  const saved = await core.save(applyEdit(previous, state.target, id, state.edit));
  batch(() => {
    if (!saved.ok) {
      editStatus.value = { tone: 'error', message: saved.message };
      return;
    }
    editor.value = null;
    const label = `${state.isNew ? 'Added' : 'Saved'} “${title.trim()}”.`;
    undoSet.value = { set: previous, label };
    editStatus.value = { tone: 'ok', message: label };
  });
}

async function confirmDelete({ core, editStatus, deleteAsk, undoSet }: EditSignals): Promise<void> {
  const { selection, cycleId } = core;
  const current = selection.value;
  const ask = deleteAsk.value;
  if (!current || !ask) return;
  const removed = removal(current.set, ask);
  if (!removed.ok) {
    batch(() => {
      deleteAsk.value = null;
      editStatus.value = { tone: 'error', message: removed.message };
    });
    return;
  }
  const previous = current.set;
  const saved = await core.save(removed.set);
  batch(() => {
    deleteAsk.value = null;
    if (!saved.ok) {
      editStatus.value = { tone: 'error', message: saved.message };
      return;
    }
    if (ask.kind === 'cycle' && cycleId.value === ask.id)
      cycleId.value = removed.set.cycles.find((c) => c.state === 'active')?.id ?? removed.set.cycles[0]?.id ?? null;
    undoSet.value = { set: previous, label: removed.summary };
    editStatus.value = { tone: 'ok', message: removed.summary };
  });
}

async function undoLast({ core, editor, editStatus, undoSet }: EditSignals): Promise<void> {
  const { cycleId } = core;
  const last = undoSet.value;
  if (!last) return;
  const saved = await core.save(last.set);
  batch(() => {
    if (!saved.ok) {
      editStatus.value = { tone: 'error', message: saved.message };
      return;
    }
    if (cycleId.value !== null && !last.set.cycles.some((c) => c.id === cycleId.value)) cycleId.value = last.set.cycles[0]?.id ?? null;
    undoSet.value = null;
    editor.value = null;
    editStatus.value = { tone: 'ok', message: `Undone: ${last.label.charAt(0).toLowerCase()}${last.label.slice(1)}` };
  });
}

export function createEditSession(core: DashboardCore): EditSession {
  const { selection, today, now } = core;
  const editor = signal<EditorState | null>(null);
  const editStatus = signal<StatusLine>(IDLE);
  const deleteAsk = signal<DeleteAsk | null>(null);
  const undoSet = signal<{ set: OkrSet; label: string } | null>(null);
  const editCheck = computed((): EditCheck | null => {
    const current = selection.value;
    const state = editor.value;
    if (!current || !state) return null;
    return checkEdit(applyEdit(current.set, state.target, state.id, state.edit), state.target, state.id, today());
  });
  const signals: EditSignals = { core, editor, editStatus, deleteAsk, undoSet, editCheck };

  return {
    editor,
    editCheck,
    editStatus,
    deleteAsk,
    undo: computed(() => (undoSet.value ? { label: undoSet.value.label } : null)),
    startEdit(target) {
      const current = selection.value;
      if (!current) return;
      const state = editorFor(current.set, target, now, today);
      batch(() => {
        editor.value = state;
        deleteAsk.value = null;
        editStatus.value = IDLE;
      });
    },
    updateEdit(patch) {
      const state = editor.value;
      if (!state) return;
      editor.value = { ...state, edit: { ...state.edit, form: { ...state.edit.form, ...patch } } as EditForm };
      if (editStatus.value.tone === 'error') editStatus.value = IDLE;
    },
    cancelEdit() {
      editor.value = null;
    },
    saveEdit: () => saveEdit(signals),
    askDelete(ask) {
      batch(() => {
        deleteAsk.value = ask;
        editor.value = null;
        editStatus.value = IDLE;
      });
    },
    cancelDelete() {
      deleteAsk.value = null;
    },
    confirmDelete: () => confirmDelete(signals),
    undoLast: () => undoLast(signals),
  };
}
