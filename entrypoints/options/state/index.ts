/**
 * The Options page's state and actions (STYLE habit 9): the only place the page calls the OKR
 * store and the background service. Components read the signals and call the actions; they never
 * message anyone. Each section's state lives in its own module; this joins them over the shared core.
 */
import type { ReadonlySignal } from '@preact/signals';
import type { ActiveSelection, IndexEntry } from '../../../lib/store';
import type { StatusLine } from '../../../lib/view/status-line';
import { createBackupActions, type BackupActions } from './backup';
import { createConnectionsSession, type ConnectionsSession } from './connections';
import { createOptionsCore, type OptionsStoreDeps } from './core';
import { createImportSession, type ImportSession } from './import';
import { createPageCheck, type PageCheck } from './page-check';
import { createPlaybookSession, type PlaybookSession } from './playbook';
import { createSelectionActions, type SelectionActions } from './selection';

export type { OptionsStoreDeps } from './core';

export interface OptionsStore
  extends ImportSession,
    BackupActions,
    SelectionActions,
    Omit<ConnectionsSession, 'loadSettings'>,
    PlaybookSession,
    Omit<PageCheck, 'loadPageHealth'> {
  sets: ReadonlySignal<IndexEntry[]>;
  active: ReadonlySignal<ActiveSelection | null>;
  okrStatus: ReadonlySignal<StatusLine>;
  load(): Promise<void>;
}

export function createOptionsStore(deps: OptionsStoreDeps): OptionsStore {
  const core = createOptionsCore(deps);
  const { reset: resetImport, ...imports } = createImportSession(core);
  const { loadSettings, ...connections } = createConnectionsSession(core, deps);
  const { loadPageHealth, pageHealth } = createPageCheck(core);
  const { sets, active, okrStatus } = core;
  return {
    sets,
    active,
    okrStatus,
    pageHealth,
    ...imports,
    ...createBackupActions(core, deps.download),
    ...createSelectionActions(core, resetImport),
    ...connections,
    ...createPlaybookSession(core),
    load: async () => {
      await Promise.all([core.loadOkr(), loadSettings(), loadPageHealth()]);
    },
  };
}
