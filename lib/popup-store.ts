/**
 * The popup's state and actions (STYLE habit 9): the current tab's issue and the KRs it serves,
 * the active cycle's objectives with progress, and how much work assigned to me serves no KR.
 * The only place the popup reads the OKR store or calls the background; components render signals.
 *
 * The popup opens in a blink and closes as fast, so it answers from the background's cache first
 * (`fresh: false`) and asks the trackers again only when that answer is stale.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { createServiceClient, ServiceCallError, type IssueAddress, type OkrServiceClient, type SendMessage } from './messaging';
import { isAtlassianCloud, type PublicSettings } from './settings';
import { getActiveSelection, localDate } from './store';
import { parseJiraLocation } from './trackers/jira/page';
import { parseLinearLocation } from './trackers/linear/page';
import {
  buildOkrTree,
  cycleKeyResults,
  dashboardContext,
  flattenTree,
  type CycleView,
  type LinkedWork,
  type ObjectiveNodeView,
  type ScopeRequest,
} from './view/dashboard';
import type { OverlayView } from './view/types';

export type TabState =
  | { state: 'loading' }
  /** The tab shows no Jira or Linear issue (or the browser did not tell us its address). */
  | { state: 'none' }
  | { state: 'ok'; view: OverlayView }
  | { state: 'setup'; message: string }
  | { state: 'error'; message: string; cached?: OverlayView };

export type PopupObjective = Pick<ObjectiveNodeView, 'id' | 'title' | 'level' | 'team' | 'progress' | 'progressText' | 'band' | 'status'> & {
  /** Depth in the alignment tree, for indentation. */
  depth: number;
};

export type OkrState =
  | { state: 'loading' }
  | { state: 'none'; message: string }
  | { state: 'ok'; setName: string; cycle: CycleView | null; expected: number; objectives: PopupObjective[]; notice?: string };

export type UnalignedState =
  | { state: 'loading' }
  | { state: 'ok'; count: number; total: number }
  | { state: 'unavailable'; message: string };

export interface PopupStoreDeps {
  send: SendMessage;
  /** The active tab's address; undefined when the browser does not share it (no host permission). */
  activeTabUrl: () => Promise<string | undefined>;
  /** Today as `YYYY-MM-DD`. */
  today?: () => string;
}

export interface PopupStore {
  tab: ReadonlySignal<TabState>;
  okr: ReadonlySignal<OkrState>;
  unalignedMine: ReadonlySignal<UnalignedState>;
  load(): Promise<void>;
}

const NO_SET_MESSAGE = 'No OKR set yet: import one in KR Lens Options.';

function messageOf(error: unknown): string {
  if (error instanceof ServiceCallError) return error.error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The issue a tab shows, as the content scripts name it: Linear by its workspace, Jira by its site
 * origin. Jira pages count on Atlassian Cloud and on the sites in settings only, since any site
 * could have a `/browse/ABC-1` path.
 */
export function issueAddressOf(url: string | undefined, jiraSites: readonly string[]): IssueAddress | null {
  if (!url) return null;
  const linear = parseLinearLocation(url);
  if (linear) return linear.type === 'issue' ? { tracker: 'linear', site: linear.workspace, key: linear.key } : null;
  const jira = parseJiraLocation(url);
  if (jira?.type !== 'issue') return null;
  return isAtlassianCloud(jira.site) || jiraSites.includes(jira.site) ? { tracker: 'jira', site: jira.site, key: jira.key } : null;
}

/** "Assigned to me" on every connected tracker. */
export function assignedToMeScopes(settings: PublicSettings): ScopeRequest[] {
  return [
    ...settings.jira.map((c): ScopeRequest => ({ tracker: 'jira', site: c.site, scope: { type: 'assigned-to-me' } })),
    ...(settings.linear.connected ? [{ tracker: 'linear', scope: { type: 'assigned-to-me' } } satisfies ScopeRequest] : []),
  ];
}

function popupObjectives(roots: readonly ObjectiveNodeView[], depth = 0): PopupObjective[] {
  return roots.flatMap((node) => [
    {
      id: node.id,
      title: node.title,
      level: node.level,
      ...(node.team ? { team: node.team } : {}),
      progress: node.progress,
      progressText: node.progressText,
      band: node.band,
      status: node.status,
      depth,
    },
    ...popupObjectives(node.children, depth + 1),
  ]);
}

export function createPopupStore(deps: PopupStoreDeps): PopupStore {
  const client: OkrServiceClient = createServiceClient(deps.send);
  const today = deps.today ?? (() => localDate());
  const tab = signal<TabState>({ state: 'loading' });
  const okr = signal<OkrState>({ state: 'loading' });
  const unalignedMine = signal<UnalignedState>({ state: 'loading' });

  async function loadTab(settings: PublicSettings | null): Promise<void> {
    let url: string | undefined;
    try {
      url = await deps.activeTabUrl();
    } catch {
      url = undefined;
    }
    const address = issueAddressOf(url, settings?.jira.map((c) => c.site) ?? []);
    if (!address) {
      tab.value = { state: 'none' };
      return;
    }
    const ask = async (fresh: boolean): Promise<boolean> => {
      try {
        const result = await client.getIssueOverlay({ ...address, fresh });
        if (result.state === 'ok') tab.value = { state: 'ok', view: result.view };
        else if (result.state === 'setup') tab.value = { state: 'setup', message: result.error.message };
        else tab.value = { state: 'error', message: result.error.message, ...(result.cached ? { cached: result.cached } : {}) };
        return result.state === 'ok' && result.view.stale;
      } catch (error) {
        tab.value = { state: 'error', message: messageOf(error) };
        return false;
      }
    };
    if (await ask(false)) await ask(true);
  }

  async function loadOkr(): Promise<void> {
    const selection = await getActiveSelection({ today: today() });
    if (!selection) {
      okr.value = { state: 'none', message: NO_SET_MESSAGE };
      return;
    }
    const { set, cycleId } = selection;
    const render = (work: LinkedWork | null) => {
      const { ctx } = dashboardContext(set, work?.issues ?? [], today());
      const tree = buildOkrTree(ctx, cycleId);
      const problems = work?.problems.map((p) => `${p.site}: ${p.error.message}`) ?? [];
      okr.value = {
        state: 'ok',
        setName: set.name,
        cycle: tree.cycle,
        expected: tree.expected,
        objectives: popupObjectives(tree.roots),
        ...(problems.length > 0 ? { notice: problems.join(' ') } : {}),
      };
    };
    // Metric and milestone KRs need nothing from the trackers: show them at once.
    render(null);
    const krIds = cycleKeyResults(set, cycleId).map((kr) => kr.id);
    if (krIds.length === 0) return;
    const ask = async (fresh: boolean): Promise<boolean> => {
      try {
        const result = await client.getLinkedWork({ setId: set.id, krIds, fresh });
        if (result.state !== 'ok') return false;
        render(result.work);
        return result.work.stale;
      } catch {
        return false; // progress from check-ins stays; linked work shows on the dashboard with its error
      }
    };
    if (await ask(false)) await ask(true);
  }

  async function loadUnaligned(settings: PublicSettings | null): Promise<void> {
    const scopes = settings ? assignedToMeScopes(settings) : [];
    if (scopes.length === 0) {
      unalignedMine.value = { state: 'unavailable', message: 'Connect Jira or Linear in Options to count your work that serves no KR.' };
      return;
    }
    try {
      const answer = await client.runActivityReport({ scopes, fresh: false });
      if (answer.state !== 'ok') {
        unalignedMine.value = { state: 'unavailable', message: answer.error.message };
        return;
      }
      const { report, problems } = answer.result;
      unalignedMine.value =
        report.total.count === 0 && problems.length > 0
          ? { state: 'unavailable', message: problems.map((p) => p.error.message).join(' ') }
          : { state: 'ok', count: report.shares.unaligned.count, total: report.total.count };
    } catch (error) {
      unalignedMine.value = { state: 'unavailable', message: messageOf(error) };
    }
  }

  return {
    tab,
    okr,
    unalignedMine,
    async load() {
      batch(() => {
        tab.value = { state: 'loading' };
        okr.value = { state: 'loading' };
        unalignedMine.value = { state: 'loading' };
      });
      let settings: PublicSettings | null = null;
      try {
        settings = await client.getSettings({});
      } catch {
        settings = null;
      }
      await Promise.all([
        loadTab(settings),
        loadOkr().catch((error: unknown) => {
          okr.value = { state: 'none', message: messageOf(error) };
        }),
        loadUnaligned(settings),
      ]);
    },
  };
}
