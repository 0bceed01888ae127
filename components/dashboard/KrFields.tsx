/** The editor's fields for a key result: what it is, who owns it, and how it is measured. */
import type { KeyResult } from '../../lib/okr/model';
import type { EditCheck, KrForm } from '../../lib/view/okr-edit';
import { Field, type OnChange, TextField } from './EditField';

type KrFieldsProps = { form: KrForm; check: EditCheck | null; onChange: OnChange; id: string };

const MEASURES: Array<[KeyResult['measure']['type'], string]> = [
  ['metric', 'Metric: a number from start to target'],
  ['issues', 'Linked work in Jira and Linear'],
  ['milestone', 'Milestone: reached or not'],
];

function MeasureChoice({ form, check, onChange, id }: KrFieldsProps) {
  return (
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
  );
}

/** A metric KR: a number from its start to its target. */
function MetricFields({ form, check, onChange, id }: KrFieldsProps) {
  return (
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
  );
}

/** An issues KR: how its linked work is weighed and what work in progress earns. */
function IssuesMeasureFields({ form, check, onChange, id }: KrFieldsProps) {
  return (
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
  );
}

export function KrFields(props: KrFieldsProps) {
  const { form, check, onChange, id } = props;
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
      <MeasureChoice {...props} />
      {form.measure === 'metric' && <MetricFields {...props} />}
      {form.measure === 'issues' && <IssuesMeasureFields {...props} />}
    </>
  );
}
