/**
 * The activity report: its scope form, the Jira boards to choose from, the report itself, and
 * linking an unaligned issue from it to a KR of an active cycle.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { ActivityResultView, IssueAddress, JiraBoardView } from '../../../lib/messaging';
import { activeCycleIds } from '../../../lib/okr/cycle';
import type { OkrSet } from '../../../lib/okr/model';
import type { PublicSettings } from '../../../lib/settings';
import { messageOf } from '../../../lib/util/error';
import type { StatusLine } from '../../../lib/view/status-line';
import type { DashboardCore } from './core';
import { buildScopes, EMPTY_SCOPE, type ScopeForm } from './scope-form';

export type ActivityState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ok'; result: ActivityResultView }
  | { state: 'error'; message: string };
export type BoardsState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ok'; boards: JiraBoardView[] }
  | { state: 'error'; message: string };

export interface ActivitySession {
  scopeForm: ReadonlySignal<ScopeForm>;
  boards: ReadonlySignal<BoardsState>;
  activity: ReadonlySignal<ActivityState>;
  /** Per unaligned issue key: the status of linking it to a KR from the report. */
  linkStatus: ReadonlySignal<Readonly<Record<string, StatusLine>>>;
  /** KRs of active cycles, for the report's "link to KR" choice. */
  activeKrs: ReadonlySignal<Array<{ id: string; title: string; objectiveTitle: string }>>;
  updateScope(patch: Partial<ScopeForm>): void;
  loadBoards(): Promise<void>;
  runReport(fresh?: boolean): Promise<void>;
  linkUnaligned(issue: IssueAddress, krId: string): Promise<void>;
}

/** The session's signals with the core they act on. */
interface ActivitySignals {
  core: DashboardCore;
  scopeForm: Signal<ScopeForm>;
  boards: Signal<BoardsState>;
  activity: Signal<ActivityState>;
  linkStatus: Signal<Record<string, StatusLine>>;
}

/** KRs of active cycles with their objective's title. */
function activeKeyResults(set: OkrSet): Array<{ id: string; title: string; objectiveTitle: string }> {
  const active = activeCycleIds(set);
  const objectives = new Map(set.objectives.filter((o) => active.has(o.cycleId)).map((o) => [o.id, o.title]));
  return set.keyResults.flatMap((kr) => {
    const objectiveTitle = objectives.get(kr.objectiveId);
    return objectiveTitle === undefined ? [] : [{ id: kr.id, title: kr.title, objectiveTitle }];
  });
}

async function runReport({ core, scopeForm, activity }: ActivitySignals, fresh: boolean): Promise<void> {
  const built = buildScopes(scopeForm.value);
  if (!built.ok) {
    activity.value = { state: 'error', message: built.message };
    return;
  }
  activity.value = { state: 'loading' };
  try {
    const answer = await core.client.runActivityReport({ scopes: built.scopes, fresh });
    activity.value = answer.state === 'ok' ? { state: 'ok', result: answer.result } : { state: 'error', message: answer.error.message };
  } catch (error) {
    activity.value = { state: 'error', message: messageOf(error) };
  }
}

async function linkUnaligned({ core, linkStatus }: ActivitySignals, issue: IssueAddress, krId: string): Promise<void> {
  const current = core.selection.value;
  if (!current) return;
  const setStatus = (status: StatusLine) => (linkStatus.value = { ...linkStatus.value, [issue.key]: status });
  setStatus({ tone: 'busy', message: 'Linking…' });
  try {
    const result = await core.client.linkIssue({ ...issue, setId: current.set.id, krId });
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

async function loadBoards({ core, scopeForm, boards }: ActivitySignals): Promise<void> {
  const site = scopeForm.value.jiraSite;
  if (!site) return;
  boards.value = { state: 'loading' };
  try {
    const list = await core.client.listJiraBoards({ site });
    if (scopeForm.value.jiraSite === site) boards.value = { state: 'ok', boards: list };
  } catch (error) {
    boards.value = { state: 'error', message: messageOf(error) };
  }
}

/** The session, and `preset` to start the scope form from the connected trackers once they are known. */
export function createActivitySession(core: DashboardCore): ActivitySession & { preset(settings: PublicSettings | null): void } {
  const signals: ActivitySignals = {
    core,
    scopeForm: signal<ScopeForm>(EMPTY_SCOPE),
    boards: signal<BoardsState>({ state: 'idle' }),
    activity: signal<ActivityState>({ state: 'idle' }),
    linkStatus: signal<Record<string, StatusLine>>({}),
  };
  const { scopeForm, boards } = signals;
  return {
    scopeForm,
    boards,
    activity: signals.activity,
    linkStatus: signals.linkStatus,
    activeKrs: computed(() => {
      const current = core.selection.value;
      return current ? activeKeyResults(current.set) : [];
    }),
    updateScope(patch) {
      const siteChanged = patch.jiraSite !== undefined && patch.jiraSite !== scopeForm.value.jiraSite;
      batch(() => {
        scopeForm.value = { ...scopeForm.value, ...patch, ...(siteChanged ? { boardIds: [] } : {}) };
        if (siteChanged) boards.value = { state: 'idle' };
      });
    },
    loadBoards: () => loadBoards(signals),
    runReport: (fresh = false) => runReport(signals, fresh),
    linkUnaligned: (issue, krId) => linkUnaligned(signals, issue, krId),
    preset(settings) {
      const firstSite = settings?.jira[0]?.site ?? '';
      scopeForm.value = {
        ...scopeForm.value,
        jiraSite: scopeForm.value.jiraSite || firstSite,
        jiraMode: firstSite ? 'boards' : 'none',
        linearMode: settings?.linear.connected ? 'teams' : 'none',
      };
    },
  };
}
