/**
 * Parts of an issue tree the caller read moments ago (`LinkedReadOptions.knownBelow`): an issue
 * page's family read already brought everything below the page's issue, so a linked tree that
 * reaches into it need not ask for those levels again. Each list is complete below its root, so
 * any issue inside it has its whole subtree there too.
 */
import type { IssueSnapshot } from '../../okr/model';
import type { RawIssue } from './map';

export interface KnownSubtrees {
  /** Whether everything below this issue is known; when it is, that subtree is taken. */
  has(issue: Pick<RawIssue, 'identifier'>): boolean;
  /** The subtrees taken so far. */
  taken(): IssueSnapshot[];
}

export function knownSubtrees(below: ReadonlyMap<string, readonly IssueSnapshot[]> = new Map()): KnownSubtrees {
  const taken: IssueSnapshot[] = [];
  const subtreeOf = (key: string): IssueSnapshot[] | null => {
    for (const [root, descendants] of below) {
      if (root.toUpperCase() === key) return [...descendants];
      if (descendants.some((issue) => issue.ref.key.toUpperCase() === key)) return subtreeWithin(key, descendants);
    }
    return null;
  };
  return {
    has(issue) {
      const subtree = subtreeOf(issue.identifier.toUpperCase());
      if (subtree) taken.push(...subtree);
      return subtree !== null;
    },
    taken: () => [...taken],
  };
}

/** Everything below `key` among `issues`, by their parent keys. */
function subtreeWithin(key: string, issues: readonly IssueSnapshot[]): IssueSnapshot[] {
  const found: IssueSnapshot[] = [];
  const seen = new Set([key]);
  for (let parents = [key]; parents.length > 0; ) {
    const level = issues.filter((issue) => issue.parent !== undefined && parents.includes(issue.parent.toUpperCase()));
    parents = [];
    for (const issue of level) {
      const own = issue.ref.key.toUpperCase();
      if (seen.has(own)) continue;
      seen.add(own);
      found.push(issue);
      parents.push(own);
    }
  }
  return found;
}

/** `issues` and then each known issue not among them. */
export function withKnown(issues: IssueSnapshot[], known: readonly IssueSnapshot[]): IssueSnapshot[] {
  const keys = new Set(issues.map((issue) => issue.ref.key.toUpperCase()));
  for (const issue of known) {
    const key = issue.ref.key.toUpperCase();
    if (keys.has(key)) continue;
    keys.add(key);
    issues.push(issue);
  }
  return issues;
}
