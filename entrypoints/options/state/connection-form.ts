/**
 * The connections form: Jira sites and the Linear key as typed, and the settings update they make.
 * Secrets go one way: a typed token or key is sent on save and then cleared from the form, and
 * nothing the background answers ever holds one.
 */
import type { SettingsUpdate } from '../../../lib/messaging';
import type { PublicSettings } from '../../../lib/settings';

export interface JiraRow {
  /** Stable list key for the form; not stored anywhere. */
  key: string;
  site: string;
  auth: 'session' | 'basic';
  email: string;
  /** What the user typed in this page; never prefilled, cleared after a save. */
  token: string;
  /** The connection as stored, or null for a row added in this page. */
  saved: { site: string; auth: 'session' | 'basic'; email: string } | null;
}

export interface LinearForm {
  /** What the user typed in this page; never prefilled, cleared after a save. */
  key: string;
  stored: boolean;
  workspace?: string;
  /** Remove the stored key on the next save. */
  remove: boolean;
}

/** A site as the user typed it → its https origin, or a sentence saying what is wrong. */
export function parseSiteOrigin(input: string): { ok: true; origin: string } | { ok: false; message: string } {
  const typed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `https://${typed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `"${typed}" is not a site address; enter one like https://acme.atlassian.net.` };
  }
  if (url.protocol !== 'https:') return { ok: false, message: `${typed} is not an https address; KR Lens reaches Jira over https only.` };
  return { ok: true, origin: url.origin };
}

export type BuiltSettings = { ok: true; update: SettingsUpdate; origins: string[] } | { ok: false; message: string };

/**
 * The form → the update the background takes. A blank token with an unchanged email keeps the
 * stored token (the field is omitted); a blank session-auth row is simply dropped.
 */
export function buildSettingsUpdate(rows: readonly JiraRow[], linear: LinearForm): BuiltSettings {
  const jira: SettingsUpdate['jira'] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.site.trim() === '') {
      if (row.auth === 'session') continue;
      return { ok: false, message: 'Enter the Jira site address for the email + API token connection, like https://acme.atlassian.net.' };
    }
    const site = parseSiteOrigin(row.site);
    if (!site.ok) return site;
    if (seen.has(site.origin)) return { ok: false, message: `${site.origin} is listed twice; remove one of them.` };
    seen.add(site.origin);
    if (row.auth === 'session') {
      jira.push({ site: site.origin, auth: { type: 'session' } });
      continue;
    }
    const email = row.email.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(email))
      return { ok: false, message: `Enter the email address of your Atlassian account for ${site.origin}.` };
    const token = row.token.trim();
    const keepsStored = row.saved?.auth === 'basic' && row.saved.site === site.origin && row.saved.email === email;
    if (token === '' && !keepsStored) return { ok: false, message: `Enter the API token for ${email} on ${site.origin}.` };
    jira.push({ site: site.origin, auth: token === '' ? { type: 'basic', email } : { type: 'basic', email, apiToken: token } });
  }
  const key = linear.key.trim();
  const linearUpdate: SettingsUpdate['linear'] = linear.remove
    ? null
    : key !== ''
      ? { apiKey: key }
      : linear.stored
        ? { keepKey: true }
        : null;
  return { ok: true, update: { jira, linear: linearUpdate }, origins: jira.map((c) => c.site) };
}

/** True when the row is what is stored, so a connection test tests what the user sees. */
export function rowMatchesSaved(row: JiraRow): boolean {
  if (!row.saved) return false;
  const site = parseSiteOrigin(row.site);
  if (!site.ok || site.origin !== row.saved.site || row.auth !== row.saved.auth) return false;
  return row.auth === 'session' || (row.email.trim() === row.saved.email && row.token.trim() === '');
}

let rowCounter = 0;
export const newRowKey = () => `jira-${++rowCounter}`;

export function rowsFromSettings(settings: PublicSettings): JiraRow[] {
  return settings.jira.map((c) => {
    const email = c.email ?? '';
    return { key: newRowKey(), site: c.site, auth: c.auth, email, token: '', saved: { site: c.site, auth: c.auth, email } };
  });
}

export function linearFromSettings(settings: PublicSettings): LinearForm {
  return { key: '', stored: settings.linear.connected, workspace: settings.linear.workspace, remove: false };
}
