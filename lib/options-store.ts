/**
 * The Options page's state and actions (STYLE habit 9): the only place the page calls the OKR
 * store and the background service. Components read the signals and call the actions; they never
 * message anyone. Secrets go one way: a typed token or key is sent on save and then cleared from
 * the form, and nothing the background answers ever holds one.
 */
import { downloadWithLink, type DownloadFile } from './download';
import { createLinearConnectionCheck, type LinearConnectionState } from './linear-connection';
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { createServiceClient, ServiceCallError, type PageHealthView, type SendMessage, type SettingsUpdate } from './messaging';
import type { IssueKind, OkrSet, Playbook } from './okr/model';
import { DEFAULT_PLAYBOOK, resolvePlaybook, type ResolvedPlaybook } from './okr/playbook';
import { isAtlassianCloud, type PublicSettings } from './settings';
import {
  checkOkrFileSize,
  confirmImport,
  cycleContaining,
  exportSet,
  formatFieldError,
  getActiveSelection,
  getBackup,
  getSet,
  listSets,
  localDate,
  previewImport,
  restoreBackup,
  saveSet,
  setActiveSelection,
  StoreError,
  type ActiveSelection,
  type FieldError,
  type ImportPreview,
  type IndexEntry,
  type OkrFileFormat,
  type StoredBackup,
} from './store';

// ---------------------------------------------------------------------------------------------
// OKR set: import, export, backup, active selection

export type ImportState =
  | { step: 'idle' }
  | { step: 'reading'; fileName: string }
  | {
      step: 'preview';
      fileName: string;
      preview: ImportPreview;
      /** Name of the stored set this import replaces; null for a new set. */
      replaces: string | null;
      /** Name of the cycle that becomes active, or null when today is in none. */
      activeCycleName: string | null;
      confirming: boolean;
    }
  | { step: 'failed'; fileName: string; errors: FieldError[] }
  | { step: 'done'; setName: string; activeCycleName: string | null };

export interface BackupInfo {
  savedAt: string;
  reason: StoredBackup['reason'];
}

export type StatusLine = { tone: 'idle' } | { tone: 'busy'; message: string } | { tone: 'ok'; message: string } | { tone: 'error'; message: string };

const IDLE: StatusLine = { tone: 'idle' };

// ---------------------------------------------------------------------------------------------
// Connections

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

export const SAVE_FIRST = 'Save first: Test connection checks the saved connection.';
export const PLAYBOOK_CONFLICT = 'Another KR Lens page changed this set — reload to see its changes.';

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
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) return { ok: false, message: `Enter the email address of your Atlassian account for ${site.origin}.` };
    const token = row.token.trim();
    const keepsStored = row.saved?.auth === 'basic' && row.saved.site === site.origin && row.saved.email === email;
    if (token === '' && !keepsStored) return { ok: false, message: `Enter the API token for ${email} on ${site.origin}.` };
    jira.push({ site: site.origin, auth: token === '' ? { type: 'basic', email } : { type: 'basic', email, apiToken: token } });
  }
  const key = linear.key.trim();
  const linearUpdate: SettingsUpdate['linear'] = linear.remove ? null : key !== '' ? { apiKey: key } : linear.stored ? { keepKey: true } : null;
  return { ok: true, update: { jira, linear: linearUpdate }, origins: jira.map((c) => c.site) };
}

/** True when the row is what is stored, so a connection test tests what the user sees. */
export function rowMatchesSaved(row: JiraRow): boolean {
  if (!row.saved) return false;
  const site = parseSiteOrigin(row.site);
  if (!site.ok || site.origin !== row.saved.site || row.auth !== row.saved.auth) return false;
  return row.auth === 'session' || (row.email.trim() === row.saved.email && row.token.trim() === '');
}

// ---------------------------------------------------------------------------------------------
// Playbook

export const ISSUE_KINDS: readonly IssueKind[] = ['epic', 'story', 'task', 'bug', 'subtask', 'other'];

/** The playbook as the form edits it: numbers and comma-separated lists as typed. */
export interface PlaybookForm {
  objectivesMin: string;
  objectivesMax: string;
  keyResultsMin: string;
  keyResultsMax: string;
  staleCheckInDays: string;
  runLabels: string;
  runKinds: IssueKind[];
  activityWords: string;
  statusQuoWords: string;
  canceledResolutions: string;
  canceledStatuses: string;
}

export function playbookToForm(playbook: ResolvedPlaybook): PlaybookForm {
  return {
    objectivesMin: String(playbook.objectivesPerTeam.min),
    objectivesMax: String(playbook.objectivesPerTeam.max),
    keyResultsMin: String(playbook.keyResultsPerObjective.min),
    keyResultsMax: String(playbook.keyResultsPerObjective.max),
    staleCheckInDays: String(playbook.staleCheckInDays),
    runLabels: playbook.runLabels.join(', '),
    runKinds: [...playbook.runKinds],
    activityWords: playbook.activityWords.join(', '),
    statusQuoWords: playbook.statusQuoWords.join(', '),
    canceledResolutions: playbook.canceledResolutions.join(', '),
    canceledStatuses: playbook.canceledStatuses.join(', '),
  };
}

/** "a, b,, a " → ["a", "b"]: trimmed, blanks dropped, first spelling of each entry kept. */
export function splitList(text: string): string[] {
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  return [...new Set(items)];
}

const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * The form → the set's `playbook`, holding only what differs from the defaults so that a later
 * KR Lens with better defaults still applies them; undefined when nothing differs.
 */
export function formToPlaybook(form: PlaybookForm): { ok: true; playbook: Playbook | undefined } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const whole = (label: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    if (value >= min && value <= max) return value;
    errors.push(`${label} must be a whole number${max === Number.MAX_SAFE_INTEGER ? ` of at least ${min}` : ` from ${min} to ${max}`}.`);
    return Number.NaN; // so a range check does not report the same number twice
  };
  const range = (label: string, minText: string, maxText: string) => {
    const min = whole(`${label}: the minimum`, minText, 0);
    const max = whole(`${label}: the maximum`, maxText, 1);
    if (min > max) errors.push(`${label}: the minimum is above the maximum.`);
    return { min, max };
  };
  const resolved: ResolvedPlaybook = {
    objectivesPerTeam: range('Objectives per team', form.objectivesMin, form.objectivesMax),
    keyResultsPerObjective: range('Key results per objective', form.keyResultsMin, form.keyResultsMax),
    staleCheckInDays: whole('Days without a check-in', form.staleCheckInDays, 1, 365),
    runLabels: splitList(form.runLabels),
    runKinds: ISSUE_KINDS.filter((kind) => form.runKinds.includes(kind)),
    activityWords: splitList(form.activityWords),
    statusQuoWords: splitList(form.statusQuoWords),
    canceledResolutions: splitList(form.canceledResolutions),
    canceledStatuses: splitList(form.canceledStatuses),
  };
  if (errors.length > 0) return { ok: false, errors };
  const d = DEFAULT_PLAYBOOK;
  const playbook: Playbook = {};
  if (resolved.objectivesPerTeam.min !== d.objectivesPerTeam.min || resolved.objectivesPerTeam.max !== d.objectivesPerTeam.max) {
    playbook.objectivesPerTeam = resolved.objectivesPerTeam;
  }
  if (resolved.keyResultsPerObjective.min !== d.keyResultsPerObjective.min || resolved.keyResultsPerObjective.max !== d.keyResultsPerObjective.max) {
    playbook.keyResultsPerObjective = resolved.keyResultsPerObjective;
  }
  if (resolved.staleCheckInDays !== d.staleCheckInDays) playbook.staleCheckInDays = resolved.staleCheckInDays;
  if (!sameList(resolved.runLabels, d.runLabels)) playbook.runLabels = resolved.runLabels;
  if (!sameList(resolved.runKinds, d.runKinds)) playbook.runKinds = resolved.runKinds;
  if (!sameList(resolved.activityWords, d.activityWords)) playbook.activityWords = resolved.activityWords;
  if (!sameList(resolved.statusQuoWords, d.statusQuoWords)) playbook.statusQuoWords = resolved.statusQuoWords;
  if (!sameList(resolved.canceledResolutions, d.canceledResolutions)) playbook.canceledResolutions = resolved.canceledResolutions;
  if (!sameList(resolved.canceledStatuses, d.canceledStatuses)) playbook.canceledStatuses = resolved.canceledStatuses;
  return { ok: true, playbook: Object.keys(playbook).length > 0 ? playbook : undefined };
}

function withPlaybook(set: OkrSet, playbook: Playbook | undefined): OkrSet {
  const { playbook: _previous, ...rest } = set;
  return playbook ? { ...rest, playbook } : rest;
}

// ---------------------------------------------------------------------------------------------
// The store

export interface OptionsStoreDeps {
  /** Transport to the background service: `runtime.sendMessage` in the page, a fake in tests. */
  send: SendMessage;
  /** Asks for host access; called synchronously inside the click, since browsers require a user gesture. */
  requestOrigins?: (origins: string[]) => Promise<boolean>;
  /** Today as `YYYY-MM-DD`, which decides the cycle made active on import. */
  today?: () => string;
  download?: (file: DownloadFile) => void;
}

export interface OptionsStore {
  sets: ReadonlySignal<IndexEntry[]>;
  active: ReadonlySignal<ActiveSelection | null>;
  backup: ReadonlySignal<BackupInfo | null>;
  /** True while the user is asked to confirm restoring the backup. */
  restoreAsked: ReadonlySignal<boolean>;
  importState: ReadonlySignal<ImportState>;
  okrStatus: ReadonlySignal<StatusLine>;
  jiraRows: ReadonlySignal<JiraRow[]>;
  linear: ReadonlySignal<LinearForm>;
  jiraTests: ReadonlySignal<Readonly<Record<string, StatusLine>>>;
  linearTest: ReadonlySignal<StatusLine>;
  /** Whether Linear accepts the stored key: checked after a save, or by Test connection. */
  linearConnection: ReadonlySignal<LinearConnectionState>;
  /**
   * False until the stored connections are shown: until then the form takes no input, since the
   * late answer would replace what was typed, and a save would write a form that shows none of them.
   */
  connectionsReady: ReadonlySignal<boolean>;
  saveStatus: ReadonlySignal<StatusLine>;
  playbook: ReadonlySignal<PlaybookForm>;
  playbookStatus: ReadonlySignal<StatusLine>;
  /** The last issue page seen on each tracker, and which of its anchors were found. */
  pageHealth: ReadonlySignal<PageHealthView[]>;

  load(): Promise<void>;
  chooseFile(file: File): Promise<void>;
  confirmImport(): Promise<void>;
  cancelImport(): void;
  exportActive(format: OkrFileFormat): Promise<void>;
  askRestore(): void;
  cancelRestore(): void;
  confirmRestore(): Promise<void>;
  selectSet(setId: string): Promise<void>;
  selectCycle(cycleId: string | null): Promise<void>;

  addJiraRow(): void;
  updateJiraRow(key: string, patch: Partial<Pick<JiraRow, 'site' | 'auth' | 'email' | 'token'>>): void;
  removeJiraRow(key: string): void;
  setLinearKey(key: string): void;
  setLinearRemove(remove: boolean): void;
  /** Not async up to the permission request, so the click's user gesture still counts. */
  saveConnections(): Promise<void>;
  testJira(key: string): Promise<void>;
  testLinear(): Promise<void>;

  updatePlaybook(patch: Partial<PlaybookForm>): void;
  resetPlaybook(): void;
  savePlaybook(): Promise<void>;
}

function messageOf(error: unknown): string {
  if (error instanceof ServiceCallError) return error.error.message;
  if (error instanceof StoreError) return error.errors.map(formatFieldError).join(' ');
  return error instanceof Error ? error.message : String(error);
}

const failureText = (errors: readonly FieldError[]) => errors.map(formatFieldError).join(' ');

let rowCounter = 0;
const newRowKey = () => `jira-${++rowCounter}`;

function rowsFromSettings(settings: PublicSettings): JiraRow[] {
  return settings.jira.map((c) => {
    const email = c.email ?? '';
    return { key: newRowKey(), site: c.site, auth: c.auth, email, token: '', saved: { site: c.site, auth: c.auth, email } };
  });
}

function linearFromSettings(settings: PublicSettings): LinearForm {
  return { key: '', stored: settings.linear.connected, workspace: settings.linear.workspace, remove: false };
}

function cycleName(set: Pick<OkrSet, 'cycles'> | undefined, cycleId: string | null): string | null {
  if (cycleId === null) return null;
  return set?.cycles.find((c) => c.id === cycleId)?.name ?? cycleId;
}

export function createOptionsStore(deps: OptionsStoreDeps): OptionsStore {
  const client = createServiceClient(deps.send);
  const today = deps.today ?? (() => localDate());
  const requestOrigins = deps.requestOrigins ?? ((origins: string[]) => browser.permissions.request({ origins }));
  const download = deps.download ?? downloadWithLink;

  const sets = signal<IndexEntry[]>([]);
  const active = signal<ActiveSelection | null>(null);
  const backup = signal<BackupInfo | null>(null);
  const restoreAsked = signal(false);
  const importState = signal<ImportState>({ step: 'idle' });
  const okrStatus = signal<StatusLine>(IDLE);
  const jiraRows = signal<JiraRow[]>([]);
  const linear = signal<LinearForm>({ key: '', stored: false, remove: false });
  const jiraTests = signal<Record<string, StatusLine>>({});
  const linearTest = signal<StatusLine>(IDLE);
  const connection = createLinearConnectionCheck(client, messageOf);
  const connectionsReady = signal(false);
  const saveStatus = signal<StatusLine>({ tone: 'busy', message: 'Loading your connections…' });
  const pageHealth = signal<PageHealthView[]>([]);

  async function loadPageHealth(): Promise<void> {
    try {
      pageHealth.value = await client.getPageHealth({});
    } catch {
      pageHealth.value = []; // the page check is a hint; Options works without it
    }
  }
  const playbook = signal<PlaybookForm>(playbookToForm(resolvePlaybook(undefined)));
  const playbookStatus = signal<StatusLine>(IDLE);

  /** Re-reads the sets, the active selection and its backup; the playbook form follows the set. */
  async function loadOkr(): Promise<void> {
    try {
      const [index, selection] = await Promise.all([listSets(), getActiveSelection({ today: today() })]);
      const stored = selection ? await getBackup(selection.set.id) : null;
      batch(() => {
        sets.value = index;
        active.value = selection;
        backup.value = stored ? { savedAt: stored.savedAt, reason: stored.reason } : null;
        restoreAsked.value = false;
        playbook.value = playbookToForm(resolvePlaybook(selection?.set.playbook));
        playbookStatus.value = IDLE;
      });
    } catch (error) {
      okrStatus.value = { tone: 'error', message: messageOf(error) };
    }
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

  function applySettings(settings: PublicSettings): void {
    batch(() => {
      jiraRows.value = rowsFromSettings(settings);
      linear.value = linearFromSettings(settings);
      jiraTests.value = {};
      linearTest.value = IDLE;
      if (!settings.linear.connected) connection.clear();
    });
  }

  /** Checks the stored key; once Linear names the workspace, the stored-key line shows it too. */
  async function checkLinearConnection(): Promise<LinearConnectionState | null> {
    const result = await connection.check();
    if (result?.state === 'connected' && linear.value.stored) linear.value = { ...linear.value, workspace: result.workspace };
    return result;
  }

  async function chooseFile(file: File): Promise<void> {
    // Size first: a wrong multi-gigabyte file must never be read into the page.
    const tooLarge = checkOkrFileSize(file.size);
    if (tooLarge) {
      importState.value = { step: 'failed', fileName: file.name, errors: tooLarge.errors };
      return;
    }
    importState.value = { step: 'reading', fileName: file.name };
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      importState.value = { step: 'failed', fileName: file.name, errors: [{ path: '', message: `The file could not be read: ${messageOf(error)}` }] };
      return;
    }
    const result = await previewImport(text, file.name, { today: today() });
    if (!result.ok) {
      importState.value = { step: 'failed', fileName: file.name, errors: result.errors };
      return;
    }
    const { preview } = result;
    let stored: OkrSet | undefined;
    try {
      stored = (await getSet(preview.setId))?.set;
    } catch {
      stored = undefined; // a damaged stored set is what the import replaces; its name is unknown
    }
    const fileCycle = [...preview.changes.cycles.added, ...preview.changes.cycles.changed].find((c) => c.id === preview.activeCycleId);
    importState.value = {
      step: 'preview',
      fileName: file.name,
      preview,
      replaces: preview.isNew ? null : (stored?.name ?? preview.setId),
      activeCycleName: fileCycle?.label ?? cycleName(stored, preview.activeCycleId),
      confirming: false,
    };
  }

  async function confirm(): Promise<void> {
    const state = importState.value;
    if (state.step !== 'preview' || state.confirming) return;
    importState.value = { ...state, confirming: true };
    const result = await confirmImport(state.preview.token, { today: today() });
    if (!result.ok) {
      importState.value = { step: 'failed', fileName: state.fileName, errors: result.errors };
      return;
    }
    // Reloaded first, so "done" appears together with the selectors showing the new set.
    await loadOkr();
    batch(() => {
      importState.value = { step: 'done', setName: result.stored.set.name, activeCycleName: cycleName(result.stored.set, result.activeCycleId) };
      okrStatus.value = IDLE;
    });
  }

  async function exportActive(format: OkrFileFormat): Promise<void> {
    const selection = active.value;
    if (!selection) return;
    const result = await exportSet(selection.set.id, format);
    if (!result.ok) {
      okrStatus.value = { tone: 'error', message: failureText(result.errors) };
      return;
    }
    download({ text: result.text, fileName: result.fileName, mime: format === 'json' ? 'application/json' : 'application/yaml' });
    okrStatus.value = { tone: 'ok', message: `Exported ${result.fileName}.` };
  }

  async function confirmRestore(): Promise<void> {
    const selection = active.value;
    if (!selection) return;
    restoreAsked.value = false;
    const result = await restoreBackup(selection.set.id);
    if (!result.ok) {
      okrStatus.value = { tone: 'error', message: failureText(result.errors) };
      return;
    }
    okrStatus.value = { tone: 'ok', message: `Restored the previous version of “${result.stored.set.name}”. The version it replaced is now the backup, so you can undo this.` };
    await loadOkr();
  }

  async function select(setId: string, cycleId: (set: OkrSet) => string | null): Promise<void> {
    try {
      const stored = await getSet(setId);
      if (!stored) {
        okrStatus.value = { tone: 'error', message: `There is no OKR set "${setId}" any more; it was deleted in another page.` };
        await loadOkr();
        return;
      }
      const result = await setActiveSelection(setId, cycleId(stored.set));
      okrStatus.value = result.ok ? IDLE : { tone: 'error', message: failureText(result.errors) };
    } catch (error) {
      okrStatus.value = { tone: 'error', message: messageOf(error) };
    }
    importState.value = { step: 'idle' };
    await loadOkr();
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
    let granted: boolean;
    try {
      granted = await permission;
    } catch (error) {
      granted = false;
      console.warn('KR Lens: permission request failed', error);
    }
    if (!granted) {
      saveStatus.value = {
        tone: 'error',
        message: `KR Lens needs your permission to reach ${needed.join(', ')}; without it, it cannot read or link issues there. Nothing was saved — press Save again and choose Allow.`,
      };
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
    if (update.linear && 'apiKey' in update.linear) void checkLinearConnection();
  }

  async function testJira(key: string): Promise<void> {
    const row = jiraRows.value.find((r) => r.key === key);
    if (!row) return;
    const site = parseSiteOrigin(row.site);
    const setTest = (status: StatusLine) => (jiraTests.value = { ...jiraTests.value, [key]: status });
    if (row.site.trim() === '' || !site.ok) {
      setTest({ tone: 'error', message: site.ok ? 'Enter the Jira site address first, like https://acme.atlassian.net.' : site.message });
      return;
    }
    // Session auth on Atlassian Cloud needs no saved setup; anything else tests what is stored.
    if (!rowMatchesSaved(row) && !(row.auth === 'session' && isAtlassianCloud(site.origin))) {
      setTest({ tone: 'error', message: SAVE_FIRST });
      return;
    }
    setTest({ tone: 'busy', message: 'Testing…' });
    setTest(await runTest({ tracker: 'jira', site: site.origin }));
  }

  async function testLinear(): Promise<void> {
    const form = linear.value;
    if (form.key.trim() !== '' || form.remove) {
      linearTest.value = { tone: 'error', message: SAVE_FIRST };
      return;
    }
    if (!form.stored) {
      linearTest.value = { tone: 'error', message: 'Enter your Linear API key and save it first.' };
      return;
    }
    linearTest.value = { tone: 'busy', message: 'Testing…' };
    const result = await checkLinearConnection();
    linearTest.value =
      result?.state === 'connected' ? { tone: 'ok', message: `Connected as ${result.who}` } : result?.state === 'error' ? { tone: 'error', message: result.message } : IDLE;
  }

  async function runTest(params: { tracker: 'jira'; site: string }): Promise<StatusLine> {
    try {
      const result = await client.testConnection(params);
      return result.ok ? { tone: 'ok', message: `Connected as ${result.who}` } : { tone: 'error', message: result.error.message };
    } catch (error) {
      return { tone: 'error', message: messageOf(error) };
    }
  }

  async function savePlaybook(): Promise<void> {
    const selection = active.value;
    if (!selection) return;
    const built = formToPlaybook(playbook.value);
    if (!built.ok) {
      playbookStatus.value = { tone: 'error', message: built.errors.join(' ') };
      return;
    }
    playbookStatus.value = { tone: 'busy', message: 'Saving…' };
    const result = await saveSet(withPlaybook(selection.set, built.playbook), { expectedRevision: selection.revision });
    if (!result.ok) {
      playbookStatus.value = { tone: 'error', message: result.kind === 'conflict' ? PLAYBOOK_CONFLICT : failureText(result.errors) };
      return;
    }
    batch(() => {
      active.value = { ...selection, set: result.stored.set, revision: result.stored.revision };
      playbookStatus.value = { tone: 'ok', message: 'Playbook saved.' };
    });
  }

  return {
    sets,
    active,
    backup,
    restoreAsked,
    importState,
    okrStatus,
    jiraRows,
    linear,
    jiraTests,
    linearTest,
    linearConnection: connection.state,
    connectionsReady,
    saveStatus,
    pageHealth,
    playbook,
    playbookStatus,

    load: async () => {
      await Promise.all([loadOkr(), loadSettings(), loadPageHealth()]);
    },
    chooseFile,
    confirmImport: confirm,
    cancelImport: () => {
      importState.value = { step: 'idle' };
    },
    exportActive,
    askRestore: () => {
      restoreAsked.value = true;
    },
    cancelRestore: () => {
      restoreAsked.value = false;
    },
    confirmRestore,
    selectSet: (setId) => select(setId, (set) => cycleContaining(set.cycles, today())?.id ?? null),
    selectCycle: async (cycleId) => {
      const selection = active.value;
      if (selection) await select(selection.set.id, () => cycleId);
    },

    addJiraRow: () => {
      jiraRows.value = [...jiraRows.value, { key: newRowKey(), site: '', auth: 'session', email: '', token: '', saved: null }];
    },
    updateJiraRow: (key, patch) => {
      jiraRows.value = jiraRows.value.map((row) => (row.key === key ? { ...row, ...patch } : row));
      const { [key]: _stale, ...others } = jiraTests.value;
      jiraTests.value = others;
    },
    removeJiraRow: (key) => {
      jiraRows.value = jiraRows.value.filter((row) => row.key !== key);
    },
    setLinearKey: (key) => {
      linear.value = { ...linear.value, key };
      linearTest.value = IDLE;
    },
    setLinearRemove: (remove) => {
      linear.value = { ...linear.value, remove, key: remove ? '' : linear.value.key };
      linearTest.value = IDLE;
    },
    saveConnections,
    testJira,
    testLinear,

    updatePlaybook: (patch) => {
      playbook.value = { ...playbook.value, ...patch };
      playbookStatus.value = IDLE;
    },
    resetPlaybook: () => {
      playbook.value = playbookToForm(resolvePlaybook(undefined));
      playbookStatus.value = { tone: 'ok', message: 'The defaults are in the form; save to apply them.' };
    },
    savePlaybook,
  };
}

export type { DownloadFile };
