import type { DashboardStore } from '../../entrypoints/dashboard/state';
import type { Cycle, OkrSet } from '../../lib/okr/model';
import { ActivityPanel } from './ActivityPanel';
import { EditPanel } from './EditPanel';
import { ReadOnlyNotice } from './ReadOnlyNotice';
import { KrDetail } from './KrDetail';
import { LintPanel } from './LintPanel';
import { OkrTree } from './OkrTree';
import { ReviewPanel } from './ReviewPanel';

/** What every view of the dashboard is drawn from: the store, the loaded set and the viewed cycle. */
interface ViewProps {
  store: DashboardStore;
  set: OkrSet;
  cycle: Cycle | null;
}

const isWorkKnown = (store: DashboardStore) => {
  const work = store.work.value;
  return work.state === 'ok' && work.work.problems.length === 0;
};

const UNREAD_WORK_WARNING =
  'Linked work has not been read from every tracker, so key results measured by linked work would be frozen as unknown. Read again first if you can.';

function KrView({ store, set }: ViewProps) {
  const detail = store.krDetail.value;
  const work = store.work.value;
  if (!detail) {
    return (
      <section class="panel">
        <p data-testid="kr-lens-dashboard-missing">This key result is not in {set.name}; it may have been removed.</p>
      </section>
    );
  }
  return (
    <KrDetail
      detail={detail}
      form={store.checkInForm.value}
      status={store.checkInStatus.value}
      workLoading={work.state === 'loading' || work.state === 'idle'}
      onNavigate={store.navigate}
      onForm={store.updateCheckIn}
      onSave={() => void store.saveCheckIn()}
      readOnly={store.readOnly.value}
    />
  );
}

function LintView({ store, cycle }: ViewProps) {
  const lint = store.lint.value;
  return lint && <LintPanel lint={lint} cycleName={cycle?.name ?? null} linkedWorkKnown={isWorkKnown(store)} onNavigate={store.navigate} />;
}

function ReviewView({ store, cycle }: ViewProps) {
  const review = store.review.value;
  return (
    cycle &&
    review && (
      <ReviewPanel
        cycle={cycle}
        review={review}
        status={store.reviewStatus.value}
        workWarning={isWorkKnown(store) ? null : UNREAD_WORK_WARNING}
        onClose={(learnings) => void store.closeCycle(learnings)}
        onDownload={store.downloadReview}
        onCarry={(krIds, to) => void store.carryOver(krIds, to)}
        onNavigate={store.navigate}
      />
    )
  );
}

function ActivityView({ store }: ViewProps) {
  return (
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
}

function EditView({ store, set, cycle }: ViewProps) {
  const readOnly = store.readOnly.value;
  if (readOnly) {
    return (
      <section class="panel" data-testid="kr-lens-dashboard-edit">
        <h2>Edit OKRs</h2>
        <ReadOnlyNotice text={readOnly} />
      </section>
    );
  }
  return (
    <EditPanel
      set={set}
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
}

function TreeView({ store }: ViewProps) {
  const tree = store.tree.value;
  const route = store.route.value;
  return (
    tree && (
      <OkrTree
        tree={tree}
        filters={store.filters.value}
        focusObjectiveId={route.view === 'tree' ? route.objectiveId : undefined}
        onFilters={store.setFilters}
        onNavigate={store.navigate}
      />
    )
  );
}

const VIEWS = { kr: KrView, lint: LintView, review: ReviewView, activity: ActivityView, edit: EditView, tree: TreeView } as const;

/** The view the route names. */
export function RouteView(props: ViewProps) {
  const View = VIEWS[props.store.route.value.view];
  return <View {...props} />;
}
