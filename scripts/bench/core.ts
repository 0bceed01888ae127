/**
 * Core scaling: progress of every KR, the alignment chain of every issue and the activity report
 * over a synthetic organisation of N issues and 200 KRs, at 5k, 50k and 500k issues. Growth is
 * reported as the ratio of time per issue against the 5k run: near 1 means near-linear.
 */
import { activityReport } from '../../lib/okr/activity';
import { issueAlignment } from '../../lib/okr/alignment';
import { activeCycleIds } from '../../lib/okr/cycle';
import { buildIssueGraph, issueId } from '../../lib/okr/issue-graph';
import type { IssueSnapshot, KeyResult, Objective, OkrSet } from '../../lib/okr/model';
import { resolvePlaybook } from '../../lib/okr/playbook';
import { allKrProgress, allObjectiveProgress } from '../../lib/okr/progress';
import { median, type BenchRow } from './stats';

const KR_COUNT = 200;
const SITE = 'https://acme.atlassian.net';
const CATEGORIES = ['todo', 'in_progress', 'done', 'done'] as const;

/** A company of epics (half linked to a KR) → 10 stories → 4 sub-tasks, some canceled, some bugs. */
export function syntheticOrganisation(issueCount: number): { set: OkrSet; issues: IssueSnapshot[] } {
  const objectives: Objective[] = Array.from({ length: KR_COUNT / 4 }, (_, i) => ({
    id: `o${i}`,
    cycleId: 'q4',
    title: `Objective ${i}`,
    level: i === 0 ? 'company' : 'team',
    team: `Team ${i % 12}`,
    commitment: i % 3 ? 'committed' : 'aspirational',
    alignment: { supports: [], ...(i > 0 ? { inherits: `kr${Math.floor((i - 1) / 2) * 4}` } : {}) },
  }));
  const keyResults: KeyResult[] = Array.from({ length: KR_COUNT }, (_, i) => ({
    id: `kr${i}`,
    objectiveId: `o${Math.floor(i / 4)}`,
    title: `Key result ${i}`,
    measure: { type: 'issues', weighting: i % 2 ? 'estimate' : 'count', inProgressCredit: 0.5 },
    url: `https://okrs.example/#kr-kr${i}`,
  }));
  const set: OkrSet = {
    schemaVersion: 1,
    id: 'bench',
    name: 'Bench',
    cycles: [{ id: 'q4', name: 'Q4', start: '2026-10-01', end: '2026-12-31', state: 'active' }],
    objectives,
    keyResults,
    checkIns: [],
  };
  const issues: IssueSnapshot[] = [];
  let n = 0;
  const issue = (key: string, parent: string | undefined, krId?: string): IssueSnapshot => {
    const i = n++;
    return {
      ref: { tracker: 'jira', site: SITE, key },
      title: key,
      url: `${SITE}/browse/${key}`,
      kind: i % 9 === 0 ? 'bug' : 'story',
      status: { name: i % 37 === 0 ? "Won't Do" : 'In flight', category: CATEGORIES[i % 4]! },
      ...(i % 3 ? { estimate: i % 5 } : {}),
      ...(parent ? { parent } : {}),
      assignee: { id: `u${i % 40}`, name: `Person ${i % 40}` },
      team: `Team ${i % 12}`,
      labels: [],
      updatedAt: '2026-11-01T00:00:00Z',
      krRefs: krId ? [{ setId: 'bench', krId }] : [],
    };
  };
  for (let epic = 0; issues.length < issueCount; epic++) {
    const epicKey = `E-${epic}`;
    issues.push(issue(epicKey, undefined, epic % 2 === 0 ? `kr${epic % KR_COUNT}` : undefined));
    for (let story = 0; story < 10 && issues.length < issueCount; story++) {
      const storyKey = `S-${epic}-${story}`;
      issues.push(issue(storyKey, epicKey, story === 0 ? `kr${(epic + 1) % KR_COUNT}` : undefined));
      for (let task = 0; task < 4 && issues.length < issueCount; task++) issues.push(issue(`T-${epic}-${story}-${task}`, storyKey));
    }
  }
  return { set, issues };
}

/** One full pass: what a refresh of the dashboard computes. */
export function corePass(set: OkrSet, issues: readonly IssueSnapshot[]): { aligned: number; unaligned: number } {
  const playbook = resolvePlaybook(set.playbook);
  const graph = buildIssueGraph(issues);
  const progress = allKrProgress(set, graph, playbook);
  allObjectiveProgress(set, progress);
  const active = activeCycleIds(set);
  let aligned = 0;
  for (const issue of issues) if (issueAlignment(set, graph, issueId(issue.ref), active).aligned) aligned++;
  const report = activityReport(issues, { set, graph, playbook, activeCycleIds: active });
  return { aligned, unaligned: report.shares.unaligned.count };
}

export async function benchCore(sizes = [5_000, 50_000, 500_000]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let basePerIssue: number | null = null;
  for (const size of sizes) {
    const { set, issues } = syntheticOrganisation(size);
    const runs = size >= 500_000 ? 3 : size >= 50_000 ? 5 : 9;
    // Warm-up (JIT and caches, not measured), except at the largest size: the smaller runs have
    // warmed the same code, and one more 500k pass would cost a minute of the 10-minute budget.
    if (size < 500_000) corePass(set, issues);
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      corePass(set, issues);
      times.push(performance.now() - start);
    }
    const ms = median(times);
    const perIssue = ms / size;
    basePerIssue ??= perIssue;
    rows.push({
      section: 'core',
      name: `progress + chains + activity report, ${size.toLocaleString('en')} issues, ${KR_COUNT} KRs`,
      value: Math.round(ms),
      unit: 'ms (median)',
      goal: 'time per issue within 1.5× of the 5k run',
      met: perIssue / basePerIssue <= 1.5,
      detail: `${runs} runs; time per issue ${(perIssue / basePerIssue).toFixed(2)}× the 5k run`,
    });
  }
  return rows;
}
