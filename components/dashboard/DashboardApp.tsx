import type { DashboardStore, Route, WorkState } from '../../lib/dashboard-store';
import { formatTimeAgo } from '../relative-time';
import { ActivityPanel } from './ActivityPanel';
import { EditPanel } from './EditPanel';
import { KrDetail } from './KrDetail';
import { LintPanel } from './LintPanel';
import { OkrTree } from './OkrTree';
import { ReviewPanel } from './ReviewPanel';
import { RouteLink } from './RouteLink';

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

function WorkLine({ work, now, onRefresh }: { work: WorkState; now: () => number; onRefresh: () => void }) {
  return (
    <div class="work-line">
      <p role="status" class="hint" data-testid="kr-lens-dashboard-work-status">
        {work.state === 'loading' || work.state === 'idle'
          ? 'Reading linked work from Jira and Linear…'
          : work.state === 'error'
            ? ''
            : work.work.sources.length === 0
              ? 'No tracker connected: key results measured by linked work show no progress until Jira or Linear is set up in Options.'
              : `Linked work from ${work.work.sources.join(' and ')}, read ${formatTimeAgo(work.work.fetchedAt, now())}${work.work.stale ? ' (refreshing…)' : ''}.`}
      </p>
      <button type="button" class="quiet" onClick={onRefresh} disabled={work.state === 'loading'} data-testid="kr-lens-dashboard-refresh">
        Read again
      </button>
      {work.state === 'error' && (
        <p class="status status--error" role="alert" data-testid="kr-lens-dashboard-work-error">
          {work.message}
        </p>
      )}
      {work.state === 'ok' &&
        [...work.work.problems.map((p) => `${p.site}: ${p.error.message}`), ...work.work.notices].map((message) => (
          <p key={message} class="status status--error" role="alert" data-testid="kr-lens-dashboard-work-problem">
            {message}
          </p>
        ))}
    </div>
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
  const selection = store.selection.value!;
  const route = store.route.value;
  const cycleId = store.cycleId.value;
  const cycle = selection.set.cycles.find((candidate) => candidate.id === cycleId) ?? null;
  const work = store.work.value;
  const tree = store.tree.value;
  const detail = store.krDetail.value;
  const activeTab = route.view === 'kr' ? 'tree' : route.view;

  let content;
  switch (route.view) {
    case 'kr':
      content = detail ? (
        <KrDetail
          detail={detail}
          form={store.checkInForm.value}
          status={store.checkInStatus.value}
          workLoading={work.state === 'loading' || work.state === 'idle'}
          onNavigate={store.navigate}
          onForm={store.updateCheckIn}
          onSave={() => void store.saveCheckIn()}
        />
      ) : (
        <section class="panel">
          <p data-testid="kr-lens-dashboard-missing">This key result is not in {selection.set.name}; it may have been removed.</p>
        </section>
      );
      break;
    case 'lint':
      content = store.lint.value && (
        <LintPanel
          lint={store.lint.value}
          cycleName={cycle?.name ?? null}
          linkedWorkKnown={work.state === 'ok' && work.work.problems.length === 0}
          onNavigate={store.navigate}
        />
      );
      break;
    case 'review':
      content = cycle && store.review.value && (
        <ReviewPanel
          cycle={cycle}
          review={store.review.value}
          status={store.reviewStatus.value}
          workWarning={
            work.state === 'ok' && work.work.problems.length === 0
              ? null
              : 'Linked work has not been read from every tracker, so key results measured by linked work would be frozen as unknown. Read again first if you can.'
          }
          onClose={(learnings) => void store.closeCycle(learnings)}
          onDownload={store.downloadReview}
          onCarry={(krIds, to) => void store.carryOver(krIds, to)}
          onNavigate={store.navigate}
        />
      );
      break;
    case 'activity':
      content = (
        <ActivityPanel
          settings={store.settings.value}
          form={store.scopeForm.value}
          boards={store.boards.value}
          activity={store.activity.value}
          linkStatus={store.linkStatus.value}
          krs={store.activeKrs.value}
          onForm={store.updateScope}
          onLoadBoards={() => void store.loadBoards()}
          onRun={(fresh) => void store.runReport(fresh)}
          onLink={(issue, krId) => void store.linkUnaligned(issue, krId)}
        />
      );
      break;
    case 'edit':
      content = (
        <EditPanel
          set={selection.set}
          cycle={cycle}
          editor={store.editor.value}
          check={store.editCheck.value}
          status={store.editStatus.value}
          deleteAsk={store.deleteAsk.value}
          undo={store.undo.value}
          onStart={store.startEdit}
          onChange={store.updateEdit}
          onCancel={store.cancelEdit}
          onSave={() => void store.saveEdit()}
          onAskDelete={store.askDelete}
          onCancelDelete={store.cancelDelete}
          onConfirmDelete={() => void store.confirmDelete()}
          onUndo={() => void store.undoLast()}
        />
      );
      break;
    default:
      content = tree && (
        <OkrTree
          tree={tree}
          filters={store.filters.value}
          focusObjectiveId={route.view === 'tree' ? route.objectiveId : undefined}
          onFilters={store.setFilters}
          onNavigate={store.navigate}
        />
      );
  }

  return (
    <div class="dashboard" data-testid="kr-lens-dashboard">
      <header class="dashboard__header">
        <div>
          <h1>KR Lens</h1>
          <p class="hint" data-testid="kr-lens-dashboard-set">
            {selection.set.name}
          </p>
        </div>
        <label class="cycle-picker">
          Cycle{' '}
          <select value={cycleId ?? ''} data-testid="kr-lens-dashboard-cycle" onChange={(event) => store.selectCycle((event.currentTarget as HTMLSelectElement).value)}>
            {selection.set.cycles.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name} ({candidate.state})
              </option>
            ))}
          </select>
        </label>
      </header>
      <nav class="tabs" aria-label="Dashboard views">
        {TABS.map((tab) => (
          <RouteLink key={tab.view} to={{ view: tab.view } as Route} onNavigate={store.navigate} class="tab" current={activeTab === tab.view} testId={`kr-lens-dashboard-nav-${tab.view}`}>
            {tab.words}
          </RouteLink>
        ))}
      </nav>
      <WorkLine work={work} now={now} onRefresh={() => void store.refreshWork()} />
      <main>{content}</main>
    </div>
  );
}
