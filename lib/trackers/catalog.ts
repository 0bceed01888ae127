/**
 * The page-safe half of every tracker's descriptor, in one exhaustive record: what Options, the
 * popup, the dashboard and the message layer may know about trackers without an API client.
 * The background's whole descriptors are in `registry.ts`.
 */
import type { TrackerId } from '../okr/model';
import { jiraInfo } from './jira/info';
import { linearInfo } from './linear/info';
import type { ScopeRequest, ScopeRequestOf } from './scope-requests';
import type { TrackerInfo } from './tracker';

export const TRACKER_INFO: { readonly [Id in TrackerId]: TrackerInfo<Id> } = {
  jira: jiraInfo,
  linear: linearInfo,
};

/** Every tracker, in the order pages list them. */
export const TRACKER_INFOS: ReadonlyArray<TrackerInfo> = Object.values(TRACKER_INFO);

/** What a scope part reads, in words, e.g. "Jira boards 1, 2 on acme.atlassian.net (open sprints)". */
export function scopeLabel(request: ScopeRequest): string {
  return labelOf(request.tracker, request);
}

function labelOf<Id extends TrackerId>(tracker: Id, request: ScopeRequestOf<Id>): string {
  return TRACKER_INFO[tracker].scopes.label(request);
}
