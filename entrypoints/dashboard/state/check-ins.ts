/** Checking in on the KR the dashboard shows: the form, its status line and saving it. */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import type { CheckIn } from '../../../lib/okr/model';
import { IDLE, type StatusLine } from '../../../lib/view/status-line';
import { EMPTY_CHECK_IN, newCheckInId, parseCheckInForm, withCheckIn, type CheckInForm } from './check-in-form';
import type { DashboardCore } from './core';

export interface CheckInSession {
  checkInForm: ReadonlySignal<CheckInForm>;
  checkInStatus: ReadonlySignal<StatusLine>;
  updateCheckIn(patch: Partial<CheckInForm>): void;
  saveCheckIn(): Promise<void>;
}

/** The session, and `reset` for when the page leaves the KR. */
export function createCheckInSession({ selection, route, now, save }: DashboardCore): CheckInSession & { reset(): void } {
  const checkInForm = signal<CheckInForm>(EMPTY_CHECK_IN);
  const checkInStatus = signal<StatusLine>(IDLE);

  async function saveCheckIn(): Promise<void> {
    const current = selection.value;
    const target = route.value;
    if (!current || target.view !== 'kr') return;
    const kr = current.set.keyResults.find((candidate) => candidate.id === target.krId);
    if (!kr) return;
    const parsed = parseCheckInForm(checkInForm.value, kr.measure);
    if (!parsed.ok) {
      checkInStatus.value = { tone: 'error', message: parsed.errors.join(' ') };
      return;
    }
    checkInStatus.value = { tone: 'busy', message: 'Saving…' };
    const at = now();
    const checkIn: CheckIn = {
      id: newCheckInId(current.set, kr.id, at),
      krId: kr.id,
      at: new Date(at).toISOString(),
      confidence: parsed.confidence,
      ...(parsed.value !== undefined ? { value: parsed.value } : {}),
      ...(parsed.note !== undefined ? { note: parsed.note } : {}),
    };
    const saved = await save(withCheckIn(current.set, checkIn));
    batch(() => {
      if (saved.ok) checkInForm.value = EMPTY_CHECK_IN;
      checkInStatus.value = saved.ok ? { tone: 'ok', message: 'Check-in saved.' } : { tone: 'error', message: saved.message };
    });
  }

  return {
    checkInForm,
    checkInStatus,
    updateCheckIn(patch) {
      batch(() => {
        checkInForm.value = { ...checkInForm.value, ...patch };
        if (checkInStatus.value.tone !== 'busy') checkInStatus.value = IDLE;
      });
    },
    saveCheckIn,
    reset() {
      checkInForm.value = EMPTY_CHECK_IN;
      checkInStatus.value = IDLE;
    },
  };
}
