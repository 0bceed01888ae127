/**
 * The neutral page data the sandbox pages render. The fake servers' state is mapped into this
 * shape by whoever serves the pages; the renderers know nothing of either tracker's API.
 */
export type StatusCategory = 'todo' | 'in_progress' | 'done' | 'canceled';

export interface SandboxIssue {
  key: string;
  title: string;
  /** The status name as the tracker shows it, e.g. "In Progress". */
  status: string;
  /** epic | story | task | bug | subtask | … (free text; unknown types get a neutral icon). */
  type: string;
  parentKey?: string;
  assignee?: string;
  description?: string;
  /** Colours the status; inferred from the status name when absent. */
  statusCategory?: StatusCategory;
}

export interface PageOptions {
  theme?: 'light' | 'dark';
  /** `no-anchor` renames or removes the header hooks, to exercise the floating fallback. */
  variant?: 'normal' | 'no-anchor';
  /**
   * Every issue the page may navigate to without a reload (parents, children, siblings). The page
   * embeds them; links to issues outside this list make a normal page load.
   */
  issues?: readonly SandboxIssue[];
}

export interface JiraPageOptions extends PageOptions {
  projectName?: string;
  /**
   * How a board shows its selected issue: the side panel (2026-08 markup), the side panel's compact
   * layout (since early 2026), or the older centred modal.
   */
  boardIssueView?: 'modal' | 'panel' | 'compact';
}

export interface JiraBoard {
  id: number;
  name: string;
  projectKey: string;
  /** Status names in column order; statuses of cards not listed get a column of their own. */
  columns?: readonly string[];
  /** Company-managed projects live under `/jira/software/c/projects/…`. */
  companyManaged?: boolean;
}

export interface LinearPageOptions extends PageOptions {
  workspace?: string;
  workspaceName?: string;
  /** The team whose list the list page shows; defaults to the first issue's key prefix. */
  teamKey?: string;
  teamName?: string;
  /** Which team tab the list page is: `/team/KEY/<tab>`. */
  listTab?: 'active' | 'all' | 'backlog';
}

export function inferStatusCategory(issue: Pick<SandboxIssue, 'status' | 'statusCategory'>): StatusCategory {
  if (issue.statusCategory) return issue.statusCategory;
  const name = issue.status.trim().toLowerCase();
  if (/cancel|won't do|wont do|duplicate|rejected|declined/.test(name)) return 'canceled';
  if (/done|closed|resolved|complete|shipped|released/.test(name)) return 'done';
  if (/progress|review|doing|testing|qa|started|develop/.test(name)) return 'in_progress';
  return 'todo';
}

export function projectKeyOf(issueKey: string): string {
  return issueKey.split('-')[0] ?? issueKey;
}

/** The page's own issue first, then the others, each key once. */
export function issueSet(main: readonly SandboxIssue[], others: readonly SandboxIssue[] = []): SandboxIssue[] {
  const seen = new Set<string>();
  const all: SandboxIssue[] = [];
  for (const issue of [...main, ...others]) {
    if (seen.has(issue.key)) continue;
    seen.add(issue.key);
    all.push(issue);
  }
  return all;
}

export function childrenOf(issues: readonly SandboxIssue[], key: string): SandboxIssue[] {
  return issues.filter((issue) => issue.parentKey === key);
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [parts[0]?.[0], parts[0]?.[1]];
  return letters.filter(Boolean).join('').toUpperCase() || '?';
}

/** A stable pleasant colour per person, so avatars look the same on every page. */
export function avatarColour(name: string): string {
  const palette = ['#1868DB', '#6A9A23', '#BF63F3', '#E06C00', '#2898BD', '#C9372C', '#5E6AD2', '#22A06B'];
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length]!;
}
