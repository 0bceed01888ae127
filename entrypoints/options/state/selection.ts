/** Choosing the active set and cycle. A set deleted in another page is said so, and the list re-read. */
import type { OkrSet } from '../../../lib/okr/model';
import { cycleContaining, getSet, setActiveSelection } from '../../../lib/store';
import { IDLE } from '../../../lib/view/status-line';
import type { OptionsCore } from './core';
import { errorText, failureText } from './errors';

export interface SelectionActions {
  selectSet(setId: string): Promise<void>;
  selectCycle(cycleId: string | null): Promise<void>;
}

/** `afterSelect` runs once the choice is stored, before the page re-reads it (the import's result is then stale). */
export function createSelectionActions(core: OptionsCore, afterSelect: () => void): SelectionActions {
  const { okrStatus } = core;

  async function select(setId: string, cycleId: (set: OkrSet) => string | null): Promise<void> {
    try {
      const stored = await getSet(setId);
      if (!stored) {
        okrStatus.value = { tone: 'error', message: `There is no OKR set "${setId}" any more; it was deleted in another page.` };
        await core.loadOkr();
        return;
      }
      const result = await setActiveSelection(setId, cycleId(stored.set));
      okrStatus.value = result.ok ? IDLE : { tone: 'error', message: failureText(result.errors) };
    } catch (error) {
      okrStatus.value = { tone: 'error', message: errorText(error) };
    }
    afterSelect();
    await core.loadOkr();
  }

  return {
    selectSet: (setId) => select(setId, (set) => cycleContaining(set.cycles, core.today())?.id ?? null),
    selectCycle: async (cycleId) => {
      const selection = core.active.value;
      if (selection) await select(selection.set.id, () => cycleId);
    },
  };
}
