/**
 * Which KRs Jira issues serve, with the remote links as the truth (SPEC "Where data lives": "The
 * links are the truth").
 *
 * Jira's issue reads and searches return issue properties but never remote links, and reading
 * each issue's links costs a request per issue. KR Lens mirrors each issue's KR globalIds in the
 * `kr-lens-links` property, but a mirror can be missing (links made by a script, an automation
 * rule, a teammate who may not edit issues) or stale (a link deleted by another tool). So the
 * mirror is only a guess, and one search checks every guess of a read at once:
 *
 *   (id in (<issues whose mirror names M>) AND (<not linked to some m of M> OR <linked to a KR outside M>))
 *   OR …   (one clause per distinct mirror; a missing mirror names nothing)
 *
 * within the KRs the reader cares about (`universe`, the active set's). The search answers
 * exactly the issues whose mirror is wrong; only those have their remote links read. Every other
 * issue's mirror is right, now, for every KR of the universe. So the mirror saves requests but
 * never hides a link and never keeps a deleted one alive: what a read reports is the links as
 * they were when it was made, whatever state the mirrors are in.
 */
import { chunk } from '../../util/chunk';
import type { KrRef } from '../../okr/model';
import { krGlobalId, type KrWithUrl } from '../tracker';
import { globalIdsFromProperty, JIRA_LINKS_PROPERTY, krRefFromGlobalId, type RawIssue } from './map';

/** `issuesWithRemoteLinksByGlobalId` takes at most 100 ids (SPEC). */
export const GLOBAL_IDS_PER_FUNCTION = 100;
/** Issues named in one check search; a board batch or a page's chain is far below it. */
export const ISSUES_PER_CHECK = 500;

/** What a read knows of an issue before its links are checked. */
export interface LinkCandidate {
  id: string;
  key: string;
  /** The globalIds its links mirror names; null when it has none, or none KR Lens can read. */
  mirrored: readonly string[] | null;
}

export function candidateOf(raw: RawIssue): LinkCandidate {
  return { id: raw.id, key: raw.key, mirrored: globalIdsFromProperty(raw.properties?.[JIRA_LINKS_PROPERTY]) };
}

/** The globalIds of a set of KRs, each once, in a stable order. */
export function universeOf(krs: readonly KrWithUrl[]): string[] {
  return [...new Set(krs.map(krGlobalId))].sort();
}

/** What the mirror says about the universe's KRs: sorted, each once; empty without a mirror. */
export function claimWithin(candidate: LinkCandidate, universe: ReadonlySet<string>): string[] {
  return [...new Set((candidate.mirrored ?? []).filter((id) => universe.has(id)))].sort();
}

export function refsOf(globalIds: readonly string[]): KrRef[] {
  return globalIds.flatMap((id) => krRefFromGlobalId(id) ?? []);
}

/** A JQL string literal. */
export const jqlString = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const anyOf = (parts: string[]): string => (parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`);

/** Issues linked to any of these globalIds, 100 ids a function call. */
export function linkedToAny(globalIds: readonly string[]): string {
  return anyOf(
    chunk(globalIds, GLOBAL_IDS_PER_FUNCTION).map((ids) => `issue in issuesWithRemoteLinksByGlobalId(${ids.map(jqlString).join(', ')})`),
  );
}

/** Issues whose links, within the universe, are not exactly `claim` (a subset of the universe). */
export function disagreesWith(claim: readonly string[], universe: readonly string[]): string {
  const others = universe.filter((id) => !claim.includes(id));
  const missing = claim.map((id) => `issue not in issuesWithRemoteLinksByGlobalId(${jqlString(id)})`);
  return anyOf([...missing, ...(others.length > 0 ? [linkedToAny(others)] : [])]);
}

/**
 * The candidates a scope's own JQL selects, checked through that JQL instead of by id: a board's
 * sprint of 2,000 issues is then one short clause, not 2,000 ids.
 */
export interface CheckScope {
  /** The scope's JQL without its ORDER BY. */
  where: string;
  /** Ids of the candidates it selects. */
  ids: ReadonlySet<string>;
}

/**
 * One search that selects exactly the candidates whose mirror is wrong about the universe's KRs
 * (see the header). Null when there is nothing to check.
 */
export function mirrorCheckJql(candidates: readonly LinkCandidate[], universe: readonly string[], scope?: CheckScope): string | null {
  if (universe.length === 0 || candidates.length === 0) return null;
  const inUniverse = new Set(universe);
  const clauses: string[] = [];
  const claimedInScope: string[] = [];
  let unclaimedInScope = 0;
  const groups = new Map<string, { claim: string[]; ids: string[] }>();
  for (const candidate of candidates) {
    const claim = claimWithin(candidate, inUniverse);
    const inScope = scope?.ids.has(candidate.id) ?? false;
    if (inScope && claim.length === 0) {
      unclaimedInScope++;
      continue;
    }
    if (inScope) claimedInScope.push(candidate.id);
    const group = groups.get(claim.join('\n')) ?? { claim, ids: [] };
    group.ids.push(candidate.id);
    groups.set(claim.join('\n'), group);
  }
  if (scope && unclaimedInScope > 0) {
    const except = claimedInScope.length > 0 ? ` AND id not in (${claimedInScope.join(', ')})` : '';
    clauses.push(`((${scope.where}) AND ${linkedToAny(universe)}${except})`);
  }
  for (const { claim, ids } of groups.values()) clauses.push(`(id in (${ids.join(', ')}) AND ${disagreesWith(claim, universe)})`);
  return clauses.length > 0 ? clauses.join(' OR ') : null;
}

/** The checks for many candidates, `ISSUES_PER_CHECK` named ones a search. */
export function mirrorCheckJqls(candidates: readonly LinkCandidate[], universe: readonly string[], scope?: CheckScope): string[] {
  const named = scope ? candidates.filter((c) => !scope.ids.has(c.id)) : candidates;
  const scoped = scope ? candidates.filter((c) => scope.ids.has(c.id)) : [];
  const batches = chunk(named, ISSUES_PER_CHECK);
  if (batches.length === 0) batches.push([]);
  return batches.flatMap(
    (batch, index) => mirrorCheckJql(index === 0 ? [...scoped, ...batch] : batch, universe, index === 0 ? scope : undefined) ?? [],
  );
}

/**
 * A JQL's condition without its ORDER BY (outside quotes and parentheses); null when nothing is
 * left to select by.
 */
export function jqlWhere(jql: string): string | null {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < jql.length; i++) {
    const c = jql[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && /^order\s+by\b/i.test(jql.slice(i)) && (i === 0 || /\s/.test(jql[i - 1]!))) {
      const where = jql.slice(0, i).trim();
      return where === '' ? null : where;
    }
  }
  const where = jql.trim();
  return where === '' ? null : where;
}

// ---------------------------------------------------------------------------------------------
// Reading links with the mirror as a guess.

/** What checking links needs from Jira. */
export interface LinkIo {
  /** The ids of the issues a JQL selects, every page. */
  searchIds(jql: string): Promise<string[]>;
  /** The globalIds of an issue's KR remote links; null when the issue is gone. */
  krGlobalIds(key: string): Promise<string[] | null>;
  /** Whether a failed search means the site refuses `issuesWithRemoteLinksByGlobalId`. */
  isRefusedFunction(error: unknown): boolean;
}

export interface CheckOptions {
  /** The KRs that matter; without them every candidate's links are read. */
  krs?: readonly KrWithUrl[];
  /** The site refuses `issuesWithRemoteLinksByGlobalId`: nothing can be checked, links are read. */
  functionRefused?: boolean;
  scope?: CheckScope;
  /**
   * The candidates were found by a search for the universe's links: each carries at least one, so
   * one whose mirror names none of them is wrong without asking.
   */
  linked?: boolean;
}

export interface CheckedLinks {
  /** Per issue key: its KR links, exact for the universe (and all of them where they were read). */
  refs: Map<string, KrRef[]>;
  /** Per issue key whose remote links were read: their KR globalIds (to repair its mirror). */
  read: Map<string, string[]>;
  /** The check was refused: the site has no `issuesWithRemoteLinksByGlobalId`. */
  refused: boolean;
}

/** Remote link reads at once, so a few wrong mirrors do not queue behind each other. */
const LINK_READS_AT_ONCE = 6;

/**
 * The KR links of the candidates (see the header): the mirrors are checked in one search, and
 * only the issues whose mirror is wrong, or that cannot be checked, have their links read.
 */
export async function checkLinks(io: LinkIo, raw: readonly LinkCandidate[], options: CheckOptions): Promise<CheckedLinks> {
  const candidates = [...new Map(raw.map((c) => [c.key, c])).values()];
  const universe = options.krs ? universeOf(options.krs) : null;
  const inUniverse = new Set(universe ?? []);
  let toRead: LinkCandidate[];
  let refused = false;
  if (universe === null || options.functionRefused) {
    toRead = candidates;
  } else {
    const sure = options.linked ? candidates.filter((c) => claimWithin(c, inUniverse).length === 0) : [];
    const unsure = candidates.filter((c) => !sure.includes(c));
    const wrong = await wrongMirrors(io, unsure, universe, options.scope);
    refused = wrong === null;
    toRead = wrong === null ? candidates : [...sure, ...unsure.filter((c) => wrong.has(c.id))];
  }
  const read = await readLinks(
    io,
    toRead.map((c) => c.key),
  );
  const refs = new Map(candidates.map((c) => [c.key, refsOf(read.get(c.key) ?? claimWithin(c, inUniverse))]));
  return { refs, read, refused };
}

/** The ids of the candidates whose mirror is wrong; null when the site refuses the check. */
async function wrongMirrors(
  io: LinkIo,
  candidates: readonly LinkCandidate[],
  universe: readonly string[],
  scope?: CheckScope,
): Promise<Set<string> | null> {
  const wrong = new Set<string>();
  try {
    for (const jql of mirrorCheckJqls(candidates, universe, scope)) for (const id of await io.searchIds(jql)) wrong.add(id);
  } catch (error) {
    if (io.isRefusedFunction(error)) return null;
    throw error;
  }
  return wrong;
}

async function readLinks(io: LinkIo, keys: readonly string[]): Promise<Map<string, string[]>> {
  const read = new Map<string, string[]>();
  const queue = [...keys];
  const worker = async () => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) read.set(key, (await io.krGlobalIds(key)) ?? []);
  };
  await Promise.all(Array.from({ length: Math.min(LINK_READS_AT_ONCE, queue.length) }, worker));
  return read;
}
