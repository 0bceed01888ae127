/** The KR detail's check-in form: what was typed → a check-in, or sentences saying what to fix. */
import { idSchema, type CheckIn, type KeyResult, type OkrSet } from '../../../lib/okr/model';

export interface CheckInForm {
  /** As typed; empty means "no new value" (a confidence-only check-in). */
  value: string;
  confidence: string;
  note: string;
}

export const EMPTY_CHECK_IN: CheckInForm = { value: '', confidence: '', note: '' };

export type ParsedCheckIn = { ok: true; value?: number; confidence: number; note?: string } | { ok: false; errors: string[] };

/**
 * The form → a check-in's fields, or sentences saying what to fix. Issues KRs take no value
 * (their progress comes from linked work); a milestone's value is 1 (reached) or 0.
 */
export function parseCheckInForm(form: CheckInForm, measure: KeyResult['measure']): ParsedCheckIn {
  const errors: string[] = [];
  const confidenceText = form.confidence.trim();
  const confidence = confidenceText === '' ? Number.NaN : Number(confidenceText);
  if (!Number.isInteger(confidence) || confidence < 0 || confidence > 10) errors.push('Confidence must be a whole number from 0 to 10.');
  const valueText = form.value.trim().replace(',', '.');
  let value: number | undefined;
  if (valueText !== '' && measure.type !== 'issues') {
    value = Number(valueText);
    if (!Number.isFinite(value)) errors.push(`“${form.value.trim()}” is not a number.`);
    else if (measure.type === 'milestone' && value !== 0 && value !== 1) errors.push('A milestone is reached (1) or not (0).');
  }
  const note = form.note.trim();
  if (note.length > 5000) errors.push('Keep the note under 5,000 characters.');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, confidence, ...(value !== undefined ? { value } : {}), ...(note !== '' ? { note } : {}) };
}

/** A check-in id that is new in the set and valid (ids end up in exports and are never reused). */
export function newCheckInId(set: Pick<OkrSet, 'checkIns'>, krId: string, now: number): string {
  const used = new Set(set.checkIns.map((checkIn) => checkIn.id));
  const base = `ci-${krId.slice(0, 80)}-${now.toString(36)}`;
  let id = base;
  for (let n = 2; used.has(id) || !idSchema.safeParse(id).success; n++) id = `${base}-${n}`;
  return id;
}

export function withCheckIn(set: OkrSet, checkIn: CheckIn): OkrSet {
  return { ...set, checkIns: [...set.checkIns, checkIn] };
}
