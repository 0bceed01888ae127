import type { WorkState } from '../../entrypoints/dashboard/state/core';
import { formatTimeAgo } from '../relative-time';

function workSentence(work: WorkState, now: () => number): string {
  if (work.state === 'loading' || work.state === 'idle') return 'Reading linked work from Jira and Linear…';
  if (work.state === 'error') return '';
  if (work.work.sources.length === 0) {
    return 'No tracker connected: key results measured by linked work show no progress until Jira or Linear is set up in Options.';
  }
  return `Linked work from ${work.work.sources.join(' and ')}, read ${formatTimeAgo(work.work.fetchedAt, now())}${work.work.stale ? ' (refreshing…)' : ''}.`;
}

/** Where the linked work comes from and how old it is, with "Read again" and any tracker's problem. */
export function WorkLine({ work, now, onRefresh }: { work: WorkState; now: () => number; onRefresh: () => void }) {
  return (
    <div class="work-line">
      <p role="status" class="hint" data-testid="kr-lens-dashboard-work-status">
        {workSentence(work, now)}
      </p>
      <button type="button" class="quiet" onClick={onRefresh} disabled={work.state === 'loading'} data-testid="kr-lens-dashboard-refresh">
        Read again
      </button>
      {work.state === 'error' && (
        <p class="status status--error" role="alert" data-testid="kr-lens-dashboard-work-error">
          {work.message}
        </p>
      )}
      {work.state === 'ok' &&
        [...work.work.problems.map((p) => `${p.site}: ${p.error.message}`), ...work.work.notices].map((message) => (
          <p key={message} class="status status--error" role="alert" data-testid="kr-lens-dashboard-work-problem">
            {message}
          </p>
        ))}
    </div>
  );
}
