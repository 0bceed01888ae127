/**
 * Errors as values for the store (STYLE habit 7): every expected failure is a list of sentences,
 * each with the path it is about, plus a kind the UI can act on (a conflict asks to reload, a
 * full storage asks to delete something).
 */
import type { ValidationError } from '../okr/validate';

/** `path` names the field (`objectives[2].alignment.inherits`); `''` means the file or the set as a whole. */
export type FieldError = ValidationError;

export type StoreErrorKind =
  | 'too-large'
  | 'syntax'
  | 'invalid'
  | 'newer-version'
  | 'conflict'
  | 'not-found'
  | 'expired'
  | 'quota'
  | 'storage'
  | 'damaged';

export interface Failure {
  ok: false;
  kind: StoreErrorKind;
  errors: FieldError[];
}

export type Result<T extends object> = ({ ok: true } & T) | Failure;

export function failure(kind: StoreErrorKind, message: string, path = ''): Failure {
  return { ok: false, kind, errors: [{ path, message }] };
}

/** One line per error, as shown to the user: `objectives[2].alignment.inherits: no key result "kr-9"`. */
export function formatFieldError(error: FieldError): string {
  return error.path === '' ? error.message : `${error.path}: ${error.message}`;
}

/**
 * Thrown by reads only, for data that should never be there (a damaged record, a record written
 * by a newer KR Lens): readers return plain values, so there is no result to put it in.
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly kind: StoreErrorKind,
    readonly errors: FieldError[],
  ) {
    super(errors.map(formatFieldError).join('\n'));
  }
}
