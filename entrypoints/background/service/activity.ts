/**
 * The activity report (the dashboard's and the popup's "unaligned work"): the issues of some
 * scopes, with their ancestors apart, through the pure report; and the boards a scope can name.
 */
import type { ActivityResult, JiraBoardView, ScopeRequest } from '../../../lib/messaging';
import type { OkrServiceImpl } from '../../../lib/messaging-host';
import { activityReport } from '../../../lib/okr/activity';
import { activeCycleIds } from '../../../lib/okr/cycle';
import { buildIssueGraph } from '../../../lib/okr/issue-graph';
import type { IssueSnapshot, TrackerId } from '../../../lib/okr/model';
import type { Settings } from '../../../lib/settings';
import { scopeLabel } from '../../../lib/trackers/catalog';
import { TRACKERS } from '../../../lib/trackers/registry';
import type { ScopeRequestOf } from '../../../lib/trackers/scope-requests';
import {
  TrackerError,
  type ReadOptions,
  type Scope,
  type ScopeParts,
  type TrackerAdapter,
  type TrackerDescriptor,
} from '../../../lib/trackers/tracker';
import { hostOf } from '../../../lib/util/host';
import type { ErrorView } from '../../../lib/view/types';
import { NO_SET, readerKrs, type ServiceCore } from './shared';

type Gathered = {
  issues: IssueSnapshot[];
  ancestors: IssueSnapshot[];
  labels: string[];
  problems: Array<{ scope: string; error: ErrorView }>;
  fetchedAt: number;
  stale: boolean;
};

export function createActivityHandlers(core: ServiceCore): Pick<OkrServiceImpl, 'runActivityReport' | 'listJiraBoards'> {
  const { deps } = core;

  async function gather(scopes: ScopeRequest[], fresh: boolean, options: ReadOptions): Promise<Gathered> {
    const settings = await deps.settings.read();
    const out: Gathered = { issues: [], ancestors: [], labels: [], problems: [], fetchedAt: deps.now(), stale: false };
    for (const request of scopes) {
      const label = scopeLabel(request);
      out.labels.push(label);
      const descriptor: TrackerDescriptor = TRACKERS[request.tracker];
      const site = scopeSiteOf(request.tracker, request, settings);
      const read = await core.cachedRead(`activity:${request.tracker}:${site}:${JSON.stringify(request.scope)}`, fresh, async () =>
        scopeParts(descriptor, await deps.adapterFor(request.tracker, site), request.scope, options),
      );
      if (read.error) out.problems.push({ scope: label, error: read.error });
      if (!('value' in read)) continue;
      out.issues.push(...read.value.issues);
      out.ancestors.push(...read.value.ancestors);
      out.fetchedAt = Math.min(out.fetchedAt, read.fetchedAt);
      if (read.error || !core.isFresh(read.fetchedAt)) out.stale = true;
    }
    return out;
  }

  async function runActivityReport(scopes: ScopeRequest[], fresh: boolean): Promise<ActivityResult> {
    const ctx = await core.context();
    if (!ctx) return { state: 'setup', error: NO_SET };
    const { issues, ancestors, labels, problems, fetchedAt, stale } = await gather(scopes, fresh, { krs: readerKrs(ctx.set) });
    // Scope issues last, so the graph keeps their own snapshot when one is also another's ancestor.
    const graph = buildIssueGraph([...ancestors, ...issues]);
    const report = activityReport(issues, { set: ctx.set, graph, playbook: ctx.playbook, activeCycleIds: activeCycleIds(ctx.set) });
    return { state: 'ok', result: { report, scopes: labels, problems, fetchedAt, stale } };
  }

  /** `listJiraBoards` is Jira's message by name; the descriptor says whether boards can be listed. */
  async function listBoards(site: string): Promise<JiraBoardView[]> {
    const descriptor = TRACKERS.jira;
    const adapter = await deps.adapterFor(descriptor.id, site);
    if (!descriptor.capabilities.boards || !adapter.listBoards) {
      throw new TrackerError('unsupported', `KR Lens cannot list the boards of ${hostOf(site)}; enter board ids instead.`);
    }
    return (await adapter.listBoards()).map((board) => ({
      id: board.id,
      name: board.name,
      ...(board.projectKey ? { projectKey: board.projectKey } : {}),
      ...(board.type ? { type: board.type } : {}),
    }));
  }

  return {
    runActivityReport: (params) => runActivityReport(params.scopes, params.fresh),
    listJiraBoards: (params) => listBoards(new URL(params.site).origin),
  };
}

/** The site a scope part is read from, as its tracker says. */
function scopeSiteOf<Id extends TrackerId>(tracker: Id, request: ScopeRequestOf<Id>, settings: Settings): string {
  return TRACKERS[tracker].scopeSite(request, settings);
}

/**
 * A scope's own issues and, apart, their ancestors: ancestors decide alignment but are not the
 * scope's work, so they must not be counted. Trackers whose adapter lists both in one array say
 * how to tell them apart (`splitScope`).
 */
async function scopeParts(descriptor: TrackerDescriptor, adapter: TrackerAdapter, scope: Scope, options: ReadOptions): Promise<ScopeParts> {
  if (descriptor.capabilities.scopeParts && adapter.listScopeParts) return adapter.listScopeParts(scope, options);
  const listed = await adapter.listScope(scope, options);
  return descriptor.splitScope ? descriptor.splitScope(listed, scope) : { issues: listed, ancestors: [] };
}
