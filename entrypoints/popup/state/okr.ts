/** The active cycle's objectives with progress: from check-ins at once, then with linked work. */
import type { Signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { LinkedWork, OkrServiceClient } from '../../../lib/messaging';
import { getActiveSelection, storageKeys, type ActiveSelection } from '../../../lib/store';
import { createSpaceCache } from '../../../lib/store/space-cache';
import type { SourceView } from '../../../lib/view/types';
import { cycleKeyResults, dashboardContext, type CycleView } from '../../../lib/view/okr-context';
import { buildOkrTree, type ObjectiveNodeView } from '../../../lib/view/okr-tree';

export type PopupObjective = Pick<
  ObjectiveNodeView,
  'id' | 'title' | 'level' | 'team' | 'progress' | 'progressText' | 'band' | 'status'
> & {
  /** Depth in the alignment tree, for indentation. */
  depth: number;
};

export type OkrState =
  | { state: 'loading' }
  | { state: 'none'; message: string }
  | {
      state: 'ok';
      setName: string;
      cycle: CycleView | null;
      expected: number;
      objectives: PopupObjective[];
      notice?: string;
      source?: SourceView;
    };

const NO_SET_MESSAGE = 'No OKR set yet: import one in KR Lens Options.';

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

/** The subscribed OKR file that is the active set, with the file's URL and when it was read. */
async function activeSubscription(client: OkrServiceClient): Promise<(ActiveSelection & { source: SourceView }) | null> {
  const key = storageKeys.activeSubscription;
  if (!(await browser.storage.local.get(key))[key]) return null;
  const result = await client.getActiveSubscription({});
  return result.state === 'ok' ? { set: result.set, cycleId: result.cycleId, revision: 0, source: result.source } : null;
}

/**
 * The active set: a team space's from the background's copy (with where and when it was read), else
 * a subscribed file's, else the local one. Throws when the active space cannot be read at all.
 */
async function activeSet(client: OkrServiceClient, today: string): Promise<(ActiveSelection & { source?: SourceView }) | null> {
  // Storage says whether a space is active: a local set needs no call to the background.
  if (await createSpaceCache(browser.storage.local).getActive()) {
    const result = await client.getActiveSpace({ fresh: false });
    if (result.state === 'error') throw new Error(result.message);
    if (result.state === 'ok') {
      const { set, cycleId, source } = result.space;
      return { set, cycleId, revision: 0, source };
    }
  }
  const subscribed = await activeSubscription(client);
  return subscribed ?? getActiveSelection({ today });
}

/** Shows the active cycle's objectives in `okr`; throws only when the OKR set cannot be read. */
export async function loadOkr(client: OkrServiceClient, okr: Signal<OkrState>, today: () => string): Promise<void> {
  const selection = await activeSet(client, today());
  if (!selection) {
    okr.value = { state: 'none', message: NO_SET_MESSAGE };
    return;
  }
  const { set, cycleId, source } = selection;
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
      ...(source ? { source } : {}),
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
