/** One field of the editor: its label, its input, its hint and its errors as you type. */
import type { ComponentChildren } from 'preact';
import type { CycleForm, EditCheck, KrForm, ObjectiveForm } from '../../lib/view/okr-edit';

export type OnChange = (patch: Partial<CycleForm> | Partial<ObjectiveForm> | Partial<KrForm>) => void;

/** The errors for one field, with the id its input points to through aria-describedby. */
function fieldErrors(check: EditCheck | null, field: string): string[] {
  return (
    check?.errors
      .filter((error) => error.field === field || error.field.startsWith(`${field}.`) || error.field.startsWith(`${field}[`))
      .map((error) => error.message) ?? []
  );
}

export function Field(props: {
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
export function TextField(props: {
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
