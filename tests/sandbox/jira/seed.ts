/**
 * The seeded site https://acme.atlassian.net, matching the example OKR set `acme`
 * (public/examples/acme.okr.json): the Platform team (PLAT) serves `kr-plat-p95-checkout`
 * through an epic, the Growth team (GROW) serves `kr-grow-activation` through an epic and a story
 * in another epic, one child of the Platform epic serves the Growth KR instead, and the rest is
 * run work (bugs, on-call) or unaligned work.
 *
 * Field ids here are what *this* site uses; the adapter has to discover them.
 */
import { defaultLinkUrl } from '../../../lib/okr/model';
import { KR_LINK_RELATIONSHIP, krGlobalId, krLinkTitle } from '../../../lib/trackers/tracker';
import { JIRA_LINKS_PROPERTY, linksPropertyValue } from '../../../lib/trackers/jira/map';
import { jiraTimestamp, type FakeIssue, type FakeJiraSeed, type FakeRemoteLink } from './state';

export const ACME_SITE = 'https://acme.atlassian.net';
export const ACME_SET_ID = 'acme';

export const ACME_KRS = {
  platP95: { krId: 'kr-plat-p95-checkout', title: 'p95 checkout latency below 300 ms', objective: 'Checkout feels instant' },
  growActivation: {
    krId: 'kr-grow-activation',
    title: '40% of new sign-ups activate in their first week',
    objective: 'New teams succeed on day one',
  },
} as const;

export const ACME_USERS = {
  dana: {
    accountId: '712020:0f1e2d3c-dana',
    displayName: 'Dana Engineer',
    emailAddress: 'dana@acme.example',
    apiToken: 'dana-api-token',
    sessionToken: 'dana-session',
  },
  priya: {
    accountId: '712020:9a8b7c6d-priya',
    displayName: 'Priya Product',
    emailAddress: 'priya@acme.example',
    apiToken: 'priya-api-token',
    sessionToken: 'priya-session',
  },
  omar: { accountId: '712020:5e4f3a2b-omar', displayName: 'Omar Oncall', emailAddress: 'omar@acme.example' },
  lee: { accountId: '712020:1c2d3e4f-lee', displayName: 'Lee Growth', emailAddress: 'lee@acme.example' },
  // May link issues but not edit them: Jira refuses this user's issue property writes (403).
  reza: {
    accountId: '712020:3b4c5d6e-reza',
    displayName: 'Reza Reviewer',
    emailAddress: 'reza@acme.example',
    apiToken: 'reza-api-token',
    sessionToken: 'reza-session',
    mayEditIssues: false,
  },
} as const;

/** A remote link exactly as KR Lens writes it (SPEC "Where data lives"). */
export function krRemoteLink(id: number, kr: { krId: string; title: string; objective: string }, setId = ACME_SET_ID): FakeRemoteLink {
  return {
    id,
    globalId: krGlobalId({ setId, krId: kr.krId }),
    relationship: KR_LINK_RELATIONSHIP,
    application: { type: 'kr-lens', name: 'KR Lens' },
    object: { url: defaultLinkUrl({ id: setId }, kr.krId), title: krLinkTitle(kr.title), summary: kr.objective },
  };
}

/** Issue properties as KR Lens keeps them beside its remote links. */
export function krLinksProperties(links: FakeRemoteLink[]): Record<string, unknown> {
  const globalIds = links.map((l) => l.globalId).filter((g): g is string => g !== undefined && g.startsWith('kr-lens:'));
  return globalIds.length > 0 ? { [JIRA_LINKS_PROPERTY]: linksPropertyValue(globalIds) } : {};
}

type SeedIssue = Pick<FakeIssue, 'key' | 'type' | 'summary' | 'status'> &
  Partial<Pick<FakeIssue, 'resolution' | 'assignee' | 'labels' | 'parent' | 'storyPoints' | 'sprintIds'>> & {
    links?: Array<(typeof ACME_KRS)[keyof typeof ACME_KRS]>;
  };

const { dana, priya, omar, lee } = ACME_USERS;
const PLAT_SPRINT = 11;
const PLAT_OLD_SPRINT = 10;
const GROW_SPRINT = 21;

const ISSUES: SeedIssue[] = [
  // Platform: the epic serves the checkout KR, so its children are served via the epic.
  {
    key: 'PLAT-1',
    type: 'Epic',
    summary: 'Checkout latency under 300 ms',
    status: 'In Progress',
    assignee: priya.accountId,
    links: [ACME_KRS.platP95],
  },
  {
    key: 'PLAT-2',
    type: 'Story',
    summary: 'Cache price lookups',
    status: 'Done',
    resolution: 'Done',
    parent: 'PLAT-1',
    storyPoints: 5,
    assignee: dana.accountId,
    sprintIds: [PLAT_SPRINT],
  },
  {
    key: 'PLAT-3',
    type: 'Sub-task',
    summary: 'Add a Redis client to the pricing service',
    status: 'Done',
    resolution: 'Done',
    parent: 'PLAT-2',
    assignee: dana.accountId,
    sprintIds: [PLAT_SPRINT],
  },
  {
    key: 'PLAT-4',
    type: 'Sub-task',
    summary: 'Invalidate the cache on price changes',
    status: 'In Progress',
    parent: 'PLAT-2',
    assignee: dana.accountId,
    sprintIds: [PLAT_SPRINT],
  },
  {
    key: 'PLAT-5',
    type: 'Story',
    summary: 'Call payment providers in parallel',
    status: 'In Progress',
    parent: 'PLAT-1',
    storyPoints: 8,
    assignee: dana.accountId,
    sprintIds: [PLAT_SPRINT],
  },
  {
    key: 'PLAT-6',
    type: 'Task',
    summary: 'Profile the checkout service under load',
    status: 'To Do',
    parent: 'PLAT-1',
    storyPoints: 3,
    assignee: omar.accountId,
    sprintIds: [PLAT_SPRINT],
  },
  {
    key: 'PLAT-7',
    type: 'Story',
    summary: 'Move tax calculation to the edge',
    status: 'Done',
    resolution: "Won't Do",
    parent: 'PLAT-1',
    storyPoints: 5,
  },
  {
    key: 'PLAT-8',
    type: 'Story',
    summary: 'Precompute shipping quotes',
    status: 'Rejected',
    resolution: 'Done',
    parent: 'PLAT-1',
    storyPoints: 3,
  },
  // A child that serves a different KR than its epic.
  {
    key: 'PLAT-9',
    type: 'Story',
    summary: 'Trim the checkout payload for first-time buyers',
    status: 'In Progress',
    parent: 'PLAT-1',
    storyPoints: 2,
    assignee: dana.accountId,
    sprintIds: [PLAT_SPRINT],
    links: [ACME_KRS.growActivation],
  },
  // Unaligned: no link anywhere up the chain.
  { key: 'PLAT-10', type: 'Epic', summary: 'Observability overhaul', status: 'To Do', assignee: omar.accountId },
  {
    key: 'PLAT-11',
    type: 'Story',
    summary: 'Structured logging in every service',
    status: 'In Progress',
    parent: 'PLAT-10',
    storyPoints: 3,
    assignee: dana.accountId,
    sprintIds: [PLAT_SPRINT],
  },
  { key: 'PLAT-12', type: 'Task', summary: 'Dashboards for checkout errors', status: 'To Do', parent: 'PLAT-10', sprintIds: [PLAT_SPRINT] },
  // Run work.
  {
    key: 'PLAT-13',
    type: 'Bug',
    summary: 'Checkout returns 500 on an empty cart',
    status: 'In Progress',
    labels: ['bug'],
    assignee: omar.accountId,
    sprintIds: [PLAT_SPRINT],
    storyPoints: 1,
  },
  {
    key: 'PLAT-14',
    type: 'Task',
    summary: 'Rotate the on-call certificates',
    status: 'To Do',
    labels: ['on-call'],
    assignee: omar.accountId,
    sprintIds: [PLAT_SPRINT],
  },
  {
    key: 'PLAT-15',
    type: 'Task',
    summary: 'Upgrade the Node runtime',
    status: 'To Do',
    storyPoints: 2,
    assignee: dana.accountId,
    sprintIds: [PLAT_SPRINT],
  },
  {
    key: 'PLAT-16',
    type: 'Story',
    summary: 'Retry policy for the payment gateway',
    status: 'To Do',
    storyPoints: 3,
    sprintIds: [PLAT_OLD_SPRINT],
  },
  {
    key: 'PLAT-17',
    type: 'Sub-task',
    summary: 'Timeouts per payment provider',
    status: 'To Do',
    parent: 'PLAT-5',
    sprintIds: [PLAT_SPRINT],
  },
  {
    key: 'PLAT-18',
    type: 'Story',
    summary: 'Tune the database connection pool',
    status: 'Done',
    resolution: 'Done',
    parent: 'PLAT-1',
    storyPoints: 3,
    sprintIds: [PLAT_OLD_SPRINT, PLAT_SPRINT],
  },

  // Growth: an unlinked epic with one story linked directly to the activation KR.
  { key: 'GROW-1', type: 'Epic', summary: 'Onboarding revamp', status: 'In Progress', assignee: lee.accountId },
  {
    key: 'GROW-2',
    type: 'Story',
    summary: 'Welcome checklist for new workspaces',
    status: 'In Progress',
    parent: 'GROW-1',
    storyPoints: 5,
    assignee: lee.accountId,
    sprintIds: [GROW_SPRINT],
    links: [ACME_KRS.growActivation],
  },
  {
    key: 'GROW-3',
    type: 'Sub-task',
    summary: 'Checklist API',
    status: 'Done',
    resolution: 'Done',
    parent: 'GROW-2',
    assignee: lee.accountId,
    sprintIds: [GROW_SPRINT],
  },
  {
    key: 'GROW-4',
    type: 'Sub-task',
    summary: 'Checklist UI',
    status: 'In Progress',
    parent: 'GROW-2',
    assignee: dana.accountId,
    sprintIds: [GROW_SPRINT],
  },
  {
    key: 'GROW-5',
    type: 'Story',
    summary: 'Guided tooltip tour',
    status: 'To Do',
    parent: 'GROW-1',
    storyPoints: 3,
    sprintIds: [GROW_SPRINT],
  },
  // An epic that serves the activation KR.
  {
    key: 'GROW-6',
    type: 'Epic',
    summary: 'Activation emails',
    status: 'In Progress',
    assignee: priya.accountId,
    links: [ACME_KRS.growActivation],
  },
  {
    key: 'GROW-7',
    type: 'Story',
    summary: 'Day-1 welcome email',
    status: 'Done',
    resolution: 'Done',
    parent: 'GROW-6',
    storyPoints: 2,
    assignee: lee.accountId,
  },
  {
    key: 'GROW-8',
    type: 'Story',
    summary: 'Day-3 tips email',
    status: 'In Review',
    parent: 'GROW-6',
    storyPoints: 3,
    assignee: lee.accountId,
    sprintIds: [GROW_SPRINT],
  },
  { key: 'GROW-9', type: 'Task', summary: 'Set up the email A/B test', status: 'To Do', parent: 'GROW-6', sprintIds: [GROW_SPRINT] },
  { key: 'GROW-10', type: 'Story', summary: 'SMS nudges', status: 'Done', resolution: "Won't Do", parent: 'GROW-6', storyPoints: 5 },
  // Run work and unaligned work.
  {
    key: 'GROW-11',
    type: 'Bug',
    summary: 'Sign-up form submits twice',
    status: 'In Progress',
    labels: ['bug'],
    assignee: dana.accountId,
    sprintIds: [GROW_SPRINT],
    storyPoints: 1,
  },
  {
    key: 'GROW-12',
    type: 'Task',
    summary: 'Clean up analytics events',
    status: 'To Do',
    storyPoints: 1,
    assignee: dana.accountId,
    sprintIds: [GROW_SPRINT],
  },
  {
    key: 'GROW-13',
    type: 'Story',
    summary: 'Referral program spike',
    status: 'To Do',
    storyPoints: 5,
    assignee: lee.accountId,
    sprintIds: [GROW_SPRINT],
  },
  {
    key: 'GROW-14',
    type: 'Task',
    summary: 'Pager rotation handover',
    status: 'Done',
    resolution: 'Done',
    labels: ['on-call'],
    assignee: lee.accountId,
    sprintIds: [GROW_SPRINT],
  },
  { key: 'GROW-15', type: 'Story', summary: 'Pricing page copy', status: 'To Do', storyPoints: 2 },
  { key: 'GROW-16', type: 'Epic', summary: 'Self-serve upgrade', status: 'To Do', assignee: priya.accountId },
  {
    key: 'GROW-17',
    type: 'Story',
    summary: 'Upgrade modal',
    status: 'In Progress',
    parent: 'GROW-16',
    storyPoints: 3,
    assignee: lee.accountId,
    sprintIds: [GROW_SPRINT],
  },
];

/** A fresh copy of the acme site; timestamps are relative to `now` so "recently updated" queries find the work. */
export function acmeSeed(now: Date = new Date()): FakeJiraSeed {
  let linkId = 10000;
  const issues: FakeIssue[] = ISSUES.map((seed, index) => {
    const remoteLinks = (seed.links ?? []).map((kr) => krRemoteLink(linkId++, kr));
    const updated = jiraTimestamp(new Date(now.getTime() - (index + 1) * 3_600_000));
    return {
      id: String(10001 + index),
      key: seed.key,
      projectKey: seed.key.split('-')[0]!,
      type: seed.type,
      summary: seed.summary,
      status: seed.status,
      resolution: seed.resolution,
      assignee: seed.assignee,
      labels: seed.labels ?? [],
      parent: seed.parent,
      storyPoints: seed.storyPoints,
      sprintIds: seed.sprintIds ?? [],
      created: jiraTimestamp(new Date(now.getTime() - 30 * 86_400_000 + index * 60_000)),
      updated,
      remoteLinks,
      properties: krLinksProperties(remoteLinks),
    };
  });
  const sprintDates = (offsetDays: number) => ({
    startDate: new Date(now.getTime() + offsetDays * 86_400_000).toISOString(),
    endDate: new Date(now.getTime() + (offsetDays + 14) * 86_400_000).toISOString(),
  });
  return {
    users: Object.values(ACME_USERS).map((u) => ({ ...u })),
    projects: [
      { id: '10000', key: 'PLAT', name: 'Platform' },
      { id: '10001', key: 'GROW', name: 'Growth' },
    ],
    issueTypes: [
      { id: '10000', name: 'Epic', hierarchyLevel: 1, subtask: false },
      { id: '10001', name: 'Story', hierarchyLevel: 0, subtask: false },
      { id: '10002', name: 'Task', hierarchyLevel: 0, subtask: false },
      { id: '10003', name: 'Bug', hierarchyLevel: 0, subtask: false },
      { id: '10004', name: 'Sub-task', hierarchyLevel: -1, subtask: true },
    ],
    statuses: [
      { id: '10000', name: 'To Do', category: 'new' },
      { id: '3', name: 'In Progress', category: 'indeterminate' },
      { id: '10002', name: 'In Review', category: 'indeterminate' },
      { id: '10001', name: 'Done', category: 'done' },
      { id: '10003', name: 'Rejected', category: 'done' },
    ],
    issues,
    boards: [
      { id: 1, name: 'PLAT board', projectKey: 'PLAT', type: 'scrum' },
      { id: 2, name: 'GROW board', projectKey: 'GROW', type: 'scrum' },
    ],
    sprints: [
      { id: PLAT_OLD_SPRINT, name: 'PLAT Sprint 13', state: 'closed', boardId: 1, ...sprintDates(-15) },
      { id: PLAT_SPRINT, name: 'PLAT Sprint 14', state: 'active', boardId: 1, goal: 'Cut checkout p95', ...sprintDates(-3) },
      { id: GROW_SPRINT, name: 'GROW Sprint 7', state: 'active', boardId: 2, goal: 'Ship the welcome checklist', ...sprintDates(-5) },
    ],
    filters: [{ id: '10100', name: 'Platform bugs', jql: 'project = PLAT AND issuetype = Bug' }],
    fieldIds: { storyPoints: 'customfield_10016', sprint: 'customfield_10020' },
    storyPointsFieldName: 'Story point estimate',
  };
}
