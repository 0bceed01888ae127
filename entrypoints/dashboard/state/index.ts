/**
 * The dashboard's state and actions (STYLE habit 9): the only place the dashboard reads and
 * writes the OKR store or calls the background. Components read the signals and call actions.
 * Each concern lives in its own module; this joins them over the shared core.
 */
import type { ReadonlySignal } from '@preact/signals';
import { downloadWithLink } from '../../../lib/download';
import type { ActiveSelection } from '../../../lib/store';
import { createActivitySession, type ActivitySession } from './activity';
import { createCheckInSession, type CheckInSession } from './check-ins';
import { createDashboardCore, type DashboardStoreDeps, type WorkState } from './core';
import { createEditSession, type EditSession } from './edit-session';
import { createDashboardPage, type DashboardPage } from './page';
import { createSpaceWatch, type SpaceWatch } from './space-refresh';
import { createReviewSession, type ReviewSession } from './review';
import type { Route } from '../../../lib/view/dashboard-routes';
import type { ActiveSpaceView, ConflictView } from '../../../lib/space-messages';
import type { SubscriptionView } from '../../../lib/subscription-messages';
import { createDashboardViews, type DashboardViews } from './views';

export interface DashboardStore
  extends DashboardPage,
    DashboardViews,
    CheckInSession,
    ReviewSession,
    ActivitySession,
    EditSession,
    SpaceWatch {
  selection: ReadonlySignal<ActiveSelection | null>;
  route: ReadonlySignal<Route>;
  cycleId: ReadonlySignal<string | null>;
  work: ReadonlySignal<WorkState>;
  /** The active team space and the last conflict saving to it; null for a local set. */
  space: ReadonlySignal<ActiveSpaceView | null>;
  conflict: ReadonlySignal<ConflictView | null>;
  /** The active subscribed OKR file; null unless the set is one. */
  subscription: ReadonlySignal<SubscriptionView | null>;
  /** Why nothing here can be edited (a subscribed file); null when it can. */
  readOnly: ReadonlySignal<string | null>;
}

export function createDashboardStore(deps: DashboardStoreDeps): DashboardStore {
  const core = createDashboardCore(deps);
  const { reset: resetCheckIn, ...checkIns } = createCheckInSession(core);
  const { reset: resetReview, ...review } = createReviewSession(core, deps.download ?? downloadWithLink);
  const { preset: presetScope, ...activity } = createActivitySession(core);
  const page = createDashboardPage(core, { loaded: presetScope, leftKr: resetCheckIn, cycleChanged: resetReview });
  const { selection, route, cycleId, work } = core;
  const edit = createEditSession(core);
  return {
    selection,
    route,
    cycleId,
    work,
    space: core.spaces.space,
    conflict: core.spaces.conflict,
    subscription: core.subscription.subscription,
    readOnly: core.subscription.readOnly,
    ...page,
    ...createDashboardViews(core),
    ...checkIns,
    ...review,
    ...activity,
    ...edit,
    ...createSpaceWatch(core, page.load, edit.editor),
  };
}
