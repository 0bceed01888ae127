import type { DashboardStore } from '../../entrypoints/dashboard/state';
import type { Route } from '../../lib/view/dashboard-routes';
import type { Cycle, OkrSet } from '../../lib/okr/model';
import { RouteLink } from './RouteLink';
import { SourceLine } from '../ui/SourceLine';
import { RouteView } from './RouteView';
import { WorkLine } from './WorkLine';

export interface DashboardAppProps {
  store: DashboardStore;
  /** For "read 3 min ago"; the page passes Date.now. */
  now: () => number;
}

const TABS: Array<{ view: Route['view']; words: string }> = [
  { view: 'tree', words: 'OKR tree' },
  { view: 'lint', words: 'Playbook check' },
  { view: 'review', words: 'Cycle review' },
  { view: 'activity', words: 'Activity report' },
  { view: 'edit', words: 'Edit' },
];

function DashboardHeader({ set, cycleId, onCycle }: { set: OkrSet; cycleId: string | null; onCycle: (cycleId: string) => void }) {
  return (
    <header class="dashboard__header">
      <div>
        <h1>KR Lens</h1>
        <p class="hint" data-testid="kr-lens-dashboard-set">
          {set.name}
        </p>
      </div>
      <label class="cycle-picker">
        Cycle{' '}
        <select
          value={cycleId ?? ''}
          data-testid="kr-lens-dashboard-cycle"
          onChange={(event) => onCycle((event.currentTarget as HTMLSelectElement).value)}
        >
          {set.cycles.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name} ({candidate.state})
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}

function Tabs({ route, onNavigate }: { route: Route; onNavigate: (route: Route) => void }) {
  const activeTab = route.view === 'kr' ? 'tree' : route.view;
  return (
    <nav class="tabs" aria-label="Dashboard views">
      {TABS.map((tab) => (
        <RouteLink
          key={tab.view}
          to={{ view: tab.view } as Route}
          onNavigate={onNavigate}
          class="tab"
          current={activeTab === tab.view}
          testId={`kr-lens-dashboard-nav-${tab.view}`}
        >
          {tab.words}
        </RouteLink>
      ))}
    </nav>
  );
}

/** The dashboard: reads the store's signals (so it re-renders on change) and hands plain props down. */
export function DashboardApp({ store, now }: DashboardAppProps) {
  const page = store.page.value;
  if (page.state !== 'ready') {
    return (
      <main class="dashboard" data-testid="kr-lens-dashboard">
        <h1>KR Lens</h1>
        <p class={page.state === 'none' ? '' : 'muted'} data-testid="kr-lens-dashboard-empty">
          {page.state === 'loading' ? 'Loading your OKRs…' : page.message}
        </p>
      </main>
    );
  }
  const { set } = store.selection.value!;
  const cycleId = store.cycleId.value;
  const cycle: Cycle | null = set.cycles.find((candidate) => candidate.id === cycleId) ?? null;
  return (
    <div class="dashboard" data-testid="kr-lens-dashboard">
      <DashboardHeader set={set} cycleId={cycleId} onCycle={store.selectCycle} />
      {store.space.value && (
        <p class="hint">
          <SourceLine source={store.space.value.source} />
        </p>
      )}
      {store.subscription.value && (
        <p class="hint">
          <SourceLine source={store.subscription.value.source} />
        </p>
      )}
      {store.conflict.value && (
        <p class="status status--error" role="alert" data-testid="kr-lens-conflict">
          {store.conflict.value.message}
        </p>
      )}
      <Tabs route={store.route.value} onNavigate={store.navigate} />
      <WorkLine work={store.work.value} now={now} onRefresh={() => void store.refreshWork()} />
      <main>
        <RouteView store={store} set={set} cycle={cycle} />
      </main>
    </div>
  );
}
