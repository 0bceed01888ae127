import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { DeleteAsk, EditorState } from '../../entrypoints/dashboard/state/edit-session';
import type { Cycle, KeyResult, Objective, OkrSet } from '../../lib/okr/model';
import type { CycleForm, EditCheck, EditTarget, KrForm, ObjectiveForm } from '../../lib/view/okr-edit';
import type { StatusLine } from '../../lib/view/status-line';
import { Status } from '../ui/Status';

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

const LEVELS: Objective['level'][] = ['company', 'department', 'team', 'individual'];
const STATES: Cycle['state'][] = ['planning', 'active', 'closed'];
const MEASURES: Array<[KeyResult['measure']['type'], string]> = [
  ['metric', 'Metric: a number from start to target'],
  ['issues', 'Linked work in Jira and Linear'],
  ['milestone', 'Milestone: reached or not'],
];

/** The errors for one field, with the id its input points to through aria-describedby. */
function fieldErrors(check: EditCheck | null, field: string): string[] {
  return check?.errors.filter((error) => error.field === field || error.field.startsWith(`${field}.`) || error.field.startsWith(`${field}[`)).map((error) => error.message) ?? [];
}

function Field(props: {
  id: string;
  label: string;
  field: string;
  check: EditCheck | null;
  children: (describedBy: string | undefined, invalid: boolean) => ComponentChildren;
  hint?: string;
}) {
  const errors = fieldErrors(props.check, props.field);
  const errorId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  const describedBy = [errors.length > 0 ? errorId : '', props.hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children(describedBy, errors.length > 0)}
      {props.hint && (
        <span class="hint" id={hintId}>
          {props.hint}
        </span>
      )}
      {errors.length > 0 && (
        <span class="field-error" id={errorId} data-testid="kr-lens-dashboard-editor-error">
          {errors.join(' ')}
        </span>
      )}
    </div>
  );
}

function CycleFields({ form, check, onChange, id }: { form: CycleForm; check: EditCheck | null; onChange: EditPanelProps['onChange']; id: string }) {
  return (
    <div class="field-row">
      <Field id={`${id}-name`} label="Name" field="name" check={check}>
        {(describedBy, invalid) => (
          <input id={`${id}-name`} value={form.name} aria-describedby={describedBy} aria-invalid={invalid} data-testid="kr-lens-dashboard-editor-title" onInput={(e) => onChange({ name: (e.currentTarget as HTMLInputElement).value })} />
        )}
      </Field>
      <Field id={`${id}-start`} label="Starts" field="start" check={check}>
        {(describedBy, invalid) => <input id={`${id}-start`} type="date" value={form.start} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => onChange({ start: (e.currentTarget as HTMLInputElement).value })} />}
      </Field>
      <Field id={`${id}-end`} label="Ends" field="end" check={check}>
        {(describedBy, invalid) => <input id={`${id}-end`} type="date" value={form.end} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => onChange({ end: (e.currentTarget as HTMLInputElement).value })} />}
      </Field>
      <Field id={`${id}-state`} label="State" field="state" check={check}>
        {() => (
          <select id={`${id}-state`} value={form.state} onChange={(e) => onChange({ state: (e.currentTarget as HTMLSelectElement).value as Cycle['state'] })}>
            {STATES.map((state) => (
              <option key={state} value={state}>
                {state}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}

function ObjectiveFields({ form, check, onChange, id, set, self }: { form: ObjectiveForm; check: EditCheck | null; onChange: EditPanelProps['onChange']; id: string; set: OkrSet; self: string }) {
  const krs = set.keyResults.filter((kr) => set.objectives.find((o) => o.id === kr.objectiveId) && kr.objectiveId !== self);
  const objectives = set.objectives.filter((o) => o.id !== self);
  return (
    <>
      <Field id={`${id}-title`} label="Objective" field="title" check={check} hint="Qualitative and inspiring: where you want to be, not what you will do.">
        {(describedBy, invalid) => (
          <input id={`${id}-title`} value={form.title} aria-describedby={describedBy} aria-invalid={invalid} data-testid="kr-lens-dashboard-editor-title" onInput={(e) => onChange({ title: (e.currentTarget as HTMLInputElement).value })} />
        )}
      </Field>
      <div class="field-row">
        <Field id={`${id}-level`} label="Level" field="level" check={check}>
          {() => (
            <select id={`${id}-level`} value={form.level} onChange={(e) => onChange({ level: (e.currentTarget as HTMLSelectElement).value as Objective['level'] })}>
              {LEVELS.map((level) => (
                <option key={level} value={level}>
                  {level}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-commitment`} label="Commitment" field="commitment" check={check}>
          {() => (
            <select id={`${id}-commitment`} value={form.commitment} onChange={(e) => onChange({ commitment: (e.currentTarget as HTMLSelectElement).value as Objective['commitment'] })}>
              <option value="committed">committed (expected to reach 1.0)</option>
              <option value="aspirational">aspirational (about 0.7 is good)</option>
            </select>
          )}
        </Field>
        <Field id={`${id}-team`} label="Team" field="team" check={check}>
          {(describedBy) => <input id={`${id}-team`} value={form.team} aria-describedby={describedBy} data-testid="kr-lens-dashboard-editor-team" onInput={(e) => onChange({ team: (e.currentTarget as HTMLInputElement).value })} />}
        </Field>
        <Field id={`${id}-owner`} label="Owner" field="owner" check={check}>
          {(describedBy) => <input id={`${id}-owner`} value={form.owner} aria-describedby={describedBy} data-testid="kr-lens-dashboard-editor-owner" onInput={(e) => onChange({ owner: (e.currentTarget as HTMLInputElement).value })} />}
        </Field>
      </div>
      <div class="field-row">
        <Field id={`${id}-inherits`} label="Inherits the key result (explicit alignment)" field="alignment.inherits" check={check}>
          {(describedBy, invalid) => (
            <select id={`${id}-inherits`} value={form.inherits} aria-describedby={describedBy} aria-invalid={invalid} data-testid="kr-lens-dashboard-editor-inherits" onChange={(e) => onChange({ inherits: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">None</option>
              {krs.map((kr) => (
                <option key={kr.id} value={kr.id}>
                  {kr.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-supports`} label="Supports (implicit alignment)" field="alignment.supports" check={check} hint="Objectives or key results anywhere; hold Ctrl or ⌘ to choose several.">
          {(describedBy, invalid) => (
            <select
              id={`${id}-supports`}
              multiple
              size={4}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              data-testid="kr-lens-dashboard-editor-supports"
              onChange={(e) => onChange({ supports: [...(e.currentTarget as HTMLSelectElement).selectedOptions].map((option) => option.value) })}
            >
              <optgroup label="Objectives">
                {objectives.map((o) => (
                  <option key={o.id} value={o.id} selected={form.supports.includes(o.id)}>
                    {o.title}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Key results">
                {krs.map((kr) => (
                  <option key={kr.id} value={kr.id} selected={form.supports.includes(kr.id)}>
                    {kr.title}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
        </Field>
      </div>
    </>
  );
}

function KrFields({ form, check, onChange, id }: { form: KrForm; check: EditCheck | null; onChange: EditPanelProps['onChange']; id: string }) {
  return (
    <>
      <Field id={`${id}-title`} label="Key result" field="title" check={check} hint="An outcome you can measure: a number moving from X to Y.">
        {(describedBy, invalid) => (
          <input id={`${id}-title`} value={form.title} aria-describedby={describedBy} aria-invalid={invalid} data-testid="kr-lens-dashboard-editor-title" onInput={(e) => onChange({ title: (e.currentTarget as HTMLInputElement).value })} />
        )}
      </Field>
      <div class="field-row">
        <Field id={`${id}-owner`} label="Owner" field="owner" check={check}>
          {(describedBy) => <input id={`${id}-owner`} value={form.owner} aria-describedby={describedBy} data-testid="kr-lens-dashboard-editor-owner" onInput={(e) => onChange({ owner: (e.currentTarget as HTMLInputElement).value })} />}
        </Field>
        <Field id={`${id}-teams`} label="Teams, comma-separated" field="teams" check={check}>
          {(describedBy) => <input id={`${id}-teams`} value={form.teams} aria-describedby={describedBy} onInput={(e) => onChange({ teams: (e.currentTarget as HTMLInputElement).value })} />}
        </Field>
        <Field id={`${id}-weight`} label="Weight (default 1)" field="weight" check={check}>
          {(describedBy, invalid) => <input id={`${id}-weight`} inputMode="decimal" value={form.weight} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => onChange({ weight: (e.currentTarget as HTMLInputElement).value })} />}
        </Field>
      </div>
      <Field id={`${id}-measure`} label="Measured by" field="measure.type" check={check}>
        {() => (
          <select id={`${id}-measure`} value={form.measure} data-testid="kr-lens-dashboard-editor-measure" onChange={(e) => onChange({ measure: (e.currentTarget as HTMLSelectElement).value as KrForm['measure'] })}>
            {MEASURES.map(([type, words]) => (
              <option key={type} value={type}>
                {words}
              </option>
            ))}
          </select>
        )}
      </Field>
      {form.measure === 'metric' && (
        <div class="field-row">
          <Field id={`${id}-start`} label="Start" field="measure.start" check={check}>
            {(describedBy, invalid) => <input id={`${id}-start`} inputMode="decimal" value={form.start} aria-describedby={describedBy} aria-invalid={invalid} data-testid="kr-lens-dashboard-editor-start" onInput={(e) => onChange({ start: (e.currentTarget as HTMLInputElement).value })} />}
          </Field>
          <Field id={`${id}-target`} label="Target" field="measure.target" check={check}>
            {(describedBy, invalid) => <input id={`${id}-target`} inputMode="decimal" value={form.target} aria-describedby={describedBy} aria-invalid={invalid} data-testid="kr-lens-dashboard-editor-target" onInput={(e) => onChange({ target: (e.currentTarget as HTMLInputElement).value })} />}
          </Field>
          <Field id={`${id}-unit`} label="Unit" field="measure.unit" check={check}>
            {(describedBy) => <input id={`${id}-unit`} value={form.unit} aria-describedby={describedBy} onInput={(e) => onChange({ unit: (e.currentTarget as HTMLInputElement).value })} />}
          </Field>
        </div>
      )}
      {form.measure === 'issues' && (
        <div class="field-row">
          <Field id={`${id}-weighting`} label="Weigh issues by" field="measure.weighting" check={check}>
            {() => (
              <select id={`${id}-weighting`} value={form.weighting} onChange={(e) => onChange({ weighting: (e.currentTarget as HTMLSelectElement).value as KrForm['weighting'] })}>
                <option value="count">count (each issue 1)</option>
                <option value="estimate">estimate</option>
              </select>
            )}
          </Field>
          <Field id={`${id}-credit`} label="Credit for work in progress (0–1)" field="measure.inProgressCredit" check={check}>
            {(describedBy, invalid) => <input id={`${id}-credit`} inputMode="decimal" value={form.inProgressCredit} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => onChange({ inProgressCredit: (e.currentTarget as HTMLInputElement).value })} />}
          </Field>
        </div>
      )}
    </>
  );
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
      {editor.edit.kind === 'objective' && <ObjectiveFields form={editor.edit.form} check={check} onChange={props.onChange} id={id} set={props.set} self={editor.id} />}
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
            <li key={index} class={`editor__finding editor__finding--${finding.severity}`} data-testid="kr-lens-dashboard-editor-finding" data-rule={finding.ruleId}>
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

function ItemActions(props: EditPanelProps & { target: EditTarget & { id: string }; title: string; testId: string; children?: ComponentChildren }) {
  const { target, title } = props;
  const editing = props.editor && props.editor.target.kind === target.kind && props.editor.id === target.id;
  const asking = props.deleteAsk && props.deleteAsk.kind === target.kind && props.deleteAsk.id === target.id;
  return (
    <div class="edit-item" data-testid={props.testId} data-id={target.id}>
      <div class="edit-item__row">
        <span class="edit-item__title">{title}</span>
        <span class="edit-item__actions">
          <button type="button" class="quiet" onClick={() => props.onStart(target)} aria-label={`Edit “${title}”`} data-testid="kr-lens-dashboard-edit-button">
            Edit
          </button>
          <button type="button" class="quiet" onClick={() => props.onAskDelete({ kind: target.kind, id: target.id, title })} aria-label={`Delete “${title}”`} data-testid="kr-lens-dashboard-delete-button">
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

/** Create and edit cycles, objectives and KRs, with the playbook's findings shown as you type. */
export function EditPanel(props: EditPanelProps) {
  const { set, cycle, editor } = props;
  const objectives = cycle ? set.objectives.filter((o) => o.cycleId === cycle.id) : [];
  const isNew = (kind: EditTarget['kind'], parent?: string) =>
    editor?.isNew && editor.target.kind === kind && (parent === undefined || ('objectiveId' in editor.target && editor.target.objectiveId === parent));
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
        <ItemActions {...props} target={{ kind: 'cycle', id: cycle.id }} title={`${cycle.name} (${cycle.state}, ${cycle.start} to ${cycle.end})`} testId="kr-lens-dashboard-edit-cycle" />
      )}
      <ul class="plain-list edit-list">
        {objectives.map((objective) => {
          const krs = set.keyResults.filter((kr) => kr.objectiveId === objective.id);
          return (
            <li key={objective.id} class="edit-objective">
              <ItemActions {...props} target={{ kind: 'objective', id: objective.id, cycleId: objective.cycleId }} title={objective.title} testId="kr-lens-dashboard-edit-objective">
                <button type="button" class="quiet" onClick={() => props.onStart({ kind: 'kr', id: null, objectiveId: objective.id })} data-testid="kr-lens-dashboard-add-kr">
                  Add key result
                </button>
              </ItemActions>
              <ul class="plain-list edit-krs">
                {krs.map((kr) => (
                  <li key={kr.id}>
                    <ItemActions {...props} target={{ kind: 'kr', id: kr.id, objectiveId: kr.objectiveId }} title={kr.title} testId="kr-lens-dashboard-edit-kr" />
                  </li>
                ))}
                {isNew('kr', objective.id) && (
                  <li>
                    <Editor {...props} editor={editor!} />
                  </li>
                )}
              </ul>
            </li>
          );
        })}
      </ul>
      {cycle && (
        <>
          {isNew('objective') && <Editor {...props} editor={editor!} />}
          <div class="actions">
            <button type="button" onClick={() => props.onStart({ kind: 'objective', id: null, cycleId: cycle.id })} data-testid="kr-lens-dashboard-add-objective">
              Add objective to {cycle.name}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
