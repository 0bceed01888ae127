/** The editor's fields for a cycle, an objective and a key result, each with its errors as you type. */
import type { ComponentChildren } from 'preact';
import type { Cycle, KeyResult, Objective, OkrSet } from '../../lib/okr/model';
import type { CycleForm, EditCheck, KrForm, ObjectiveForm } from '../../lib/view/okr-edit';
import { LEVEL_ORDER } from '../../lib/view/okr-tree';

type OnChange = (patch: Partial<CycleForm> | Partial<ObjectiveForm> | Partial<KrForm>) => void;

const STATES: Cycle['state'][] = ['planning', 'active', 'closed'];
const MEASURES: Array<[KeyResult['measure']['type'], string]> = [
  ['metric', 'Metric: a number from start to target'],
  ['issues', 'Linked work in Jira and Linear'],
  ['milestone', 'Milestone: reached or not'],
];

/** The errors for one field, with the id its input points to through aria-describedby. */
function fieldErrors(check: EditCheck | null, field: string): string[] {
  return (
    check?.errors
      .filter((error) => error.field === field || error.field.startsWith(`${field}.`) || error.field.startsWith(`${field}[`))
      .map((error) => error.message) ?? []
  );
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

/** A one-line text field of the editor; `markInvalid` also sets aria-invalid while the field has errors. */
function TextField(props: {
  id: string;
  label: string;
  field: string;
  check: EditCheck | null;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  testId?: string;
  markInvalid?: boolean;
  type?: 'date';
  inputMode?: 'decimal';
}) {
  return (
    <Field id={props.id} label={props.label} field={props.field} check={props.check} {...(props.hint ? { hint: props.hint } : {})}>
      {(describedBy, invalid) => {
        const common = {
          id: props.id,
          value: props.value,
          'aria-describedby': describedBy,
          'aria-invalid': props.markInvalid ? invalid : undefined,
          'data-testid': props.testId,
          onInput: (e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value),
        };
        // Preact types a date input apart from a text one, so the two are written out.
        return props.type === 'date' ? <input type="date" {...common} /> : <input inputMode={props.inputMode} {...common} />;
      }}
    </Field>
  );
}

export function CycleFields({ form, check, onChange, id }: { form: CycleForm; check: EditCheck | null; onChange: OnChange; id: string }) {
  return (
    <div class="field-row">
      <TextField
        id={`${id}-name`}
        label="Name"
        field="name"
        check={check}
        value={form.name}
        testId="kr-lens-dashboard-editor-title"
        markInvalid
        onInput={(value) => onChange({ name: value })}
      />
      <TextField
        id={`${id}-start`}
        label="Starts"
        field="start"
        check={check}
        value={form.start}
        type="date"
        markInvalid
        onInput={(value) => onChange({ start: value })}
      />
      <TextField
        id={`${id}-end`}
        label="Ends"
        field="end"
        check={check}
        value={form.end}
        type="date"
        markInvalid
        onInput={(value) => onChange({ end: value })}
      />
      <Field id={`${id}-state`} label="State" field="state" check={check}>
        {() => (
          <select
            id={`${id}-state`}
            value={form.state}
            onChange={(e) => onChange({ state: (e.currentTarget as HTMLSelectElement).value as Cycle['state'] })}
          >
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

type ObjectiveFieldsProps = { form: ObjectiveForm; check: EditCheck | null; onChange: OnChange; id: string; set: OkrSet; self: string };

/** What the objective inherits (explicit alignment) and supports (implicit); never itself or its own KRs. */
function AlignmentFields({ form, check, onChange, id, set, self }: ObjectiveFieldsProps) {
  const krs = set.keyResults.filter((kr) => set.objectives.find((o) => o.id === kr.objectiveId) && kr.objectiveId !== self);
  const objectives = set.objectives.filter((o) => o.id !== self);
  return (
    <div class="field-row">
      <Field id={`${id}-inherits`} label="Inherits the key result (explicit alignment)" field="alignment.inherits" check={check}>
        {(describedBy, invalid) => (
          <select
            id={`${id}-inherits`}
            value={form.inherits}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            data-testid="kr-lens-dashboard-editor-inherits"
            onChange={(e) => onChange({ inherits: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">None</option>
            {krs.map((kr) => (
              <option key={kr.id} value={kr.id}>
                {kr.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id={`${id}-supports`}
        label="Supports (implicit alignment)"
        field="alignment.supports"
        check={check}
        hint="Objectives or key results anywhere; hold Ctrl or ⌘ to choose several."
      >
        {(describedBy, invalid) => (
          <select
            id={`${id}-supports`}
            multiple
            size={4}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            data-testid="kr-lens-dashboard-editor-supports"
            onChange={(e) =>
              onChange({ supports: [...(e.currentTarget as HTMLSelectElement).selectedOptions].map((option) => option.value) })
            }
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
  );
}

export function ObjectiveFields({ form, check, onChange, id, set, self }: ObjectiveFieldsProps) {
  return (
    <>
      <TextField
        id={`${id}-title`}
        label="Objective"
        field="title"
        check={check}
        value={form.title}
        hint="Qualitative and inspiring: where you want to be, not what you will do."
        testId="kr-lens-dashboard-editor-title"
        markInvalid
        onInput={(value) => onChange({ title: value })}
      />
      <div class="field-row">
        <Field id={`${id}-level`} label="Level" field="level" check={check}>
          {() => (
            <select
              id={`${id}-level`}
              value={form.level}
              onChange={(e) => onChange({ level: (e.currentTarget as HTMLSelectElement).value as Objective['level'] })}
            >
              {LEVEL_ORDER.map((level) => (
                <option key={level} value={level}>
                  {level}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-commitment`} label="Commitment" field="commitment" check={check}>
          {() => (
            <select
              id={`${id}-commitment`}
              value={form.commitment}
              onChange={(e) => onChange({ commitment: (e.currentTarget as HTMLSelectElement).value as Objective['commitment'] })}
            >
              <option value="committed">committed (expected to reach 1.0)</option>
              <option value="aspirational">aspirational (about 0.7 is good)</option>
            </select>
          )}
        </Field>
        <TextField
          id={`${id}-team`}
          label="Team"
          field="team"
          check={check}
          value={form.team}
          testId="kr-lens-dashboard-editor-team"
          onInput={(value) => onChange({ team: value })}
        />
        <TextField
          id={`${id}-owner`}
          label="Owner"
          field="owner"
          check={check}
          value={form.owner}
          testId="kr-lens-dashboard-editor-owner"
          onInput={(value) => onChange({ owner: value })}
        />
      </div>
      <AlignmentFields form={form} check={check} onChange={onChange} id={id} set={set} self={self} />
    </>
  );
}

export function KrFields({ form, check, onChange, id }: { form: KrForm; check: EditCheck | null; onChange: OnChange; id: string }) {
  return (
    <>
      <TextField
        id={`${id}-title`}
        label="Key result"
        field="title"
        check={check}
        value={form.title}
        hint="An outcome you can measure: a number moving from X to Y."
        testId="kr-lens-dashboard-editor-title"
        markInvalid
        onInput={(value) => onChange({ title: value })}
      />
      <div class="field-row">
        <TextField
          id={`${id}-owner`}
          label="Owner"
          field="owner"
          check={check}
          value={form.owner}
          testId="kr-lens-dashboard-editor-owner"
          onInput={(value) => onChange({ owner: value })}
        />
        <TextField
          id={`${id}-teams`}
          label="Teams, comma-separated"
          field="teams"
          check={check}
          value={form.teams}
          onInput={(value) => onChange({ teams: value })}
        />
        <TextField
          id={`${id}-weight`}
          label="Weight (default 1)"
          field="weight"
          check={check}
          value={form.weight}
          inputMode="decimal"
          markInvalid
          onInput={(value) => onChange({ weight: value })}
        />
      </div>
      <Field id={`${id}-measure`} label="Measured by" field="measure.type" check={check}>
        {() => (
          <select
            id={`${id}-measure`}
            value={form.measure}
            data-testid="kr-lens-dashboard-editor-measure"
            onChange={(e) => onChange({ measure: (e.currentTarget as HTMLSelectElement).value as KrForm['measure'] })}
          >
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
          <TextField
            id={`${id}-start`}
            label="Start"
            field="measure.start"
            check={check}
            value={form.start}
            inputMode="decimal"
            testId="kr-lens-dashboard-editor-start"
            markInvalid
            onInput={(value) => onChange({ start: value })}
          />
          <TextField
            id={`${id}-target`}
            label="Target"
            field="measure.target"
            check={check}
            value={form.target}
            inputMode="decimal"
            testId="kr-lens-dashboard-editor-target"
            markInvalid
            onInput={(value) => onChange({ target: value })}
          />
          <TextField
            id={`${id}-unit`}
            label="Unit"
            field="measure.unit"
            check={check}
            value={form.unit}
            onInput={(value) => onChange({ unit: value })}
          />
        </div>
      )}
      {form.measure === 'issues' && (
        <div class="field-row">
          <Field id={`${id}-weighting`} label="Weigh issues by" field="measure.weighting" check={check}>
            {() => (
              <select
                id={`${id}-weighting`}
                value={form.weighting}
                onChange={(e) => onChange({ weighting: (e.currentTarget as HTMLSelectElement).value as KrForm['weighting'] })}
              >
                <option value="count">count (each issue 1)</option>
                <option value="estimate">estimate</option>
              </select>
            )}
          </Field>
          <TextField
            id={`${id}-credit`}
            label="Credit for work in progress (0–1)"
            field="measure.inProgressCredit"
            check={check}
            value={form.inProgressCredit}
            inputMode="decimal"
            markInvalid
            onInput={(value) => onChange({ inProgressCredit: value })}
          />
        </div>
      )}
    </>
  );
}
