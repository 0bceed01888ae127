import { useState } from 'preact/hooks';
import type { ActivityState, BoardsState } from '../../entrypoints/dashboard/state/activity';
import type { ScopeForm } from '../../entrypoints/dashboard/state/scope-form';
import type { Breakdown } from '../../lib/okr/activity';
import type { IssueSnapshot, TrackerId } from '../../lib/okr/model';
import type { PublicSettings } from '../../lib/settings';
import { hostOf } from '../../lib/util/host';
import { peopleByName } from '../../lib/view/activity';
import type { StatusLine } from '../../lib/view/status-line';
import { SharesBar } from '../charts/SharesBar';
import { safeHref } from '../safe-href';
import { Status } from '../ui/Status';

export interface ActivityPanelProps {
  settings: PublicSettings | null;
  form: ScopeForm;
  boards: BoardsState;
  activity: ActivityState;
  linkStatus: Readonly<Record<string, StatusLine>>;
  krs: Array<{ id: string; title: string; objectiveTitle: string }>;
  onForm: (patch: Partial<ScopeForm>) => void;
  onLoadBoards: () => void;
  onRun: (fresh: boolean) => void;
  onLink: (issue: { tracker: TrackerId; site: string; key: string }, krId: string) => void;
}

const JIRA_MODES: Array<[ScopeForm['jiraMode'], string]> = [
  ['boards', 'Open sprints of boards'],
  ['jql', 'JQL'],
  ['me', 'Assigned to me'],
  ['none', 'No Jira'],
];
const LINEAR_MODES: Array<[ScopeForm['linearMode'], string]> = [
  ['teams', 'Active cycles of teams'],
  ['me', 'Assigned to me'],
  ['none', 'No Linear'],
];

type ScopeProps = Pick<ActivityPanelProps, 'settings' | 'form' | 'boards' | 'onForm' | 'onLoadBoards'>;

/** One radio group of scope modes, e.g. "Open sprints of boards / JQL / Assigned to me / No Jira". */
function ModeChoices<M extends string>(props: {
  name: string;
  label: string;
  modes: Array<[M, string]>;
  value: M;
  testIdPrefix: string;
  onChoose: (mode: M) => void;
}) {
  return (
    <div class="choices" role="radiogroup" aria-label={props.label}>
      {props.modes.map(([mode, words]) => (
        <label key={mode} class="choice">
          <input
            type="radio"
            name={props.name}
            checked={props.value === mode}
            data-testid={`${props.testIdPrefix}-${mode}`}
            onChange={() => props.onChoose(mode)}
          />
          {words}
        </label>
      ))}
    </div>
  );
}

function BoardChoices({ form, boards, onForm, onLoadBoards }: Pick<ScopeProps, 'form' | 'boards' | 'onForm' | 'onLoadBoards'>) {
  const toggle = (id: number, checked: boolean) =>
    onForm({ boardIds: checked ? [...form.boardIds, id] : form.boardIds.filter((boardId) => boardId !== id) });
  return (
    <div class="boards">
      {boards.state === 'ok' ? (
        boards.boards.length === 0 ? (
          <p class="muted">This site shows you no boards.</p>
        ) : (
          boards.boards.map((board) => (
            <label key={board.id} class="choice">
              <input
                type="checkbox"
                checked={form.boardIds.includes(board.id)}
                data-testid="kr-lens-dashboard-scope-board"
                data-board-id={String(board.id)}
                onChange={(event) => toggle(board.id, (event.currentTarget as HTMLInputElement).checked)}
              />
              {board.name}
              {board.projectKey ? ` (${board.projectKey})` : ''}
            </label>
          ))
        )
      ) : (
        <button
          type="button"
          class="quiet"
          onClick={onLoadBoards}
          disabled={boards.state === 'loading'}
          data-testid="kr-lens-dashboard-scope-load-boards"
        >
          {boards.state === 'loading' ? 'Loading boards…' : 'Choose boards…'}
        </button>
      )}
      {boards.state === 'error' && <p class="status status--error">{boards.message}</p>}
    </div>
  );
}

function JiraScope({ settings, form, boards, onForm, onLoadBoards }: ScopeProps) {
  const sites = settings?.jira ?? [];
  if (sites.length === 0) return <p class="muted">No Jira site yet: open a Jira page once, or add a site in Options.</p>;
  return (
    <>
      <label>
        Site{' '}
        <select
          value={form.jiraSite}
          data-testid="kr-lens-dashboard-scope-jira-site"
          onChange={(event) => onForm({ jiraSite: (event.currentTarget as HTMLSelectElement).value })}
        >
          {sites.map((site) => (
            <option key={site.site} value={site.site}>
              {hostOf(site.site)}
            </option>
          ))}
        </select>
      </label>
      <ModeChoices
        name="jira-mode"
        label="Jira scope"
        modes={JIRA_MODES}
        value={form.jiraMode}
        testIdPrefix="kr-lens-dashboard-scope-jira"
        onChoose={(jiraMode) => onForm({ jiraMode })}
      />
      {form.jiraMode === 'boards' && <BoardChoices form={form} boards={boards} onForm={onForm} onLoadBoards={onLoadBoards} />}
      {form.jiraMode === 'jql' && (
        <label class="field">
          JQL
          <textarea
            rows={2}
            value={form.jql}
            data-testid="kr-lens-dashboard-scope-jql"
            onInput={(event) => onForm({ jql: (event.currentTarget as HTMLTextAreaElement).value })}
          />
        </label>
      )}
    </>
  );
}

function LinearScope({ settings, form, onForm }: Pick<ScopeProps, 'settings' | 'form' | 'onForm'>) {
  if (!settings?.linear.connected) return <p class="muted">Linear is not connected: add an API key in Options.</p>;
  return (
    <>
      <ModeChoices
        name="linear-mode"
        label="Linear scope"
        modes={LINEAR_MODES}
        value={form.linearMode}
        testIdPrefix="kr-lens-dashboard-scope-linear"
        onChoose={(linearMode) => onForm({ linearMode })}
      />
      {form.linearMode === 'teams' && (
        <label class="field">
          Team keys, comma-separated
          <input
            type="text"
            value={form.teamKeys}
            placeholder="MOB, WEB"
            data-testid="kr-lens-dashboard-scope-teams"
            onInput={(event) => onForm({ teamKeys: (event.currentTarget as HTMLInputElement).value })}
          />
        </label>
      )}
    </>
  );
}

function ScopePicker(props: ScopeProps) {
  return (
    <div class="scope-picker">
      <fieldset>
        <legend>Jira</legend>
        <JiraScope {...props} />
      </fieldset>
      <fieldset>
        <legend>Linear</legend>
        <LinearScope settings={props.settings} form={props.form} onForm={props.onForm} />
      </fieldset>
    </div>
  );
}

function Totals({ breakdown, label, testId }: { breakdown: Breakdown; label: string; testId: string }) {
  return (
    <div class="totals">
      <p class="totals__label">
        By count <span class="muted">({breakdown.total.count} issues)</span>
      </p>
      <SharesBar shares={breakdown.shares} by="count" label={`${label} by count`} testId={`${testId}-count`} />
      <p class="totals__label">
        By estimate{' '}
        <span class="muted">
          ({Number(breakdown.total.estimate.toFixed(2))} points
          {breakdown.total.unestimated > 0 ? `; ${breakdown.total.unestimated} issues have no estimate and add nothing here` : ''})
        </span>
      </p>
      <SharesBar shares={breakdown.shares} by="estimate" label={`${label} by estimate`} testId={`${testId}-estimate`} />
    </div>
  );
}

function pct(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

function BreakdownTable({
  rows,
  caption,
  testId,
}: {
  rows: Array<{ name: string; breakdown: Breakdown }>;
  caption: string;
  testId: string;
}) {
  return (
    <table class="table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Issues</th>
          <th scope="col">Aligned</th>
          <th scope="col">Run</th>
          <th scope="col">Unaligned</th>
          <th scope="col">
            <span class="visually-hidden">Shares by count</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name} data-testid={testId}>
            <th scope="row">{row.name}</th>
            <td>{row.breakdown.total.count}</td>
            <td>{pct(row.breakdown.shares.aligned.countShare)}</td>
            <td>{pct(row.breakdown.shares.run.countShare)}</td>
            <td>{pct(row.breakdown.shares.unaligned.countShare)}</td>
            <td class="table__bar">
              <SharesBar shares={row.breakdown.shares} by="count" label={row.name} compact />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function UnalignedRow({
  issue,
  krs,
  status,
  onLink,
}: {
  issue: IssueSnapshot;
  krs: ActivityPanelProps['krs'];
  status: StatusLine | undefined;
  onLink: ActivityPanelProps['onLink'];
}) {
  const [krId, setKrId] = useState('');
  const href = safeHref(issue.url);
  const selectId = `link-${issue.ref.tracker}-${issue.ref.key}`;
  return (
    <li class="unaligned" data-testid="kr-lens-dashboard-unaligned-issue" data-key={issue.ref.key}>
      <div>
        {href ? (
          <a href={href} target="_blank" rel="noopener">
            {issue.ref.key}
          </a>
        ) : (
          issue.ref.key
        )}{' '}
        {issue.title}
        <span class="muted">
          {' '}
          · {issue.status.name}
          {issue.assignee ? ` · ${issue.assignee.name}` : ' · unassigned'}
          {issue.estimate !== undefined ? ` · ${issue.estimate} pts` : ''}
        </span>
      </div>
      <form
        class="link-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (krId) onLink({ tracker: issue.ref.tracker, site: issue.ref.site, key: issue.ref.key }, krId);
        }}
      >
        <label for={selectId} class="visually-hidden">
          Key result for {issue.ref.key}
        </label>
        <select
          id={selectId}
          value={krId}
          data-testid="kr-lens-dashboard-link-kr"
          onChange={(event) => setKrId((event.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">Choose a key result…</option>
          {krs.map((kr) => (
            <option key={kr.id} value={kr.id}>
              {kr.title}
            </option>
          ))}
        </select>
        <button type="submit" disabled={!krId || status?.tone === 'busy'} data-testid="kr-lens-dashboard-link-button">
          Link to KR
        </button>
        {status && <Status status={status} testId="kr-lens-dashboard-link-status" />}
      </form>
    </li>
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
        <div data-testid="kr-lens-dashboard-report">
          <p class="hint" data-testid="kr-lens-dashboard-report-scopes">
            {activity.result.scopes.join(' · ')}
            {activity.result.stale ? ' (from earlier; read again for the latest)' : ''}
          </p>
          {activity.result.problems.map((problem) => (
            <p key={problem.scope} class="status status--error" role="alert" data-testid="kr-lens-dashboard-report-problem">
              {problem.scope}: {problem.error.message}
            </p>
          ))}
          <Totals breakdown={activity.result.report} label="All work" testId="kr-lens-dashboard-shares" />
          <div class="report-grid">
            <BreakdownTable
              caption="Per team"
              testId="kr-lens-dashboard-team-row"
              rows={activity.result.report.byTeam.map((team) => ({ name: team.team ?? 'No team', breakdown: team }))}
            />
            <BreakdownTable
              caption="Per assignee"
              testId="kr-lens-dashboard-assignee-row"
              rows={peopleByName(activity.result.report.byAssignee).map((person) => ({
                name: person.name ?? 'Unassigned',
                breakdown: person,
              }))}
            />
          </div>
          <h3>Unaligned work ({activity.result.report.unaligned.length})</h3>
          {activity.result.report.unaligned.length === 0 ? (
            <p class="muted">Every issue here serves a key result or is run work.</p>
          ) : (
            <ul class="plain-list">
              {activity.result.report.unaligned.map((issue) => (
                <UnalignedRow
                  key={`${issue.ref.tracker}:${issue.ref.site}:${issue.ref.key}`}
                  issue={issue}
                  krs={props.krs}
                  status={props.linkStatus[issue.ref.key]}
                  onLink={props.onLink}
                />
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
