/**
 * Linear's connection rules for the Options form, page-safe (no API client): the key as typed,
 * reading stored settings into the form, and the `linear` part of a settings update.
 */
import type { SettingsUpdate } from '../../messaging';
import type { PublicSettings } from '../../settings';

export interface LinearForm {
  /** What the user typed in this page; never prefilled, cleared after a save. */
  key: string;
  stored: boolean;
  workspace?: string;
  /** Remove the stored key on the next save. */
  remove: boolean;
}

export const blankLinearForm = (): LinearForm => ({ key: '', stored: false, remove: false });

export function linearFromSettings(settings: PublicSettings): LinearForm {
  return { key: '', stored: settings.linear.connected, workspace: settings.linear.workspace, remove: false };
}

/** The form → the `linear` part of a settings update: a new key, keep the stored one, or none. */
export function linearUpdateOf(form: LinearForm): SettingsUpdate['linear'] {
  const key = form.key.trim();
  if (form.remove) return null;
  if (key !== '') return { apiKey: key };
  return form.stored ? { keepKey: true } : null;
}

/** A save that sent a new key: Linear is then asked whether it accepts it. */
export const savedNewLinearKey = (update: SettingsUpdate): boolean => update.linear != null && 'apiKey' in update.linear;
