/**
 * The alignment graph of an OKR set (SPEC "Concepts", explicit and implicit alignment): a key
 * result belongs to its objective; an objective *inherits* a higher-level KR and *supports* other
 * objectives or KRs. Every walk here is cycle-safe, because an imported file may hold a loop
 * until validation rejects it.
 */
import type { KrRef, Objective, ObjectiveLevel, OkrSet, OkrSetInput } from './model';
import { parentId, type IssueGraph } from './issue-graph';

type AlignmentSource = Pick<OkrSetInput, 'objectives' | 'keyResults'>;
type SetKr = AlignmentSource['keyResults'][number];

// Objective and KR ids live in separate namespaces in the file, so graph nodes carry a prefix.
const objectiveNode = (id: string) => `o:${id}`;
const krNode = (id: string) => `k:${id}`;
const nodeId = (node: string) => node.slice(2);

/**
 * Edges point "upwards", from the contributor to what it contributes to:
 * KR → its objective, objective → the KR it inherits, objective → what it supports.
 * A `supports` id that names both an objective and a KR gets both edges, so an ambiguous file
 * cannot hide a loop; ids that name nothing are left to validation.
 */
function alignmentEdges(set: AlignmentSource): Map<string, string[]> {
  const objectiveIds = new Set(set.objectives.map((o) => o.id));
  const krIds = new Set(set.keyResults.map((kr) => kr.id));
  const edges = new Map<string, string[]>();
  const add = (from: string, to: string) => {
    const list = edges.get(from);
    if (list) list.push(to);
    else edges.set(from, [to]);
  };
  for (const kr of set.keyResults) if (objectiveIds.has(kr.objectiveId)) add(krNode(kr.id), objectiveNode(kr.objectiveId));
  for (const objective of set.objectives) {
    const from = objectiveNode(objective.id);
    const inherits = objective.alignment?.inherits;
    if (inherits !== undefined && krIds.has(inherits)) add(from, krNode(inherits));
    for (const target of objective.alignment?.supports ?? []) {
      if (krIds.has(target)) add(from, krNode(target));
      if (objectiveIds.has(target)) add(from, objectiveNode(target));
    }
  }
  return edges;
}

/** A cycle's identity regardless of where the walk entered it. */
function rotationKey(cycle: readonly string[]): string {
  const smallest = cycle.reduce((best, node, index) => (node < cycle[best]! ? index : best), 0);
  return [...cycle.slice(smallest), ...cycle.slice(0, smallest)].join('\u0000');
}

/**
 * Loops in inherits/supports, e.g. objective A inherits a KR of B while B inherits a KR of A.
 * Each loop is an id path in edge order with its first id repeated at the end, e.g.
 * `['A', 'kr-b1', 'B', 'kr-a1', 'A']` (A inherits kr-b1, which belongs to B, which inherits
 * kr-a1, which belongs to A). An objective that supports or inherits one of its own KRs is a loop
 * too. At least one loop is reported for every tangle (strongly connected part) of the graph;
 * the same loop is never reported twice. Empty when the set is acyclic.
 */
export function findAlignmentCycles(set: AlignmentSource): string[][] {
  const edges = alignmentEdges(set);
  const done = new Set<string>();
  const cycles: string[][] = [];
  const reported = new Set<string>();
  const starts = [...set.objectives.map((o) => objectiveNode(o.id)), ...set.keyResults.map((kr) => krNode(kr.id))];

  for (const start of starts) {
    if (done.has(start)) continue;
    // Iterative depth-first walk: `path` is the current branch, `onPath` its positions.
    const path: string[] = [start];
    const next: number[] = [0];
    const onPath = new Map([[start, 0]]);
    while (path.length > 0) {
      const depth = path.length - 1;
      const node = path[depth]!;
      const targets = edges.get(node) ?? [];
      const edgeIndex = next[depth]!;
      if (edgeIndex >= targets.length) {
        path.pop();
        next.pop();
        onPath.delete(node);
        done.add(node);
        continue;
      }
      next[depth] = edgeIndex + 1;
      const target = targets[edgeIndex]!;
      const back = onPath.get(target);
      if (back !== undefined) {
        const loop = path.slice(back);
        const key = rotationKey(loop);
        if (!reported.has(key)) {
          reported.add(key);
          cycles.push([...loop, target].map(nodeId));
        }
      } else if (!done.has(target)) {
        onPath.set(target, path.length);
        path.push(target);
        next.push(0);
      }
    }
  }
  return cycles;
}

// ---------------------------------------------------------------------------------------------
// Chains and relations. A page may ask for the chain of every issue on a board, so lookups are
// indexed once per set (sets are never mutated; a changed set is a new object).

interface SetIndex {
  objectives: AlignmentSource['objectives'];
  keyResults: AlignmentSource['keyResults'];
  krById: Map<string, SetKr>;
  objectiveById: Map<string, Objective>;
  chains: Map<string, readonly ChainItem[]>;
}

const setIndexCache = new WeakMap<object, SetIndex>();
function indexOf(set: AlignmentSource): SetIndex {
  const cached = setIndexCache.get(set);
  if (cached && cached.objectives === set.objectives && cached.keyResults === set.keyResults) return cached;
  const index: SetIndex = {
    objectives: set.objectives,
    keyResults: set.keyResults,
    krById: new Map(set.keyResults.map((kr) => [kr.id, kr])),
    objectiveById: new Map(set.objectives.map((objective) => [objective.id, objective])),
    chains: new Map(),
  };
  setIndexCache.set(set, index);
  return index;
}

export interface ChainItem {
  kind: 'kr' | 'objective';
  id: string;
  title: string;
  /** The objective's level; for a KR, the level of the objective it belongs to (null if that is missing). */
  level: ObjectiveLevel | null;
}

/**
 * The explicit-alignment chain of a KR, bottom up: the KR, its objective, the KR that objective
 * inherits, that KR's objective, … up to an objective that inherits nothing. Stops at a loop or
 * a dangling id instead of hanging. Empty when the KR is unknown.
 */
export function krChain(set: AlignmentSource, krId: string): readonly ChainItem[] {
  const index = indexOf(set);
  const cached = index.chains.get(krId);
  if (cached) return cached;
  const chain: ChainItem[] = [];
  const seen = new Set<string>();
  let nextKr: string | undefined = krId;
  while (nextKr !== undefined && !seen.has(krNode(nextKr))) {
    const kr = index.krById.get(nextKr);
    if (!kr) break;
    seen.add(krNode(kr.id));
    const objective = index.objectiveById.get(kr.objectiveId);
    chain.push({ kind: 'kr', id: kr.id, title: kr.title, level: objective?.level ?? null });
    if (!objective || seen.has(objectiveNode(objective.id))) break;
    seen.add(objectiveNode(objective.id));
    chain.push({ kind: 'objective', id: objective.id, title: objective.title, level: objective.level });
    nextKr = objective.alignment?.inherits;
  }
  index.chains.set(krId, chain);
  return chain;
}

export interface ServedKr {
  krId: string;
  title: string;
  objectiveId: string | null;
  cycleId: string | null;
  /** Key of the ancestor whose link this comes through ("via ACME-10"); absent for a direct link. */
  via?: string;
  /** Global id of the issue that holds the link (the issue itself or that ancestor). */
  linkedIssueId: string;
  chain: readonly ChainItem[];
}

export interface IssueAlignment {
  issueId: string;
  /** rule 8: the issue or an ancestor links to a KR of an active cycle. */
  aligned: boolean;
  /** KRs of active cycles the issue serves, nearest link first. */
  active: ServedKr[];
  /** KRs it serves whose cycle is planning, closed, or unknown: shown, but not alignment. */
  inactive: ServedKr[];
  /** Links to KRs of this set that no longer exist (e.g. deleted from the file). */
  dangling: Array<KrRef & { via?: string; linkedIssueId: string }>;
}

/**
 * The issue and its ancestors, nearest first, that are in the graph. Real hierarchies are a few
 * levels deep, so a short list guards against parent loops; a Set takes over for deep chains.
 */
function selfAndAncestors(graph: IssueGraph, id: string): string[] {
  const chain: string[] = [];
  let deepVisited: Set<string> | undefined;
  let current: string | undefined = id;
  while (current !== undefined) {
    const issue = graph.byId.get(current);
    if (!issue) break;
    chain.push(current);
    if (deepVisited) deepVisited.add(current);
    else if (chain.length > 16) deepVisited = new Set(chain);
    const parent = parentId(issue);
    if (parent === undefined || (deepVisited ? deepVisited.has(parent) : chain.includes(parent))) break;
    current = parent;
  }
  return chain;
}

/**
 * The KRs an issue serves, directly or through an ancestor, each once: when the issue and its
 * epic link to the same KR, the nearer link wins. A child linked to another KR than its epic
 * serves both. Links to other sets are not this set's business and are skipped.
 */
export function issueAlignment(
  set: Pick<OkrSet, 'id'> & AlignmentSource,
  graph: IssueGraph,
  issueId: string,
  activeCycleIds: ReadonlySet<string> | readonly string[],
): IssueAlignment {
  const index = indexOf(set);
  const activeIds: ReadonlySet<string> = activeCycleIds instanceof Set ? activeCycleIds : new Set(activeCycleIds as readonly string[]);
  const result: IssueAlignment = { issueId, aligned: false, active: [], inactive: [], dangling: [] };
  const seenKrs = new Set<string>();
  for (const linkedIssueId of selfAndAncestors(graph, issueId)) {
    const issue = graph.byId.get(linkedIssueId)!;
    const via = linkedIssueId === issueId ? {} : { via: issue.ref.key };
    for (const ref of issue.krRefs) {
      if (ref.setId !== set.id || seenKrs.has(ref.krId)) continue;
      seenKrs.add(ref.krId);
      const kr = index.krById.get(ref.krId);
      if (!kr) {
        result.dangling.push({ ...ref, ...via, linkedIssueId });
        continue;
      }
      const cycleId = index.objectiveById.get(kr.objectiveId)?.cycleId ?? null;
      const served: ServedKr = {
        krId: kr.id,
        title: kr.title,
        objectiveId: index.objectiveById.has(kr.objectiveId) ? kr.objectiveId : null,
        cycleId,
        ...via,
        linkedIssueId,
        chain: krChain(set, kr.id),
      };
      (cycleId !== null && activeIds.has(cycleId) ? result.active : result.inactive).push(served);
    }
  }
  result.aligned = result.active.length > 0;
  return result;
}

export interface RelatedItem {
  kind: 'objective' | 'kr' | 'missing';
  id: string;
  title: string;
}

export interface ObjectiveRelations {
  objectiveId: string;
  /** Explicit alignment upwards: the KR this objective inherits, and that KR's objective. */
  inherits: { kr: RelatedItem; objective: RelatedItem | null } | null;
  /** Implicit alignment upwards: objectives or KRs it supports (`missing` for ids that name nothing). */
  supports: RelatedItem[];
  /** Explicit alignment downwards: objectives that inherit one of its KRs. */
  inheritedBy: Array<{ objective: RelatedItem; kr: RelatedItem }>;
  /** Implicit alignment downwards: objectives that support it or one of its KRs. */
  supportedBy: Array<{ objective: RelatedItem; target: RelatedItem }>;
}

/** Everything an objective is aligned with, up and down, explicit and implicit. */
export function objectiveRelations(set: AlignmentSource, objectiveId: string): ObjectiveRelations {
  const index = indexOf(set);
  const asObjective = (objective: Objective): RelatedItem => ({ kind: 'objective', id: objective.id, title: objective.title });
  const asKr = (kr: SetKr): RelatedItem => ({ kind: 'kr', id: kr.id, title: kr.title });
  const resolve = (id: string): RelatedItem => {
    const kr = index.krById.get(id);
    if (kr) return asKr(kr);
    const objective = index.objectiveById.get(id);
    return objective ? asObjective(objective) : { kind: 'missing', id, title: id };
  };

  const self = index.objectiveById.get(objectiveId);
  const inheritedId = self?.alignment?.inherits;
  let inherits: ObjectiveRelations['inherits'] = null;
  if (inheritedId !== undefined) {
    const kr = index.krById.get(inheritedId);
    const parent = kr && index.objectiveById.get(kr.objectiveId);
    inherits = {
      kr: kr ? asKr(kr) : { kind: 'missing', id: inheritedId, title: inheritedId },
      objective: parent ? asObjective(parent) : null,
    };
  }

  const ownKrs = new Map(set.keyResults.filter((kr) => kr.objectiveId === objectiveId).map((kr) => [kr.id, kr]));
  const inheritedBy: ObjectiveRelations['inheritedBy'] = [];
  const supportedBy: ObjectiveRelations['supportedBy'] = [];
  for (const other of set.objectives) {
    if (other.id === objectiveId) continue;
    const inheritedKr = other.alignment?.inherits === undefined ? undefined : ownKrs.get(other.alignment.inherits);
    if (inheritedKr) inheritedBy.push({ objective: asObjective(other), kr: asKr(inheritedKr) });
    for (const target of other.alignment?.supports ?? []) {
      const supportedKr = ownKrs.get(target);
      if (supportedKr) supportedBy.push({ objective: asObjective(other), target: asKr(supportedKr) });
      else if (target === objectiveId && self) supportedBy.push({ objective: asObjective(other), target: asObjective(self) });
    }
  }
  return { objectiveId, inherits, supports: (self?.alignment?.supports ?? []).map(resolve), inheritedBy, supportedBy };
}
