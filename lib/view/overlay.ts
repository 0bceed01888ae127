/**
 * Pure view-model builders: core results (progress, score, status, alignment) turned into the
 * plain JSON the overlay, the picker and board markers render. No I/O; the background service
 * fetches, these shape.
 */
import { buildIssueGraph, issueId, type IssueGraph } from '../okr/issue-graph';
import type { IssueSnapshot, KeyResult, OkrSet } from '../okr/model';
import { isCanceled, isRunWork, type ResolvedPlaybook } from '../okr/playbook';
import { issueAlignment, type ChainItem, type IssueAlignment, type ServedKr } from '../okr/alignment';
import { krProgress, percent, type KrProgress } from '../okr/progress';
import { activeCycleIds, krStatusOn } from '../okr/cycle';
import { latestCheckIn, score, scoreBand } from '../okr/score';
import type { IssueWithFamily } from '../trackers/tracker';
import type {
  ChainItemView,
  Classification,
  ExplanationView,
  IssueHeaderView,
  KrCardView,
  KrOptionView,
  MarkerView,
  OverlayView,
  ProgressFigures,
} from './types';

export interface OkrContext {
  set: OkrSet;
  playbook: ResolvedPlaybook;
  /** `YYYY-MM-DD`, the user's local date. */
  today: string;
}

export const progressText = (progress: number | null): string => (progress === null ? '—' : percent(progress));

/** Progress with its text, score and band; the status is the caller's, as it depends on what is compared. */
export function progressFigures(progress: number | null): Omit<ProgressFigures, 'status'> {
  const figures = score(progress);
  return { progress, progressText: progressText(progress), score: figures, band: scoreBand(figures) };
}

export function chainView(item: ChainItem): ChainItemView {
  return { kind: item.kind, id: item.id, title: item.title, ...(item.level ? { level: item.level } : {}) };
}

/** A KR's explanation as the overlay and the dashboard show it (rule 7). */
export function explanationView(kr: KeyResult, result: KrProgress | undefined): ExplanationView {
  const explanation = result?.explanation;
  return {
    measure: kr.measure.type,
    ...(kr.measure.type === 'issues' ? { weighting: kr.measure.weighting } : {}),
    formula: explanation?.formula ?? 'not computed yet',
    notes: explanation?.notes ?? [],
    issues: (explanation?.issues ?? []).map((issue) => ({
      key: issue.key,
      title: issue.title,
      url: issue.url,
      statusName: issue.status,
      counted: issue.counted,
      weight: issue.weight,
      estimated: issue.estimated,
      ...(issue.via ? { via: issue.via } : {}),
    })),
    checkIns: (explanation?.checkIns ?? []).map((checkIn) => ({
      at: checkIn.at,
      confidence: checkIn.confidence,
      ...(checkIn.value !== undefined ? { value: checkIn.value } : {}),
      ...(checkIn.note !== undefined ? { note: checkIn.note } : {}),
      ...(checkIn.author !== undefined ? { author: checkIn.author } : {}),
    })),
  };
}

export function krCardView(ctx: OkrContext, graph: IssueGraph, kr: KeyResult, served: Pick<ServedKr, 'via' | 'chain'>): KrCardView {
  const result = krProgress(kr, { set: ctx.set, graph, playbook: ctx.playbook });
  const objective = ctx.set.objectives.find((candidate) => candidate.id === kr.objectiveId);
  const confidence = latestCheckIn(ctx.set.checkIns, kr.id)?.confidence;
  return {
    setId: ctx.set.id,
    krId: kr.id,
    title: kr.title,
    url: kr.url,
    objectiveId: kr.objectiveId,
    objectiveTitle: objective?.title ?? '',
    // The first two chain items are the KR and its objective, shown on the card itself.
    chain: served.chain.slice(2).map(chainView),
    measure: kr.measure.type,
    ...progressFigures(result.progress),
    status: krStatusOn(ctx.set, kr.id, result.progress, ctx.today).status,
    ...(confidence !== undefined ? { confidence } : {}),
    ...(served.via ? { via: served.via } : {}),
    direct: served.via === undefined,
    explanation: explanationView(kr, result),
  };
}

function classify(alignment: IssueAlignment, issue: IssueSnapshot, playbook: ResolvedPlaybook): Classification {
  if (alignment.aligned) return 'aligned';
  return isRunWork(issue, playbook) ? 'run' : 'unaligned';
}

/** An issue's header line as the overlay and the dashboard's linked issues show it. */
export function headerView(issue: IssueSnapshot): IssueHeaderView {
  return {
    tracker: issue.ref.tracker,
    site: issue.ref.site,
    key: issue.ref.key,
    title: issue.title,
    url: issue.url,
    kind: issue.kind,
    statusName: issue.status.name,
    category: issue.status.category,
  };
}

/** Direct children done / all, canceled ones left out as they are from progress. */
function childrenSummary(family: IssueWithFamily, playbook: ResolvedPlaybook): OverlayView['children'] {
  const children = family.descendants.filter((child) => child.parent === family.issue.ref.key && !isCanceled(child, playbook));
  if (children.length === 0) return undefined;
  return { done: children.filter((child) => child.status.category === 'done').length, total: children.length };
}

export interface OverlayInputs extends OkrContext {
  family: IssueWithFamily;
  /** Every issue linked to a KR this issue serves, with their descendants. */
  linked: readonly IssueSnapshot[];
  fetchedAt: number;
  stale: boolean;
  notice?: string;
}

/**
 * The graph of everything known around one issue. Where one issue comes twice, the snapshot that
 * answers for its links wins: the issue and its ancestors from the family read, a KR's linked
 * issues from the search for that KR's links (a descendant's links are not part of the family
 * read, see IssueWithFamily).
 */
export function familyGraph(family: IssueWithFamily, linked: readonly IssueSnapshot[]): IssueGraph {
  return buildIssueGraph([...family.descendants, ...linked, ...family.ancestors, family.issue]);
}

export function buildOverlayView(inputs: OverlayInputs): OverlayView {
  const { family, playbook, set } = inputs;
  const graph = familyGraph(family, inputs.linked);
  const alignment = issueAlignment(set, graph, issueId(family.issue.ref), activeCycleIds(set));
  const krById = new Map(set.keyResults.map((kr) => [kr.id, kr]));
  const krs = alignment.active.flatMap((served) => {
    const kr = krById.get(served.krId);
    return kr ? [krCardView(inputs, graph, kr, served)] : [];
  });
  const children = childrenSummary(family, playbook);
  return {
    issue: headerView(family.issue),
    classification: classify(alignment, family.issue, playbook),
    krs,
    ...(children ? { children } : {}),
    fetchedAt: inputs.fetchedAt,
    stale: inputs.stale,
    ...(inputs.notice ? { notice: inputs.notice } : {}),
  };
}

/** The KRs an issue serves, for the service to know which linked issues to fetch. */
export function servedKrRefs(set: OkrSet, family: IssueWithFamily): KeyResult[] {
  const graph = familyGraph(family, []);
  const alignment = issueAlignment(set, graph, issueId(family.issue.ref), activeCycleIds(set));
  const krById = new Map(set.keyResults.map((kr) => [kr.id, kr]));
  return alignment.active.flatMap((served) => krById.get(served.krId) ?? []);
}

/**
 * The picker: every KR of the active cycle(s), any measure. KRs the issue's ancestors serve are
 * suggested first (the epic's KR is the likely answer); progress shown where it is known.
 */
export function buildPickerOptions(ctx: OkrContext, family: IssueWithFamily | null, linked: readonly IssueSnapshot[]): KrOptionView[] {
  const { set } = ctx;
  const active = activeCycleIds(set);
  const graph = family ? familyGraph(family, linked) : buildIssueGraph(linked);
  const alignment = family ? issueAlignment(set, graph, issueId(family.issue.ref), active) : null;
  const direct = new Set(alignment?.active.filter((s) => s.via === undefined).map((s) => s.krId));
  const viaAncestor = new Set(alignment?.active.filter((s) => s.via !== undefined).map((s) => s.krId));
  const objectiveById = new Map(set.objectives.map((objective) => [objective.id, objective]));
  const options = set.keyResults.flatMap((kr): KrOptionView[] => {
    const objective = objectiveById.get(kr.objectiveId);
    if (!objective || !active.has(objective.cycleId)) return [];
    const known = kr.measure.type !== 'issues' || direct.has(kr.id) || viaAncestor.has(kr.id);
    const progress = known ? krProgress(kr, { set, graph, playbook: ctx.playbook }).progress : null;
    return [
      {
        setId: set.id,
        krId: kr.id,
        title: kr.title,
        objectiveTitle: objective.title,
        teams: kr.teams ?? (objective.team ? [objective.team] : []),
        measure: kr.measure.type,
        progressText: progressText(progress),
        suggested: viaAncestor.has(kr.id) && !direct.has(kr.id),
        linked: direct.has(kr.id),
      },
    ];
  });
  // Stable order: suggested first, then the file's order.
  return [...options.filter((o) => o.suggested), ...options.filter((o) => !o.suggested)];
}

/** Board and list markers: one per issue, from snapshots that include the issues' ancestors. */
export function buildMarkers(ctx: OkrContext, keys: readonly string[], issues: readonly IssueSnapshot[]): MarkerView[] {
  const graph = buildIssueGraph(issues);
  const active = activeCycleIds(ctx.set);
  const byKey = new Map(issues.map((issue) => [issue.ref.key, issue]));
  return keys.flatMap((key): MarkerView[] => {
    const issue = byKey.get(key);
    if (!issue) return [];
    const alignment = issueAlignment(ctx.set, graph, issueId(issue.ref), active);
    return [{ key, classification: classify(alignment, issue, ctx.playbook), krTitles: alignment.active.map((s) => s.title) }];
  });
}
