/**
 * The naive strategy the request counts are compared with: find the keys with the cheapest
 * search the API has (ids only), then read every issue on its own — one request per issue (in
 * Jira two: the issue, then its remote links, which an issue read does not carry), plus (in Jira,
 * where an issue read does not list children) one child search per issue that may have children. It sends real, contract-valid requests to the same fakes, so its count is measured,
 * not estimated.
 */
import type { FakeJiraState } from '../../tests/sandbox/jira/state';

export interface NaiveIssue {
  key: string;
  parent?: string;
  /** Keys of children when the read returns them (Linear); undefined when a search is needed (Jira). */
  children?: string[];
  mayHaveChildren: boolean;
  krIds: string[];
}

/** The reads a naive client has; the walks below are the same for both trackers. */
export interface NaiveClient {
  issue(key: string): Promise<NaiveIssue | null>;
  childrenOf(key: string): Promise<string[]>;
  linkedKeys(krIds: readonly string[]): Promise<string[]>;
}

/** Every issue below `keys` (and `keys` themselves), each read on its own. */
export async function naiveSubtree(client: NaiveClient, keys: readonly string[], seen = new Set<string>()): Promise<NaiveIssue[]> {
  const found: NaiveIssue[] = [];
  let level = keys.filter((key) => !seen.has(key));
  while (level.length > 0) {
    const next: string[] = [];
    for (const key of level) {
      seen.add(key);
      const issue = await client.issue(key);
      if (!issue) continue;
      found.push(issue);
      const children = issue.children ?? (issue.mayHaveChildren ? await client.childrenOf(key) : []);
      next.push(...children.filter((child) => !seen.has(child)));
    }
    level = [...new Set(next)];
  }
  return found;
}

/** One issue page the naive way: the issue, each ancestor, the linked work of its KRs, its descendants. */
export async function naivePage(client: NaiveClient, key: string, issueKrIds: ReadonlySet<string>): Promise<void> {
  const issue = await client.issue(key);
  if (!issue) return;
  const chain: NaiveIssue[] = [issue];
  for (let parent = issue.parent; parent !== undefined; ) {
    const next = await client.issue(parent);
    if (!next) break;
    chain.push(next);
    parent = next.parent;
  }
  const served = [...new Set(chain.flatMap((i) => i.krIds))].filter((kr) => issueKrIds.has(kr));
  if (served.length > 0) await naiveSubtree(client, await client.linkedKeys(served));
  const children = issue.children ?? (issue.mayHaveChildren ? await client.childrenOf(key) : []);
  await naiveSubtree(client, children);
}

/** A scope: its keys from an ids-only search, then every issue and every ancestor read alone. */
export async function naiveScope(client: NaiveClient, scopeKeys: () => Promise<string[]>): Promise<number> {
  const seen = new Set<string>();
  let level = await scopeKeys();
  let read = 0;
  while (level.length > 0) {
    const parents: string[] = [];
    for (const key of level) {
      seen.add(key);
      const issue = await client.issue(key);
      read++;
      if (issue?.parent !== undefined) parents.push(issue.parent);
    }
    level = [...new Set(parents)].filter((key) => !seen.has(key));
  }
  return read;
}

// ---- Jira -------------------------------------------------------------------------------------

const IDS_ONLY_PAGE = 5000;
const jqlString = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function naiveJiraClient(options: {
  site: string;
  sessionCookie: string;
  state: () => FakeJiraState;
}): NaiveClient & { keys(jql: string): Promise<string[]> } {
  // A cookie-authenticated POST (the search) needs Jira's XSRF opt-out, as the adapter sends it.
  const headers = {
    cookie: options.sessionCookie,
    accept: 'application/json',
    'content-type': 'application/json',
    'x-atlassian-token': 'no-check',
  };
  const subtaskTypes = () =>
    new Set(
      options
        .state()
        .issueTypes.filter((t) => t.subtask)
        .map((t) => t.name),
    );

  async function keys(jql: string): Promise<string[]> {
    const found: string[] = [];
    let nextPageToken: string | undefined;
    do {
      const response = await fetch(`${options.site}/rest/api/3/search/jql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ jql, fields: ['key'], maxResults: IDS_ONLY_PAGE, ...(nextPageToken ? { nextPageToken } : {}) }),
      });
      const page = (await response.json()) as { issues?: Array<{ key: string }>; nextPageToken?: string };
      found.push(...(page.issues ?? []).map((issue) => issue.key));
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
    return found;
  }

  return {
    keys,
    // The issue, then its remote links: the links, not a mirror of them, say which KRs it serves.
    async issue(key) {
      const url = `${options.site}/rest/api/3/issue/${encodeURIComponent(key)}?fields=summary,status,issuetype,parent`;
      const response = await fetch(url, { headers });
      if (!response.ok) return null;
      const raw = (await response.json()) as { key: string; fields: { parent?: { key: string }; issuetype: { name: string } } };
      const links = await fetch(`${options.site}/rest/api/3/issue/${encodeURIComponent(key)}/remotelink`, { headers });
      const globalIds = links.ok
        ? ((await links.json()) as Array<{ globalId?: string }>).flatMap((link) =>
            link.globalId?.startsWith('kr-lens:') ? [link.globalId] : [],
          )
        : [];
      return {
        key: raw.key,
        ...(raw.fields.parent ? { parent: raw.fields.parent.key } : {}),
        mayHaveChildren: !subtaskTypes().has(raw.fields.issuetype.name),
        krIds: globalIds.map((id) => id.replace(/^kr-lens:/, '')),
      };
    },
    childrenOf: (key) => keys(`parent = ${jqlString(key)} ORDER BY key ASC`),
    linkedKeys: (krIds) =>
      keys(`issue in issuesWithRemoteLinksByGlobalId(${krIds.map((id) => jqlString(`kr-lens:${id}`)).join(', ')}) ORDER BY key ASC`),
  };
}

// ---- Linear -----------------------------------------------------------------------------------

const NAIVE_ISSUE = /* GraphQL */ `
query NaiveIssue($id: String!) {
  issue(id: $id) {
    identifier
    parent { identifier }
    children(first: 250) { nodes { identifier } }
    attachments(first: 10) { nodes { metadata } }
  }
}`;

const NAIVE_KEYS = /* GraphQL */ `
query NaiveKeys($filter: IssueFilter!, $after: String) {
  issues(filter: $filter, first: 250, after: $after) {
    nodes { identifier }
    pageInfo { hasNextPage endCursor }
  }
}`;

export function naiveLinearClient(options: {
  apiUrl: string;
  apiKey: string;
  urlOfKr: (krId: string) => string;
}): NaiveClient & { keys(filter: Record<string, unknown>): Promise<string[]> } {
  async function graphql(query: string, variables: Record<string, unknown>): Promise<Record<string, unknown> | null> {
    const response = await fetch(options.apiUrl, {
      method: 'POST',
      headers: { authorization: options.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown> | null };
    return body.data ?? null;
  }

  async function keys(filter: Record<string, unknown>): Promise<string[]> {
    const found: string[] = [];
    let after: string | undefined;
    for (;;) {
      const data = await graphql(NAIVE_KEYS, { filter, ...(after ? { after } : {}) });
      const issues = data?.issues as
        | { nodes: Array<{ identifier: string }>; pageInfo: { hasNextPage: boolean; endCursor?: string | null } }
        | undefined;
      if (!issues) return found;
      found.push(...issues.nodes.map((node) => node.identifier));
      if (!issues.pageInfo.hasNextPage || !issues.pageInfo.endCursor) return found;
      after = issues.pageInfo.endCursor;
    }
  }

  return {
    keys,
    async issue(key) {
      const data = await graphql(NAIVE_ISSUE, { id: key });
      const issue = data?.issue as
        | {
            identifier: string;
            parent: { identifier: string } | null;
            children: { nodes: Array<{ identifier: string }> };
            attachments: { nodes: Array<{ metadata: Record<string, unknown> }> };
          }
        | null
        | undefined;
      if (!issue) return null;
      const children = issue.children.nodes.map((node) => node.identifier);
      return {
        key: issue.identifier,
        ...(issue.parent ? { parent: issue.parent.identifier } : {}),
        children,
        mayHaveChildren: children.length > 0,
        krIds: issue.attachments.nodes.flatMap((node) => (typeof node.metadata.krLens === 'string' ? [node.metadata.krLens] : [])),
      };
    },
    childrenOf: async () => [],
    linkedKeys: (krIds) => keys({ attachments: { some: { url: { in: krIds.map((id) => options.urlOfKr(id)) } } } }),
  };
}
