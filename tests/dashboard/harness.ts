/**
 * The extension's pages as a user meets them, below the browser: the real store (WXT's fake
 * browser storage), the real background service with its request validation behind a recording
 * `send`, and in-memory trackers standing in for Jira and Linear. The trackers are small on
 * purpose; the contract-checked fakes are exercised in service.test.ts and the e2e test.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createOkrService } from '../../entrypoints/background/okr-service';
import { createCache } from '../../lib/cache';
import type { SendMessage, ServiceRequest } from '../../lib/messaging';
import { handleServiceMessage, type OkrServiceImpl } from '../../lib/messaging-host';
import { issueSnapshotSchema, type IssueSnapshot, type KrRef, type StatusCategory, type TrackerId } from '../../lib/okr/model';
import type { Settings } from '../../lib/settings';
import { confirmImport, getActiveSelection, parseOkrFile } from '../../lib/store';
import { TrackerError, type IssueWithFamily, type Scope, type TrackerAdapter } from '../../lib/trackers/tracker';
import { withAncestors } from '../../lib/trackers/ancestors';

/** Inside cycle 2026-q4 of the Acme example. */
export const TODAY = '2026-11-21';
export const NOW = Date.parse(`${TODAY}T12:00:00Z`);
export const JIRA = 'https://acme.atlassian.net';
export const WORKSPACE = 'acme';
export const ME = { id: 'me', name: 'Dana Engineer' };
export const OTHER = { id: 'omar', name: 'Omar Oncall' };

export const ACME_JSON = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../public/examples/acme.okr.json'), 'utf8');

export async function importAcme(
  edit?: (
    doc: Record<string, unknown> & {
      objectives: Array<Record<string, unknown>>;
      keyResults: Array<Record<string, unknown>>;
      checkIns: Array<Record<string, unknown>>;
      cycles: Array<Record<string, unknown>>;
    },
  ) => void,
): Promise<void> {
  const doc = JSON.parse(ACME_JSON) as Parameters<NonNullable<typeof edit>>[0];
  edit?.(doc);
  const parsed = parseOkrFile(JSON.stringify(doc), 'acme.okr.json');
  if (!parsed.ok) throw new Error(`the fixture set must parse: ${JSON.stringify(parsed.errors)}`);
  const result = await confirmImport(parsed.set, { today: TODAY });
  if (!result.ok) throw new Error('the fixture set must import');
}

const STATUS: Record<StatusCategory, string> = { todo: 'To Do', in_progress: 'In Progress', done: 'Done', canceled: 'Canceled' };

export interface IssueSpec {
  key: string;
  title?: string;
  parent?: string;
  category?: StatusCategory;
  kind?: IssueSnapshot['kind'];
  estimate?: number;
  assignee?: { id: string; name: string };
  team?: string;
  sprint?: string;
  labels?: string[];
  /** KR ids of the acme set this issue links. */
  krs?: string[];
}

export function issue(tracker: TrackerId, spec: IssueSpec): IssueSnapshot {
  const site = tracker === 'jira' ? JIRA : WORKSPACE;
  const category = spec.category ?? 'todo';
  return issueSnapshotSchema.parse({
    ref: { tracker, site, key: spec.key },
    title: spec.title ?? `Issue ${spec.key}`,
    url: tracker === 'jira' ? `${JIRA}/browse/${spec.key}` : `https://linear.app/${WORKSPACE}/issue/${spec.key}`,
    kind: spec.kind ?? 'story',
    status: { name: STATUS[category], category },
    ...(spec.estimate !== undefined ? { estimate: spec.estimate } : {}),
    ...(spec.parent ? { parent: spec.parent } : {}),
    ...(spec.assignee ? { assignee: spec.assignee } : {}),
    ...(spec.team ? { team: spec.team } : {}),
    ...(spec.sprint ? { sprintOrCycle: { id: spec.sprint, name: `Sprint ${spec.sprint}` } } : {}),
    labels: spec.labels ?? [],
    updatedAt: `${TODAY}T09:00:00Z`,
    krRefs: (spec.krs ?? []).map((krId): KrRef => ({ setId: 'acme', krId })),
  });
}

/** A tracker held in memory: enough of the adapter contract for the pages, and it records calls. */
export class MemoryTracker implements TrackerAdapter {
  readonly calls: string[] = [];
  failWith: TrackerError | null = null;
  private readonly issues = new Map<string, IssueSnapshot>();

  constructor(
    readonly tracker: TrackerId,
    readonly site: string,
    issues: IssueSnapshot[],
  ) {
    for (const snapshot of issues) this.issues.set(snapshot.ref.key, snapshot);
  }

  private check(call: string) {
    this.calls.push(call);
    if (this.failWith) throw this.failWith;
  }

  private ancestors(snapshot: IssueSnapshot): IssueSnapshot[] {
    const chain: IssueSnapshot[] = [];
    for (let parent = snapshot.parent && this.issues.get(snapshot.parent); parent; parent = parent.parent && this.issues.get(parent.parent))
      chain.push(parent);
    return chain;
  }

  private descendants(keys: string[]): IssueSnapshot[] {
    const found: IssueSnapshot[] = [];
    const wanted = new Set(keys);
    let grew = true;
    while (grew) {
      grew = false;
      for (const snapshot of this.issues.values()) {
        if (snapshot.parent && wanted.has(snapshot.parent) && !wanted.has(snapshot.ref.key)) {
          wanted.add(snapshot.ref.key);
          found.push(snapshot);
          grew = true;
        }
      }
    }
    return found;
  }

  async whoAmI() {
    this.check('whoAmI');
    return ME;
  }

  async getIssueWithFamily(key: string): Promise<IssueWithFamily | null> {
    this.check(`getIssueWithFamily ${key}`);
    const snapshot = this.issues.get(key);
    return snapshot ? { issue: snapshot, ancestors: this.ancestors(snapshot), descendants: this.descendants([key]) } : null;
  }

  async getIssues(keys: string[]) {
    this.check(`getIssues ${keys.join(',')}`);
    return keys.flatMap((key) => this.issues.get(key) ?? []);
  }

  async getIssuesWithAncestors(keys: string[], options: { known?: ReadonlyMap<string, IssueSnapshot> } = {}) {
    return withAncestors(await this.getIssues(keys), (wanted) => this.getIssues(wanted), options.known);
  }

  async link(key: string, target: KrRef) {
    this.check(`link ${key} ${target.krId}`);
    const snapshot = this.issues.get(key);
    if (!snapshot) throw new TrackerError('not-found', `${key} was not found.`);
    if (!snapshot.krRefs.some((ref) => ref.krId === target.krId)) {
      this.issues.set(key, { ...snapshot, krRefs: [...snapshot.krRefs, { setId: target.setId, krId: target.krId }] });
    }
  }

  async unlink(key: string, kr: KrRef) {
    this.check(`unlink ${key} ${kr.krId}`);
    const snapshot = this.issues.get(key);
    if (snapshot) this.issues.set(key, { ...snapshot, krRefs: snapshot.krRefs.filter((ref) => ref.krId !== kr.krId) });
  }

  async findLinkedIssues(krs: Array<KrRef & { url: string }>) {
    this.check(`findLinkedIssues ${krs.map((kr) => kr.krId).join(',')}`);
    const ids = new Set(krs.map((kr) => kr.krId));
    const linked = [...this.issues.values()].filter((snapshot) => snapshot.krRefs.some((ref) => ids.has(ref.krId)));
    return { issues: [...linked, ...this.descendants(linked.map((snapshot) => snapshot.ref.key))] };
  }

  /** Linear's adapter lists a scope and its ancestors in one array; the service tells them apart. */
  async listScope(scope: Scope) {
    const { issues, ancestors } = await this.scopeParts(scope);
    return [...issues, ...ancestors];
  }

  protected async scopeParts(scope: Scope) {
    this.check(`listScope ${JSON.stringify(scope)}`);
    const all = [...this.issues.values()];
    const scoped = all.filter((snapshot) => {
      switch (scope.type) {
        case 'assigned-to-me':
          return snapshot.assignee?.id === ME.id && snapshot.status.category !== 'done' && snapshot.status.category !== 'canceled';
        case 'jira-boards':
          return snapshot.sprintOrCycle !== undefined && scope.boardIds.map(String).includes(snapshot.sprintOrCycle.id);
        case 'linear-teams':
          return snapshot.sprintOrCycle !== undefined && scope.teamKeys.some((team) => snapshot.ref.key.startsWith(`${team}-`));
        default:
          return false;
      }
    });
    const keys = new Set(scoped.map((snapshot) => snapshot.ref.key));
    const ancestors = scoped
      .flatMap((snapshot) => this.ancestors(snapshot))
      .filter((a) => !keys.has(a.ref.key) && (keys.add(a.ref.key), true));
    return { issues: scoped, ancestors };
  }

  async listBoards() {
    this.check('listBoards');
    return [
      { id: 1, name: 'PLAT board', projectKey: 'PLAT', type: 'scrum' },
      { id: 2, name: 'GROW board', projectKey: 'GROW', type: 'scrum' },
    ];
  }
}

/** Jira's adapter lists a scope's issues and their ancestors apart; the service uses that. */
export class JiraMemoryTracker extends MemoryTracker {
  listScopeParts(scope: Scope) {
    return this.scopeParts(scope);
  }
}

/**
 * The acme work, small: PLAT-1 (epic) serves the checkout-latency KR with two of its three
 * stories done; PLAT-4 is unaligned and PLAT-5 a bug (run work), both assigned to me in sprint 1;
 * MOB-1 serves offline mode with one of two sub-issues done.
 */
export function acmeWork(): { jira: IssueSnapshot[]; linear: IssueSnapshot[] } {
  return {
    jira: [
      issue('jira', {
        key: 'PLAT-1',
        kind: 'epic',
        title: 'Checkout latency under 300 ms',
        category: 'in_progress',
        krs: ['kr-plat-p95-checkout'],
        team: 'Platform',
      }),
      issue('jira', {
        key: 'PLAT-2',
        parent: 'PLAT-1',
        title: 'Cache price lookups',
        category: 'done',
        assignee: ME,
        sprint: '1',
        team: 'Platform',
      }),
      issue('jira', {
        key: 'PLAT-3',
        parent: 'PLAT-1',
        title: 'Call providers in parallel',
        category: 'done',
        assignee: OTHER,
        sprint: '1',
        team: 'Platform',
      }),
      issue('jira', {
        key: 'PLAT-6',
        parent: 'PLAT-1',
        title: 'Profile under load',
        category: 'in_progress',
        assignee: ME,
        sprint: '1',
        team: 'Platform',
      }),
      issue('jira', {
        key: 'PLAT-4',
        title: 'Structured logging',
        category: 'in_progress',
        assignee: ME,
        sprint: '1',
        team: 'Platform',
        estimate: 3,
      }),
      issue('jira', {
        key: 'PLAT-5',
        kind: 'bug',
        title: 'Checkout 500 on empty cart',
        category: 'todo',
        assignee: ME,
        sprint: '1',
        team: 'Platform',
        labels: ['bug'],
      }),
    ],
    linear: [
      issue('linear', { key: 'MOB-1', title: 'Offline mode', category: 'in_progress', krs: ['kr-mob-offline'], team: 'Mobile' }),
      issue('linear', {
        key: 'MOB-2',
        parent: 'MOB-1',
        title: 'Cache the feed',
        category: 'done',
        estimate: 3,
        assignee: OTHER,
        sprint: 'c1',
        team: 'Mobile',
      }),
      issue('linear', {
        key: 'MOB-3',
        parent: 'MOB-1',
        title: 'Queue writes',
        category: 'todo',
        estimate: 5,
        assignee: OTHER,
        sprint: 'c1',
        team: 'Mobile',
      }),
      issue('linear', {
        key: 'MOB-20',
        title: 'Redesign settings',
        category: 'todo',
        estimate: 2,
        assignee: OTHER,
        sprint: 'c1',
        team: 'Mobile',
      }),
    ],
  };
}

export interface ServiceHarness {
  service: OkrServiceImpl;
  send: SendMessage;
  calls: ServiceRequest[];
  jira: JiraMemoryTracker;
  linear: MemoryTracker;
  now: { value: number };
}

export function startService(options: { settings?: Settings; work?: ReturnType<typeof acmeWork> } = {}): ServiceHarness {
  const work = options.work ?? acmeWork();
  const jira = new JiraMemoryTracker('jira', JIRA, work.jira);
  const linear = new MemoryTracker('linear', WORKSPACE, work.linear);
  let settings: Settings = options.settings ?? {
    jira: [{ site: JIRA, auth: { type: 'session' } }],
    linear: { apiKey: 'lin_api_test', workspace: WORKSPACE },
  };
  const now = { value: NOW };
  const service = createOkrService({
    sets: { getActiveSelection: () => getActiveSelection({ today: TODAY }) },
    adapterFor: async (tracker) => (tracker === 'jira' ? jira : linear),
    cache: createCache(fakeBrowser.storage.local),
    now: () => now.value,
    settings: {
      read: async () => structuredClone(settings),
      write: async (next) => {
        settings = structuredClone(next);
      },
    },
  });
  const calls: ServiceRequest[] = [];
  const send: SendMessage = async (message) => {
    calls.push(structuredClone(message));
    return handleServiceMessage(service, message);
  };
  return { service, send, calls, jira, linear, now };
}
