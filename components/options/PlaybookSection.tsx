import { useId } from 'preact/hooks';
import type { PlaybookForm } from '../../entrypoints/options/state/playbook-form';
import type { StatusLine } from '../../lib/view/status-line';
import type { IssueKind } from '../../lib/okr/model';
import { Status } from '../ui/Status';

export interface PlaybookSectionProps {
  /** Name of the active set the playbook belongs to; null when there is none yet. */
  setName: string | null;
  form: PlaybookForm;
  status: StatusLine;
  onChange: (patch: Partial<PlaybookForm>) => void;
  onReset: () => void;
  onSave: () => void;
}

type TextKey = Exclude<keyof PlaybookForm, 'runKinds'>;

const KIND_NAMES: Record<IssueKind, string> = {
  epic: 'Epic',
  story: 'Story',
  task: 'Task',
  bug: 'Bug',
  subtask: 'Sub-task',
  other: 'Other',
};

function NumberField(
  props: { id: string; label: string; name: TextKey; min: number; max?: number } & Pick<PlaybookSectionProps, 'form' | 'onChange'>,
) {
  return (
    <div class="field field--number">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        step={1}
        data-testid={`kr-lens-playbook-${props.name}`}
        value={props.form[props.name]}
        onInput={(event) => props.onChange({ [props.name]: event.currentTarget.value })}
      />
    </div>
  );
}

function ListField(
  props: { id: string; label: string; hint?: string; name: TextKey; rows?: number } & Pick<PlaybookSectionProps, 'form' | 'onChange'>,
) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        rows={props.rows ?? 2}
        spellcheck={false}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        data-testid={`kr-lens-playbook-${props.name}`}
        value={props.form[props.name]}
        onInput={(event) => props.onChange({ [props.name]: event.currentTarget.value })}
      />
      {props.hint ? (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

type FieldProps = { id: string } & Pick<PlaybookSectionProps, 'form' | 'onChange'>;

function LimitFields({ id, ...field }: FieldProps) {
  return (
    <fieldset>
      <legend>Limits</legend>
      <fieldset class="range">
        <legend>Objectives per team and cycle</legend>
        <NumberField id={`${id}-omin`} label="At least" name="objectivesMin" min={0} {...field} />
        <NumberField id={`${id}-omax`} label="At most" name="objectivesMax" min={1} {...field} />
      </fieldset>
      <fieldset class="range">
        <legend>Key results per objective</legend>
        <NumberField id={`${id}-kmin`} label="At least" name="keyResultsMin" min={0} {...field} />
        <NumberField id={`${id}-kmax`} label="At most" name="keyResultsMax" min={1} {...field} />
      </fieldset>
      <NumberField
        id={`${id}-stale`}
        label="Flag a key result after this many days without a check-in"
        name="staleCheckInDays"
        min={1}
        max={365}
        {...field}
      />
    </fieldset>
  );
}

function RunWorkFields({ id, ...field }: FieldProps) {
  const { form, onChange } = field;
  const toggleKind = (kind: IssueKind, on: boolean) =>
    onChange({ runKinds: on ? [...form.runKinds, kind] : form.runKinds.filter((k) => k !== kind) });
  return (
    <fieldset>
      <legend>Run work (business as usual)</legend>
      <ListField
        id={`${id}-labels`}
        label="Run labels"
        hint="Issues with any of these labels count as run work."
        name="runLabels"
        {...field}
      />
      <fieldset class="choices">
        <legend>Run issue types</legend>
        {(Object.keys(KIND_NAMES) as IssueKind[]).map((kind) => (
          <label class="choice" key={kind}>
            <input
              type="checkbox"
              data-testid={`kr-lens-playbook-kind-${kind}`}
              checked={form.runKinds.includes(kind)}
              onChange={(event) => toggleKind(kind, event.currentTarget.checked)}
            />
            {KIND_NAMES[kind]}
          </label>
        ))}
      </fieldset>
    </fieldset>
  );
}

function WordFields({ id, ...field }: FieldProps) {
  return (
    <>
      <fieldset>
        <legend>Wording</legend>
        <ListField
          id={`${id}-activity`}
          label="Activity words"
          hint="A key result worded with these is flagged “output, not outcome”."
          name="activityWords"
          rows={3}
          {...field}
        />
        <ListField
          id={`${id}-quo`}
          label="Status-quo words"
          hint="An objective worded with these is flagged as status quo."
          name="statusQuoWords"
          {...field}
        />
      </fieldset>
      <fieldset>
        <legend>Canceled in Jira</legend>
        <ListField
          id={`${id}-res`}
          label="Canceled resolutions"
          hint="A done issue with one of these resolutions counts as canceled."
          name="canceledResolutions"
          {...field}
        />
        <ListField
          id={`${id}-st`}
          label="Canceled statuses"
          hint="An issue in one of these statuses counts as canceled."
          name="canceledStatuses"
          {...field}
        />
      </fieldset>
    </>
  );
}

/** The playbook of the active set: lint limits, run work and Jira's canceled statuses. */
export function PlaybookSection(props: PlaybookSectionProps) {
  const id = useId();
  const field = { id, form: props.form, onChange: props.onChange };

  return (
    <section class="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Playbook</h2>
      {props.setName === null ? (
        <p class="muted">Import an OKR set first; the playbook is saved with it.</p>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            props.onSave();
          }}
        >
          <p class="hint">
            Rules of thumb for <strong>{props.setName}</strong>: lint warnings, what counts as run work and what Jira calls canceled. They
            are saved with the set, so exporting it keeps them. Lists are comma-separated.
          </p>
          <LimitFields {...field} />
          <RunWorkFields {...field} />
          <WordFields {...field} />
          <div class="actions">
            <button type="submit" class="primary" data-testid="kr-lens-playbook-save" disabled={props.status.tone === 'busy'}>
              Save playbook
            </button>
            <button type="button" data-testid="kr-lens-playbook-reset" onClick={props.onReset}>
              Reset to defaults
            </button>
          </div>
          <Status status={props.status} testId="kr-lens-playbook-status" />
        </form>
      )}
    </section>
  );
}
