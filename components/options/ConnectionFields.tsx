/**
 * A connection's inputs, drawn from its tracker's `connectionFields` (lib/trackers/<id>/info.ts):
 * a tracker's fields appear here without Options code of their own.
 */
import type { TrackerId } from '../../lib/okr/model';
import type { ConnectionField } from '../../lib/trackers/tracker';

/** What a secret field shows when one is stored: the field itself is never prefilled. */
export const STORED_PLACEHOLDER = 'stored — leave blank to keep';

export interface ConnectionFieldsProps {
  tracker: TrackerId;
  fields: readonly ConnectionField[];
  /** Prefix of the inputs' ids, unique on the page. */
  id: string;
  /** The connection as typed, by field name. */
  values: Readonly<Record<string, string>>;
  /** Secret fields whose value is stored (they show so, and stay blank). */
  stored?: ReadonlySet<string>;
  disabled?: boolean;
  onInput: (name: string, value: string) => void;
}

const testIdOf = (tracker: TrackerId, field: ConnectionField) => `kr-lens-${tracker}-${field.testId ?? field.name}`;

const INPUT_TYPES = {
  url: { type: 'url', inputMode: 'url', autoComplete: 'off' },
  email: { type: 'email', autoComplete: 'off' },
  secret: { type: 'password', autoComplete: 'new-password' },
} as const;

function FieldHint({ id, field }: { id: string; field: ConnectionField }) {
  if (!field.hint) return null;
  return (
    <p id={id} class="hint">
      {field.hint}
      {field.hintLink && (
        <>
          {' '}
          <a href={field.hintLink.href} target="_blank" rel="noreferrer">
            {field.hintLink.text}
          </a>
          .
        </>
      )}
    </p>
  );
}

function ChoiceField({ field, inputId, props }: { field: ConnectionField; inputId: string; props: ConnectionFieldsProps }) {
  const value = props.values[field.name] ?? '';
  const chosen = field.choices?.find((choice) => choice.value === value);
  return (
    <>
      <fieldset class="choices">
        <legend>{field.label}</legend>
        {field.choices?.map((choice) => (
          <label key={choice.value} class="choice">
            <input
              type="radio"
              name={inputId}
              value={choice.value}
              data-testid={`${testIdOf(props.tracker, field)}-${choice.value}`}
              checked={value === choice.value}
              disabled={props.disabled}
              onChange={() => props.onInput(field.name, choice.value)}
            />
            {choice.label}
          </label>
        ))}
      </fieldset>
      {chosen?.hint && <p class="hint">{chosen.hint}</p>}
    </>
  );
}

function InputField({ field, inputId, props }: { field: ConnectionField; inputId: string; props: ConnectionFieldsProps }) {
  const stored = field.kind === 'secret' && (props.stored?.has(field.name) ?? false);
  const hintId = field.hint ? `${inputId}-hint` : undefined;
  return (
    <div class="field">
      <label for={inputId}>{field.label}</label>
      <input
        id={inputId}
        {...INPUT_TYPES[field.kind as keyof typeof INPUT_TYPES]}
        spellcheck={false}
        aria-describedby={hintId}
        data-testid={testIdOf(props.tracker, field)}
        placeholder={stored && !props.disabled ? STORED_PLACEHOLDER : (field.placeholder ?? '')}
        disabled={props.disabled}
        value={props.values[field.name] ?? ''}
        onInput={(event) => props.onInput(field.name, event.currentTarget.value)}
      />
      {hintId && <FieldHint id={hintId} field={field} />}
    </div>
  );
}

/** The fields in the descriptor's order, each shown while the field it depends on has its value. */
export function ConnectionFields(props: ConnectionFieldsProps) {
  const shown = props.fields.filter((field) => !field.shownWhen || props.values[field.shownWhen.field] === field.shownWhen.value);
  return (
    <>
      {shown.map((field) => {
        const inputId = `${props.id}-${field.name}`;
        return field.kind === 'choice' ? (
          <ChoiceField key={field.name} field={field} inputId={inputId} props={props} />
        ) : (
          <InputField key={field.name} field={field} inputId={inputId} props={props} />
        );
      })}
    </>
  );
}
