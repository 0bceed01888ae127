/**
 * The activity report: its scope form, the Jira boards to choose from, the report itself, and
 * linking an unaligned issue from it to a KR of an active cycle.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { ActivityResultView, IssueAddress, JiraBoardView } from '../../../lib/messaging';
import { activeCycleIds } from '../../../lib/okr/cycle';
import type { PublicSettings } from '../../../lib/settings';
import { messageOf } from '../../../lib/util/error';
import type { StatusLine } from '../../../lib/view/status-line';
import type { DashboardCore } from './core';
import { buildScopes, EMPTY_SCOPE, type ScopeForm } from './scope-form';

export type ActivityState = { state: 'idle' } | { state: 'loading' } | { state: 'ok'; result: ActivityResultView } | { state: 'error'; message: string };
export type BoardsState = { state: 'idle' } | { state: 'loading' } | { state: 'ok'; boards: JiraBoardView[] } | { state: 'error'; message: string };

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

/** The session, and `preset` to start the scope form from the connected trackers once they are known. */
export function createActivitySession({ client, selection }: DashboardCore): ActivitySession & { preset(settings: PublicSettings | null): void } {
  const scopeForm = signal<ScopeForm>(EMPTY_SCOPE);
  const boards = signal<BoardsState>({ state: 'idle' });
  const activity = signal<ActivityState>({ state: 'idle' });
  const linkStatus = signal<Record<string, StatusLine>>({});

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

  async function linkUnaligned(issue: IssueAddress, krId: string): Promise<void> {
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

  async function loadBoards(): Promise<void> {
    const site = scopeForm.value.jiraSite;
    if (!site) return;
    boards.value = { state: 'loading' };
    try {
      const list = await client.listJiraBoards({ site });
      if (scopeForm.value.jiraSite === site) boards.value = { state: 'ok', boards: list };
    } catch (error) {
      boards.value = { state: 'error', message: messageOf(error) };
    }
  }

  return {
    scopeForm,
    boards,
    activity,
    linkStatus,
    activeKrs,
    updateScope(patch) {
      const siteChanged = patch.jiraSite !== undefined && patch.jiraSite !== scopeForm.value.jiraSite;
      batch(() => {
        scopeForm.value = { ...scopeForm.value, ...patch, ...(siteChanged ? { boardIds: [] } : {}) };
        if (siteChanged) boards.value = { state: 'idle' };
      });
    },
    loadBoards,
    runReport,
    linkUnaligned,
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
