/**
 * The GraphQL documents KR Lens sends to Linear. Our own documents rather than the SDK's lazy
 * models: one request returns an issue with its state, team, cycle, labels, parent chain and KR
 * attachments, where the models would need a round trip per relation.
 *
 * Every document validates against Linear's published schema (tests/trackers/linear checks them
 * all against shared/contracts/linear.schema.graphql) and stays under Linear's documented ceiling
 * of 10,000 complexity points per query: a page of 250 issues with this fragment is estimated at
 * about 8,700 points, which is why labels and attachments are capped at 10 per issue.
 */

/** Linear's largest page. */
export const MAX_PAGE_SIZE = 250;
/** How many levels of sub-issues one request asks for (parent → … three levels down). */
export const DESCENDANT_LEVELS = 3;
/** How many ancestors one request reads through the nested `parent` field. */
export const ANCESTOR_LEVELS = 3;
/** At most this many values in one `in` comparator, so a request stays a reasonable size. */
export const MAX_FILTER_VALUES = 100;

/**
 * What KR Lens reads of an issue. `$krAttachments` narrows the attachments to KR links (ours are
 * titled "KR: …"), so an issue with many GitHub or Slack attachments cannot push them off the page.
 */
export const ISSUE_FRAGMENT = /* GraphQL */ `
fragment KrLensIssue on Issue {
  id
  identifier
  title
  url
  updatedAt
  estimate
  state { name type }
  team { key name }
  cycle { id number name }
  assignee { id name }
  parent { id identifier }
  labels(first: 10) { nodes { name } }
  attachments(first: 10, filter: $krAttachments) { nodes { url metadata } }
  children(first: 1) { nodes { id } }
}`;

const withFragment = (operation: string) => `${operation.trim()}\n${ISSUE_FRAGMENT.trim()}\n`;

export const VIEWER_QUERY = /* GraphQL */ `
query KrLensViewer {
  viewer { id name email organization { urlKey name } }
}
`;

/**
 * An issue, three ancestors deep, and in the same request up to three levels of its
 * descendants (the filter matches the issue as parent, grandparent or great-grandparent).
 */
export const ISSUE_FAMILY_QUERY = withFragment(/* GraphQL */ `
query KrLensIssueFamily($id: String!, $descendants: IssueFilter!, $first: Int!, $krAttachments: AttachmentFilter) {
  issue(id: $id) {
    ...KrLensIssue
    parent { ...KrLensIssue parent { ...KrLensIssue parent { ...KrLensIssue } } }
  }
  descendants: issues(filter: $descendants, first: $first) {
    nodes { ...KrLensIssue }
    pageInfo { hasNextPage endCursor }
  }
}`);

/** Continues an ancestor chain deeper than the family query reached. */
export const ANCESTORS_QUERY = withFragment(/* GraphQL */ `
query KrLensAncestors($id: String!, $krAttachments: AttachmentFilter) {
  issue(id: $id) {
    ...KrLensIssue
    parent { ...KrLensIssue parent { ...KrLensIssue parent { ...KrLensIssue } } }
  }
}`);

/**
 * One page of issues matching a filter. The same body under several operation names, so request
 * logs (and the fake's request counts) say what each page was for.
 */
const issuePage = (operationName: string) =>
  withFragment(/* GraphQL */ `
query ${operationName}($filter: IssueFilter!, $first: Int!, $after: String, $krAttachments: AttachmentFilter) {
  issues(filter: $filter, first: $first, after: $after) {
    nodes { ...KrLensIssue }
    pageInfo { hasNextPage endCursor }
  }
}`);

export const ISSUES_BY_KEY_QUERY = issuePage('KrLensIssuesByKey');
export const ISSUES_BY_ID_QUERY = issuePage('KrLensIssuesById');
export const DESCENDANTS_QUERY = issuePage('KrLensDescendants');
export const LINKED_ISSUES_QUERY = issuePage('KrLensLinkedIssues');
export const SCOPE_QUERY = issuePage('KrLensScope');

/**
 * The issues linked to some KRs and, in the same request, up to three levels of their sub-issues
 * (`$descendants` matches an issue whose parent, grandparent or great-grandparent carries one of
 * the KRs' links). Two pages of issues in one query: each is asked for at half a page
 * (LINKED_WITH_DESCENDANTS_PAGE), so the query costs what one full page costs.
 */
export const LINKED_WITH_DESCENDANTS_QUERY = withFragment(/* GraphQL */ `
query KrLensLinkedWithDescendants($filter: IssueFilter!, $descendants: IssueFilter!, $first: Int!, $krAttachments: AttachmentFilter) {
  issues(filter: $filter, first: $first) {
    nodes { ...KrLensIssue }
    pageInfo { hasNextPage endCursor }
  }
  descendants: issues(filter: $descendants, first: $first) {
    nodes { ...KrLensIssue }
    pageInfo { hasNextPage endCursor }
  }
}`);

/** The page size `LINKED_WITH_DESCENDANTS_QUERY` is sent with, out of a page size the adapter allows. */
export const linkedWithDescendantsPage = (pageSize: number) => Math.max(1, Math.floor(pageSize / 2));

/**
 * The largest `first` the adapter sends with each document (a full page unless listed): what the
 * complexity check uses.
 */
export const LARGEST_PAGE: Readonly<Record<string, number>> = {
  KrLensLinkedWithDescendants: linkedWithDescendantsPage(MAX_PAGE_SIZE),
};

/** The issue's attachments carrying one URL: what unlink deletes. */
export const ISSUE_ATTACHMENTS_QUERY = /* GraphQL */ `
query KrLensIssueAttachments($id: String!, $url: String!) {
  issue(id: $id) {
    id
    attachments(first: 50, filter: { url: { eq: $url } }) { nodes { id url } }
  }
}
`;

/** Linear upserts: the same url on the same issue updates the attachment instead of adding one. */
export const LINK_MUTATION = /* GraphQL */ `
mutation KrLensLink($input: AttachmentCreateInput!) {
  attachmentCreate(input: $input) {
    success
    attachment { id url }
  }
}
`;

export const UNLINK_MUTATION = /* GraphQL */ `
mutation KrLensUnlink($id: String!) {
  attachmentDelete(id: $id) { success }
}
`;

/** Every document, by operation name: what the contract test validates. */
export const LINEAR_DOCUMENTS: Readonly<Record<string, string>> = {
  KrLensViewer: VIEWER_QUERY,
  KrLensIssueFamily: ISSUE_FAMILY_QUERY,
  KrLensAncestors: ANCESTORS_QUERY,
  KrLensIssuesByKey: ISSUES_BY_KEY_QUERY,
  KrLensIssuesById: ISSUES_BY_ID_QUERY,
  KrLensDescendants: DESCENDANTS_QUERY,
  KrLensLinkedIssues: LINKED_ISSUES_QUERY,
  KrLensLinkedWithDescendants: LINKED_WITH_DESCENDANTS_QUERY,
  KrLensScope: SCOPE_QUERY,
  KrLensIssueAttachments: ISSUE_ATTACHMENTS_QUERY,
  KrLensLink: LINK_MUTATION,
  KrLensUnlink: UNLINK_MUTATION,
};

// ---------------------------------------------------------------------------------------------
// Filter builders (plain JSON variables; Linear's IssueFilter / AttachmentFilter input types).

export type IssueFilter = Record<string, unknown>;

/** KR links are the attachments KR Lens titles "KR: …"; a search by URL also takes hand-made ones. */
export function krAttachmentFilter(urls: readonly string[] = []): Record<string, unknown> {
  const byTitle = { title: { startsWith: 'KR: ' } };
  return urls.length === 0 ? byTitle : { or: [byTitle, { url: { in: [...urls] } }] };
}

/** Matches issues whose parent, grandparent … (up to `levels`) matches `ancestor`. */
export function descendantsFilter(ancestor: IssueFilter, levels = DESCENDANT_LEVELS): IssueFilter {
  const alternatives: IssueFilter[] = [];
  let parent: IssueFilter = ancestor;
  for (let level = 1; level <= levels; level++) {
    alternatives.push({ parent });
    parent = { parent };
  }
  return { or: alternatives };
}

export const byIds = (ids: readonly string[]): IssueFilter => ({ id: { in: [...ids] } });

/** `MOB-12` → team key MOB, number 12: Linear's identifier is not accepted by the `id` comparator. */
export function byIdentifier(teamKey: string, number: number): IssueFilter {
  return { team: { key: { eq: teamKey } }, number: { eq: number } };
}

export function byIdentifiers(numbersByTeam: ReadonlyMap<string, readonly number[]>): IssueFilter {
  const perTeam = [...numbersByTeam].map(([teamKey, numbers]) => ({
    team: { key: { eq: teamKey } },
    number: { in: [...numbers] },
  }));
  return perTeam.length === 1 ? perTeam[0]! : { or: perTeam };
}

export const byAttachmentUrls = (urls: readonly string[]): IssueFilter => ({
  attachments: { some: { url: { in: [...urls] } } },
});

/** The active cycles of these teams. */
export const activeCyclesOf = (teamKeys: readonly string[]): IssueFilter => ({
  team: { key: { in: [...teamKeys] } },
  cycle: { isActive: { eq: true } },
});

/** The viewer's open work: done, canceled and duplicate states left out. */
export const openAssignedToMe = (): IssueFilter => ({
  assignee: { isMe: { eq: true } },
  state: { type: { nin: ['completed', 'canceled', 'duplicate'] } },
});
