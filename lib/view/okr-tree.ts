/**
 * The dashboard's OKR tree: a cycle's objectives, company → individual, with progress, score,
 * status and alignment. Tree decisions, so every view agrees:
 * - An objective hangs under the objective it is aligned to in the same cycle: explicitly (the
 *   objective owning the KR it inherits) first, else implicitly (the first objective it supports,
 *   or the objective of the first KR it supports). Anything else it supports is listed beside it.
 * - Objectives without a parent in the cycle are roots, ordered company → individual, then as in
 *   the file. A loop in the data makes the looping objective a root instead of hanging.
 * - Filters keep an objective that matches (its team/owner, or one of its KRs') and the objectives
 *   above it as context, so a team's objective still shows what it is aligned to.
 */
import { objectiveRelations } from '../okr/alignment';
import type { KeyResult, Objective, ObjectiveLevel, OkrSet } from '../okr/model';
import { expectedShare, krStatus, latestCheckIn } from '../okr/score';
import { cycleKeyResults, cycleObjectives, cycleView, type CycleView, type DashboardContext } from './okr-context';
import { progressFigures } from './overlay';
import type { ProgressFigures } from './types';

export interface KrRowView extends ProgressFigures {
  id: string;
  title: string;
  owner?: string;
  teams: string[];
  measure: KeyResult['measure']['type'];
  /** The status sentence (rule 6), e.g. "at risk: 30% done of 56% expected …". */
  statusText: string;
  confidence?: number;
  lastCheckInAt?: string;
  /** Objectives that take this KR on as their own (explicit alignment downwards). */
  inheritedBy: Array<{ id: string; title: string }>;
}

export type TreeLink =
  | { kind: 'inherits'; krId: string; krTitle: string }
  | { kind: 'supports'; targetKind: 'objective' | 'kr'; targetId: string; targetTitle: string };

export interface ObjectiveNodeView extends ProgressFigures {
  id: string;
  title: string;
  description?: string;
  level: ObjectiveLevel;
  owner?: string;
  team?: string;
  commitment: Objective['commitment'];
  /** The lowest latest confidence among its KRs, the one to worry about. */
  confidence?: number;
  /** How it hangs under its parent in the tree; null for a root. */
  link: TreeLink | null;
  /** Alignment the tree does not draw: further objectives or KRs it supports (or a parent in another cycle). */
  alsoAligned: Array<{ kind: 'inherits' | 'supports'; targetKind: 'objective' | 'kr' | 'missing'; id: string; title: string }>;
  krs: KrRowView[];
  children: ObjectiveNodeView[];
  /** False when shown only as the context of a matching objective below it. */
  matches: boolean;
}

export interface TreeFilters {
  team: string | null;
  owner: string | null;
}

export interface OkrTreeView {
  cycle: CycleView | null;
  /** Share of the cycle elapsed today, 0..1 (what status compares progress with). */
  expected: number;
  roots: ObjectiveNodeView[];
  /** Choices for the filters: every team and owner named in the cycle. */
  teams: string[];
  owners: string[];
  objectiveCount: number;
  shownCount: number;
}

export const LEVEL_ORDER: readonly ObjectiveLevel[] = ['company', 'department', 'team', 'individual'];

type Parent = { parentId: string; link: TreeLink };

function krRow(ctx: DashboardContext, kr: KeyResult, expected: number, inheritedBy: Array<{ id: string; title: string }>): KrRowView {
  const progress = ctx.krResults.get(kr.id)?.progress ?? null;
  const latest = latestCheckIn(ctx.set.checkIns, kr.id);
  const status = krStatus(progress, expected, latest?.confidence);
  const objective = ctx.set.objectives.find((candidate) => candidate.id === kr.objectiveId);
  return {
    id: kr.id,
    title: kr.title,
    ...(kr.owner ? { owner: kr.owner } : {}),
    teams: kr.teams ?? (objective?.team ? [objective.team] : []),
    measure: kr.measure.type,
    ...progressFigures(progress),
    status: status.status,
    statusText: status.explanation,
    ...(latest ? { confidence: latest.confidence, lastCheckInAt: latest.at } : {}),
    inheritedBy,
  };
}

/** The objective an objective hangs under in its cycle, and how; null for a root. */
function parentOf(objective: Objective, byId: ReadonlyMap<string, Objective>, krById: ReadonlyMap<string, KeyResult>): Parent | null {
  const sameCycle = (id: string | undefined) =>
    id !== undefined && byId.get(id)?.cycleId === objective.cycleId && id !== objective.id ? id : undefined;
  const inherited = objective.alignment.inherits === undefined ? undefined : krById.get(objective.alignment.inherits);
  const explicit = sameCycle(inherited?.objectiveId);
  if (inherited && explicit) return { parentId: explicit, link: { kind: 'inherits', krId: inherited.id, krTitle: inherited.title } };
  for (const target of objective.alignment.supports) {
    const kr = krById.get(target);
    const parentId = sameCycle(kr ? kr.objectiveId : target);
    if (parentId === undefined) continue;
    const link: TreeLink = kr
      ? { kind: 'supports', targetKind: 'kr', targetId: kr.id, targetTitle: kr.title }
      : { kind: 'supports', targetKind: 'objective', targetId: target, targetTitle: byId.get(target)!.title };
    return { parentId, link };
  }
  return null;
}

/** Each objective's parent in the cycle, with loops broken: an objective whose parent chain returns to itself becomes a root. */
function treeParents(set: OkrSet, objectives: readonly Objective[]): Map<string, Parent> {
  const byId = new Map(set.objectives.map((objective) => [objective.id, objective]));
  const krById = new Map(set.keyResults.map((kr) => [kr.id, kr]));
  const parents = new Map<string, Parent>();
  for (const objective of objectives) {
    const parent = parentOf(objective, byId, krById);
    if (parent) parents.set(objective.id, parent);
  }
  for (const objective of objectives) {
    const seen = new Set([objective.id]);
    for (let up = parents.get(objective.id); up; up = parents.get(up.parentId)) {
      if (seen.has(up.parentId)) {
        parents.delete(objective.id);
        break;
      }
      seen.add(up.parentId);
    }
  }
  return parents;
}

function matchesFilters(objective: Objective, krs: readonly KeyResult[], filters: TreeFilters): boolean {
  if (filters.team !== null) {
    const team = filters.team;
    if (objective.team !== team && !krs.some((kr) => kr.teams?.includes(team))) return false;
  }
  if (filters.owner !== null) {
    const owner = filters.owner;
    if (objective.owner !== owner && !krs.some((kr) => kr.owner === owner)) return false;
  }
  return true;
}

/** Alignment the tree does not draw: what the objective inherits or supports besides the link to its parent. */
function alsoAlignedOf(set: OkrSet, objective: Objective, parent: Parent | undefined): ObjectiveNodeView['alsoAligned'] {
  const relations = objectiveRelations(set, objective.id);
  const alsoAligned: ObjectiveNodeView['alsoAligned'] = [];
  if (relations.inherits && parent?.link.kind !== 'inherits') {
    alsoAligned.push({
      kind: 'inherits',
      targetKind: relations.inherits.kr.kind,
      id: relations.inherits.kr.id,
      title: relations.inherits.kr.title,
    });
  }
  for (const target of relations.supports) {
    if (parent?.link.kind === 'supports' && parent.link.targetId === target.id) continue;
    alsoAligned.push({ kind: 'supports', targetKind: target.kind, id: target.id, title: target.title });
  }
  return alsoAligned;
}

/** What building one cycle's tree needs at every node. */
interface TreeBuild {
  ctx: DashboardContext;
  cycleId: string | null;
  expected: number;
  filters: TreeFilters;
  parents: ReadonlyMap<string, Parent>;
  childrenOf: ReadonlyMap<string, Objective[]>;
  krsOf: ReadonlyMap<string, KeyResult[]>;
  byLevelThenFile: (a: Objective, b: Objective) => number;
  /** Objectives shown because they match the filters, counted as nodes are built. */
  shown: { count: number };
}

function treeBuild(
  ctx: DashboardContext,
  cycleId: string | null,
  filters: TreeFilters,
  objectives: readonly Objective[],
  expected: number,
): TreeBuild {
  const parents = treeParents(ctx.set, objectives);
  const krsOf = new Map<string, KeyResult[]>();
  for (const kr of ctx.set.keyResults) krsOf.set(kr.objectiveId, [...(krsOf.get(kr.objectiveId) ?? []), kr]);
  const levelRank = (objective: Objective) => LEVEL_ORDER.indexOf(objective.level);
  const order = new Map(objectives.map((objective, index) => [objective.id, index]));
  const byLevelThenFile = (a: Objective, b: Objective) => levelRank(a) - levelRank(b) || order.get(a.id)! - order.get(b.id)!;
  const childrenOf = new Map<string, Objective[]>();
  for (const objective of objectives) {
    const parent = parents.get(objective.id);
    if (parent) childrenOf.set(parent.parentId, [...(childrenOf.get(parent.parentId) ?? []), objective]);
  }
  return { ctx, cycleId, expected, filters, parents, childrenOf, krsOf, byLevelThenFile, shown: { count: 0 } };
}

/** An objective with its KRs and the objectives hanging under it; null when neither it nor anything below matches the filters. */
function objectiveNode(build: TreeBuild, objective: Objective): ObjectiveNodeView | null {
  const { ctx, expected, filters } = build;
  const krs = build.krsOf.get(objective.id) ?? [];
  const children = (build.childrenOf.get(objective.id) ?? [])
    .sort(build.byLevelThenFile)
    .flatMap((child) => objectiveNode(build, child) ?? []);
  const matches = matchesFilters(objective, krs, filters);
  if (!matches && children.length === 0) return null;
  build.shown.count += matches ? 1 : 0;
  const progress = ctx.objectiveResults.get(objective.id)?.progress ?? null;
  const inheritedByOf = (krId: string) =>
    ctx.set.objectives
      .filter((o) => o.alignment.inherits === krId && o.cycleId === build.cycleId)
      .map((o) => ({ id: o.id, title: o.title }));
  const rows = krs.map((kr) => krRow(ctx, kr, expected, inheritedByOf(kr.id)));
  const confidences = rows.flatMap((row) => (row.confidence === undefined ? [] : [row.confidence]));
  const confidence = confidences.length > 0 ? Math.min(...confidences) : undefined;
  const parent = build.parents.get(objective.id);
  return {
    id: objective.id,
    title: objective.title,
    ...(objective.description ? { description: objective.description } : {}),
    level: objective.level,
    ...(objective.owner ? { owner: objective.owner } : {}),
    ...(objective.team ? { team: objective.team } : {}),
    commitment: objective.commitment,
    ...progressFigures(progress),
    status: krStatus(progress, expected, confidence).status,
    ...(confidence !== undefined ? { confidence } : {}),
    link: parent?.link ?? null,
    alsoAligned: alsoAlignedOf(ctx.set, objective, parent),
    krs: matches || filters.owner === null ? rows : rows.filter((row) => row.owner === filters.owner),
    children,
    matches,
  };
}

const sortedNames = (names: Iterable<string | undefined>) =>
  [...new Set([...names].filter((name): name is string => name !== undefined && name !== ''))].sort((a, b) => a.localeCompare(b));

/** The cycle's objectives as a tree (company → individual), with progress, score, status and alignment. */
export function buildOkrTree(
  ctx: DashboardContext,
  cycleId: string | null,
  filters: TreeFilters = { team: null, owner: null },
): OkrTreeView {
  const { set } = ctx;
  const cycle = set.cycles.find((candidate) => candidate.id === cycleId) ?? null;
  const expected = cycle ? expectedShare(cycle, ctx.today) : 1;
  const objectives = cycleObjectives(set, cycleId);
  const build = treeBuild(ctx, cycleId, filters, objectives, expected);
  const roots = objectives
    .filter((objective) => !build.parents.has(objective.id))
    .sort(build.byLevelThenFile)
    .flatMap((objective) => objectiveNode(build, objective) ?? []);
  const krs = cycleKeyResults(set, cycleId);
  return {
    cycle: cycle ? cycleView(cycle) : null,
    expected,
    roots,
    teams: sortedNames([...objectives.map((o) => o.team), ...krs.flatMap((kr) => kr.teams ?? [])]),
    owners: sortedNames([...objectives.map((o) => o.owner), ...krs.map((kr) => kr.owner)]),
    objectiveCount: objectives.length,
    shownCount: build.shown.count,
  };
}

/** Depth-first, parents before children: for lists (the popup) and tests. */
export function flattenTree(roots: readonly ObjectiveNodeView[]): ObjectiveNodeView[] {
  return roots.flatMap((root) => [root, ...flattenTree(root.children)]);
}
