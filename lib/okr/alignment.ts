/**
 * The alignment graph of an OKR set (SPEC "Concepts", explicit and implicit alignment): a key
 * result belongs to its objective; an objective *inherits* a higher-level KR and *supports* other
 * objectives or KRs. Every walk here is cycle-safe, because an imported file may hold a loop
 * until validation rejects it.
 */
import type { OkrSetInput } from './model';

type AlignmentSource = Pick<OkrSetInput, 'objectives' | 'keyResults'>;

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
