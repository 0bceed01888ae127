/**
 * What every part of the dashboard's state shares: the loaded OKR set, the viewed cycle and route,
 * the linked work read from the trackers, and the two ways to change them (read linked work again,
 * save an edited set). Everything computed from linked work is derived with the pure core, so a
 * check-in saved in this page shows in the chart and the status at once.
 *
 * Every write goes through `saveSet` with the revision the page read: another page's change is
 * never overwritten, and the user is told to reload instead.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { DownloadFile } from '../../../lib/download';
import { createServiceClient, type LinkedWork, type OkrServiceClient, type SendMessage } from '../../../lib/messaging';
import type { IssueGraph } from '../../../lib/okr/issue-graph';
import type { OkrSetInput } from '../../../lib/okr/model';
import { formatFieldError, saveSet, type ActiveSelection, type Failure } from '../../../lib/store';
import { localDate } from '../../../lib/util/date';
import { messageOf } from '../../../lib/util/error';
import { cycleKeyResults, dashboardContext, type DashboardContext } from '../../../lib/view/okr-context';
import type { Route } from '../../../lib/view/dashboard-routes';
import { createDashboardSpace, type DashboardSpace } from './space';
import { createDashboardSubscription, type DashboardSubscription } from './subscription';

export interface DashboardStoreDeps {
  send: SendMessage;
  /** Today as `YYYY-MM-DD`. */
  today?: () => string;
  /** The clock, for check-in and close timestamps. */
  now?: () => number;
  download?: (file: DownloadFile) => void;
}

export type WorkState = { state: 'idle' } | { state: 'loading' } | { state: 'ok'; work: LinkedWork } | { state: 'error'; message: string };

export type SaveOutcome = { ok: true } | { ok: false; message: string };

export interface DashboardCore {
  client: OkrServiceClient;
  today: () => string;
  now: () => number;
  selection: Signal<ActiveSelection | null>;
  route: Signal<Route>;
  cycleId: Signal<string | null>;
  work: Signal<WorkState>;
  /** Progress of the loaded set from the linked work read so far; null before a set is loaded. */
  context: ReadonlySignal<{ ctx: DashboardContext; graph: IssueGraph } | null>;
  /** Linked work for the viewed cycle's KRs: from the cache first, then fresh when that is stale. */
  loadWork(fresh: boolean): Promise<void>;
  /** Saves an edited set against the revision this page read; on success the page shows it. */
  save(next: OkrSetInput): Promise<SaveOutcome>;
  /** The active team space, when the set is one: saves go to it, record by record. */
  spaces: DashboardSpace;
  /** The active subscribed OKR file, when the set is one: read-only, nothing is saved. */
  subscription: DashboardSubscription;
}

const CONFLICT =
  'Another KR Lens page changed this OKR set since this page read it, so nothing was saved. Reload the page and make your change again.';

function saveFailure(result: Failure): string {
  return result.kind === 'conflict' ? CONFLICT : result.errors.map(formatFieldError).join(' ');
}

export function createDashboardCore(deps: DashboardStoreDeps): DashboardCore {
  const client = createServiceClient(deps.send);
  const today = deps.today ?? (() => localDate());
  const now = deps.now ?? Date.now;
  const selection = signal<ActiveSelection | null>(null);
  const route = signal<Route>({ view: 'tree' });
  const cycleId = signal<string | null>(null);
  const work = signal<WorkState>({ state: 'idle' });
  const spaces = createDashboardSpace(client);
  const subscription = createDashboardSubscription(client);

  const context = computed(() => {
    const current = selection.value;
    if (!current) return null;
    const state = work.value;
    return dashboardContext(current.set, state.state === 'ok' ? state.work.issues : [], today());
  });

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

  async function save(next: OkrSetInput): Promise<SaveOutcome> {
    const current = selection.value;
    if (!current) return { ok: false, message: 'No OKR set is loaded.' };
    const readOnly = subscription.readOnly.value;
    if (readOnly) return { ok: false, message: readOnly };
    if (spaces.space.value) {
      const saved = await spaces.save(current, next);
      const shown = saved.selection;
      if (shown) selection.value = shown;
      return saved.ok ? { ok: true } : { ok: false, message: saved.message };
    }
    const result = await saveSet(next, { expectedRevision: current.revision }, new Date(now()));
    if (!result.ok) return { ok: false, message: saveFailure(result) };
    selection.value = { ...current, set: result.stored.set, revision: result.stored.revision };
    return { ok: true };
  }

  return { client, today, now, selection, route, cycleId, work, context, loadWork, save, spaces, subscription };
}
