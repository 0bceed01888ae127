/**
 * The Jira sites and the Linear key: loading what is stored, editing, and saving both with one
 * button (save-connections.ts); each connection's test and check live in connection-checks.ts.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { PublicSettings } from '../../../lib/settings';
import { messageOf } from '../../../lib/util/error';
import { IDLE, type StatusLine } from '../../../lib/view/status-line';
import { blankJiraRow, blankLinearForm, linearFromSettings, rowsFromSettings, type JiraRow, type LinearForm } from './connection-form';
import { createConnectionChecks, type ConnectionChecks } from './connection-checks';
import type { OptionsCore, OptionsStoreDeps } from './core';
import { createSaveConnections } from './save-connections';

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

export function createConnectionsSession(
  core: Pick<OptionsCore, 'client'>,
  deps: Pick<OptionsStoreDeps, 'requestOrigins'>,
): ConnectionsSession {
  const { client } = core;
  const jiraRows = signal<JiraRow[]>([]);
  const linear = signal<LinearForm>(blankLinearForm());
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

  const saveConnections = createSaveConnections({
    client,
    requestOrigins: deps.requestOrigins ?? ((origins: string[]) => browser.permissions.request({ origins })),
    form: { jiraRows, linear, connectionsReady },
    saveStatus,
    saved: applySettings,
    checkLinear,
  });

  return {
    ...checks,
    jiraRows,
    linear,
    connectionsReady,
    saveStatus,
    loadSettings,
    addJiraRow: () => {
      jiraRows.value = [...jiraRows.value, blankJiraRow()];
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
