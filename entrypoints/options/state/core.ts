/**
 * What the Options sections share: the client to the background, today, and the OKR sets with the
 * active selection. Reloading them tells every section that follows the active set (its backup,
 * its playbook) in the same batch, so the page never shows one set's selectors with another's form.
 */
import { batch, signal, type Signal } from '@preact/signals';
import type { DownloadFile } from '../../../lib/download';
import { createServiceClient, type OkrServiceClient, type SendMessage } from '../../../lib/messaging';
import { getActiveSelection, getBackup, listSets, type ActiveSelection, type IndexEntry, type StoredBackup } from '../../../lib/store';
import { localDate } from '../../../lib/util/date';
import { IDLE, type StatusLine } from '../../../lib/view/status-line';
import { errorText } from './errors';

export interface OptionsStoreDeps {
  /** Transport to the background service: `runtime.sendMessage` in the page, a fake in tests. */
  send: SendMessage;
  /** Asks for host access; called synchronously inside the click, since browsers require a user gesture. */
  requestOrigins?: (origins: string[]) => Promise<boolean>;
  /** Today as `YYYY-MM-DD`, which decides the cycle made active on import. */
  today?: () => string;
  download?: (file: DownloadFile) => void;
}

/** The active selection as just read, with its backup; called inside the batch that shows it. */
export type LoadedListener = (selection: ActiveSelection | null, backup: StoredBackup | null) => void;

export interface OptionsCore {
  client: OkrServiceClient;
  today: () => string;
  sets: Signal<IndexEntry[]>;
  active: Signal<ActiveSelection | null>;
  /** The OKR set section's status line, which import, export, restore and selection share. */
  okrStatus: Signal<StatusLine>;
  /** Re-reads the sets, the active selection and its backup. */
  loadOkr(): Promise<void>;
  onLoaded(listener: LoadedListener): void;
}

export function createOptionsCore(deps: OptionsStoreDeps): OptionsCore {
  const client = createServiceClient(deps.send);
  const today = deps.today ?? (() => localDate());
  const sets = signal<IndexEntry[]>([]);
  const active = signal<ActiveSelection | null>(null);
  const okrStatus = signal<StatusLine>(IDLE);
  const listeners: LoadedListener[] = [];

  async function loadOkr(): Promise<void> {
    try {
      const [index, selection] = await Promise.all([listSets(), getActiveSelection({ today: today() })]);
      const stored = selection ? await getBackup(selection.set.id) : null;
      batch(() => {
        sets.value = index;
        active.value = selection;
        for (const listener of listeners) listener(selection, stored);
      });
    } catch (error) {
      okrStatus.value = { tone: 'error', message: errorText(error) };
    }
  }

  return { client, today, sets, active, okrStatus, loadOkr, onLoaded: (listener) => void listeners.push(listener) };
}
