/**
 * The Jira sites and the Linear key: loading what is stored, editing, and saving both with one
 * button. A site off Atlassian Cloud needs the browser's permission, asked within the click.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { SettingsUpdate } from '../../../lib/messaging';
import { isAtlassianCloud, type PublicSettings } from '../../../lib/settings';
import { messageOf } from '../../../lib/util/error';
import { IDLE, type StatusLine } from '../../../lib/view/status-line';
import { buildSettingsUpdate, linearFromSettings, newRowKey, rowsFromSettings, type JiraRow, type LinearForm } from './connection-form';
import { createConnectionChecks, type ConnectionChecks } from './connection-checks';
import type { OptionsCore, OptionsStoreDeps } from './core';

export type JiraRowPatch = Partial<Pick<JiraRow, 'site' | 'auth' | 'email' | 'token'>>;

export interface ConnectionsSession extends ConnectionChecks {
  jiraRows: ReadonlySignal<JiraRow[]>;
  linear: ReadonlySignal<LinearForm>;
  /**
   * False until the stored connections are shown: until then the form takes no input, since the
   * late answer would replace what was typed, and a save would write a form that shows none of them.
   */
  connectionsReady: ReadonlySignal<boolean>;
  saveStatus: ReadonlySignal<StatusLine>;
  loadSettings(): Promise<void>;
  addJiraRow(): void;
  updateJiraRow(key: string, patch: JiraRowPatch): void;
  removeJiraRow(key: string): void;
  setLinearKey(key: string): void;
  setLinearRemove(remove: boolean): void;
  /** Not async up to the permission request, so the click's user gesture still counts. */
  saveConnections(): Promise<void>;
}

const refusedText = (needed: readonly string[]) =>
  `KR Lens needs your permission to reach ${needed.join(', ')}; without it, it cannot read or link issues there. Nothing was saved — press Save again and choose Allow.`;

export function createConnectionsSession(core: Pick<OptionsCore, 'client'>, deps: Pick<OptionsStoreDeps, 'requestOrigins'>): ConnectionsSession {
  const { client } = core;
  const requestOrigins = deps.requestOrigins ?? ((origins: string[]) => browser.permissions.request({ origins }));
  const jiraRows = signal<JiraRow[]>([]);
  const linear = signal<LinearForm>({ key: '', stored: false, remove: false });
  const connectionsReady = signal(false);
  const saveStatus = signal<StatusLine>({ tone: 'busy', message: 'Loading your connections…' });
  const { checkLinear, reset, forgetJira, forgetLinear, ...checks } = createConnectionChecks(client, { jiraRows, linear });

  function applySettings(settings: PublicSettings): void {
    batch(() => {
      jiraRows.value = rowsFromSettings(settings);
      linear.value = linearFromSettings(settings);
      reset(settings.linear.connected);
    });
  }

  async function loadSettings(): Promise<void> {
    try {
      const settings = await client.getSettings({});
      batch(() => {
        applySettings(settings);
        connectionsReady.value = true;
        saveStatus.value = IDLE;
      });
    } catch (error) {
      saveStatus.value = { tone: 'error', message: messageOf(error) };
    }
  }

  function saveConnections(): Promise<void> {
    // The form is disabled until then; this also covers a submit that gets past it.
    if (!connectionsReady.value) return Promise.resolve();
    const built = buildSettingsUpdate(jiraRows.value, linear.value);
    if (!built.ok) {
      saveStatus.value = { tone: 'error', message: built.message };
      return Promise.resolve();
    }
    const needed = built.origins.filter((origin) => !isAtlassianCloud(origin));
    saveStatus.value = { tone: 'busy', message: 'Saving…' };
    // Requested before any await: the browser shows the prompt only within the click's gesture.
    const permission = needed.length === 0 ? Promise.resolve(true) : requestOrigins(needed.map((origin) => `${origin}/*`));
    return finishSave(built.update, needed, permission);
  }

  async function finishSave(update: SettingsUpdate, needed: string[], permission: Promise<boolean>): Promise<void> {
    const granted = await permission.catch((error: unknown) => {
      console.warn('KR Lens: permission request failed', error);
      return false;
    });
    if (!granted) {
      saveStatus.value = { tone: 'error', message: refusedText(needed) };
      return;
    }
    try {
      applySettings(await client.saveSettings(update));
      saveStatus.value = { tone: 'ok', message: 'Saved.' };
    } catch (error) {
      saveStatus.value = { tone: 'error', message: messageOf(error) };
      return;
    }
    // The key is saved and shown stored; whether Linear accepts it is shown apart, when it answers.
    if (update.linear && 'apiKey' in update.linear) void checkLinear();
  }

  return {
    ...checks,
    jiraRows,
    linear,
    connectionsReady,
    saveStatus,
    loadSettings,
    addJiraRow: () => {
      jiraRows.value = [...jiraRows.value, { key: newRowKey(), site: '', auth: 'session', email: '', token: '', saved: null }];
    },
    updateJiraRow: (key, patch) => {
      jiraRows.value = jiraRows.value.map((row) => (row.key === key ? { ...row, ...patch } : row));
      forgetJira(key);
    },
    removeJiraRow: (key) => {
      jiraRows.value = jiraRows.value.filter((row) => row.key !== key);
    },
    setLinearKey: (key) => {
      linear.value = { ...linear.value, key };
      forgetLinear();
    },
    setLinearRemove: (remove) => {
      linear.value = { ...linear.value, remove, key: remove ? '' : linear.value.key };
      forgetLinear();
    },
    saveConnections,
  };
}
