/**
 * Closing a cycle (rule 10): scores frozen into the cycle's review, wins (≥ 0.7), misses and
 * learnings, a Markdown export for the closing town hall, and carrying unfinished KRs into the
 * next cycle with their history and links. Every function returns a new set; none mutates.
 */
import { buildIssueGraph } from './issue-graph';
import {
  idSchema,
  type Commitment,
  type Cycle,
  type CycleReview,
  type FrozenScore,
  type KeyResult,
  type Objective,
  type OkrSet,
} from './model';
import { DEFAULT_PLAYBOOK } from './playbook';
import { allObjectiveProgress, krProgress, type KrProgress } from './progress';
import {
  commitmentFinding,
  sandbaggingFinding,
  score,
  scoreBand,
  type CommitmentFinding,
  type SandbaggingFinding,
  type ScoreBand,
} from './score';

type KrResults = ReadonlyMap<string, Pick<KrProgress, 'progress'>> | readonly KrProgress[];

function findCycle(set: Pick<OkrSet, 'id' | 'cycles'>, cycleId: string): Cycle {
  const cycle = set.cycles.find((candidate) => candidate.id === cycleId);
  if (!cycle) throw new Error(`The set "${set.id}" has no cycle "${cycleId}".`);
  return cycle;
}

const freeze = (id: string, progress: number | null): FrozenScore => ({ id, progress, score: score(progress) });
const NO_GRAPH = buildIssueGraph([]);

export interface CloseOptions {
  /** ISO 8601 timestamp of the close. */
  closedAt: string;
  learnings?: readonly string[];
}

/**
 * Freezes the cycle's objective and KR scores into `cycle.review` and marks it closed.
 * `results` are the KRs' progress at close (from `allKrProgress`); a metric or milestone KR
 * missing from them is computed from its check-ins, an issues KR missing from them is frozen as
 * unknown (its work cannot be read here). Closing a closed cycle is refused: frozen means frozen.
 */
export function closeCycle(set: OkrSet, cycleId: string, results: KrResults, options: CloseOptions): OkrSet {
  const cycle = findCycle(set, cycleId);
  if (cycle.state === 'closed' || cycle.review) throw new Error(`The cycle "${cycle.name}" is already closed; its scores are frozen.`);
  const given = Array.isArray(results)
    ? new Map(results.map((result) => [result.krId, result]))
    : (results as ReadonlyMap<string, Pick<KrProgress, 'progress'>>);

  const objectives = set.objectives.filter((objective) => objective.cycleId === cycleId);
  const objectiveIds = new Set(objectives.map((objective) => objective.id));
  const keyResults = set.keyResults.filter((kr) => objectiveIds.has(kr.objectiveId));
  const context = { set, graph: NO_GRAPH, playbook: DEFAULT_PLAYBOOK };
  const progressAtClose = new Map(
    keyResults.map((kr) => {
      const known = given.get(kr.id);
      const progress = known ? known.progress : kr.measure.type === 'issues' ? null : krProgress(kr, context).progress;
      return [kr.id, { progress }] as const;
    }),
  );
  const objectiveResults = allObjectiveProgress({ objectives, keyResults }, progressAtClose);

  const review: CycleReview = {
    closedAt: options.closedAt,
    objectives: objectives.map((objective) => freeze(objective.id, objectiveResults.get(objective.id)?.progress ?? null)),
    keyResults: keyResults.map((kr) => freeze(kr.id, progressAtClose.get(kr.id)?.progress ?? null)),
    learnings: (options.learnings ?? []).map((learning) => learning.trim()).filter((learning) => learning.length > 0),
  };
  return {
    ...set,
    cycles: set.cycles.map((candidate) => (candidate.id === cycleId ? { ...candidate, state: 'closed' as const, review } : candidate)),
  };
}

// ---------------------------------------------------------------------------------------------
// The review.

export interface ReviewKr {
  id: string;
  title: string;
  objectiveTitle: string | null;
  progress: number | null;
  score: number | null;
  band: ScoreBand | null;
  /** Set when the KR was carried into a later cycle after the close. */
  carriedTo: { cycleId: string; cycleName: string } | null;
}

export interface ReviewObjective {
  id: string;
  title: string;
  commitment: Commitment | null;
  progress: number | null;
  score: number | null;
  band: ScoreBand | null;
  finding: CommitmentFinding | null;
}

export interface ReviewData {
  cycle: { id: string; name: string; start: string; end: string };
  closedAt: string;
  objectives: ReviewObjective[];
  /** KRs that scored ≥ 0.7. */
  wins: ReviewKr[];
  /** KRs that scored below 0.7. */
  misses: ReviewKr[];
  /** KRs whose progress was unknown at close. */
  unscored: ReviewKr[];
  sandbagging: SandbaggingFinding;
  learnings: string[];
}

/**
 * The review of a closed cycle, read from its frozen scores only (today's progress never leaks
 * into it). Titles are today's, so a renamed KR reads as it is known now. Null when the cycle has
 * no review yet.
 */
export function reviewData(set: OkrSet, cycleId: string): ReviewData | null {
  const cycle = findCycle(set, cycleId);
  const review = cycle.review;
  if (!review) return null;
  const objectiveById = new Map(set.objectives.map((objective) => [objective.id, objective]));
  const krById = new Map(set.keyResults.map((kr) => [kr.id, kr]));
  const cycleById = new Map(set.cycles.map((candidate) => [candidate.id, candidate]));

  const objectives = review.objectives.map((frozen): ReviewObjective => {
    const objective = objectiveById.get(frozen.id);
    return {
      id: frozen.id,
      title: objective?.title ?? frozen.id,
      commitment: objective?.commitment ?? null,
      progress: frozen.progress,
      score: frozen.score,
      band: scoreBand(frozen.score),
      finding: objective ? commitmentFinding(objective.commitment, frozen.score) : null,
    };
  });
  const keyResults = review.keyResults.map((frozen): ReviewKr => {
    const kr = krById.get(frozen.id);
    const objective = kr && objectiveById.get(kr.objectiveId);
    const laterCycle = objective && objective.cycleId !== cycleId ? cycleById.get(objective.cycleId) : undefined;
    return {
      id: frozen.id,
      title: kr?.title ?? frozen.id,
      objectiveTitle: objective?.title ?? null,
      progress: frozen.progress,
      score: frozen.score,
      band: scoreBand(frozen.score),
      carriedTo: laterCycle ? { cycleId: laterCycle.id, cycleName: laterCycle.name } : null,
    };
  });
  const aspirational = objectives.filter((objective) => objective.commitment === 'aspirational').map((objective) => objective.score);
  return {
    cycle: { id: cycle.id, name: cycle.name, start: cycle.start, end: cycle.end },
    closedAt: review.closedAt,
    objectives,
    wins: keyResults.filter((kr) => kr.score !== null && kr.score >= 0.7),
    misses: keyResults.filter((kr) => kr.score !== null && kr.score < 0.7),
    unscored: keyResults.filter((kr) => kr.score === null),
    sandbagging: sandbaggingFinding(aspirational),
    learnings: [...review.learnings],
  };
}

/**
 * Backslash-escapes the characters that Markdown (CommonMark and GitHub tables) would read as
 * markup, and folds line breaks, so a title like `Cut p95 *below* 200ms | [beta]` prints as typed.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&');
}

const scoreText = (value: number | null) => (value === null ? 'unknown' : value.toFixed(1));

function krLine(kr: ReviewKr): string {
  const parts = [`- **${escapeMarkdown(kr.title)}**: ${scoreText(kr.score)}`];
  if (kr.objectiveTitle) parts.push(` (${escapeMarkdown(kr.objectiveTitle)})`);
  if (kr.carriedTo) parts.push(`, carried over to ${escapeMarkdown(kr.carriedTo.cycleName)}`);
  return parts.join('');
}

const listOr = (lines: string[], empty: string) => (lines.length > 0 ? lines : [`_${empty}_`]);

/**
 * The review as Markdown for the closing town hall. Titles are escaped; learnings are the team's
 * own prose and keep their Markdown, with continuation lines indented so each stays one item.
 */
export function reviewMarkdown(set: OkrSet, cycleId: string): string {
  const data = reviewData(set, cycleId);
  if (!data) throw new Error(`The cycle "${cycleId}" is not closed yet, so it has no review.`);
  const objectiveRows = data.objectives.map(
    (objective) =>
      `| ${escapeMarkdown(objective.title)} | ${objective.commitment ?? ''} | ${scoreText(objective.score)} | ${objective.band ?? ''} |`,
  );
  const findings = [
    ...data.objectives
      .filter((objective) => objective.finding && (objective.finding.verdict !== 'met' || objective.score === 1))
      // Findings are our own sentences, plain text by construction; only the titles need escaping.
      .map((objective) => `- ${escapeMarkdown(objective.title)}: ${objective.finding!.explanation}`),
    ...(data.sandbagging.flagged ? [`- ${data.sandbagging.explanation}`] : []),
  ];
  const lines = [
    `# Cycle review: ${escapeMarkdown(data.cycle.name)}`,
    '',
    `${data.cycle.start} to ${data.cycle.end}, closed ${data.closedAt.slice(0, 10)}`,
    '',
    '## Objectives',
    '',
    ...(objectiveRows.length > 0
      ? ['| Objective | Commitment | Score | Band |', '| --- | --- | --- | --- |', ...objectiveRows]
      : ['_No objectives._']),
    '',
    '## Wins (score ≥ 0.7)',
    '',
    ...listOr(data.wins.map(krLine), 'No wins.'),
    '',
    '## Misses',
    '',
    ...listOr(data.misses.map(krLine), 'No misses.'),
    '',
    ...(data.unscored.length > 0 ? ['## Not measured', '', ...data.unscored.map(krLine), ''] : []),
    ...(findings.length > 0 ? ['## Findings', '', ...findings, ''] : []),
    '## Learnings',
    '',
    ...listOr(
      data.learnings.map((learning) => `- ${learning.replace(/\r?\n/g, '\n  ')}`),
      'No learnings recorded.',
    ),
    '',
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Carry-over.

/** KRs still in the closed cycle whose frozen progress is below 1 or unknown: candidates to carry. */
export function unfinishedKeyResults(set: OkrSet, cycleId: string): KeyResult[] {
  const review = findCycle(set, cycleId).review;
  if (!review) return [];
  const objectiveIds = new Set(set.objectives.filter((objective) => objective.cycleId === cycleId).map((objective) => objective.id));
  const unfinished = new Set(
    review.keyResults.filter((frozen) => frozen.progress === null || frozen.progress < 1).map((frozen) => frozen.id),
  );
  return set.keyResults.filter((kr) => unfinished.has(kr.id) && objectiveIds.has(kr.objectiveId));
}

/**
 * Carries KRs of a closed cycle into the next one.
 *
 * Design: links live in the trackers and point at the KR's id (Jira globalId
 * `kr-lens:<setId>:<krId>`) and at its link URL (Linear attachment url). Both are frozen, and ids
 * are never reused. A copy with a new id would orphan every tracker link, and giving it the old
 * URL would break URL uniqueness. So the carried KR *itself* moves on: it keeps its id, url,
 * measure and check-ins (its history), and moves under a copy of its objective in the new cycle.
 * The closed cycle keeps what happened in its frozen review, which still holds the KR's score
 * by id, and `reviewData` marks it "carried over". Only the objective is new: its id is
 * `idFor(oldObjectiveId)`, and carrying a second KR of the same objective reuses that copy.
 *
 * Refused (thrown, with a sentence): an unknown cycle, a source cycle not yet closed (its scores
 * must be frozen before a KR leaves it), a closed target, a KR not in the source cycle, or an
 * `idFor` id that is invalid or already used by anything else.
 */
export function carryOver(
  set: OkrSet,
  fromCycleId: string,
  toCycleId: string,
  krIds: readonly string[],
  idFor: (oldObjectiveId: string) => string,
): OkrSet {
  const from = findCycle(set, fromCycleId);
  const to = findCycle(set, toCycleId);
  if (from.id === to.id) throw new Error('A KR can only be carried into another cycle.');
  if (!from.review) throw new Error(`Close the cycle "${from.name}" first, so its scores are frozen before KRs leave it.`);
  if (to.state === 'closed') throw new Error(`The cycle "${to.name}" is closed; KRs cannot be carried into it.`);

  const objectiveById = new Map(set.objectives.map((objective) => [objective.id, objective]));
  const krById = new Map(set.keyResults.map((kr) => [kr.id, kr]));
  const usedIds = new Set([...objectiveById.keys(), ...krById.keys()]);
  const copies = new Map<string, Objective>(); // old objective id → its objective in the target cycle
  const newObjectives: Objective[] = [];
  const moves = new Map<string, string>(); // KR id → new objective id

  for (const krId of krIds) {
    const kr = krById.get(krId);
    const objective = kr && objectiveById.get(kr.objectiveId);
    if (!kr || !objective || objective.cycleId !== fromCycleId)
      throw new Error(`The key result "${krId}" is not in the cycle "${from.name}".`);
    let copy = copies.get(objective.id);
    if (!copy) {
      const copyId = idFor(objective.id);
      if (!idSchema.safeParse(copyId).success) throw new Error(`"${copyId}" is not a valid objective id.`);
      const existing = objectiveById.get(copyId);
      if (existing && existing.cycleId === toCycleId && existing.id !== objective.id) {
        copy = existing; // an earlier carry-over already copied this objective
      } else if (usedIds.has(copyId)) {
        throw new Error(`The id "${copyId}" is already used; ids are never reused.`);
      } else {
        copy = {
          ...objective,
          id: copyId,
          cycleId: toCycleId,
          alignment: { ...objective.alignment, supports: [...objective.alignment.supports] },
        };
        usedIds.add(copyId);
        newObjectives.push(copy);
      }
      copies.set(objective.id, copy);
    }
    moves.set(kr.id, copy.id);
  }

  return {
    ...set,
    objectives: [...set.objectives, ...newObjectives],
    keyResults: set.keyResults.map((kr) => {
      const objectiveId = moves.get(kr.id);
      return objectiveId === undefined ? kr : { ...kr, objectiveId };
    }),
  };
}
