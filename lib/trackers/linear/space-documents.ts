/**
 * The GraphQL documents of Linear team spaces (SPEC "Team spaces"). Like documents.ts, each
 * validates against contracts/linear.schema.graphql (tests/trackers/linear checks them) and
 * avoids nested connections where a page is large: reading a space is one flat connection of
 * attachments, found by their URL prefix.
 */
import { SPACE_LABEL, SPACE_SET_LABEL, SPACE_URL_BASE } from '../../space/record';

/** The team a space lives in, the workspace labels records carry, and who is writing. */
export const SPACE_HOME_QUERY = /* GraphQL */ `
query KrLensSpaceHome($teamKey: String!, $labels: [String!]!) {
  teams(filter: { key: { eq: $teamKey } }, first: 1) { nodes { id key name } }
  issueLabels(filter: { name: { in: $labels } }, first: 50) { nodes { id name team { id } } }
  viewer { id name teams(first: 250) { nodes { id key } } }
}
`;

export const SPACE_LABEL_CREATE = /* GraphQL */ `
mutation KrLensSpaceLabelCreate($input: IssueLabelCreateInput!) {
  issueLabelCreate(input: $input) { success issueLabel { id name } }
}
`;

/** The id is chosen by KR Lens, so a create whose answer was lost can be found again. */
export const SPACE_ISSUE_CREATE = /* GraphQL */ `
mutation KrLensSpaceIssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) { success issue { id identifier title } }
}
`;

export const SPACE_ISSUE_QUERY = /* GraphQL */ `
query KrLensSpaceIssue($id: String!) {
  issue(id: $id) { id identifier title }
}
`;

export const SPACE_ISSUE_UPDATE = /* GraphQL */ `
mutation KrLensSpaceIssueUpdate($id: String!, $input: IssueUpdateInput!) {
  issueUpdate(id: $id, input: $input) { success issue { id title } }
}
`;

/** Linear upserts: the same url on the same issue updates that attachment. */
export const SPACE_ATTACH = /* GraphQL */ `
mutation KrLensSpaceAttach($input: AttachmentCreateInput!) {
  attachmentCreate(input: $input) { success attachment { id url metadata createdAt updatedAt issue { id identifier } } }
}
`;

/** A page of the space's attachments: records and check-ins alike, by URL prefix. */
export const SPACE_ATTACHMENTS_QUERY = /* GraphQL */ `
query KrLensSpaceAttachments($filter: AttachmentFilter!, $first: Int!, $after: String) {
  attachments(filter: $filter, first: $first, after: $after) {
    nodes { id url metadata createdAt updatedAt issue { id identifier title } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

/** Issues labelled kr-lens-set, with their record attachment. */
export const SPACE_DISCOVER_QUERY = /* GraphQL */ `
query KrLensSpaceDiscover($filter: IssueFilter!, $records: AttachmentFilter!, $first: Int!, $after: String) {
  issues(filter: $filter, first: $first, after: $after) {
    nodes { id identifier team { key } attachments(filter: $records, first: 5) { nodes { url metadata } } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

export const SPACE_DOCUMENTS: Readonly<Record<string, string>> = {
  KrLensSpaceHome: SPACE_HOME_QUERY,
  KrLensSpaceLabelCreate: SPACE_LABEL_CREATE,
  KrLensSpaceIssueCreate: SPACE_ISSUE_CREATE,
  KrLensSpaceIssue: SPACE_ISSUE_QUERY,
  KrLensSpaceIssueUpdate: SPACE_ISSUE_UPDATE,
  KrLensSpaceAttach: SPACE_ATTACH,
  KrLensSpaceAttachments: SPACE_ATTACHMENTS_QUERY,
  KrLensSpaceDiscover: SPACE_DISCOVER_QUERY,
};

export const spaceLabels = [SPACE_LABEL, SPACE_SET_LABEL];
export const discoverFilter = { labels: { some: { name: { eq: SPACE_SET_LABEL } } } };
export const recordAttachmentFilter = { url: { startsWith: SPACE_URL_BASE } };
/** Discovery pages are smaller: each issue nests its first attachments. */
export const DISCOVER_PAGE_SIZE = 50;
