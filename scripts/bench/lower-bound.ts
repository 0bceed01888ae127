/**
 * The fewest requests any client could send for a piece of work, given the tracker's own limits
 * (page sizes, ids per search, how far one request can reach up and down the issue tree) and the
 * data actually in the tracker. KR Lens's request counts are compared with these.
 *
 * The model is an ideal client with a perfect memory of everything it has been sent (within the
 * freshness window): it never reads an issue twice, never asks for the children of an issue whose
 * children it already has, and reads a KR's linked work once. It may not guess: a level of the
 * tree it has not seen costs a request even when that level turns out to be empty, and the KRs an
 * issue serves are what its links say (SPEC "The links are the truth"), not what a mirror says.
 */
import { chunk } from '../../lib/util/chunk';

export interface ApiLimits {
  /** Issues per page with the fields the overlay needs. */
  pageSize: number;
  /** Issues per read-by-key request (Jira's bulk fetch takes 100). */
  keysPerRead: number;
  /** KR links (Jira globalIds, Linear URLs) one search may name. */
  linksPerSearch: number;
  /** Levels of sub-issues one request reaches (Jira `parent in (…)`: 1; Linear's nested `parent` filter: 3). */
  descendantLevelsPerRequest: number;
  /** Levels of ancestors one issue read brings along (Jira: 0, only the parent's key; Linear: 3, nested `parent`). */
  ancestorLevelsPerRead: number;
  /** One issue read also returns `descendantLevelsPerRequest` levels below it (Linear: a second root field). */
  issueReadBringsDescendants: boolean;
  /** Requests a fresh client makes once before any other (Jira: the field list, to find the story-point field). */
  setupRequests: number;
  /** An issue read brings the issue's KR links (Linear's attachments do; Jira's remote links do not). */
  linksComeWithIssues: boolean;
}

/**
 * Jira Cloud: `search/jql` pages hold 100 issues when fields are asked, `issuesWithRemoteLinksByGlobalId`
 * takes 100 ids, the bulk fetch 100 keys; JQL reaches one level of children (`parent in (…)`).
 */
export const JIRA_LIMITS: ApiLimits = {
  pageSize: 100,
  keysPerRead: 100,
  linksPerSearch: 100,
  descendantLevelsPerRequest: 1,
  ancestorLevelsPerRead: 0,
  issueReadBringsDescendants: false,
  setupRequests: 1,
  linksComeWithIssues: false,
};

/**
 * Linear: 250 issues a page; filters nest through `parent`, selections too, but Linear's 10,000
 * complexity points allow three nested levels with the overlay's fields on a full page.
 */
export const LINEAR_LIMITS: ApiLimits = {
  pageSize: 250,
  keysPerRead: 250,
  linksPerSearch: 100,
  descendantLevelsPerRequest: 3,
  ancestorLevelsPerRead: 3,
  issueReadBringsDescendants: true,
  setupRequests: 0,
  linksComeWithIssues: true,
};

export interface TruthIssue {
  key: string;
  parent?: string;
  /** Whether a client must look for children: Jira decides by issue type (sub-tasks have none), Linear is told. */
  mayHaveChildren: boolean;
  /** `setId:krId` of every KR link on the issue. */
  krIds: string[];
}

/** The tracker's data as the lower bound sees it. */
export interface Truth {
  issues: ReadonlyMap<string, TruthIssue>;
  children: ReadonlyMap<string, readonly string[]>;
}

export function truthOf(issues: Iterable<TruthIssue>): Truth {
  const byKey = new Map<string, TruthIssue>();
  const children = new Map<string, string[]>();
  for (const issue of issues) byKey.set(issue.key, issue);
  for (const issue of byKey.values()) {
    if (issue.parent === undefined || !byKey.has(issue.parent)) continue;
    children.set(issue.parent, [...(children.get(issue.parent) ?? []), issue.key]);
  }
  return { issues: byKey, children };
}

/** What the ideal client has been sent so far. */
export interface Knowledge {
  setupDone: boolean;
  known: Set<string>;
  /** Issues whose complete list of children the client holds. */
  childrenComplete: Set<string>;
  /** KRs whose complete linked set the client holds. */
  linkedKnown: Set<string>;
  /** Whether the client has paid for learning which KRs issues serve (see linkRequests). */
  linksLearned: boolean;
  /** KRs whose linked issues (not their descendants) a link index brought (see indexRequests). */
  indexedKrs: Set<string>;
}

export const emptyKnowledge = (): Knowledge => ({
  setupDone: false,
  known: new Set(),
  childrenComplete: new Set(),
  linkedKnown: new Set(),
  linksLearned: false,
  indexedKrs: new Set(),
});

const pages = (items: number, pageSize: number) => Math.max(1, Math.ceil(items / pageSize));

function setup(limits: ApiLimits, knowledge: Knowledge): number {
  if (knowledge.setupDone) return 0;
  knowledge.setupDone = true;
  return limits.setupRequests;
}

/**
 * Issues within `levels` below `roots`: every level's issues, nearest first. The last level is
 * where the next round starts.
 */
function levelsBelow(truth: Truth, roots: readonly string[], levels: number): string[][] {
  const result: string[][] = [];
  let frontier: readonly string[] = roots;
  for (let level = 0; level < levels && frontier.length > 0; level++) {
    const next = frontier.flatMap((key) => truth.children.get(key) ?? []);
    result.push(next);
    frontier = next;
  }
  return result;
}

/**
 * Requests to learn everything below `roots`, `descendantLevelsPerRequest` levels a round, a page
 * per `pageSize` issues found (at least one: an empty answer still costs its request). With
 * `firstRoundPaid` the first round came with another request (a Linear issue or linked-set read).
 */
export function descendantRequests(
  truth: Truth,
  limits: ApiLimits,
  roots: readonly string[],
  knowledge: Knowledge,
  firstRoundPaid = false,
): number {
  const needsChildren = (key: string) => (truth.issues.get(key)?.mayHaveChildren ?? false) && !knowledge.childrenComplete.has(key);
  let requests = 0;
  let frontier = roots.filter(needsChildren);
  for (let round = 0; frontier.length > 0; round++) {
    const levels = levelsBelow(truth, frontier, limits.descendantLevelsPerRequest);
    const found = levels.flat();
    if (!(round === 0 && firstRoundPaid)) requests += pages(found.length, limits.pageSize);
    found.forEach((key) => knowledge.known.add(key));
    frontier.forEach((key) => knowledge.childrenComplete.add(key));
    // Every level but the deepest came with its children; the tree ended early when fewer levels came back.
    const treeEnded = levels.length < limits.descendantLevelsPerRequest || levels[levels.length - 1]!.length === 0;
    const withChildren = treeEnded ? levels : levels.slice(0, -1);
    withChildren.flat().forEach((key) => knowledge.childrenComplete.add(key));
    frontier = treeEnded ? [] : levels[levels.length - 1]!.filter(needsChildren);
  }
  return requests;
}

/**
 * Learning which KRs issues serve. Jira's reads bring no remote links (the `kr-lens-links` mirror
 * they bring may be missing or stale), so a client needs at least one search for them: a search
 * for every issue linked to the set's KRs answers for the whole site at once. The bound counts
 * that one search, the first time a run needs to know, and assumes it also told the KRs apart
 * (with several KRs that may take a second search: the bound stays below what is reachable).
 */
export function linkRequests(limits: ApiLimits, keys: readonly string[], knowledge: Knowledge): number {
  if (limits.linksComeWithIssues || knowledge.linksLearned || keys.length === 0) return 0;
  knowledge.linksLearned = true;
  return 1;
}

/**
 * Learning which KRs issues serve with a link index instead: one search for every issue linked to
 * any KR of the universe (the active set's), its pages with the fields the overlay needs, so the
 * linked issues themselves are known too; and with several KRs one request more to tell them
 * apart (a search answers "linked to one of them", not to which, and the mirrors it brings are
 * guesses; no single request says more). Counted the first time a run needs to know.
 */
export function indexRequests(truth: Truth, limits: ApiLimits, universe: readonly string[], knowledge: Knowledge): number {
  if (limits.linksComeWithIssues || knowledge.linksLearned) return 0;
  knowledge.linksLearned = true;
  const inUniverse = new Set(universe);
  const linked = [...truth.issues.values()].filter((issue) => issue.krIds.some((kr) => inUniverse.has(kr)));
  for (const issue of linked) knowledge.known.add(issue.key);
  for (const kr of universe) knowledge.indexedKrs.add(kr);
  return pages(linked.length, limits.pageSize) + (inUniverse.size > 1 && linked.length > 0 ? 1 : 0);
}

/**
 * Every issue linked to these KRs plus all their descendants: per batch of `linksPerSearch` KRs
 * the pages of the search (Linear's filter reaches `descendantLevelsPerRequest` levels below the
 * linked issues in the same query), then the deeper rounds.
 */
export function linkedRequests(truth: Truth, limits: ApiLimits, krIds: readonly string[], knowledge: Knowledge): number {
  let requests = setup(limits, knowledge);
  const wanted = [...new Set(krIds)].filter((kr) => !knowledge.linkedKnown.has(kr));
  // KRs whose linked issues an index brought: only what is below them is left to read.
  const indexed = wanted.filter((kr) => knowledge.indexedKrs.has(kr));
  if (indexed.length > 0) {
    const inIndexed = new Set(indexed);
    const linked = [...truth.issues.values()].filter((issue) => issue.krIds.some((kr) => inIndexed.has(kr))).map((issue) => issue.key);
    requests += descendantRequests(truth, limits, linked, knowledge);
    for (const kr of indexed) knowledge.linkedKnown.add(kr);
  }
  for (const batch of chunk(
    wanted.filter((kr) => !knowledge.indexedKrs.has(kr)),
    limits.linksPerSearch,
  )) {
    const inBatch = new Set(batch);
    const linked = [...truth.issues.values()].filter((issue) => issue.krIds.some((kr) => inBatch.has(kr))).map((issue) => issue.key);
    const foldsDescendants = limits.issueReadBringsDescendants;
    const firstRound = foldsDescendants ? levelsBelow(truth, linked, limits.descendantLevelsPerRequest).flat() : [];
    requests += pages(new Set([...linked, ...firstRound]).size, limits.pageSize);
    for (const key of linked) knowledge.known.add(key);
    // The search says an issue links to one of the batch's KRs, not to which.
    if (batch.length > 1) requests += linkRequests(limits, linked, knowledge);
    requests += descendantRequests(truth, limits, linked, knowledge, foldsDescendants);
    for (const kr of batch) knowledge.linkedKnown.add(kr);
  }
  return requests;
}

/** The chain above an issue, nearest first, as far as the tracker has it. */
export function ancestorsOf(truth: Truth, key: string): string[] {
  const chain: string[] = [];
  for (
    let parent = truth.issues.get(key)?.parent;
    parent !== undefined && truth.issues.has(parent) && !chain.includes(parent);
    parent = truth.issues.get(parent)?.parent
  ) {
    chain.push(parent);
  }
  return chain;
}

/**
 * One issue page: the issue, its ancestors (the chain and the KRs it serves), every issue linked
 * to those KRs with their descendants (the progress), and the issue's own descendants. With a
 * `universe` (the active set's KRs) links are learned from a link index (indexRequests), read
 * right after the issue so the linked ancestors it brings need no read; without, by one search.
 */
export function issuePageRequests(
  truth: Truth,
  limits: ApiLimits,
  key: string,
  issueKrIds: ReadonlySet<string>,
  knowledge: Knowledge,
  universe?: readonly string[],
): number {
  let requests = setup(limits, knowledge);
  if (universe && limits.ancestorLevelsPerRead === 0) {
    const known = knowledge.known.has(key);
    requests += known ? 0 : 1;
    knowledge.known.add(key);
    // The chain's links are needed: the index comes before the chain's reads.
    requests += indexRequests(truth, limits, universe, knowledge);
  }
  const chain = ancestorsOf(truth, key);
  if (limits.ancestorLevelsPerRead > 0) {
    // Linear: one read brings the issue, `ancestorLevelsPerRead` ancestors and the first levels below it.
    const needsRead =
      !knowledge.known.has(key) ||
      chain.some((a) => !knowledge.known.has(a)) ||
      (truth.issues.get(key)!.mayHaveChildren && !knowledge.childrenComplete.has(key));
    if (needsRead) {
      requests += 1;
      requests += Math.ceil(
        Math.max(0, chain.filter((a) => !knowledge.known.has(a)).length - limits.ancestorLevelsPerRead) / limits.ancestorLevelsPerRead,
      );
      [key, ...chain].forEach((k) => knowledge.known.add(k));
      requests += descendantRequests(truth, limits, [key], knowledge, limits.issueReadBringsDescendants);
    }
  } else {
    // Jira: the issue, then each unknown ancestor (its key comes with the child), one level a read.
    for (const k of [key, ...chain]) {
      if (knowledge.known.has(k)) continue;
      requests += 1;
      knowledge.known.add(k);
    }
  }
  requests += linkRequests(limits, [key, ...chain], knowledge);
  const served = [key, ...chain].flatMap((k) => truth.issues.get(k)!.krIds).filter((kr) => issueKrIds.has(kr));
  requests += linkedRequests(truth, limits, served, knowledge);
  requests += descendantRequests(truth, limits, [key], knowledge);
  return requests;
}

/**
 * A scope's issues (already selected by the tracker: a board's sprint, a team's cycle) and the
 * ancestors outside it, a level at a time. `fixedRequests` are reads the scope itself needs
 * (Jira: the board's configuration and its active sprints).
 */
export function scopeRequests(
  truth: Truth,
  limits: ApiLimits,
  scopeKeys: readonly string[],
  fixedRequests: number,
  knowledge: Knowledge,
): number {
  let requests = setup(limits, knowledge) + fixedRequests + pages(scopeKeys.length, limits.pageSize);
  scopeKeys.forEach((key) => knowledge.known.add(key));
  const read = [...scopeKeys];
  let missing = [...new Set(scopeKeys.flatMap((key) => truth.issues.get(key)?.parent ?? []))].filter(
    (key) => truth.issues.has(key) && !knowledge.known.has(key),
  );
  while (missing.length > 0) {
    requests += Math.ceil(missing.length / limits.keysPerRead);
    missing.forEach((key) => knowledge.known.add(key));
    read.push(...missing);
    missing = [...new Set(missing.flatMap((key) => truth.issues.get(key)?.parent ?? []))].filter(
      (key) => truth.issues.has(key) && !knowledge.known.has(key),
    );
  }
  return requests + linkRequests(limits, read, knowledge);
}
