/**
 * Saving the connections form with one button. A site off Atlassian Cloud needs the browser's
 * permission, which is asked within the click: nothing before the request may await.
 */
import type { ReadonlySignal, Signal } from '@preact/signals';
import type { OkrServiceClient, SettingsUpdate } from '../../../lib/messaging';
import { isAtlassianCloud, type PublicSettings } from '../../../lib/settings';
import { messageOf } from '../../../lib/util/error';
import type { StatusLine } from '../../../lib/view/status-line';
import { savedNewLinearKey } from '../../../lib/trackers/linear/connection';
import { buildSettingsUpdate, type JiraRow, type LinearForm } from './connection-form';

export interface SaveContext {
  client: OkrServiceClient;
  requestOrigins: (origins: string[]) => Promise<boolean>;
  form: { jiraRows: ReadonlySignal<JiraRow[]>; linear: ReadonlySignal<LinearForm>; connectionsReady: ReadonlySignal<boolean> };
  saveStatus: Signal<StatusLine>;
  /** Shows what the background stored. */
  saved(settings: PublicSettings): void;
  /** Asks Linear whether it accepts a newly saved key. */
  checkLinear(): Promise<unknown>;
}

const refusedText = (needed: readonly string[]) =>
  `KR Lens needs your permission to reach ${needed.join(', ')}; without it, it cannot read or link issues there. Nothing was saved — press Save again and choose Allow.`;

/** The save action; not async up to the permission request, so the click's user gesture still counts. */
export function createSaveConnections(ctx: SaveContext): () => Promise<void> {
  const { client, form, saveStatus } = ctx;

  function saveConnections(): Promise<void> {
    // The form is disabled until then; this also covers a submit that gets past it.
    if (!form.connectionsReady.value) return Promise.resolve();
    const built = buildSettingsUpdate(form.jiraRows.value, form.linear.value);
    if (!built.ok) {
      saveStatus.value = { tone: 'error', message: built.message };
      return Promise.resolve();
    }
    const needed = built.origins.filter((origin) => !isAtlassianCloud(origin));
    saveStatus.value = { tone: 'busy', message: 'Saving…' };
    // Requested before any await: the browser shows the prompt only within the click's gesture.
    const permission = needed.length === 0 ? Promise.resolve(true) : ctx.requestOrigins(needed.map((origin) => `${origin}/*`));
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
      ctx.saved(await client.saveSettings(update));
      saveStatus.value = { tone: 'ok', message: 'Saved.' };
    } catch (error) {
      saveStatus.value = { tone: 'error', message: messageOf(error) };
      return;
    }
    // The key is saved and shown stored; whether Linear accepts it is shown apart, when it answers.
    if (savedNewLinearKey(update)) void ctx.checkLinear();
  }

  return saveConnections;
}
