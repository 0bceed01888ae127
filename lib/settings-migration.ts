/**
 * Earlier versions kept the tracker connections, tokens and the Linear key included, in
 * `storage.local`, which content scripts can read in Firefox (and in Chrome until the background
 * closes it to them). This moves them, unchanged, into the credential store the first time the
 * background runs after the update.
 */
import { SETTINGS_KEY, type StorageArea } from './settings';

export type SettingsMove = 'nothing-to-move' | 'moved' | 'already-moved';

/**
 * Copies the stored value as it is (not re-validated, so no field a newer schema would drop is
 * lost), then removes it from `storage.local`. If the credential store already holds settings, a
 * move that stopped after copying ran before, and everything saved since went there: they win.
 */
export async function moveSettingsToCredentialStore(local: StorageArea, credentials: StorageArea): Promise<SettingsMove> {
  const legacy = (await local.get(SETTINGS_KEY))[SETTINGS_KEY];
  if (legacy === undefined) return 'nothing-to-move';
  const current = (await credentials.get(SETTINGS_KEY))[SETTINGS_KEY];
  if (current === undefined) await credentials.set({ [SETTINGS_KEY]: legacy });
  await local.remove(SETTINGS_KEY);
  return current === undefined ? 'moved' : 'already-moved';
}
