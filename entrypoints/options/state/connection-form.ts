/**
 * The connections form: Jira sites and the Linear key as typed, and the settings update they make.
 * Each tracker's rules live beside its descriptor (lib/trackers/<tracker>/connection.ts); this
 * module puts their parts together. Secrets go one way: a typed token or key is sent on save and
 * then cleared from the form, and nothing the background answers ever holds one.
 */
import type { SettingsUpdate } from '../../../lib/messaging';
import { jiraUpdateOf, type JiraRow } from '../../../lib/trackers/jira/connection';
import { linearUpdateOf, type LinearForm } from '../../../lib/trackers/linear/connection';

export {
  blankJiraRow,
  newRowKey,
  parseSiteOrigin,
  rowMatchesSaved,
  rowsFromSettings,
  type JiraRow,
} from '../../../lib/trackers/jira/connection';
export { blankLinearForm, linearFromSettings, type LinearForm } from '../../../lib/trackers/linear/connection';

export type BuiltSettings = { ok: true; update: SettingsUpdate; origins: string[] } | { ok: false; message: string };

/** The form → the update the background takes, or the first thing the user must fix. */
export function buildSettingsUpdate(rows: readonly JiraRow[], linear: LinearForm): BuiltSettings {
  const jira = jiraUpdateOf(rows);
  if (!jira.ok) return jira;
  return { ok: true, update: { jira: jira.part, linear: linearUpdateOf(linear) }, origins: jira.part.map((c) => c.site) };
}
