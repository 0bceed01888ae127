/**
 * The sentence to show for a caught error. A `ServiceCallError` carries the background's sentence
 * as its message, so it needs no case of its own; anything thrown that is not an Error is shown as text.
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
