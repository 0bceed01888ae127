/** The dashboard's derived views: the OKR tree with its filters, the KR detail and the playbook check. */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { lintOkrSet } from '../../../lib/okr/lint';
import { buildKrDetail, type KrDetailView } from '../../../lib/view/kr-detail';
import { buildLintView, linkedCounts, type LintView } from '../../../lib/view/lint';
import { buildOkrTree, type OkrTreeView, type TreeFilters } from '../../../lib/view/okr-tree';
import type { DashboardCore } from './core';

export interface DashboardViews {
  filters: ReadonlySignal<TreeFilters>;
  tree: ReadonlySignal<OkrTreeView | null>;
  krDetail: ReadonlySignal<KrDetailView | null>;
  lint: ReadonlySignal<LintView | null>;
  setFilters(patch: Partial<TreeFilters>): void;
}

export function createDashboardViews({ context, cycleId, route, work, today }: DashboardCore): DashboardViews {
  const filters = signal<TreeFilters>({ team: null, owner: null });

  const tree = computed(() => {
    const current = context.value;
    return current ? buildOkrTree(current.ctx, cycleId.value, filters.value) : null;
  });

  const krDetail = computed(() => {
    const current = context.value;
    const target = route.value;
    return current && target.view === 'kr' ? buildKrDetail(current.ctx, current.graph, target.krId) : null;
  });

  const lint = computed((): LintView | null => {
    const current = context.value;
    if (!current || cycleId.value === null) return null;
    const state = work.value;
    // Linked counts are known only when every tracker answered; "unknown" is never reported as 0.
    const counts = state.state === 'ok' && state.work.problems.length === 0 ? linkedCounts(current.ctx.set.id, state.work.issues) : null;
    const findings = lintOkrSet(current.ctx.set, {
      today: today(),
      playbook: current.ctx.playbook,
      cycleId: cycleId.value,
      ...(counts ? { linkedIssueCount: (krId: string) => counts.get(krId) ?? 0 } : {}),
    });
    return buildLintView(current.ctx.set, findings);
  });

  return {
    filters,
    tree,
    krDetail,
    lint,
    setFilters(patch) {
      filters.value = { ...filters.value, ...patch };
    },
  };
}
