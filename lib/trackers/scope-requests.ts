/**
 * One part of an activity report's scope, per tracker. Each tracker's folder defines its own
 * request (`<id>/scopes.ts`); this map joins them, and a tracker id without an entry does not
 * compile.
 */
import type { TrackerId } from '../okr/model';
import type { JiraScopeRequest } from './jira/scopes';
import type { LinearScopeRequest } from './linear/scopes';

export interface ScopeRequests {
  jira: JiraScopeRequest;
  linear: LinearScopeRequest;
}

export type ScopeRequestOf<Id extends TrackerId> = ScopeRequests[Id];
export type ScopeRequest = ScopeRequests[TrackerId];
