/** Loading the dashboard and moving around it: the set and connections, the route and the viewed cycle. */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import type { PublicSettings } from '../../../lib/settings';
import { getActiveSelection, type ActiveSelection } from '../../../lib/store';
import { messageOf } from '../../../lib/util/error';
import type { DashboardCore } from './core';
import type { Route } from '../../../lib/view/dashboard-routes';

export type PageState = { state: 'loading' } | { state: 'none'; message: string } | { state: 'ready' };

export interface DashboardPage {
  page: ReadonlySignal<PageState>;
  settings: ReadonlySignal<PublicSettings | null>;
  load(): Promise<void>;
  navigate(route: Route): void;
  selectCycle(cycleId: string): void;
  refreshWork(): Promise<void>;
}

/** What the rest of the state does when the page loads or moves. */
export interface PageHooks {
  /** The connections are known (null when the background did not answer). */
  loaded(settings: PublicSettings | null): void;
  /** The page left the KR whose check-in form it showed. */
  leftKr(): void;
  /** Another cycle is viewed. */
  cycleChanged(): void;
}

/** The cycle to show first: the one the user chose, else the active one, else the first. */
const firstCycle = (current: ActiveSelection): string | null =>
  current.cycleId ?? current.set.cycles.find((cycle) => cycle.state === 'active')?.id ?? current.set.cycles[0]?.id ?? null;

export function createDashboardPage(core: DashboardCore, hooks: PageHooks): DashboardPage {
  const { client, today, selection, route, cycleId, loadWork } = core;
  const page = signal<PageState>({ state: 'loading' });
  const settings = signal<PublicSettings | null>(null);

  async function load(): Promise<void> {
    page.value = { state: 'loading' };
    let current: ActiveSelection | null;
    try {
      current = (await core.spaces.load(false)) ?? (await core.subscription.load()) ?? (await getActiveSelection({ today: today() }));
    } catch (error) {
      page.value = { state: 'none', message: messageOf(error) };
      return;
    }
    const known = await client.getSettings({}).catch(() => null);
    if (!current) {
      page.value = { state: 'none', message: 'No OKR set yet: import one in KR Lens Options, then come back here.' };
      return;
    }
    const viewed = firstCycle(current);
    batch(() => {
      selection.value = current;
      settings.value = known;
      cycleId.value = viewed;
      page.value = { state: 'ready' };
      hooks.loaded(known);
    });
    await loadWork(false);
  }

  function navigate(next: Route): void {
    const previous = route.value;
    batch(() => {
      route.value = next;
      const sameKr = previous.view === 'kr' && next.view === 'kr' && previous.krId === next.krId;
      if (!sameKr) hooks.leftKr();
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
  }

  return {
    page,
    settings,
    load,
    navigate,
    selectCycle(id) {
      if (id === cycleId.value) return;
      batch(() => {
        cycleId.value = id;
        hooks.cycleChanged();
      });
      void loadWork(false);
    },
    refreshWork: () => loadWork(true),
  };
}
