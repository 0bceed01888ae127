import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { DeleteAsk, EditorState } from '../../entrypoints/dashboard/state/edit-session';
import type { Cycle, Objective, OkrSet } from '../../lib/okr/model';
import type { CycleForm, EditCheck, EditTarget, KrForm, ObjectiveForm } from '../../lib/view/okr-edit';
import type { StatusLine } from '../../lib/view/status-line';
import { Status } from '../ui/Status';
import { CycleFields, ObjectiveFields } from './EditFields';
import { KrFields } from './KrFields';

export interface EditPanelProps {
  set: OkrSet;
  cycle: Cycle | null;
  editor: EditorState | null;
  check: EditCheck | null;
  status: StatusLine;
  deleteAsk: DeleteAsk | null;
  undo: { label: string } | null;
  onStart: (target: EditTarget) => void;
  onChange: (patch: Partial<CycleForm> | Partial<ObjectiveForm> | Partial<KrForm>) => void;
  onCancel: () => void;
  onSave: () => void;
  onAskDelete: (ask: DeleteAsk) => void;
  onCancelDelete: () => void;
  onConfirmDelete: () => void;
  onUndo: () => void;
}

function Editor(props: EditPanelProps & { editor: EditorState }) {
  const { editor, check } = props;
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  // Focus the first field when the editor opens, so keyboard users land in it.
  useEffect(() => form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus(), [editor.id]);
  const noun = editor.target.kind === 'kr' ? 'key result' : editor.target.kind;
  return (
    <form
      ref={form}
      class="editor"
      aria-label={`${editor.isNew ? 'New' : 'Edit'} ${noun}`}
      data-testid="kr-lens-dashboard-editor"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSave();
      }}
    >
      {editor.edit.kind === 'cycle' && <CycleFields form={editor.edit.form} check={check} onChange={props.onChange} id={id} />}
      {editor.edit.kind === 'objective' && (
        <ObjectiveFields form={editor.edit.form} check={check} onChange={props.onChange} id={id} set={props.set} self={editor.id} />
      )}
      {editor.edit.kind === 'kr' && <KrFields form={editor.edit.form} check={check} onChange={props.onChange} id={id} />}
      {check && check.otherErrors.length > 0 && (
        <ul class="field-error">
          {check.otherErrors.map((message) => (
            <li key={message} data-testid="kr-lens-dashboard-editor-error">
              {message}
            </li>
          ))}
        </ul>
      )}
      {check && check.findings.length > 0 && (
        <ul class="editor__findings" aria-label="Playbook findings" aria-live="polite">
          {check.findings.map((finding, index) => (
            <li
              key={index}
              class={`editor__finding editor__finding--${finding.severity}`}
              data-testid="kr-lens-dashboard-editor-finding"
              data-rule={finding.ruleId}
            >
              <strong>{finding.message}</strong> {finding.advice}
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        <button type="submit" class="primary" data-testid="kr-lens-dashboard-editor-save">
          {editor.isNew ? `Add ${noun}` : 'Save'}
        </button>
        <button type="button" class="quiet" onClick={props.onCancel} data-testid="kr-lens-dashboard-editor-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}

function DeleteConfirm({ ask, onConfirm, onCancel }: { ask: DeleteAsk; onConfirm: () => void; onCancel: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), [ask.id]);
  return (
    <div class="confirm" role="alertdialog" aria-label={`Delete “${ask.title}”?`}>
      <span>Delete “{ask.title}”? You can undo it right after.</span>
      <button type="button" class="primary" ref={button} onClick={onConfirm} data-testid="kr-lens-dashboard-delete-confirm">
        Delete
      </button>
      <button type="button" class="quiet" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

function ItemActions(
  props: EditPanelProps & { target: EditTarget & { id: string }; title: string; testId: string; children?: ComponentChildren },
) {
  const { target, title } = props;
  const editing = props.editor && props.editor.target.kind === target.kind && props.editor.id === target.id;
  const asking = props.deleteAsk && props.deleteAsk.kind === target.kind && props.deleteAsk.id === target.id;
  return (
    <div class="edit-item" data-testid={props.testId} data-id={target.id}>
      <div class="edit-item__row">
        <span class="edit-item__title">{title}</span>
        <span class="edit-item__actions">
          <button
            type="button"
            class="quiet"
            onClick={() => props.onStart(target)}
            aria-label={`Edit “${title}”`}
            data-testid="kr-lens-dashboard-edit-button"
          >
            Edit
          </button>
          <button
            type="button"
            class="quiet"
            onClick={() => props.onAskDelete({ kind: target.kind, id: target.id, title })}
            aria-label={`Delete “${title}”`}
            data-testid="kr-lens-dashboard-delete-button"
          >
            Delete
          </button>
          {props.children}
        </span>
      </div>
      {asking && <DeleteConfirm ask={props.deleteAsk!} onConfirm={props.onConfirmDelete} onCancel={props.onCancelDelete} />}
      {editing && <Editor {...props} editor={props.editor!} />}
    </div>
  );
}

/** An objective with its key results, each editable, and the form of a new key result while one is being added. */
function ObjectiveItem(props: EditPanelProps & { objective: Objective; addingKr: boolean }) {
  const { objective, addingKr } = props;
  const krs = props.set.keyResults.filter((kr) => kr.objectiveId === objective.id);
  return (
    <li class="edit-objective">
      <ItemActions
        {...props}
        target={{ kind: 'objective', id: objective.id, cycleId: objective.cycleId }}
        title={objective.title}
        testId="kr-lens-dashboard-edit-objective"
      >
        <button
          type="button"
          class="quiet"
          onClick={() => props.onStart({ kind: 'kr', id: null, objectiveId: objective.id })}
          data-testid="kr-lens-dashboard-add-kr"
        >
          Add key result
        </button>
      </ItemActions>
      <ul class="plain-list edit-krs">
        {krs.map((kr) => (
          <li key={kr.id}>
            <ItemActions
              {...props}
              target={{ kind: 'kr', id: kr.id, objectiveId: kr.objectiveId }}
              title={kr.title}
              testId="kr-lens-dashboard-edit-kr"
            />
          </li>
        ))}
        {addingKr && (
          <li>
            <Editor {...props} editor={props.editor!} />
          </li>
        )}
      </ul>
    </li>
  );
}

/** Create and edit cycles, objectives and KRs, with the playbook's findings shown as you type. */
export function EditPanel(props: EditPanelProps) {
  const { set, cycle, editor } = props;
  const objectives = cycle ? set.objectives.filter((o) => o.cycleId === cycle.id) : [];
  const isNew = (kind: EditTarget['kind'], parent?: string) =>
    editor?.isNew &&
    editor.target.kind === kind &&
    (parent === undefined || ('objectiveId' in editor.target && editor.target.objectiveId === parent));
  return (
    <section class="panel" aria-labelledby="edit-heading" data-testid="kr-lens-dashboard-edit">
      <div class="panel__header">
        <h2 id="edit-heading">Edit OKRs</h2>
        <button type="button" onClick={() => props.onStart({ kind: 'cycle', id: null })} data-testid="kr-lens-dashboard-add-cycle">
          New cycle
        </button>
      </div>
      <p class="hint">Changes are saved to this browser’s copy of {set.name}; export it from Options to share it.</p>
      <div class="undo-bar">
        <Status status={props.status} testId="kr-lens-dashboard-edit-status" />
        {props.undo && (
          <button type="button" class="quiet" onClick={props.onUndo} data-testid="kr-lens-dashboard-undo">
            Undo
          </button>
        )}
      </div>
      {isNew('cycle') && <Editor {...props} editor={editor!} />}
      {cycle && (
        <ItemActions
          {...props}
          target={{ kind: 'cycle', id: cycle.id }}
          title={`${cycle.name} (${cycle.state}, ${cycle.start} to ${cycle.end})`}
          testId="kr-lens-dashboard-edit-cycle"
        />
      )}
      <ul class="plain-list edit-list">
        {objectives.map((objective) => (
          <ObjectiveItem key={objective.id} {...props} objective={objective} addingKr={!!isNew('kr', objective.id)} />
        ))}
      </ul>
      {cycle && (
        <>
          {isNew('objective') && <Editor {...props} editor={editor!} />}
          <div class="actions">
            <button
              type="button"
              onClick={() => props.onStart({ kind: 'objective', id: null, cycleId: cycle.id })}
              data-testid="kr-lens-dashboard-add-objective"
            >
              Add objective to {cycle.name}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
