/** The active set's playbook form: edited here, saved with the set against the revision this page read. */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { resolvePlaybook } from '../../../lib/okr/playbook';
import { saveSet } from '../../../lib/store';
import { IDLE, type StatusLine } from '../../../lib/view/status-line';
import type { OptionsCore } from './core';
import { failureText } from './errors';
import { formToPlaybook, playbookToForm, withPlaybook, type PlaybookForm } from './playbook-form';

export const PLAYBOOK_CONFLICT = 'Another KR Lens page changed this set — reload to see its changes.';

export interface PlaybookSession {
  playbook: ReadonlySignal<PlaybookForm>;
  playbookStatus: ReadonlySignal<StatusLine>;
  updatePlaybook(patch: Partial<PlaybookForm>): void;
  resetPlaybook(): void;
  savePlaybook(): Promise<void>;
}

const defaultForm = () => playbookToForm(resolvePlaybook(undefined));

export function createPlaybookSession(core: OptionsCore): PlaybookSession {
  const playbook = signal<PlaybookForm>(defaultForm());
  const playbookStatus = signal<StatusLine>(IDLE);
  // The form follows the active set.
  core.onLoaded((selection) => {
    playbook.value = playbookToForm(resolvePlaybook(selection?.set.playbook));
    playbookStatus.value = IDLE;
  });

  async function savePlaybook(): Promise<void> {
    const selection = core.active.value;
    if (!selection) return;
    const built = formToPlaybook(playbook.value);
    if (!built.ok) {
      playbookStatus.value = { tone: 'error', message: built.errors.join(' ') };
      return;
    }
    playbookStatus.value = { tone: 'busy', message: 'Saving…' };
    const result = await saveSet(withPlaybook(selection.set, built.playbook), { expectedRevision: selection.revision });
    if (!result.ok) {
      playbookStatus.value = { tone: 'error', message: result.kind === 'conflict' ? PLAYBOOK_CONFLICT : failureText(result.errors) };
      return;
    }
    batch(() => {
      core.active.value = { ...selection, set: result.stored.set, revision: result.stored.revision };
      playbookStatus.value = { tone: 'ok', message: 'Playbook saved.' };
    });
  }

  return {
    playbook,
    playbookStatus,
    updatePlaybook: (patch) => {
      playbook.value = { ...playbook.value, ...patch };
      playbookStatus.value = IDLE;
    },
    resetPlaybook: () => {
      playbook.value = defaultForm();
      playbookStatus.value = { tone: 'ok', message: 'The defaults are in the form; save to apply them.' };
    },
    savePlaybook,
  };
}
