/** What a progress value carries (rule 7): its explanation, and the words and numbers sentences are built from. */
import type { IssueGraph } from './issue-graph';
import type { CheckIn, KeyResult, OkrSet, StatusCategory } from './model';
import type { ResolvedPlaybook } from './playbook';
import type { LinkIndex } from './contributing';

export type MeasureType = KeyResult['measure']['type'];
export type CountedAs = Exclude<StatusCategory, 'canceled'>;

export interface ExplainedIssue {
  id: string;
  key: string;
  title: string;
  url: string;
  /** The tracker's status name, e.g. "In Review". */
  status: string;
  category: CountedAs;
  weight: number;
  counted: CountedAs;
  /** Key of the linked ancestor this issue came through; absent when the issue is linked itself. */
  via?: string;
  /** True when the issue carries its own estimate; false when it has none (its weight may be imputed). */
  estimated: boolean;
}

export interface Explanation {
  /** A sentence a person can check by hand, e.g. "3 done + 0.5 × 2 in progress of 8 issues = 50%". */
  formula: string;
  measure: MeasureType;
  issues?: ExplainedIssue[];
  /** The KR's check-ins, oldest first. */
  checkIns?: CheckIn[];
  notes: string[];
}

export interface KrProgress {
  krId: string;
  /** 0..1, or null when it cannot be known (an issues-KR with no contributing work). */
  progress: number | null;
  explanation: Explanation;
}

export const percent = (share: number): string => `${Math.round(share * 100)}%`;
/** Short numbers for sentences: at most two decimals, no trailing zeros. */
export const formatNumber = (value: number): string => String(Number(value.toFixed(2)));
export const plural = (count: number, one: string, many = `${one}s`) => `${formatNumber(count)} ${count === 1 ? one : many}`;
export const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

export interface ProgressContext {
  set: Pick<OkrSet, 'id' | 'checkIns'>;
  graph: IssueGraph;
  playbook: ResolvedPlaybook;
  /** `indexLinks(graph)`; derived (and cached per graph) when absent. */
  links?: LinkIndex;
  /** `checkInsByKr(set.checkIns)`; derived (and cached per list) when absent. */
  checkIns?: ReadonlyMap<string, readonly CheckIn[]>;
}
