/** The editor's fields for a cycle and an objective (a key result's are in KrFields.tsx), each with its errors as you type. */
import type { Cycle, Objective, OkrSet } from '../../lib/okr/model';
import type { CycleForm, EditCheck, ObjectiveForm } from '../../lib/view/okr-edit';
import { LEVEL_ORDER } from '../../lib/view/okr-tree';
import { Field, type OnChange, TextField } from './EditField';

const STATES: Cycle['state'][] = ['planning', 'active', 'closed'];

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
