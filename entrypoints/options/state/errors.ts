import { formatFieldError, StoreError, type FieldError } from '../../../lib/store';
import { messageOf } from '../../../lib/util/error';

/** Field errors as one sentence line, as every Options status shows them. */
export const failureText = (errors: readonly FieldError[]) => errors.map(formatFieldError).join(' ');

/** A caught error as a status sentence; a damaged stored record names each of its bad fields on one line. */
export function errorText(error: unknown): string {
  return error instanceof StoreError ? failureText(error.errors) : messageOf(error);
}
