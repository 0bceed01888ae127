/**
 * The in-memory Linear workspace behind the fake API: plain records shaped after Linear's schema,
 * seeded with the "acme" workspace the example OKR set (public/examples/acme.okr.json) talks about.
 *
 * Seeded alignment (SPEC "Where data lives", Linear attachments):
 *   MOB-1  Offline mode (parent)        → kr-mob-offline; its sub-issues (4 levels deep) serve it through it
 *   MOB-10 Crash reduction sweep (parent) → kr-mob-crash-free; sub-issue MOB-15 links kr-mob-offline itself
 *   MOB-16 Memory leak in video player (leaf) → kr-mob-crash-free directly
 *   WEB-6  Crash reporting dashboard (leaf, other team) → kr-mob-crash-free (horizontal alignment)
 *   MOB-20…24, WEB-1…5: unaligned and run work (Bug, on-call).
 */
import { defaultLinkUrl } from '../../../lib/okr/model';

export const LINEAR_WORKSPACE = 'acme';
/** The viewer's personal API key; Linear keys start with `lin_api_`. */
export const DANA_API_KEY = 'lin_api_krlens0dana0engineer0000000000000000';
/** A second, valid key belonging to a PM, for tests that need another viewer. */
export const PRIYA_API_KEY = 'lin_api_krlens0priya0product0000000000000000';

export const ACME_SET_ID = 'acme';
export const ACME_HOME_URL = 'https://okrs.acme.example/2026';
export const ACME_OBJECTIVE_TITLE = 'Make the mobile app dependable';

export interface SeedKr {
  setId: string;
  krId: string;
  title: string;
  objectiveTitle: string;
  url: string;
}

const acmeKr = (krId: string, title: string): SeedKr => ({
  setId: ACME_SET_ID,
  krId,
  title,
  objectiveTitle: ACME_OBJECTIVE_TITLE,
  url: defaultLinkUrl({ id: ACME_SET_ID, homeUrl: ACME_HOME_URL }, krId),
});

export const KR_CRASH_FREE = acmeKr('kr-mob-crash-free', 'Crash-free sessions reach 99.5%');
export const KR_OFFLINE = acmeKr('kr-mob-offline', 'Offline mode works for 90% of daily sessions');

// -------------------------------------------------------------------------------------------
// Records: what the fake stores. Field names follow Linear's schema so the default resolver can
// read them; relations are ids, resolved by the views in resolvers.ts.

export interface OrganizationRecord {
  id: string;
  name: string;
  urlKey: string;
}
export interface UserRecord {
  id: string;
  name: string;
  displayName: string;
  email: string;
  active: boolean;
}
export interface TeamRecord {
  id: string;
  key: string;
  name: string;
  /** Who belongs to the team; absent: everyone in the workspace. */
  memberIds?: string[];
}
export type WorkflowStateType = 'triage' | 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled' | 'duplicate';
export interface WorkflowStateRecord {
  id: string;
  teamId: string;
  name: string;
  type: WorkflowStateType;
  color: string;
  position: number;
}
export interface LabelRecord {
  id: string;
  name: string;
  color: string;
  /** A team's own label; absent or null: a workspace label. */
  teamId?: string | null;
}
export interface CycleRecord {
  id: string;
  teamId: string;
  number: number;
  name: string | null;
  startsAt: string;
  endsAt: string;
}
export interface IssueRecord {
  id: string;
  teamId: string;
  number: number;
  title: string;
  stateId: string;
  estimate: number | null;
  priority: number;
  parentId: string | null;
  cycleId: string | null;
  assigneeId: string | null;
  labelIds: string[];
  createdAt: string;
  updatedAt: string;
  description?: string | null;
}
export interface AttachmentRecord {
  id: string;
  issueId: string;
  url: string;
  title: string;
  subtitle: string | null;
  metadata: Record<string, unknown>;
  creatorId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface LinearWorkspace {
  organization: OrganizationRecord;
  users: UserRecord[];
  /** Personal API key → user id. */
  apiKeys: Map<string, string>;
  teams: TeamRecord[];
  states: WorkflowStateRecord[];
  labels: LabelRecord[];
  cycles: CycleRecord[];
  issues: IssueRecord[];
  attachments: AttachmentRecord[];
  /** Linear's sync id grows with every write; mutations report it. */
  lastSyncId: number;
  /** The clock the workspace was seeded with; cycles are active around it. */
  now: Date;
}

// -------------------------------------------------------------------------------------------
// Deterministic ids: UUID v4 shaped, one prefix per entity kind, so failures are readable.

const uuid = (kind: number, n: number) => `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const ID_KIND = { org: 0x0a, user: 0x0b, team: 0x0c, state: 0x0d, label: 0x0e, cycle: 0x0f, issue: 0x1a, attachment: 0x1b };
let attachmentCounter = 0;
export const newAttachmentId = () => uuid(ID_KIND.attachment, ++attachmentCounter);
export const issueUuid = (n: number) => uuid(ID_KIND.issue, n);

const DAY = 86_400_000;
const iso = (date: Date) => date.toISOString();

export const DANA = { id: uuid(ID_KIND.user, 1), name: 'Dana Engineer', displayName: 'dana', email: 'dana@acme.example', active: true };
export const PRIYA = { id: uuid(ID_KIND.user, 2), name: 'Priya Product', displayName: 'priya', email: 'priya@acme.example', active: true };
export const SAM = { id: uuid(ID_KIND.user, 3), name: 'Sam Lead', displayName: 'sam', email: 'sam@acme.example', active: true };
export const ALEX = { id: uuid(ID_KIND.user, 4), name: 'Alex Developer', displayName: 'alex', email: 'alex@acme.example', active: true };

const STATE_TEMPLATE: Array<[string, WorkflowStateType, string]> = [
  ['Triage', 'triage', '#fc7840'],
  ['Backlog', 'backlog', '#bec2c8'],
  ['Todo', 'unstarted', '#e2e2e2'],
  ['In Progress', 'started', '#f2c94c'],
  ['In Review', 'started', '#0f783c'],
  ['Done', 'completed', '#5e6ad2'],
  ['Canceled', 'canceled', '#95a2b3'],
  ['Duplicate', 'duplicate', '#95a2b3'],
];

export interface IssueSeed {
  team: string;
  number: number;
  title: string;
  state: string;
  estimate?: number;
  parent?: string;
  inCycle?: boolean;
  assignee?: string;
  labels?: string[];
}

/** The acme issues. `parent` names an identifier; `state` a workflow state name of the team. */
export const ACME_ISSUES: IssueSeed[] = [
  // Offline mode: a parent whose sub-issues go four levels deep.
  // Parent issues stay out of cycles, as is usual in Linear: a scope reaches them as ancestors.
  { team: 'MOB', number: 1, title: 'Offline mode', state: 'In Progress', assignee: 'Priya Product' },
  {
    team: 'MOB',
    number: 2,
    title: 'Cache the feed for offline reading',
    state: 'Done',
    estimate: 3,
    parent: 'MOB-1',
    inCycle: true,
    assignee: 'Dana Engineer',
  },
  {
    team: 'MOB',
    number: 3,
    title: 'Queue writes while offline',
    state: 'In Progress',
    estimate: 5,
    parent: 'MOB-1',
    inCycle: true,
    assignee: 'Dana Engineer',
  },
  { team: 'MOB', number: 4, title: 'Conflict resolution screen', state: 'Todo', parent: 'MOB-1', inCycle: true },
  { team: 'MOB', number: 5, title: 'Offline banner', state: 'Canceled', estimate: 1, parent: 'MOB-1' },
  {
    team: 'MOB',
    number: 6,
    title: 'Retry queue with backoff',
    state: 'Done',
    estimate: 2,
    parent: 'MOB-3',
    inCycle: true,
    assignee: 'Alex Developer',
  },
  {
    team: 'MOB',
    number: 7,
    title: 'Persist the retry queue across restarts',
    state: 'In Review',
    estimate: 2,
    parent: 'MOB-6',
    inCycle: true,
    assignee: 'Alex Developer',
  },
  { team: 'MOB', number: 8, title: 'Encrypt the persisted queue', state: 'Todo', estimate: 1, parent: 'MOB-7' },
  // Crash reduction: a parent linked to one KR with a sub-issue linked to another.
  { team: 'MOB', number: 10, title: 'Crash reduction sweep', state: 'In Progress', assignee: 'Sam Lead' },
  {
    team: 'MOB',
    number: 11,
    title: 'Fix ANR on cold start',
    state: 'Done',
    estimate: 3,
    parent: 'MOB-10',
    inCycle: true,
    labels: ['Bug'],
    assignee: 'Dana Engineer',
  },
  {
    team: 'MOB',
    number: 12,
    title: 'Null pointer in the image cache',
    state: 'In Progress',
    estimate: 2,
    parent: 'MOB-10',
    inCycle: true,
    labels: ['Bug'],
    assignee: 'Dana Engineer',
  },
  { team: 'MOB', number: 13, title: 'Add crash breadcrumbs', state: 'Backlog', parent: 'MOB-10' },
  { team: 'MOB', number: 14, title: 'Upgrade the crash reporting SDK', state: 'Duplicate', estimate: 1, parent: 'MOB-10' },
  {
    team: 'MOB',
    number: 15,
    title: 'Crash when the offline queue is full',
    state: 'Todo',
    estimate: 3,
    parent: 'MOB-10',
    inCycle: true,
    labels: ['Bug'],
    assignee: 'Alex Developer',
  },
  {
    team: 'MOB',
    number: 16,
    title: 'Memory leak in the video player',
    state: 'Done',
    estimate: 5,
    inCycle: true,
    labels: ['Bug'],
    assignee: 'Dana Engineer',
  },
  // Unaligned and run work.
  {
    team: 'MOB',
    number: 20,
    title: 'Redesign the settings screen',
    state: 'In Progress',
    estimate: 3,
    inCycle: true,
    assignee: 'Dana Engineer',
    labels: ['Feature'],
  },
  { team: 'MOB', number: 21, title: 'Dark mode icons', state: 'Todo', estimate: 1, inCycle: true, assignee: 'Alex Developer' },
  {
    team: 'MOB',
    number: 22,
    title: 'Pager rotation handover',
    state: 'In Progress',
    inCycle: true,
    labels: ['on-call'],
    assignee: 'Sam Lead',
  },
  { team: 'MOB', number: 23, title: 'Login button misaligned on small phones', state: 'Triage', inCycle: true, labels: ['Bug'] },
  { team: 'MOB', number: 24, title: 'Spike: Kotlin Multiplatform', state: 'Backlog' },
  { team: 'WEB', number: 1, title: 'Checkout page performance', state: 'In Progress', inCycle: true, assignee: 'Priya Product' },
  {
    team: 'WEB',
    number: 2,
    title: 'Lazy-load product images',
    state: 'Done',
    estimate: 2,
    parent: 'WEB-1',
    inCycle: true,
    assignee: 'Dana Engineer',
  },
  { team: 'WEB', number: 3, title: 'Split the checkout bundle', state: 'Todo', estimate: 3, parent: 'WEB-1', inCycle: true },
  {
    team: 'WEB',
    number: 4,
    title: 'Fix the flaky end-to-end test',
    state: 'In Progress',
    estimate: 1,
    inCycle: true,
    labels: ['Bug'],
    assignee: 'Dana Engineer',
  },
  { team: 'WEB', number: 5, title: 'Update the privacy policy page', state: 'Done', estimate: 1, assignee: 'Dana Engineer' },
  { team: 'WEB', number: 6, title: 'Crash reporting dashboard', state: 'Todo', estimate: 2, inCycle: true, assignee: 'Sam Lead' },
];

/** Which seeded issue links which KR. */
export const ACME_LINKS: Array<{ issue: string; kr: SeedKr }> = [
  { issue: 'MOB-1', kr: KR_OFFLINE },
  { issue: 'MOB-10', kr: KR_CRASH_FREE },
  { issue: 'MOB-15', kr: KR_OFFLINE },
  { issue: 'MOB-16', kr: KR_CRASH_FREE },
  { issue: 'WEB-6', kr: KR_CRASH_FREE },
];

export interface SeedOptions {
  /** The clock to seed around: cycles are active across it, timestamps lie before it. */
  now?: Date;
  /** Leave out the acme issues and links (teams, users and cycles stay). */
  empty?: boolean;
}

export function createAcmeWorkspace(options: SeedOptions = {}): LinearWorkspace {
  const now = options.now ?? new Date();
  const users = [DANA, PRIYA, SAM, ALEX].map((user) => ({ ...user }));
  const teams: TeamRecord[] = [
    { id: uuid(ID_KIND.team, 1), key: 'MOB', name: 'Mobile' },
    { id: uuid(ID_KIND.team, 2), key: 'WEB', name: 'Web' },
  ];
  let stateCounter = 0;
  const states: WorkflowStateRecord[] = teams.flatMap((team) =>
    STATE_TEMPLATE.map(([name, type, color], position) => ({
      id: uuid(ID_KIND.state, ++stateCounter),
      teamId: team.id,
      name,
      type,
      color,
      position,
    })),
  );
  const labels: LabelRecord[] = [
    { id: uuid(ID_KIND.label, 1), name: 'Bug', color: '#eb5757' },
    { id: uuid(ID_KIND.label, 2), name: 'on-call', color: '#f2994a' },
    { id: uuid(ID_KIND.label, 3), name: 'Feature', color: '#bb87fc' },
  ];
  // Each team has a past, an active and a next cycle, two weeks long, the active one around `now`.
  const cycles: CycleRecord[] = teams.flatMap((team, t) =>
    [-1, 0, 1].map((offset, i) => {
      const startsAt = new Date(now.getTime() - 7 * DAY + offset * 14 * DAY);
      return {
        id: uuid(ID_KIND.cycle, t * 10 + i + 1),
        teamId: team.id,
        number: 11 + offset,
        name: offset === 0 && team.key === 'MOB' ? 'Stability push' : null,
        startsAt: iso(startsAt),
        endsAt: iso(new Date(startsAt.getTime() + 14 * DAY)),
      };
    }),
  );
  const workspace: LinearWorkspace = {
    organization: { id: uuid(ID_KIND.org, 1), name: 'Acme', urlKey: LINEAR_WORKSPACE },
    users,
    apiKeys: new Map([
      [DANA_API_KEY, DANA.id],
      [PRIYA_API_KEY, PRIYA.id],
    ]),
    teams,
    states,
    labels,
    cycles,
    issues: [],
    attachments: [],
    lastSyncId: 1000,
    now,
  };
  if (!options.empty) {
    ACME_ISSUES.forEach((seed, index) => addIssue(workspace, seed, new Date(now.getTime() - (60 - index) * DAY)));
    ACME_LINKS.forEach(({ issue, kr }) => addKrAttachment(workspace, issue, kr, PRIYA.id));
    // Unrelated attachments, so reads have to tell ours apart.
    addAttachment(workspace, 'MOB-12', {
      url: 'https://github.com/acme/mobile/pull/812',
      title: 'Fix null pointer in ImageCache',
      subtitle: 'acme/mobile #812',
      metadata: { state: 'open' },
    });
    addAttachment(workspace, 'MOB-10', {
      url: 'https://sentry.acme.example/issues/4411',
      title: 'Sentry: top crashes',
      subtitle: null,
      metadata: {},
    });
  }
  return workspace;
}

// -------------------------------------------------------------------------------------------
// Writers used by the seed, by the mutations and by tests that need more data.

export function findTeam(workspace: LinearWorkspace, key: string): TeamRecord {
  const team = workspace.teams.find((t) => t.key === key.toUpperCase());
  if (!team) throw new Error(`No team ${key} in the fake workspace`);
  return team;
}

export function findIssueByIdentifier(workspace: LinearWorkspace, identifier: string): IssueRecord | undefined {
  const match = /^([A-Za-z0-9]+)-(\d+)$/.exec(identifier.trim());
  if (!match) return undefined;
  const team = workspace.teams.find((t) => t.key === match[1]!.toUpperCase());
  return team ? workspace.issues.find((i) => i.teamId === team.id && i.number === Number(match[2])) : undefined;
}

/** An issue by UUID or by identifier (`MOB-12`, any case), as Linear's `issue(id:)` accepts both. */
export function findIssue(workspace: LinearWorkspace, idOrIdentifier: string): IssueRecord | undefined {
  return workspace.issues.find((i) => i.id === idOrIdentifier) ?? findIssueByIdentifier(workspace, idOrIdentifier);
}

export function identifierOf(workspace: LinearWorkspace, issue: IssueRecord): string {
  const team = workspace.teams.find((t) => t.id === issue.teamId);
  return `${team?.key ?? '???'}-${issue.number}`;
}

export function activeCycle(workspace: LinearWorkspace, teamId: string): CycleRecord | undefined {
  const now = workspace.now.getTime();
  return workspace.cycles.find((c) => c.teamId === teamId && Date.parse(c.startsAt) <= now && now < Date.parse(c.endsAt));
}

export function addIssue(workspace: LinearWorkspace, seed: IssueSeed, createdAt: Date = workspace.now): IssueRecord {
  const team = findTeam(workspace, seed.team);
  const state = workspace.states.find((s) => s.teamId === team.id && s.name === seed.state);
  if (!state) throw new Error(`No state "${seed.state}" in team ${seed.team}`);
  const parent = seed.parent ? findIssueByIdentifier(workspace, seed.parent) : undefined;
  if (seed.parent && !parent) throw new Error(`Seed the parent ${seed.parent} before ${seed.team}-${seed.number}`);
  const assignee = seed.assignee ? workspace.users.find((u) => u.name === seed.assignee) : undefined;
  if (seed.assignee && !assignee) throw new Error(`No user "${seed.assignee}"`);
  const labelIds = (seed.labels ?? []).map((name) => {
    const label = workspace.labels.find((l) => l.name === name);
    if (!label) throw new Error(`No label "${name}"`);
    return label.id;
  });
  if (findIssueByIdentifier(workspace, `${team.key}-${seed.number}`)) throw new Error(`${team.key}-${seed.number} exists`);
  const record: IssueRecord = {
    id: issueUuid(workspace.issues.length + 1),
    teamId: team.id,
    number: seed.number,
    title: seed.title,
    stateId: state.id,
    estimate: seed.estimate ?? null,
    priority: 0,
    parentId: parent?.id ?? null,
    cycleId: seed.inCycle ? (activeCycle(workspace, team.id)?.id ?? null) : null,
    assigneeId: assignee?.id ?? null,
    labelIds,
    createdAt: iso(createdAt),
    updatedAt: iso(new Date(createdAt.getTime() + DAY)),
  };
  workspace.issues.push(record);
  return record;
}

export function addAttachment(
  workspace: LinearWorkspace,
  identifier: string,
  fields: Pick<AttachmentRecord, 'url' | 'title' | 'subtitle' | 'metadata'> & { creatorId?: string },
): AttachmentRecord {
  const issue = findIssue(workspace, identifier);
  if (!issue) throw new Error(`No issue ${identifier}`);
  const at = iso(workspace.now);
  const record: AttachmentRecord = {
    id: newAttachmentId(),
    issueId: issue.id,
    url: fields.url,
    title: fields.title,
    subtitle: fields.subtitle,
    metadata: fields.metadata,
    creatorId: fields.creatorId ?? null,
    createdAt: at,
    updatedAt: at,
  };
  workspace.attachments.push(record);
  return record;
}

/** The attachment KR Lens writes for a link (SPEC "Where data lives"). */
export function addKrAttachment(workspace: LinearWorkspace, identifier: string, kr: SeedKr, creatorId?: string): AttachmentRecord {
  return addAttachment(workspace, identifier, {
    url: kr.url,
    title: `KR: ${kr.title}`,
    subtitle: kr.objectiveTitle,
    metadata: { krLens: `${kr.setId}:${kr.krId}` },
    creatorId,
  });
}

export function slugOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .replace(/-$/, '');
}
