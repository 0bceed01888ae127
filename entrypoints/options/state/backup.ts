/** Export of the active set, and its backup: what it is, and restoring it after the user confirms. */
import { signal, type ReadonlySignal } from '@preact/signals';
import { downloadWithLink, type DownloadFile } from '../../../lib/download';
import { exportSet, restoreBackup, type OkrFileFormat, type StoredBackup } from '../../../lib/store';
import type { OptionsCore } from './core';
import { failureText } from './errors';

export interface BackupInfo {
  savedAt: string;
  reason: StoredBackup['reason'];
}

export interface BackupActions {
  backup: ReadonlySignal<BackupInfo | null>;
  /** True while the user is asked to confirm restoring the backup. */
  restoreAsked: ReadonlySignal<boolean>;
  exportActive(format: OkrFileFormat): Promise<void>;
  askRestore(): void;
  cancelRestore(): void;
  confirmRestore(): Promise<void>;
}

export function createBackupActions(core: OptionsCore, download: (file: DownloadFile) => void = downloadWithLink): BackupActions {
  const { active, okrStatus } = core;
  const backup = signal<BackupInfo | null>(null);
  const restoreAsked = signal(false);
  core.onLoaded((_selection, stored) => {
    backup.value = stored ? { savedAt: stored.savedAt, reason: stored.reason } : null;
    restoreAsked.value = false;
  });

  async function exportActive(format: OkrFileFormat): Promise<void> {
    const selection = active.value;
    if (!selection) return;
    const result = await exportSet(selection.set.id, format);
    if (!result.ok) {
      okrStatus.value = { tone: 'error', message: failureText(result.errors) };
      return;
    }
    download({ text: result.text, fileName: result.fileName, mime: format === 'json' ? 'application/json' : 'application/yaml' });
    okrStatus.value = { tone: 'ok', message: `Exported ${result.fileName}.` };
  }

  async function confirmRestore(): Promise<void> {
    const selection = active.value;
    if (!selection) return;
    restoreAsked.value = false;
    const result = await restoreBackup(selection.set.id);
    if (!result.ok) {
      okrStatus.value = { tone: 'error', message: failureText(result.errors) };
      return;
    }
    okrStatus.value = {
      tone: 'ok',
      message: `Restored the previous version of “${result.stored.set.name}”. The version it replaced is now the backup, so you can undo this.`,
    };
    await core.loadOkr();
  }

  return {
    backup,
    restoreAsked,
    exportActive,
    askRestore: () => {
      restoreAsked.value = true;
    },
    cancelRestore: () => {
      restoreAsked.value = false;
    },
    confirmRestore,
  };
}
