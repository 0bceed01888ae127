import type { PageHealthView } from '../../lib/messaging';
import { formatTimeAgo } from '../relative-time';

export interface PageCheckSectionProps {
  reports: PageHealthView[];
  now: number;
}

const TRACKER_NAME = { jira: 'Jira', linear: 'Linear' } as const;

function missingRequired(report: PageHealthView): string[] {
  return report.entries.filter((entry) => entry.required && !entry.found).map((entry) => entry.name);
}

function onFallback(report: PageHealthView): string[] {
  return report.entries.filter((entry) => entry.found && (entry.fallbackIndex ?? 0) > 0).map((entry) => entry.name);
}

/**
 * Which parts of the Jira and Linear issue pages KR Lens found the last time it showed there. When
 * a tracker changes its markup the overlay moves to the floating chip; this says which anchor went.
 */
export function PageCheckSection({ reports, now }: PageCheckSectionProps) {
  return (
    <section class="card" aria-labelledby="page-check-title" data-testid="kr-lens-page-health">
      <h2 id="page-check-title">Page check</h2>
      <p class="hint">
        What KR Lens found on the last Jira and Linear issue page it showed on. If an anchor is missing, the overlay sits in a floating chip
        at the bottom right instead of under the issue title; it still works.
      </p>
      {reports.length === 0 ? (
        <p data-testid="kr-lens-page-health-empty">No issue page seen yet: open a Jira or Linear issue, then come back.</p>
      ) : (
        <ul class="page-check">
          {reports.map((report) => {
            const missing = missingRequired(report);
            const fallback = onFallback(report);
            return (
              <li key={report.tracker} data-testid={`kr-lens-page-health-${report.tracker}`}>
                <strong>{TRACKER_NAME[report.tracker]}</strong> ({formatTimeAgo(report.checkedAt, now)}):{' '}
                {missing.length === 0 ? (
                  <span data-testid="kr-lens-page-health-ok">
                    every anchor found{fallback.length > 0 ? `; on a fallback selector: ${fallback.join(', ')}` : ''}.
                  </span>
                ) : (
                  <span data-testid="kr-lens-page-health-missing">
                    not found: {missing.join(', ')}. The overlay uses its floating chip there.
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
