/** rule 4: objective progress, the weighted mean of its KRs whose progress is known. */
import { clamp01, formatNumber, type KrProgress, percent } from './explanation';
import type { KeyResult, OkrSet } from './model';

export interface ExplainedKr {
  krId: string;
  title: string;
  weight: number;
  progress: number | null;
  /** False when the KR's progress is unknown and it is left out of the mean. */
  counted: boolean;
}

export interface ObjectiveExplanation {
  formula: string;
  keyResults: ExplainedKr[];
  notes: string[];
}

export interface ObjectiveProgress {
  objectiveId: string;
  progress: number | null;
  explanation: ObjectiveExplanation;
}

type KrResults = ReadonlyMap<string, Pick<KrProgress, 'progress'>> | readonly KrProgress[];

function resultsById(results: KrResults): ReadonlyMap<string, Pick<KrProgress, 'progress'>> {
  return Array.isArray(results)
    ? new Map(results.map((result) => [result.krId, result]))
    : (results as ReadonlyMap<string, Pick<KrProgress, 'progress'>>);
}

/**
 * rule 4: the weighted mean of the KRs whose progress is known (weight defaults to 1). An
 * unknown KR is left out, not averaged in as 0, and the notes name it; all unknown → unknown.
 */
export function objectiveProgress(objectiveId: string, krResults: KrResults, set: Pick<OkrSet, 'keyResults'>): ObjectiveProgress {
  const results = resultsById(krResults);
  const keyResults: ExplainedKr[] = set.keyResults
    .filter((kr) => kr.objectiveId === objectiveId)
    .map((kr) => {
      const progress = results.get(kr.id)?.progress ?? null;
      return { krId: kr.id, title: kr.title, weight: kr.weight ?? 1, progress, counted: progress !== null };
    });
  const known = keyResults.filter((kr) => kr.counted);
  const notes = keyResults.filter((kr) => !kr.counted).map((kr) => `"${kr.title}" has no known progress and is left out`);
  if (known.length === 0) {
    const formula = keyResults.length === 0 ? 'no key results: progress unknown' : 'no key result has a known progress: progress unknown';
    return { objectiveId, progress: null, explanation: { formula, keyResults, notes } };
  }
  const weightSum = known.reduce((sum, kr) => sum + kr.weight, 0);
  const progress = clamp01(known.reduce((sum, kr) => sum + kr.weight * kr.progress!, 0) / weightSum);
  const terms = known.map((kr) => `${formatNumber(kr.weight)} × ${percent(kr.progress!)}`).join(' + ');
  return {
    objectiveId,
    progress,
    explanation: { formula: `(${terms}) / ${formatNumber(weightSum)} = ${percent(progress)}`, keyResults, notes },
  };
}

/** Every objective of the set, grouping KRs once. */
export function allObjectiveProgress(set: Pick<OkrSet, 'objectives' | 'keyResults'>, krResults: KrResults): Map<string, ObjectiveProgress> {
  const results = resultsById(krResults);
  const krsByObjective = new Map<string, KeyResult[]>();
  for (const kr of set.keyResults) {
    const list = krsByObjective.get(kr.objectiveId);
    if (list) list.push(kr);
    else krsByObjective.set(kr.objectiveId, [kr]);
  }
  return new Map(
    set.objectives.map((objective) => [
      objective.id,
      objectiveProgress(objective.id, results, { keyResults: krsByObjective.get(objective.id) ?? [] }),
    ]),
  );
}
