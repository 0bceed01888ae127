/**
 * The fewest requests any client could send to read a team space, or to refresh its copy after
 * remote changes, under each tracker's limits (see tests/space/space-scale.test.ts):
 * - Jira: records come only with a search, 100 issues a page with properties and fields; check-in
 *   properties only from POST /comment/list, 1,000 ids a call (the ids come with the search).
 * - Linear: records and check-ins are attachments in one connection, 250 a page.
 */
import type { TrackerId } from '../../lib/okr/model';
import type { BenchRow } from './stats';

export const SPACE_LIMITS = {
  jira: { recordsPerSearchPage: 100, checkInsPerCommentList: 1000 },
  linear: { attachmentsPerPage: 250 },
} as const;

const pages = (items: number, pageSize: number) => Math.max(1, Math.ceil(items / pageSize));

/** A cold read of a space holding `records` records and `checkIns` check-ins. */
export function spaceReadBound(tracker: TrackerId, records: number, checkIns: number): number {
  if (tracker === 'linear') return pages(records + checkIns, SPACE_LIMITS.linear.attachmentsPerPage);
  const commentLists = checkIns === 0 ? 0 : Math.ceil(checkIns / SPACE_LIMITS.jira.checkInsPerCommentList);
  return pages(records, SPACE_LIMITS.jira.recordsPerSearchPage) + commentLists;
}

/**
 * A refresh of a copy after `changedRecords` records and `changedCheckIns` check-ins changed: one
 * search for what changed since the cursor (an empty answer still costs it), and on Jira the new
 * check-ins' properties.
 */
export function spaceRefreshBound(tracker: TrackerId, changedRecords: number, changedCheckIns: number): number {
  return spaceReadBound(tracker, changedRecords, changedCheckIns);
}

/** The issue's goal for request counts: no more than 10 % above the bound. */
export const SPACE_RATIO_GOAL = 1.1;

export interface SpaceFigure {
  name: string;
  measured: number;
  lowerBound: number;
  /** The requests in order, for the reader. */
  requests: readonly string[];
}

export function spaceRow(figure: SpaceFigure): BenchRow {
  const calls = summarise(figure.requests);
  if (figure.lowerBound === 0) {
    return {
      section: 'spaces',
      name: figure.name,
      value: figure.measured,
      unit: 'requests',
      goal: '0 requests',
      met: figure.measured === 0,
      ...(calls ? { detail: calls } : {}),
    };
  }
  const ratio = figure.measured / figure.lowerBound;
  return {
    section: 'spaces',
    name: figure.name,
    value: figure.measured,
    unit: 'requests',
    goal: `≤ ${SPACE_RATIO_GOAL} × lower bound`,
    met: ratio <= SPACE_RATIO_GOAL,
    detail: `lower bound ${figure.lowerBound}, ratio ${ratio.toFixed(2)}${calls ? `; ${calls}` : ''}`,
  };
}

/** "2× POST /search/jql, 1× POST /comment/list", in order of first use. */
export function summarise(requests: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request, (counts.get(request) ?? 0) + 1);
  return [...counts].map(([request, count]) => `${count}× ${request}`).join(', ');
}
