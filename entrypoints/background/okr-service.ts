/**
 * The one service content scripts and extension pages call. It reads the active OKR set, asks
 * the tracker adapters (which hold the only copies of credentials in use), caches what trackers
 * return, and shapes answers with the pure view builders.
 *
 * Cache policy (stale-while-revalidate): tracker data, not views, is cached per issue, so a set
 * edited in Options shows at once without a request. `fresh: false` answers from the cache with
 * no request at all; the caller asks again with `fresh: true` when the answer says it is stale.
 */
import type { Cache } from '../../lib/cache';
import type { ConnectionTest, IssueAddress, KrAddress, PageHealthReport, SettingsUpdate } from '../../lib/messaging';
import { isAtlassianCloud, toPublicSettings, withSeenJiraSite, type JiraConnection, type PublicSettings, type Settings } from '../../lib/settings';
import type { OkrServiceImpl } from '../../lib/messaging-host';
import type { SpaceServiceProtocol } from '../../lib/space/protocol';
import { withoutSpaces } from './spaces/service';
import type { IssueSnapshot, OkrSet, TrackerId } from '../../lib/okr/model';
import { resolvePlaybook } from '../../lib/okr/playbook';
import { TrackerError, type IssueWithFamily, type KrWithUrl, type ReadOptions, type TrackerAdapter } from '../../lib/trackers/tracker';
import { SetupNeeded } from '../../lib/trackers/registry';
import { createSingleFlight } from '../../lib/single-flight';
import type { ErrorView, KrOptionView, MarkerView, OverlayResult, SourceView } from '../../lib/view/types';
import { buildMarkers, buildOverlayView, buildPickerOptions, servedKrRefs, type OkrContext } from '../../lib/view/overlay';
import { activityReport } from '../../lib/okr/activity';
import { activeCycleIds } from '../../lib/okr/cycle';
import { buildIssueGraph } from '../../lib/okr/issue-graph';
import type { Scope } from '../../lib/trackers/tracker';
import type { ActivityResult, JiraBoardView, LinkedWork, LinkedWorkResult, ScopeRequest } from '../../lib/messaging';
import { hostOf } from '../../lib/util/host';
import { scopeLabel, splitLinearScope } from '../../lib/view/tracker-scopes';

/** Data younger than this is shown without asking the tracker again. */
export const FRESH_FOR_MS = 60_000;

export interface ActiveSetSource {
  /** `page`: the tracker page asking, so a team space found on its site can answer with no setup. */
  getActiveSelection(page?: { tracker: TrackerId; site: string; key?: string }): Promise<{ set: OkrSet; cycleId: string | null; source?: SourceView } | null>;
}


export interface OkrServiceDeps {
  sets: ActiveSetSource;
  /** The adapter for a tracker site; throws SetupNeeded when credentials are missing. */
  adapterFor(tracker: TrackerId, site: string): Promise<TrackerAdapter>;
  cache: Cache;
  now(): number;
  settings: {
    read(): Promise<Settings>;
    write(settings: Settings): Promise<void>;
  };
  /** The team-space calls (entrypoints/background/spaces); a service made without them refuses them. */
  spaces?: Pick<OkrServiceImpl, keyof SpaceServiceProtocol>;
}

interface IssueData {
  family: IssueWithFamily;
  linked: IssueSnapshot[];
  notice?: string;
}

const NO_SET: ErrorView = {
  kind: 'setup',
  message: 'No OKR set yet: open KR Lens Options and import your OKRs to see key results here.',
};

/** The user's local calendar date, `YYYY-MM-DD`: cycles are calendar days where the user is. */
export function localDate(now: number): string {
  const date = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const issueCacheKey = (a: IssueAddress) => `issue:${a.tracker}:${a.site}:${a.key}`;
const pageHealthKey = (tracker: TrackerId) => `page-health:${tracker}`;
const markerCacheKey = (tracker: TrackerId, site: string, key: string) => `marker:${tracker}:${site}:${key}`;

/**
 * The KRs whose links every reader must see exactly (SPEC "The links are the truth"): all of the
 * active set's. The adapters check the trackers' links of exactly these, whoever made them.
 */
export function readerKrs(set: OkrSet): KrWithUrl[] {
  return set.keyResults.map((kr) => ({ setId: set.id, krId: kr.id, url: kr.url }));
}

function toErrorView(error: unknown): ErrorView {
  if (error instanceof SetupNeeded) return { kind: 'setup', message: error.message };
  if (error instanceof TrackerError) return { kind: error.kind, message: error.message };
  throw error;
}

export function createOkrService(deps: OkrServiceDeps): OkrServiceImpl {
  /** The check of the stored Linear key under way; a save starts one, Options joins it. */
  const linearCheck = createSingleFlight<ConnectionTest>();
  let settingsQueue: Promise<unknown> = Promise.resolve();

  /**
   * Read, change and write the settings one change at a time: the check a save starts writes the
   * workspace it learns while the user may already be saving again, and neither may undo the other.
   */
  function updateSettings(change: (current: Settings) => Settings | null): Promise<Settings> {
    const run = settingsQueue.then(async () => {
      const current = await deps.settings.read();
      const next = change(current);
      if (next === null || next === current) return current;
      await deps.settings.write(next);
      return next;
    });
    settingsQueue = run.catch(() => undefined);
    return run;
  }

  async function context(page?: IssueAddress): Promise<(OkrContext & { source?: SourceView }) | null> {
    const selection = await deps.sets.getActiveSelection(page);
    if (!selection) return null;
    const source = selection.source ? { source: selection.source } : {};
    return { set: selection.set, playbook: resolvePlaybook(selection.set.playbook), today: localDate(deps.now()), ...source };
  }

  /** Reads the issue, its family and the work linked to every KR it serves; caches it all. */
  async function fetchIssueData(ctx: OkrContext, address: IssueAddress): Promise<IssueData> {
    const adapter = await deps.adapterFor(address.tracker, address.site);
    const family = await adapter.getIssueWithFamily(address.key, { krs: readerKrs(ctx.set) });
    if (!family) {
      throw new TrackerError('not-found', `${address.key} was not found: it may have been deleted or moved, or you may not have access to it.`);
    }
    const served = servedKrRefs(ctx.set, family).filter((kr) => kr.measure.type === 'issues');
    const found =
      served.length > 0
        ? await adapter.findLinkedIssues(served.map((kr) => ({ setId: ctx.set.id, krId: kr.id, url: kr.url })))
        : { issues: [] };
    const data: IssueData = { family, linked: found.issues, ...(found.fallbackNotice ? { notice: found.fallbackNotice } : {}) };
    await deps.cache.put(issueCacheKey(address), data, deps.now());
    return data;
  }

  function overlayFrom(ctx: OkrContext & { source?: SourceView }, data: IssueData, fetchedAt: number): OverlayResult {
    const stale = deps.now() - fetchedAt > FRESH_FOR_MS;
    const view = buildOverlayView({ ...ctx, ...data, fetchedAt, stale });
    return { state: 'ok', view: ctx.source ? { ...view, source: ctx.source } : view };
  }

  async function overlay(address: IssueAddress, fresh: boolean): Promise<OverlayResult> {
    const ctx = await context(address);
    if (!ctx) return { state: 'setup', error: NO_SET };
    const cached = await deps.cache.get<IssueData>(issueCacheKey(address));
    if (cached && !fresh) return overlayFrom(ctx, cached.value, cached.fetchedAt);
    try {
      const data = await fetchIssueData(ctx, address);
      return overlayFrom(ctx, data, deps.now());
    } catch (error) {
      const view = toErrorView(error);
      if (view.kind === 'setup') return { state: 'setup', error: view };
      const last = cached ? overlayFrom(ctx, cached.value, cached.fetchedAt) : null;
      return { state: 'error', error: view, ...(last?.state === 'ok' ? { cached: { ...last.view, stale: true } } : {}) };
    }
  }

  /** Link or unlink, then re-read so the answer shows the tracker's state, not our guess. */
  async function changeLink(address: IssueAddress & KrAddress, change: 'link' | 'unlink'): Promise<OverlayResult> {
    const ctx = await context();
    if (!ctx) return { state: 'setup', error: NO_SET };
    const kr = ctx.set.keyResults.find((candidate) => candidate.id === address.krId);
    if (address.setId !== ctx.set.id || !kr) {
      return { state: 'error', error: { kind: 'invalid', message: 'That key result is not in the active OKR set any more; reload the page.' } };
    }
    try {
      const adapter = await deps.adapterFor(address.tracker, address.site);
      if (change === 'link') {
        const objectiveTitle = ctx.set.objectives.find((o) => o.id === kr.objectiveId)?.title ?? '';
        await adapter.link(address.key, { setId: ctx.set.id, krId: kr.id, url: kr.url, title: kr.title, objectiveTitle });
      } else {
        await adapter.unlink(address.key, { setId: ctx.set.id, krId: kr.id, url: kr.url });
      }
    } catch (error) {
      return { state: 'error', error: toErrorView(error) };
    }
    return overlay(address, true);
  }

  async function pickerOptions(address: IssueAddress): Promise<KrOptionView[]> {
    const ctx = await context();
    if (!ctx) return [];
    const cached = await deps.cache.get<IssueData>(issueCacheKey(address));
    return buildPickerOptions(ctx, cached?.value.family ?? null, cached?.value.linked ?? []);
  }

  /** Markers for a page of cards: cached ones as they are, the rest in one batched read. */
  // Issues read for markers while this worker runs: the epics of one batch of cards are usually
  // the epics of the next, and asking for them again would double a board's requests.
  const recentIssues = new Map<string, { issue: IssueSnapshot; at: number }>();
  let markerQueue: Promise<unknown> = Promise.resolve();
  const recentKey = (tracker: TrackerId, site: string, key: string) => `${tracker}\u0000${site}\u0000${key}`;

  function recentlyRead(tracker: TrackerId, site: string): ReadonlyMap<string, IssueSnapshot> {
    const fresh = new Map<string, IssueSnapshot>();
    for (const { issue, at } of recentIssues.values()) {
      if (issue.ref.tracker === tracker && issue.ref.site === site && deps.now() - at <= FRESH_FOR_MS) fresh.set(issue.ref.key, issue);
    }
    return fresh;
  }

  /** Markers for a page of cards: cached ones as they are, the rest in one batched read. */
  async function boardMarkers(params: { tracker: TrackerId; site: string; keys: string[]; fresh: boolean }): Promise<MarkerView[]> {
    const ctx = await context();
    if (!ctx) return [];
    const keys = [...new Set(params.keys)];
    const known = new Map<string, IssueSnapshot[]>();
    if (!params.fresh) {
      for (const key of keys) {
        const entry = await deps.cache.get<IssueSnapshot[]>(markerCacheKey(params.tracker, params.site, key));
        if (entry && deps.now() - entry.fetchedAt <= FRESH_FOR_MS) known.set(key, entry.value);
      }
    }
    const missing = keys.filter((key) => !known.has(key));
    if (missing.length > 0) {
      const adapter = await deps.adapterFor(params.tracker, params.site);
      const parents = params.fresh ? new Map<string, IssueSnapshot>() : recentlyRead(params.tracker, params.site);
      const fetched = await adapter.getIssuesWithAncestors(missing, { known: parents, krs: readerKrs(ctx.set) });
      const byKey = new Map(fetched.map((issue) => [issue.ref.key, issue]));
      for (const issue of fetched) recentIssues.set(recentKey(params.tracker, params.site, issue.ref.key), { issue, at: deps.now() });
      for (const key of missing) {
        const lineage = lineageOf(byKey, key);
        if (lineage.length === 0) continue;
        known.set(key, lineage);
        await deps.cache.put(markerCacheKey(params.tracker, params.site, key), lineage, deps.now());
      }
    }
    return buildMarkers(ctx, keys, [...known.values()].flat());
  }

  return {
    ...(deps.spaces ?? withoutSpaces()),
    getIssueOverlay: ({ fresh, ...address }) => overlay(address, fresh),
    getPickerOptions: (address) => pickerOptions(address),
    linkIssue: (params) => changeLink(params, 'link'),
    unlinkIssue: (params) => changeLink(params, 'unlink'),
    getBoardMarkers: (params) => {
      // One marker batch at a time: a batch asked while another is in flight then reuses the
      // epics that one read, instead of both asking for them.
      const run = markerQueue.then(() => boardMarkers(params));
      markerQueue = run.catch(() => undefined);
      return run;
    },
    noteJiraSite: async ({ site }) => {
      const origin = new URL(site).origin;
      // Content scripts run on Atlassian Cloud only, so any other site here did not come from a
      // page we were on, and noting it would make it a tracker the background calls.
      if (!isAtlassianCloud(origin)) throw new TrackerError('invalid', 'KR Lens notes only Atlassian Cloud sites seen while browsing; add other Jira sites in Options.');
      await updateSettings((settings) => withSeenJiraSite(settings, origin));
    },
    getSettings: async () => toPublicSettings(await deps.settings.read()),
    reportPageHealth: async (report) => {
      await deps.cache.put(pageHealthKey(report.tracker), report, deps.now());
    },
    getPageHealth: async () => {
      const trackers: TrackerId[] = ['jira', 'linear'];
      const reports = await Promise.all(trackers.map((tracker) => deps.cache.get<PageHealthReport>(pageHealthKey(tracker))));
      return reports.flatMap((entry) => (entry ? [{ ...entry.value, checkedAt: entry.fetchedAt }] : []));
    },
    saveSettings: async (update) => {
      const saved = await updateSettings((current) => mergeSettings(current, update));
      // A new Linear key: learn its workspace, so issue pages and the dashboard name it right. Not
      // awaited: a Linear that is slow or down must not hold the save. Options shows the check
      // by asking testConnection, which joins this one. A key Linear refuses is still saved.
      if (update.linear && 'apiKey' in update.linear) void linearCheck.restart(() => testConnection('linear', undefined)).catch(() => undefined);
      return toPublicSettings(saved);
    },
    testConnection: (params) =>
      params.tracker === 'linear' && params.site === undefined
        ? linearCheck.join(() => testConnection('linear', undefined))
        : testConnection(params.tracker, params.site),
    getLinkedWork: (params) => linkedWork(params),
    runActivityReport: (params) => runActivityReport(params.scopes, params.fresh),
    listJiraBoards: (params) => listJiraBoards(new URL(params.site).origin),
  };

  // -- The dashboard and popup: linked work, activity reports, boards ---------------------------

  /**
   * The Linear workspace of the stored key, as the connection test names it: the one remembered in
   * settings, else "linear". Linear's API answers for the key's own workspace whatever the name;
   * the name only labels issue references.
   */
  function linearWorkspace(settings: Settings): string {
    return settings.linear?.workspace ?? 'linear';
  }

  /** Every connected tracker: each Jira site in settings, and Linear when a key is stored. */
  async function connectedTrackers(): Promise<Array<{ tracker: TrackerId; site: string }>> {
    const settings = await deps.settings.read();
    const trackers: Array<{ tracker: TrackerId; site: string }> = settings.jira.map((c) => ({ tracker: 'jira' as const, site: c.site }));
    if (settings.linear) trackers.push({ tracker: 'linear', site: linearWorkspace(settings) });
    return trackers;
  }

  /** Cached tracker data, or a fresh read; on failure the last good answer, marked stale. */
  async function cachedRead<T>(key: string, fresh: boolean, read: () => Promise<T>): Promise<{ value: T; fetchedAt: number; error?: ErrorView } | { error: ErrorView }> {
    const cached = await deps.cache.get<T>(key);
    if (cached && !fresh) return { value: cached.value, fetchedAt: cached.fetchedAt };
    try {
      const value = await read();
      const fetchedAt = deps.now();
      await deps.cache.put(key, value, fetchedAt);
      return { value, fetchedAt };
    } catch (error) {
      const view = toErrorView(error);
      return cached ? { value: cached.value, fetchedAt: cached.fetchedAt, error: view } : { error: view };
    }
  }

  async function linkedWork(params: { setId: string; krIds: string[]; fresh: boolean }): Promise<LinkedWorkResult> {
    const ctx = await context();
    if (!ctx) return { state: 'setup', error: NO_SET };
    if (params.setId !== ctx.set.id) {
      return { state: 'setup', error: { kind: 'invalid', message: 'Another OKR set became active meanwhile; reload this page to see it.' } };
    }
    const wanted = new Set(params.krIds);
    const krs = ctx.set.keyResults.filter((kr) => wanted.has(kr.id)).map((kr) => ({ setId: ctx.set.id, krId: kr.id, url: kr.url }));
    const trackers = await connectedTrackers();
    const work: LinkedWork = { issues: [], fetchedAt: deps.now(), stale: false, notices: [], problems: [], sources: [] };
    if (krs.length === 0) return { state: 'ok', work };
    const krKey = hashText(krs.map((kr) => `${kr.krId}=${kr.url}`).sort().join('\n'));
    for (const { tracker, site } of trackers) {
      work.sources.push(trackerLabel(tracker, site));
      const read = await cachedRead(`linked:${tracker}:${site}:${ctx.set.id}:${krKey}`, params.fresh, async () =>
        (await deps.adapterFor(tracker, site)).findLinkedIssues(krs),
      );
      if (read.error) work.problems.push({ tracker, site: trackerLabel(tracker, site), error: read.error });
      if (!('value' in read)) continue;
      work.issues.push(...read.value.issues);
      if (read.value.fallbackNotice) work.notices.push(read.value.fallbackNotice);
      work.fetchedAt = Math.min(work.fetchedAt, read.fetchedAt);
      if (read.error || deps.now() - read.fetchedAt > FRESH_FOR_MS) work.stale = true;
    }
    return { state: 'ok', work };
  }

  async function runActivityReport(scopes: ScopeRequest[], fresh: boolean): Promise<ActivityResult> {
    const ctx = await context();
    if (!ctx) return { state: 'setup', error: NO_SET };
    const settings = await deps.settings.read();
    const issues: IssueSnapshot[] = [];
    const ancestors: IssueSnapshot[] = [];
    const labels: string[] = [];
    const problems: Array<{ scope: string; error: ErrorView }> = [];
    let fetchedAt = deps.now();
    let stale = false;
    for (const request of scopes) {
      const label = scopeLabel(request);
      labels.push(label);
      const site = request.tracker === 'jira' ? new URL(request.site).origin : linearWorkspace(settings);
      const read = await cachedRead(`activity:${request.tracker}:${site}:${JSON.stringify(request.scope)}`, fresh, async () => {
        const adapter = await deps.adapterFor(request.tracker, site);
        return scopeParts(adapter, request.scope, { krs: readerKrs(ctx.set) });
      });
      if (read.error) problems.push({ scope: label, error: read.error });
      if (!('value' in read)) continue;
      issues.push(...read.value.issues);
      ancestors.push(...read.value.ancestors);
      fetchedAt = Math.min(fetchedAt, read.fetchedAt);
      if (read.error || deps.now() - read.fetchedAt > FRESH_FOR_MS) stale = true;
    }
    // Scope issues last, so the graph keeps their own snapshot when one is also another's ancestor.
    const graph = buildIssueGraph([...ancestors, ...issues]);
    const report = activityReport(issues, { set: ctx.set, graph, playbook: ctx.playbook, activeCycleIds: activeCycleIds(ctx.set) });
    return { state: 'ok', result: { report, scopes: labels, problems, fetchedAt, stale } };
  }

  async function listJiraBoards(site: string): Promise<JiraBoardView[]> {
    const adapter = await deps.adapterFor('jira', site);
    if (!hasBoards(adapter)) throw new TrackerError('unsupported', `KR Lens cannot list the boards of ${hostOf(site)}; enter board ids instead.`);
    return (await adapter.listBoards()).map((board) => ({
      id: board.id,
      name: board.name,
      ...(board.projectKey ? { projectKey: board.projectKey } : {}),
      ...(board.type ? { type: board.type } : {}),
    }));
  }

  async function testConnection(tracker: TrackerId, site: string | undefined): Promise<ConnectionTest> {
    const settings = await deps.settings.read();
    // A Linear key names its own workspace: test it without one and remember what it says.
    const target = tracker === 'jira' ? site && new URL(site).origin : (site ?? settings.linear?.workspace ?? '');
    if (target === undefined || (tracker === 'jira' && !target)) {
      return { ok: false, error: { kind: 'invalid', message: 'Enter the Jira site address first, like https://acme.atlassian.net.' } };
    }
    const testedKey = settings.linear?.apiKey;
    try {
      const who = await (await deps.adapterFor(tracker, target)).whoAmI();
      if (tracker === 'linear' && who.site && testedKey) await rememberLinearWorkspace(who.site, testedKey);
      return { ok: true, who: who.email ? `${who.name} (${who.email})` : who.name, site: who.site ?? target };
    } catch (error) {
      return { ok: false, error: toErrorView(error) };
    }
  }

  /** Only onto the key that was tested: a key saved since then belongs to its own check. */
  async function rememberLinearWorkspace(workspace: string, testedKey: string): Promise<void> {
    await updateSettings((settings) => {
      if (!settings.linear || settings.linear.apiKey !== testedKey || settings.linear.workspace === workspace) return null;
      return { ...settings, linear: { ...settings.linear, workspace } };
    });
  }
}

/** Applies an update from Options; secrets not re-entered are kept from what is stored. */
export function mergeSettings(current: Settings, update: SettingsUpdate): Settings {
  const jira = update.jira.map((entry): JiraConnection => {
    const site = new URL(entry.site).origin;
    if (entry.auth.type === 'session') return { site, auth: { type: 'session' } };
    const previous = current.jira.find((c) => c.site === site)?.auth;
    const apiToken = entry.auth.apiToken ?? (previous?.type === 'basic' && previous.email === entry.auth.email ? previous.apiToken : undefined);
    if (!apiToken) throw new TrackerError('invalid', `Enter the API token for ${entry.auth.email} on ${site}.`);
    return { site, auth: { type: 'basic', email: entry.auth.email, apiToken } };
  });
  const linear = update.linear === null ? undefined : 'apiKey' in update.linear ? { apiKey: update.linear.apiKey } : current.linear;
  return { jira, ...(linear ? { linear } : {}) };
}

export type { PublicSettings };

/** Adapters that list a scope's issues and their ancestors apart (Jira's). */
interface ScopePartsAdapter {
  listScopeParts(scope: Scope, options?: ReadOptions): Promise<{ issues: IssueSnapshot[]; ancestors: IssueSnapshot[] }>;
}

function hasScopeParts(adapter: TrackerAdapter): adapter is TrackerAdapter & ScopePartsAdapter {
  return typeof (adapter as Partial<ScopePartsAdapter>).listScopeParts === 'function';
}

function hasBoards(adapter: TrackerAdapter): adapter is TrackerAdapter & { listBoards(): Promise<JiraBoardView[]> } {
  return typeof (adapter as { listBoards?: unknown }).listBoards === 'function';
}

/**
 * A scope's own issues and, apart, their ancestors: ancestors decide alignment but are not the
 * scope's work, so they must not be counted. Linear lists both in one array; they are told apart
 * by membership.
 */
async function scopeParts(adapter: TrackerAdapter, scope: Scope, options: ReadOptions): Promise<{ issues: IssueSnapshot[]; ancestors: IssueSnapshot[] }> {
  if (hasScopeParts(adapter)) return adapter.listScopeParts(scope, options);
  const listed = await adapter.listScope(scope, options);
  if (adapter.tracker === 'linear' && (scope.type === 'linear-teams' || scope.type === 'assigned-to-me')) return splitLinearScope(listed, scope);
  return { issues: listed, ancestors: [] };
}

/** "Jira acme.atlassian.net", "Linear acme", or "Linear" while the workspace is not known. */
function trackerLabel(tracker: TrackerId, site: string): string {
  if (tracker === 'jira') return `Jira ${hostOf(site)}`;
  return site === 'linear' ? 'Linear' : `Linear ${site}`;
}

/** A short stable name for a list of KRs, for cache keys (FNV-1a, 32 bits, as hex). */
function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length}-${hash.toString(16)}`;
}

/** An issue and its ancestors, nearest first, as far as they are known. */
function lineageOf(byKey: ReadonlyMap<string, IssueSnapshot>, key: string): IssueSnapshot[] {
  const lineage: IssueSnapshot[] = [];
  const seen = new Set<string>();
  for (let current = byKey.get(key); current && !seen.has(current.ref.key); current = current.parent ? byKey.get(current.parent) : undefined) {
    seen.add(current.ref.key);
    lineage.push(current);
  }
  return lineage;
}
