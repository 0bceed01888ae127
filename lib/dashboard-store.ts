/**
 * The dashboard's state and actions (STYLE habit 9): the only place the dashboard reads and
 * writes the OKR store or calls the background. Components read the signals and call actions.
 *
 * Tracker data (linked work, activity reports) comes from the background; everything computed
 * from it (progress, status, the tree, a KR's detail, lint, the review) is derived here with the
 * pure core, so a check-in saved in this page shows in the chart and the status at once.
 * Every write goes through `saveSet` with the revision the page read: another page's change is
 * never overwritten, and the user is told to reload instead.
 */
import { downloadWithLink, type DownloadFile } from './download';
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import { createServiceClient, ServiceCallError, type SendMessage } from './messaging';
import { carryOver, closeCycle, reviewData, reviewMarkdown, unfinishedKeyResults, type ReviewData } from './okr/cycle-close';
import { lintOkrSet } from './okr/lint';
import { idSchema, type CheckIn, type KeyResult, type OkrSet, type OkrSetInput } from './okr/model';
import { activeCycleIds } from './okr/cycle';
import type { PublicSettings } from './settings';
import { formatFieldError, getActiveSelection, localDate, saveSet, type ActiveSelection, type Failure } from './store';
import {
  buildKrDetail,
  buildLintView,
  buildOkrTree,
  cycleKeyResults,
  dashboardContext,
  linkedCounts,
  type ActivityResultView,
  type DashboardContext,
  type JiraBoardView,
  type KrDetailView,
  type LinkedWork,
  type LintView,
  type OkrTreeView,
  type ScopeRequest,
  type TreeFilters,
} from './view/dashboard';
import type { IssueGraph } from './okr/issue-graph';
import {
  applyEdit,
  checkEdit,
  cycleToForm,
  krToForm,
  newCycleForm,
  newId,
  newKrForm,
  newObjectiveForm,
  objectiveToForm,
  removeCycle,
  removeKr,
  removeObjective,
  type CycleForm,
  type EditCheck,
  type EditForm,
  type EditTarget,
  type KrForm,
  type ObjectiveForm,
} from './view/okr-edit';

export type StatusLine = { tone: 'idle' } | { tone: 'busy'; message: string } | { tone: 'ok'; message: string } | { tone: 'error'; message: string };
const IDLE: StatusLine = { tone: 'idle' };

// ---------------------------------------------------------------------------------------------
// Routes: the dashboard's views live in the URL hash, so the popup and bookmarks can open one.

export type Route =
  | { view: 'tree'; objectiveId?: string }
  | { view: 'kr'; krId: string }
  | { view: 'lint' }
  | { view: 'review' }
  | { view: 'activity' }
  | { view: 'edit' };

export function parseRoute(hash: string): Route {
  const [view, id] = hash.replace(/^#\/?/, '').split('/').map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return '';
    }
  });
  switch (view) {
    case 'kr':
      return id ? { view: 'kr', krId: id } : { view: 'tree' };
    case 'lint':
    case 'review':
    case 'activity':
    case 'edit':
      return { view };
    case 'tree':
      return id ? { view: 'tree', objectiveId: id } : { view: 'tree' };
    default:
      return { view: 'tree' };
  }
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'kr':
      return `#/kr/${encodeURIComponent(route.krId)}`;
    case 'tree':
      return route.objectiveId ? `#/tree/${encodeURIComponent(route.objectiveId)}` : '#/tree';
    default:
      return `#/${route.view}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Check-ins.

export interface CheckInForm {
  /** As typed; empty means "no new value" (a confidence-only check-in). */
  value: string;
  confidence: string;
  note: string;
}

export const EMPTY_CHECK_IN: CheckInForm = { value: '', confidence: '', note: '' };

export type ParsedCheckIn = { ok: true; value?: number; confidence: number; note?: string } | { ok: false; errors: string[] };

/**
 * The form → a check-in's fields, or sentences saying what to fix. Issues KRs take no value
 * (their progress comes from linked work); a milestone's value is 1 (reached) or 0.
 */
export function parseCheckInForm(form: CheckInForm, measure: KeyResult['measure']): ParsedCheckIn {
  const errors: string[] = [];
  const confidenceText = form.confidence.trim();
  const confidence = confidenceText === '' ? Number.NaN : Number(confidenceText);
  if (!Number.isInteger(confidence) || confidence < 0 || confidence > 10) errors.push('Confidence must be a whole number from 0 to 10.');
  const valueText = form.value.trim().replace(',', '.');
  let value: number | undefined;
  if (valueText !== '' && measure.type !== 'issues') {
    value = Number(valueText);
    if (!Number.isFinite(value)) errors.push(`“${form.value.trim()}” is not a number.`);
    else if (measure.type === 'milestone' && value !== 0 && value !== 1) errors.push('A milestone is reached (1) or not (0).');
  }
  const note = form.note.trim();
  if (note.length > 5000) errors.push('Keep the note under 5,000 characters.');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, confidence, ...(value !== undefined ? { value } : {}), ...(note !== '' ? { note } : {}) };
}

/** A check-in id that is new in the set and valid (ids end up in exports and are never reused). */
export function newCheckInId(set: Pick<OkrSet, 'checkIns'>, krId: string, now: number): string {
  const used = new Set(set.checkIns.map((checkIn) => checkIn.id));
  const base = `ci-${krId.slice(0, 80)}-${now.toString(36)}`;
  let id = base;
  for (let n = 2; used.has(id) || !idSchema.safeParse(id).success; n++) id = `${base}-${n}`;
  return id;
}

export function withCheckIn(set: OkrSet, checkIn: CheckIn): OkrSet {
  return { ...set, checkIns: [...set.checkIns, checkIn] };
}

// ---------------------------------------------------------------------------------------------
// Activity scope form.

export interface ScopeForm {
  jiraSite: string;
  jiraMode: 'none' | 'boards' | 'jql' | 'me';
  boardIds: number[];
  jql: string;
  linearMode: 'none' | 'teams' | 'me';
  teamKeys: string;
}

export const EMPTY_SCOPE: ScopeForm = { jiraSite: '', jiraMode: 'none', boardIds: [], jql: '', linearMode: 'none', teamKeys: '' };

/** The form → the scope parts to read, or a sentence saying what is missing. */
export function buildScopes(form: ScopeForm): { ok: true; scopes: ScopeRequest[] } | { ok: false; message: string } {
  const scopes: ScopeRequest[] = [];
  if (form.jiraMode !== 'none') {
    if (form.jiraSite === '') return { ok: false, message: 'Choose the Jira site first.' };
    if (form.jiraMode === 'boards') {
      if (form.boardIds.length === 0) return { ok: false, message: 'Choose at least one Jira board.' };
      scopes.push({ tracker: 'jira', site: form.jiraSite, scope: { type: 'jira-boards', boardIds: form.boardIds } });
    } else if (form.jiraMode === 'jql') {
      if (form.jql.trim() === '') return { ok: false, message: 'Enter a JQL query, like project = PLAT AND sprint in openSprints().' };
      scopes.push({ tracker: 'jira', site: form.jiraSite, scope: { type: 'jira-jql', jql: form.jql.trim() } });
    } else {
      scopes.push({ tracker: 'jira', site: form.jiraSite, scope: { type: 'assigned-to-me' } });
    }
  }
  if (form.linearMode === 'teams') {
    const teamKeys = [...new Set(form.teamKeys.split(/[\s,]+/).map((key) => key.trim().toUpperCase()).filter((key) => key !== ''))];
    if (teamKeys.length === 0) return { ok: false, message: 'Enter the keys of the Linear teams, like MOB, WEB.' };
    const invalid = teamKeys.find((key) => !/^[A-Z0-9][A-Z0-9_]{0,19}$/.test(key));
    if (invalid) return { ok: false, message: `“${invalid}” is not a Linear team key; keys are short, like MOB.` };
    scopes.push({ tracker: 'linear', scope: { type: 'linear-teams', teamKeys } });
  } else if (form.linearMode === 'me') {
    scopes.push({ tracker: 'linear', scope: { type: 'assigned-to-me' } });
  }
  if (scopes.length === 0) return { ok: false, message: 'Choose what to look at: Jira boards, a JQL query, Linear teams or your own work.' };
  return { ok: true, scopes };
}

// ---------------------------------------------------------------------------------------------
// The store.

export type PageState = { state: 'loading' } | { state: 'none'; message: string } | { state: 'ready' };
export type WorkState = { state: 'idle' } | { state: 'loading' } | { state: 'ok'; work: LinkedWork } | { state: 'error'; message: string };
export type ActivityState = { state: 'idle' } | { state: 'loading' } | { state: 'ok'; result: ActivityResultView } | { state: 'error'; message: string };
export type BoardsState = { state: 'idle' } | { state: 'loading' } | { state: 'ok'; boards: JiraBoardView[] } | { state: 'error'; message: string };

export interface DashboardStoreDeps {
  send: SendMessage;
  /** Today as `YYYY-MM-DD`. */
  today?: () => string;
  /** The clock, for check-in and close timestamps. */
  now?: () => number;
  download?: (file: DownloadFile) => void;
}

export interface ReviewState {
  /** The frozen review when the viewed cycle is closed. */
  data: ReviewData | null;
  markdown: string | null;
  /** KRs of the closed cycle still short of 1.0, still in it (not carried yet). */
  unfinished: Array<{ id: string; title: string }>;
  /** Cycles KRs can be carried into. */
  targets: Array<{ id: string; name: string }>;
}

export interface EditorState {
  target: EditTarget;
  /** The item's id; for a new item, the one it will get. */
  id: string;
  isNew: boolean;
  edit: EditForm;
}

export interface DeleteAsk {
  kind: 'cycle' | 'objective' | 'kr';
  id: string;
  title: string;
}

export interface DashboardStore {
  page: ReadonlySignal<PageState>;
  selection: ReadonlySignal<ActiveSelection | null>;
  settings: ReadonlySignal<PublicSettings | null>;
  route: ReadonlySignal<Route>;
  cycleId: ReadonlySignal<string | null>;
  filters: ReadonlySignal<TreeFilters>;
  work: ReadonlySignal<WorkState>;
  tree: ReadonlySignal<OkrTreeView | null>;
  krDetail: ReadonlySignal<KrDetailView | null>;
  checkInForm: ReadonlySignal<CheckInForm>;
  checkInStatus: ReadonlySignal<StatusLine>;
  lint: ReadonlySignal<LintView | null>;
  review: ReadonlySignal<ReviewState | null>;
  reviewStatus: ReadonlySignal<StatusLine>;
  scopeForm: ReadonlySignal<ScopeForm>;
  boards: ReadonlySignal<BoardsState>;
  activity: ReadonlySignal<ActivityState>;
  /** Per unaligned issue key: the status of linking it to a KR from the report. */
  linkStatus: ReadonlySignal<Readonly<Record<string, StatusLine>>>;
  /** KRs of active cycles, for the report's "link to KR" choice. */
  activeKrs: ReadonlySignal<Array<{ id: string; title: string; objectiveTitle: string }>>;
  editor: ReadonlySignal<EditorState | null>;
  /** What is wrong with the edit as typed, and its playbook findings; null when nothing is edited. */
  editCheck: ReadonlySignal<EditCheck | null>;
  editStatus: ReadonlySignal<StatusLine>;
  deleteAsk: ReadonlySignal<DeleteAsk | null>;
  /** The set before the last edit or delete, which "Undo" saves back. */
  undo: ReadonlySignal<{ label: string } | null>;

  load(): Promise<void>;
  navigate(route: Route): void;
  selectCycle(cycleId: string): void;
  setFilters(patch: Partial<TreeFilters>): void;
  refreshWork(): Promise<void>;
  updateCheckIn(patch: Partial<CheckInForm>): void;
  saveCheckIn(): Promise<void>;
  closeCycle(learnings: string): Promise<void>;
  downloadReview(): void;
  carryOver(krIds: string[], toCycleId: string): Promise<void>;
  updateScope(patch: Partial<ScopeForm>): void;
  loadBoards(): Promise<void>;
  runReport(fresh?: boolean): Promise<void>;
  linkUnaligned(issue: { tracker: 'jira' | 'linear'; site: string; key: string }, krId: string): Promise<void>;
  startEdit(target: EditTarget): void;
  updateEdit(patch: Partial<CycleForm> | Partial<ObjectiveForm> | Partial<KrForm>): void;
  cancelEdit(): void;
  saveEdit(): Promise<void>;
  askDelete(ask: DeleteAsk): void;
  cancelDelete(): void;
  confirmDelete(): Promise<void>;
  undoLast(): Promise<void>;
}

function messageOf(error: unknown): string {
  if (error instanceof ServiceCallError) return error.error.message;
  return error instanceof Error ? error.message : String(error);
}

const CONFLICT = 'Another KR Lens page changed this OKR set since this page read it, so nothing was saved. Reload the page and make your change again.';

function saveFailure(result: Failure): string {
  return result.kind === 'conflict' ? CONFLICT : result.errors.map(formatFieldError).join(' ');
}

export function createDashboardStore(deps: DashboardStoreDeps): DashboardStore {
  const client = createServiceClient(deps.send);
  const today = deps.today ?? (() => localDate());
  const now = deps.now ?? Date.now;
  const download = deps.download ?? downloadWithLink;

  const page = signal<PageState>({ state: 'loading' });
  const selection = signal<ActiveSelection | null>(null);
  const settings = signal<PublicSettings | null>(null);
  const route = signal<Route>({ view: 'tree' });
  const cycleId = signal<string | null>(null);
  const filters = signal<TreeFilters>({ team: null, owner: null });
  const work = signal<WorkState>({ state: 'idle' });
  const checkInForm = signal<CheckInForm>(EMPTY_CHECK_IN);
  const checkInStatus = signal<StatusLine>(IDLE);
  const reviewStatus = signal<StatusLine>(IDLE);
  const scopeForm = signal<ScopeForm>(EMPTY_SCOPE);
  const boards = signal<BoardsState>({ state: 'idle' });
  const activity = signal<ActivityState>({ state: 'idle' });
  const linkStatus = signal<Record<string, StatusLine>>({});

  const computedContext = computed((): { ctx: DashboardContext; graph: IssueGraph } | null => {
    const current = selection.value;
    if (!current) return null;
    const state = work.value;
    return dashboardContext(current.set, state.state === 'ok' ? state.work.issues : [], today());
  });

  const tree = computed(() => {
    const context = computedContext.value;
    return context ? buildOkrTree(context.ctx, cycleId.value, filters.value) : null;
  });

  const krDetail = computed(() => {
    const context = computedContext.value;
    const current = route.value;
    return context && current.view === 'kr' ? buildKrDetail(context.ctx, context.graph, current.krId) : null;
  });

  const lint = computed((): LintView | null => {
    const context = computedContext.value;
    if (!context || cycleId.value === null) return null;
    const state = work.value;
    // Linked counts are known only when every tracker answered; "unknown" is never reported as 0.
    const counts = state.state === 'ok' && state.work.problems.length === 0 ? linkedCounts(context.ctx.set.id, state.work.issues) : null;
    const findings = lintOkrSet(context.ctx.set, {
      today: today(),
      playbook: context.ctx.playbook,
      cycleId: cycleId.value,
      ...(counts ? { linkedIssueCount: (krId: string) => counts.get(krId) ?? 0 } : {}),
    });
    return buildLintView(context.ctx.set, findings);
  });

  const review = computed((): ReviewState | null => {
    const current = selection.value;
    const id = cycleId.value;
    if (!current || id === null) return null;
    const { set } = current;
    const data = reviewData(set, id);
    return {
      data,
      markdown: data ? reviewMarkdown(set, id) : null,
      unfinished: data ? unfinishedKeyResults(set, id).map((kr) => ({ id: kr.id, title: kr.title })) : [],
      targets: set.cycles.filter((cycle) => cycle.id !== id && cycle.state !== 'closed').map((cycle) => ({ id: cycle.id, name: cycle.name })),
    };
  });

  const activeKrs = computed(() => {
    const current = selection.value;
    if (!current) return [];
    const active = activeCycleIds(current.set);
    const objectives = new Map(current.set.objectives.filter((o) => active.has(o.cycleId)).map((o) => [o.id, o.title]));
    return current.set.keyResults.flatMap((kr) => {
      const objectiveTitle = objectives.get(kr.objectiveId);
      return objectiveTitle === undefined ? [] : [{ id: kr.id, title: kr.title, objectiveTitle }];
    });
  });

  /** Linked work for the viewed cycle's KRs: from the cache first, then fresh when that is stale. */
  async function loadWork(fresh: boolean): Promise<void> {
    const current = selection.value;
    if (!current) return;
    const krIds = cycleKeyResults(current.set, cycleId.value).map((kr) => kr.id);
    if (work.value.state !== 'ok') work.value = { state: 'loading' };
    try {
      const result = await client.getLinkedWork({ setId: current.set.id, krIds, fresh });
      if (result.state !== 'ok') {
        work.value = { state: 'error', message: result.error.message };
        return;
      }
      work.value = { state: 'ok', work: result.work };
      if (result.work.stale && !fresh) await loadWork(true);
    } catch (error) {
      work.value = { state: 'error', message: messageOf(error) };
    }
  }

  /** Saves an edited set against the revision this page read; on success the page shows it. */
  async function save(next: OkrSetInput): Promise<{ ok: true } | { ok: false; message: string }> {
    const current = selection.value;
    if (!current) return { ok: false, message: 'No OKR set is loaded.' };
    const result = await saveSet(next, { expectedRevision: current.revision }, new Date(now()));
    if (!result.ok) return { ok: false, message: saveFailure(result) };
    selection.value = { ...current, set: result.stored.set, revision: result.stored.revision };
    return { ok: true };
  }

  async function saveCheckIn(): Promise<void> {
    const current = selection.value;
    const target = route.value;
    if (!current || target.view !== 'kr') return;
    const kr = current.set.keyResults.find((candidate) => candidate.id === target.krId);
    if (!kr) return;
    const parsed = parseCheckInForm(checkInForm.value, kr.measure);
    if (!parsed.ok) {
      checkInStatus.value = { tone: 'error', message: parsed.errors.join(' ') };
      return;
    }
    checkInStatus.value = { tone: 'busy', message: 'Saving…' };
    const at = now();
    const checkIn: CheckIn = {
      id: newCheckInId(current.set, kr.id, at),
      krId: kr.id,
      at: new Date(at).toISOString(),
      confidence: parsed.confidence,
      ...(parsed.value !== undefined ? { value: parsed.value } : {}),
      ...(parsed.note !== undefined ? { note: parsed.note } : {}),
    };
    const saved = await save(withCheckIn(current.set, checkIn));
    batch(() => {
      if (saved.ok) checkInForm.value = EMPTY_CHECK_IN;
      checkInStatus.value = saved.ok ? { tone: 'ok', message: 'Check-in saved.' } : { tone: 'error', message: saved.message };
    });
  }

  async function close(learningsText: string): Promise<void> {
    const current = selection.value;
    const context = computedContext.value;
    const id = cycleId.value;
    if (!current || !context || id === null) return;
    const learnings = learningsText.split(/\r?\n/).map((line) => line.replace(/^\s*[-*]\s*/, '').trim()).filter((line) => line !== '');
    let next: OkrSet;
    try {
      next = closeCycle(current.set, id, context.ctx.krResults, { closedAt: new Date(now()).toISOString(), learnings });
    } catch (error) {
      reviewStatus.value = { tone: 'error', message: messageOf(error) };
      return;
    }
    reviewStatus.value = { tone: 'busy', message: 'Closing…' };
    const saved = await save(next);
    reviewStatus.value = saved.ok ? { tone: 'ok', message: 'Cycle closed: its scores are frozen.' } : { tone: 'error', message: saved.message };
  }

  async function carry(krIds: string[], toCycleId: string): Promise<void> {
    const current = selection.value;
    const from = cycleId.value;
    if (!current || from === null) return;
    if (krIds.length === 0) {
      reviewStatus.value = { tone: 'error', message: 'Choose the key results to carry over.' };
      return;
    }
    let next: OkrSet;
    try {
      next = carryOver(current.set, from, toCycleId, krIds, (oldId) => `${oldId.slice(0, 90)}-${toCycleId.slice(0, 28)}`);
    } catch (error) {
      reviewStatus.value = { tone: 'error', message: messageOf(error) };
      return;
    }
    const target = current.set.cycles.find((cycle) => cycle.id === toCycleId)?.name ?? toCycleId;
    const saved = await save(next);
    reviewStatus.value = saved.ok
      ? { tone: 'ok', message: `Carried ${krIds.length} key ${krIds.length === 1 ? 'result' : 'results'} into ${target}, with their check-ins and links.` }
      : { tone: 'error', message: saved.message };
  }

  async function runReport(fresh = false): Promise<void> {
    const built = buildScopes(scopeForm.value);
    if (!built.ok) {
      activity.value = { state: 'error', message: built.message };
      return;
    }
    activity.value = { state: 'loading' };
    try {
      const answer = await client.runActivityReport({ scopes: built.scopes, fresh });
      activity.value = answer.state === 'ok' ? { state: 'ok', result: answer.result } : { state: 'error', message: answer.error.message };
    } catch (error) {
      activity.value = { state: 'error', message: messageOf(error) };
    }
  }

  async function linkUnaligned(issue: { tracker: 'jira' | 'linear'; site: string; key: string }, krId: string): Promise<void> {
    const current = selection.value;
    if (!current) return;
    const setStatus = (status: StatusLine) => (linkStatus.value = { ...linkStatus.value, [issue.key]: status });
    setStatus({ tone: 'busy', message: 'Linking…' });
    try {
      const result = await client.linkIssue({ ...issue, setId: current.set.id, krId });
      if (result.state !== 'ok') {
        setStatus({ tone: 'error', message: result.error.message });
        return;
      }
      const title = current.set.keyResults.find((kr) => kr.id === krId)?.title ?? krId;
      setStatus({ tone: 'ok', message: `Linked to “${title}”.` });
    } catch (error) {
      setStatus({ tone: 'error', message: messageOf(error) });
    }
  }

  // -- Editing ---------------------------------------------------------------------------------

  const editor = signal<EditorState | null>(null);
  const editStatus = signal<StatusLine>(IDLE);
  const deleteAsk = signal<DeleteAsk | null>(null);
  const undoSet = signal<{ set: OkrSet; label: string } | null>(null);

  const editCheck = computed((): EditCheck | null => {
    const current = selection.value;
    const state = editor.value;
    if (!current || !state) return null;
    return checkEdit(applyEdit(current.set, state.target, state.id, state.edit), state.target, state.id, today());
  });

  function startEdit(target: EditTarget): void {
    const current = selection.value;
    if (!current) return;
    const { set } = current;
    let state: EditorState | null = null;
    if (target.kind === 'cycle') {
      const cycle = target.id === null ? undefined : set.cycles.find((c) => c.id === target.id);
      state = cycle
        ? { target, id: cycle.id, isNew: false, edit: { kind: 'cycle', form: cycleToForm(cycle) } }
        : { target, id: newId(set, 'cycle', 'cycle', now()), isNew: true, edit: { kind: 'cycle', form: newCycleForm(today()) } };
    } else if (target.kind === 'objective') {
      const objective = target.id === null ? undefined : set.objectives.find((o) => o.id === target.id);
      state = objective
        ? { target, id: objective.id, isNew: false, edit: { kind: 'objective', form: objectiveToForm(objective) } }
        : { target, id: newId(set, 'obj', '', now()), isNew: true, edit: { kind: 'objective', form: newObjectiveForm() } };
    } else {
      const kr = target.id === null ? undefined : set.keyResults.find((k) => k.id === target.id);
      state = kr
        ? { target, id: kr.id, isNew: false, edit: { kind: 'kr', form: krToForm(kr) } }
        : { target, id: newId(set, 'kr', '', now()), isNew: true, edit: { kind: 'kr', form: newKrForm() } };
    }
    batch(() => {
      editor.value = state;
      deleteAsk.value = null;
      editStatus.value = IDLE;
    });
  }

  async function saveEdit(): Promise<void> {
    const current = selection.value;
    const state = editor.value;
    const check = editCheck.value;
    if (!current || !state || !check) return;
    if (check.errors.length > 0 || check.otherErrors.length > 0) {
      editStatus.value = { tone: 'error', message: 'Fix the fields marked above first; nothing was saved.' };
      return;
    }
    // A new item's id comes from its title, now that there is one.
    const title = state.edit.kind === 'cycle' ? state.edit.form.name : state.edit.form.title;
    const id = state.isNew ? newId(current.set, state.target.kind === 'kr' ? 'kr' : state.target.kind === 'objective' ? 'obj' : 'cycle', title, now()) : state.id;
    const previous = current.set;
    editStatus.value = { tone: 'busy', message: 'Saving…' };
    const saved = await save(applyEdit(previous, state.target, id, state.edit));
    batch(() => {
      if (!saved.ok) {
        editStatus.value = { tone: 'error', message: saved.message };
        return;
      }
      editor.value = null;
      const label = `${state.isNew ? 'Added' : 'Saved'} “${title.trim()}”.`;
      undoSet.value = { set: previous, label };
      editStatus.value = { tone: 'ok', message: label };
    });
  }

  async function confirmDelete(): Promise<void> {
    const current = selection.value;
    const ask = deleteAsk.value;
    if (!current || !ask) return;
    const removal = ask.kind === 'kr' ? removeKr(current.set, ask.id) : ask.kind === 'objective' ? removeObjective(current.set, ask.id) : removeCycle(current.set, ask.id);
    if (!removal.ok) {
      batch(() => {
        deleteAsk.value = null;
        editStatus.value = { tone: 'error', message: removal.message };
      });
      return;
    }
    const previous = current.set;
    const saved = await save(removal.set);
    batch(() => {
      deleteAsk.value = null;
      if (!saved.ok) {
        editStatus.value = { tone: 'error', message: saved.message };
        return;
      }
      if (ask.kind === 'cycle' && cycleId.value === ask.id) cycleId.value = removal.set.cycles.find((c) => c.state === 'active')?.id ?? removal.set.cycles[0]?.id ?? null;
      undoSet.value = { set: previous, label: removal.summary };
      editStatus.value = { tone: 'ok', message: removal.summary };
    });
  }

  async function undoLast(): Promise<void> {
    const last = undoSet.value;
    if (!last) return;
    const saved = await save(last.set);
    batch(() => {
      if (!saved.ok) {
        editStatus.value = { tone: 'error', message: saved.message };
        return;
      }
      if (cycleId.value !== null && !last.set.cycles.some((c) => c.id === cycleId.value)) cycleId.value = last.set.cycles[0]?.id ?? null;
      undoSet.value = null;
      editor.value = null;
      editStatus.value = { tone: 'ok', message: `Undone: ${last.label.charAt(0).toLowerCase()}${last.label.slice(1)}` };
    });
  }

  return {
    page,
    selection,
    settings,
    route,
    cycleId,
    filters,
    work,
    tree,
    krDetail,
    checkInForm,
    checkInStatus,
    lint,
    review,
    reviewStatus,
    scopeForm,
    boards,
    activity,
    linkStatus,
    activeKrs,

    async load() {
      page.value = { state: 'loading' };
      let current: ActiveSelection | null;
      try {
        current = await getActiveSelection({ today: today() });
      } catch (error) {
        page.value = { state: 'none', message: messageOf(error) };
        return;
      }
      const known = await client.getSettings({}).catch(() => null);
      if (!current) {
        page.value = { state: 'none', message: 'No OKR set yet: import one in KR Lens Options, then come back here.' };
        return;
      }
      const viewed = current.cycleId ?? current.set.cycles.find((cycle) => cycle.state === 'active')?.id ?? current.set.cycles[0]?.id ?? null;
      batch(() => {
        selection.value = current;
        settings.value = known;
        cycleId.value = viewed;
        page.value = { state: 'ready' };
        const firstSite = known?.jira[0]?.site ?? '';
        scopeForm.value = {
          ...scopeForm.value,
          jiraSite: scopeForm.value.jiraSite || firstSite,
          jiraMode: firstSite ? 'boards' : 'none',
          linearMode: known?.linear.connected ? 'teams' : 'none',
        };
      });
      await loadWork(false);
    },
    navigate(next) {
      const previous = route.value;
      batch(() => {
        route.value = next;
        const sameKr = previous.view === 'kr' && next.view === 'kr' && previous.krId === next.krId;
        if (!sameKr) {
          checkInForm.value = EMPTY_CHECK_IN;
          checkInStatus.value = IDLE;
        }
        if (next.view === 'kr') {
          // A KR of another cycle is shown in its own cycle's context.
          const kr = selection.value?.set.keyResults.find((candidate) => candidate.id === next.krId);
          const objective = kr && selection.value?.set.objectives.find((candidate) => candidate.id === kr.objectiveId);
          if (objective && objective.cycleId !== cycleId.value) {
            cycleId.value = objective.cycleId;
            void loadWork(false);
          }
        }
      });
    },
    selectCycle(id) {
      if (id === cycleId.value) return;
      batch(() => {
        cycleId.value = id;
        reviewStatus.value = IDLE;
      });
      void loadWork(false);
    },
    setFilters(patch) {
      filters.value = { ...filters.value, ...patch };
    },
    refreshWork: () => loadWork(true),
    updateCheckIn(patch) {
      batch(() => {
        checkInForm.value = { ...checkInForm.value, ...patch };
        if (checkInStatus.value.tone !== 'busy') checkInStatus.value = IDLE;
      });
    },
    saveCheckIn,
    closeCycle: close,
    downloadReview() {
      const current = selection.value;
      const state = review.value;
      if (!current || !state?.markdown || !state.data) return;
      download({ text: state.markdown, fileName: `${current.set.id}-${state.data.cycle.id}-review.md`, mime: 'text/markdown' });
      reviewStatus.value = { tone: 'ok', message: `Downloaded ${current.set.id}-${state.data.cycle.id}-review.md.` };
    },
    carryOver: carry,
    updateScope(patch) {
      const siteChanged = patch.jiraSite !== undefined && patch.jiraSite !== scopeForm.value.jiraSite;
      batch(() => {
        scopeForm.value = { ...scopeForm.value, ...patch, ...(siteChanged ? { boardIds: [] } : {}) };
        if (siteChanged) boards.value = { state: 'idle' };
      });
    },
    async loadBoards() {
      const site = scopeForm.value.jiraSite;
      if (!site) return;
      boards.value = { state: 'loading' };
      try {
        const list = await client.listJiraBoards({ site });
        if (scopeForm.value.jiraSite === site) boards.value = { state: 'ok', boards: list };
      } catch (error) {
        boards.value = { state: 'error', message: messageOf(error) };
      }
    },
    runReport,
    linkUnaligned,
    editor,
    editCheck,
    editStatus,
    deleteAsk,
    undo: computed(() => (undoSet.value ? { label: undoSet.value.label } : null)),
    startEdit,
    updateEdit(patch) {
      const state = editor.value;
      if (!state) return;
      editor.value = { ...state, edit: { ...state.edit, form: { ...state.edit.form, ...patch } } as EditForm };
      if (editStatus.value.tone === 'error') editStatus.value = IDLE;
    },
    cancelEdit() {
      editor.value = null;
    },
    saveEdit,
    askDelete(ask) {
      batch(() => {
        deleteAsk.value = ask;
        editor.value = null;
        editStatus.value = IDLE;
      });
    },
    cancelDelete() {
      deleteAsk.value = null;
    },
    confirmDelete,
    undoLast,
  };
}

export type { DownloadFile };
