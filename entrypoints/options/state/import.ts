/**
 * Importing an OKR file: size check, read, preview of what changes, then confirm. Nothing is
 * written before the user confirms the preview.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import type { OkrSet } from '../../../lib/okr/model';
import { checkOkrFileSize, confirmImport, getSet, previewImport, type FieldError, type ImportPreview } from '../../../lib/store';
import { messageOf } from '../../../lib/util/error';
import { IDLE } from '../../../lib/view/status-line';
import type { OptionsCore } from './core';

export type ImportState =
  | { step: 'idle' }
  | { step: 'reading'; fileName: string }
  | {
      step: 'preview';
      fileName: string;
      preview: ImportPreview;
      /** Name of the stored set this import replaces; null for a new set. */
      replaces: string | null;
      /** Name of the cycle that becomes active, or null when today is in none. */
      activeCycleName: string | null;
      confirming: boolean;
    }
  | { step: 'failed'; fileName: string; errors: FieldError[] }
  | { step: 'done'; setName: string; activeCycleName: string | null };

export interface ImportSession {
  importState: ReadonlySignal<ImportState>;
  chooseFile(file: File): Promise<void>;
  confirmImport(): Promise<void>;
  cancelImport(): void;
}

function cycleName(set: Pick<OkrSet, 'cycles'> | undefined, cycleId: string | null): string | null {
  if (cycleId === null) return null;
  return set?.cycles.find((c) => c.id === cycleId)?.name ?? cycleId;
}

/** The preview step: which stored set it replaces and which cycle becomes active, by name. */
async function previewState(fileName: string, preview: ImportPreview): Promise<ImportState> {
  let stored: OkrSet | undefined;
  try {
    stored = (await getSet(preview.setId))?.set;
  } catch {
    stored = undefined; // a damaged stored set is what the import replaces; its name is unknown
  }
  const fileCycle = [...preview.changes.cycles.added, ...preview.changes.cycles.changed].find((c) => c.id === preview.activeCycleId);
  return {
    step: 'preview',
    fileName,
    preview,
    replaces: preview.isNew ? null : (stored?.name ?? preview.setId),
    activeCycleName: fileCycle?.label ?? cycleName(stored, preview.activeCycleId),
    confirming: false,
  };
}

export function createImportSession(core: OptionsCore): ImportSession & { reset(): void } {
  const importState = signal<ImportState>({ step: 'idle' });
  const fail = (fileName: string, errors: FieldError[]) => (importState.value = { step: 'failed', fileName, errors });

  async function chooseFile(file: File): Promise<void> {
    // Size first: a wrong multi-gigabyte file must never be read into the page.
    const tooLarge = checkOkrFileSize(file.size);
    if (tooLarge) return void fail(file.name, tooLarge.errors);
    importState.value = { step: 'reading', fileName: file.name };
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      return void fail(file.name, [{ path: '', message: `The file could not be read: ${messageOf(error)}` }]);
    }
    const result = await previewImport(text, file.name, { today: core.today() });
    if (!result.ok) return void fail(file.name, result.errors);
    importState.value = await previewState(file.name, result.preview);
  }

  async function confirm(): Promise<void> {
    const state = importState.value;
    if (state.step !== 'preview' || state.confirming) return;
    importState.value = { ...state, confirming: true };
    const result = await confirmImport(state.preview.token, { today: core.today() });
    if (!result.ok) return void fail(state.fileName, result.errors);
    // Reloaded first, so "done" appears together with the selectors showing the new set.
    await core.loadOkr();
    batch(() => {
      importState.value = {
        step: 'done',
        setName: result.stored.set.name,
        activeCycleName: cycleName(result.stored.set, result.activeCycleId),
      };
      core.okrStatus.value = IDLE;
    });
  }

  const reset = () => {
    importState.value = { step: 'idle' };
  };
  return { importState, chooseFile, confirmImport: confirm, cancelImport: reset, reset };
}
