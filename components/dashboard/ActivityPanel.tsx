import type { ActivityState, BoardsState } from '../../entrypoints/dashboard/state/activity';
import type { ScopeForm } from '../../entrypoints/dashboard/state/scope-form';
import type { PublicSettings } from '../../lib/settings';
import { peopleByName } from '../../lib/view/activity';
import type { StatusLine } from '../../lib/view/status-line';
import { BreakdownTable, Totals } from './BreakdownTables';
import { ScopePicker } from './ScopePicker';
import { type KrChoice, type LinkIssue, UnalignedRow } from './UnalignedRow';

export interface ActivityPanelProps {
  settings: PublicSettings | null;
  form: ScopeForm;
  boards: BoardsState;
  activity: ActivityState;
  linkStatus: Readonly<Record<string, StatusLine>>;
  krs: KrChoice[];
  onForm: (patch: Partial<ScopeForm>) => void;
  onLoadBoards: () => void;
  onRun: (fresh: boolean) => void;
  onLink: LinkIssue;
}

type ReportResult = Extract<ActivityState, { state: 'ok' }>['result'];

/** A report that was read: where from, what went wrong, the shares, and the unaligned issues to link. */
function ActivityReport({
  result,
  krs,
  linkStatus,
  onLink,
}: { result: ReportResult } & Pick<ActivityPanelProps, 'krs' | 'linkStatus' | 'onLink'>) {
  const { report } = result;
  return (
    <div data-testid="kr-lens-dashboard-report">
      <p class="hint" data-testid="kr-lens-dashboard-report-scopes">
        {result.scopes.join(' · ')}
        {result.stale ? ' (from earlier; read again for the latest)' : ''}
      </p>
      {result.problems.map((problem) => (
        <p key={problem.scope} class="status status--error" role="alert" data-testid="kr-lens-dashboard-report-problem">
          {problem.scope}: {problem.error.message}
        </p>
      ))}
      <Totals breakdown={report} label="All work" testId="kr-lens-dashboard-shares" />
      <div class="report-grid">
        <BreakdownTable
          caption="Per team"
          testId="kr-lens-dashboard-team-row"
          rows={report.byTeam.map((team) => ({ name: team.team ?? 'No team', breakdown: team }))}
        />
        <BreakdownTable
          caption="Per assignee"
          testId="kr-lens-dashboard-assignee-row"
          rows={peopleByName(report.byAssignee).map((person) => ({
            name: person.name ?? 'Unassigned',
            breakdown: person,
          }))}
        />
      </div>
      <h3>Unaligned work ({report.unaligned.length})</h3>
      {report.unaligned.length === 0 ? (
        <p class="muted">Every issue here serves a key result or is run work.</p>
      ) : (
        <ul class="plain-list">
          {report.unaligned.map((issue) => (
            <UnalignedRow
              key={`${issue.ref.tracker}:${issue.ref.site}:${issue.ref.key}`}
              issue={issue}
              krs={krs}
              status={linkStatus[issue.ref.key]}
              onLink={onLink}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

/** rule 8: which in-flight work serves a KR, which is run work, and which serves nothing. */
export function ActivityPanel(props: ActivityPanelProps) {
  const { activity } = props;
  return (
    <section class="panel" aria-labelledby="activity-heading" data-testid="kr-lens-dashboard-activity">
      <h2 id="activity-heading">Activity report</h2>
      <p class="hint">
        Pick the work to look at. Aligned work serves a key result of an active cycle, itself or through a parent; run work is business as
        usual (bugs, on-call, …); the rest is unaligned.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          props.onRun(false);
        }}
      >
        <ScopePicker {...props} />
        <div class="actions">
          <button type="submit" class="primary" disabled={activity.state === 'loading'} data-testid="kr-lens-dashboard-run-report">
            {activity.state === 'loading' ? 'Reading…' : 'Run the report'}
          </button>
          {activity.state === 'ok' && (
            <button type="button" class="quiet" onClick={() => props.onRun(true)} data-testid="kr-lens-dashboard-report-refresh">
              Read again
            </button>
          )}
        </div>
      </form>
      {activity.state === 'error' && (
        <p class="status status--error" role="alert" data-testid="kr-lens-dashboard-report-error">
          {activity.message}
        </p>
      )}
      {activity.state === 'ok' && (
        <ActivityReport result={activity.result} krs={props.krs} linkStatus={props.linkStatus} onLink={props.onLink} />
      )}
    </section>
  );
}
