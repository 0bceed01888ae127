/**
 * Jira's connection rules for the Options form, page-safe (no API client): a site row as typed,
 * reading stored settings into rows, the `jira` part of a settings update, and when a row may be
 * tested. Secrets go one way: a typed token is sent on save and then cleared from the form.
 */
import type { SettingsUpdate } from '../../messaging';
import type { PublicSettings } from '../../settings';

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

type Connection = SettingsUpdate['jira'][number];
type RowResult = { ok: true; connection: Connection | null } | { ok: false; message: string };

/** One row → its stored connection (null for a blank session row, which is simply dropped). */
function connectionOf(row: JiraRow, seen: Set<string>): RowResult {
  if (row.site.trim() === '') {
    if (row.auth === 'session') return { ok: true, connection: null };
    return { ok: false, message: 'Enter the Jira site address for the email + API token connection, like https://acme.atlassian.net.' };
  }
  const site = parseSiteOrigin(row.site);
  if (!site.ok) return site;
  if (seen.has(site.origin)) return { ok: false, message: `${site.origin} is listed twice; remove one of them.` };
  seen.add(site.origin);
  if (row.auth === 'session') return { ok: true, connection: { site: site.origin, auth: { type: 'session' } } };
  const email = row.email.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email))
    return { ok: false, message: `Enter the email address of your Atlassian account for ${site.origin}.` };
  const token = row.token.trim();
  const keepsStored = row.saved?.auth === 'basic' && row.saved.site === site.origin && row.saved.email === email;
  if (token === '' && !keepsStored) return { ok: false, message: `Enter the API token for ${email} on ${site.origin}.` };
  return {
    ok: true,
    connection: { site: site.origin, auth: token === '' ? { type: 'basic', email } : { type: 'basic', email, apiToken: token } },
  };
}

/**
 * The rows → the `jira` part of a settings update. A blank token with an unchanged email keeps
 * the stored token (the field is omitted).
 */
export function jiraUpdateOf(rows: readonly JiraRow[]): { ok: true; part: SettingsUpdate['jira'] } | { ok: false; message: string } {
  const part: SettingsUpdate['jira'] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const result = connectionOf(row, seen);
    if (!result.ok) return result;
    if (result.connection) part.push(result.connection);
  }
  return { ok: true, part };
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

export const blankJiraRow = (): JiraRow => ({ key: newRowKey(), site: '', auth: 'session', email: '', token: '', saved: null });

export function rowsFromSettings(settings: PublicSettings): JiraRow[] {
  return settings.jira.map((c) => {
    const email = c.email ?? '';
    return { key: newRowKey(), site: c.site, auth: c.auth, email, token: '', saved: { site: c.site, auth: c.auth, email } };
  });
}

/** What Test connection asks the background for one site. */
export const jiraTestRequest = (site: string) => ({ tracker: 'jira', site }) as const;
