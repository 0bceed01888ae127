/**
 * Tiny factories for literal OKR fixtures. Every value goes through the real zod schemas, so a
 * fixture that the product could never receive fails loudly instead of testing nothing.
 */
import { buildIssueGraph, issueId, type IssueGraph } from '../../lib/okr/issue-graph';
import {
  assignLinkUrls,
  checkInSchema,
  issueSnapshotSchema,
  okrSetSchema,
  type CheckIn,
  type IssueKind,
  type IssueSnapshot,
  type KrRef,
  type OkrSet,
  type StatusCategory,
  type TrackerId,
} from '../../lib/okr/model';
import { resolvePlaybook } from '../../lib/okr/playbook';

export const SET_ID = 'acme-okrs';
export const JIRA_SITE = 'https://acme.atlassian.net';
export const playbook = resolvePlaybook(undefined);

const STATUS_NAMES: Record<StatusCategory, string> = { todo: 'To Do', in_progress: 'In Progress', done: 'Done', canceled: 'Canceled' };

export interface IssueSpec {
  key: string;
  parent?: string;
  category?: StatusCategory;
  /** Status name; defaults to a plain name for the category. */
  status?: string;
  resolution?: string;
  estimate?: number;
  /** A bare string is a KR id of `SET_ID`. */
  krRefs?: Array<string | KrRef>;
  kind?: IssueKind;
  tracker?: TrackerId;
  site?: string;
  title?: string;
  labels?: string[];
}

export function issue(spec: IssueSpec): IssueSnapshot {
  const tracker = spec.tracker ?? 'jira';
  const site = spec.site ?? (tracker === 'jira' ? JIRA_SITE : 'acme');
  const category = spec.category ?? 'todo';
  return issueSnapshotSchema.parse({
    ref: { tracker, site, key: spec.key },
    title: spec.title ?? `Issue ${spec.key}`,
    url: tracker === 'jira' ? `${site}/browse/${spec.key}` : `https://linear.app/${site}/issue/${spec.key}`,
    kind: spec.kind ?? 'story',
    status: { name: spec.status ?? STATUS_NAMES[category], category, ...(spec.resolution ? { resolution: spec.resolution } : {}) },
    ...(spec.estimate === undefined ? {} : { estimate: spec.estimate }),
    ...(spec.parent === undefined ? {} : { parent: spec.parent }),
    labels: spec.labels ?? [],
    updatedAt: '2025-05-01T10:00:00Z',
    krRefs: (spec.krRefs ?? []).map((ref) => (typeof ref === 'string' ? { setId: SET_ID, krId: ref } : ref)),
  });
}

export const graphOf = (...specs: IssueSpec[]): IssueGraph => buildIssueGraph(specs.map(issue));

/** The global id of a fixture issue (Jira on `JIRA_SITE` unless told otherwise). */
export const idOf = (key: string, tracker: TrackerId = 'jira', site = tracker === 'jira' ? JIRA_SITE : 'acme') =>
  issueId({ tracker, site, key });

export function checkIn(spec: { krId: string; at: string; value?: number; confidence?: number; id?: string }): CheckIn {
  return checkInSchema.parse({ id: spec.id ?? `ci-${spec.krId}-${spec.at.replace(/[^0-9]/g, '')}`, confidence: 7, ...spec });
}

type SetSpec = {
  cycles?: unknown[];
  objectives?: unknown[];
  keyResults?: unknown[];
  checkIns?: unknown[];
};

export function objective(spec: {
  id: string;
  cycleId?: string;
  title?: string;
  level?: string;
  commitment?: string;
  inherits?: string;
  supports?: string[];
}) {
  return {
    id: spec.id,
    cycleId: spec.cycleId ?? 'q2',
    title: spec.title ?? `Objective ${spec.id}`,
    level: spec.level ?? 'team',
    commitment: spec.commitment ?? 'committed',
    alignment: { ...(spec.inherits ? { inherits: spec.inherits } : {}), supports: spec.supports ?? [] },
  };
}

export function keyResult(spec: { id: string; objectiveId: string; title?: string; measure?: unknown; weight?: number; url?: string }) {
  return {
    id: spec.id,
    objectiveId: spec.objectiveId,
    title: spec.title ?? `Key result ${spec.id}`,
    measure: spec.measure ?? { type: 'issues' },
    ...(spec.weight === undefined ? {} : { weight: spec.weight }),
    ...(spec.url === undefined ? {} : { url: spec.url }),
  };
}

export const cycle = (id: string, start: string, end: string, state = 'active', name = id.toUpperCase()) => ({
  id,
  name,
  start,
  end,
  state,
});

/** A stored set (link URLs assigned), validated by the real schema. */
export function okrSet(spec: SetSpec): OkrSet {
  return assignLinkUrls(
    okrSetSchema.parse({
      schemaVersion: 1,
      id: SET_ID,
      name: 'Acme OKRs',
      homeUrl: 'https://okrs.acme.example/',
      cycles: spec.cycles ?? [cycle('q2', '2025-04-01', '2025-06-30')],
      objectives: spec.objectives ?? [],
      keyResults: spec.keyResults ?? [],
      checkIns: spec.checkIns ?? [],
    }),
  );
}
