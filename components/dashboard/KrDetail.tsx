import { useEffect, useId, useRef } from 'preact/hooks';
import type { CheckInForm } from '../../entrypoints/dashboard/state/check-in-form';
import type { Route } from '../../lib/view/dashboard-routes';
import { valueText, type KrDetailView, type LinkedIssueView } from '../../lib/view/kr-detail';
import type { StatusLine } from '../../lib/view/status-line';
import { CheckInChart } from '../charts/CheckInChart';
import { ProgressBar } from '../ui/ProgressBar';
import { Explanation } from '../Explanation';
import { krHomeHref, safeHref } from '../safe-href';
import { ConfidenceBadge, ScoreBadge, StatusBadge } from './Badges';
import { RouteLink } from './RouteLink';
import { Status } from '../ui/Status';
import { ReadOnlyNotice } from './ReadOnlyNotice';

export interface KrDetailProps {
  detail: KrDetailView;
  form: CheckInForm;
  status: StatusLine;
  /** Linked work is still being read: issue lists may grow. */
  workLoading: boolean;
  onNavigate: (route: Route) => void;
  onForm: (patch: Partial<CheckInForm>) => void;
  onSave: () => void;
  /** Shown instead of the check-in form when the set cannot be changed here (a subscribed file). */
  readOnly?: string | null;
}

const CATEGORY_WORDS: Record<LinkedIssueView['category'], string> = {
  todo: 'to do',
  in_progress: 'in progress',
  done: 'done',
  canceled: 'canceled',
};
const TRACKER_WORDS = { jira: 'Jira', linear: 'Linear' } as const;

function formatWhen(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

function measureText(measure: KrDetailView['measure']): string {
  switch (measure.type) {
    case 'issues':
      return `Progress from linked work, weighted by ${measure.weighting}${measure.inProgressCredit > 0 ? `, in-progress work earns ${measure.inProgressCredit}` : ''}.`;
    case 'metric':
      return `A metric from ${valueText(measure, measure.start)} to ${valueText(measure, measure.target)}.`;
    case 'milestone':
      return 'A milestone: reached or not.';
  }
}

function LinkedIssues({ issues, loading }: { issues: LinkedIssueView[]; loading: boolean }) {
  if (issues.length === 0) {
    return (
      <p class="muted">
        {loading ? 'Reading linked work from Jira and Linear…' : 'No issue in Jira or Linear is linked to this key result yet.'}
      </p>
    );
  }
  return (
    <table class="table">
      <thead>
        <tr>
          <th scope="col">Issue</th>
          <th scope="col">Tracker</th>
          <th scope="col">Status</th>
          <th scope="col">Below it</th>
        </tr>
      </thead>
      <tbody>
        {issues.map((issue) => {
          const href = safeHref(issue.url);
          return (
            <tr
              key={`${issue.tracker}:${issue.site}:${issue.key}`}
              data-testid="kr-lens-dashboard-linked-issue"
              data-tracker={issue.tracker}
            >
              <td>
                {href ? (
                  <a href={href} target="_blank" rel="noopener">
                    {issue.key}
                  </a>
                ) : (
                  issue.key
                )}{' '}
                {issue.title}
              </td>
              <td>{TRACKER_WORDS[issue.tracker]}</td>
              <td>
                <span class={`pill pill--${issue.category}`}>{issue.statusName}</span>{' '}
                <span class="visually-hidden">({CATEGORY_WORDS[issue.category]})</span>
              </td>
              <td>{issue.descendantCount === 0 ? '—' : `${issue.descendantCount} ${issue.descendantCount === 1 ? 'issue' : 'issues'}`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The value a check-in records: a number for a metric, reached or not for a milestone, nothing for issues KRs. */
function ValueField({
  id,
  measure,
  form,
  onForm,
}: { id: string; measure: KrDetailView['measure'] } & Pick<KrDetailProps, 'form' | 'onForm'>) {
  if (measure.type === 'metric') {
    return (
      <div class="field">
        <label for={`${id}-value`}>Current value{measure.unit ? ` (${measure.unit})` : ''}</label>
        <input
          id={`${id}-value`}
          type="text"
          inputMode="decimal"
          value={form.value}
          placeholder={`e.g. ${measure.target}`}
          data-testid="kr-lens-dashboard-checkin-value"
          onInput={(event) => onForm({ value: (event.currentTarget as HTMLInputElement).value })}
        />
      </div>
    );
  }
  if (measure.type !== 'milestone') return null;
  return (
    <div class="field">
      <label for={`${id}-value`}>Milestone</label>
      <select
        id={`${id}-value`}
        value={form.value}
        data-testid="kr-lens-dashboard-checkin-value"
        onChange={(event) => onForm({ value: (event.currentTarget as HTMLSelectElement).value })}
      >
        <option value="">No change</option>
        <option value="0">Not reached</option>
        <option value="1">Reached</option>
      </select>
    </div>
  );
}

function CheckInFormView({
  detail,
  form,
  status,
  onForm,
  onSave,
}: Pick<KrDetailProps, 'detail' | 'form' | 'status' | 'onForm' | 'onSave'>) {
  const id = useId();
  const measure = detail.measure;
  return (
    <form
      class="check-in-form"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        onSave();
      }}
    >
      <h3 id={`${id}-heading`}>Record a check-in</h3>
      <div class="field-row">
        <ValueField id={id} measure={measure} form={form} onForm={onForm} />
        <div class="field field--narrow">
          <label for={`${id}-confidence`}>Confidence (0–10)</label>
          <input
            id={`${id}-confidence`}
            type="number"
            min={0}
            max={10}
            step={1}
            required
            value={form.confidence}
            aria-describedby={`${id}-confidence-hint`}
            data-testid="kr-lens-dashboard-checkin-confidence"
            onInput={(event) => onForm({ confidence: (event.currentTarget as HTMLInputElement).value })}
          />
        </div>
      </div>
      <p class="hint" id={`${id}-confidence-hint`}>
        How sure you are the key result will be met: 3 or less marks it at risk.
        {measure.type === 'issues' ? ' Its progress comes from the linked work.' : ''}
      </p>
      <div class="field">
        <label for={`${id}-note`}>Note</label>
        <textarea
          id={`${id}-note`}
          rows={2}
          value={form.note}
          data-testid="kr-lens-dashboard-checkin-note"
          onInput={(event) => onForm({ note: (event.currentTarget as HTMLTextAreaElement).value })}
        />
      </div>
      <div class="actions">
        <button type="submit" class="primary" disabled={status.tone === 'busy'} data-testid="kr-lens-dashboard-checkin-save">
          Save check-in
        </button>
        <Status status={status} testId="kr-lens-dashboard-checkin-status" />
      </div>
    </form>
  );
}

/** "← OKR tree", then the chain from the company objective down to the KR's own objective. */
function ChainNav({ detail, onNavigate }: Pick<KrDetailProps, 'detail' | 'onNavigate'>) {
  const parentRoute: Route = detail.objective ? { view: 'tree', objectiveId: detail.objective.id } : { view: 'tree' };
  return (
    <nav class="breadcrumbs" aria-label="Alignment chain">
      <RouteLink to={parentRoute} onNavigate={onNavigate} testId="kr-lens-dashboard-back">
        ← OKR tree
      </RouteLink>
      {detail.chain.length > 0 && (
        <ol class="chain">
          {detail.chain.map((item) => (
            <li key={`${item.kind}-${item.id}`} data-testid="kr-lens-dashboard-chain-item">
              {item.kind === 'kr' ? (
                <RouteLink to={{ view: 'kr', krId: item.id }} onNavigate={onNavigate}>
                  {item.title}
                </RouteLink>
              ) : (
                item.title
              )}
            </li>
          ))}
        </ol>
      )}
    </nav>
  );
}

function DetailFigures({ detail }: { detail: KrDetailView }) {
  return (
    <div class="detail-figures">
      <ProgressBar progress={detail.progress} band={detail.band} label={detail.title} />
      <span class="figure figure--large" data-testid="kr-lens-dashboard-detail-progress">
        {detail.progressText}
      </span>
      <div class="badges">
        <ScoreBadge score={detail.score} band={detail.band} testId="kr-lens-dashboard-detail-score" />
        <StatusBadge status={detail.status} testId="kr-lens-dashboard-detail-status" />
        <ConfidenceBadge confidence={detail.confidence} testId="kr-lens-dashboard-detail-confidence" />
      </div>
    </div>
  );
}

function CheckInList({ detail }: { detail: KrDetailView }) {
  if (detail.checkIns.length === 0) return <p class="muted">No check-ins yet.</p>;
  return (
    <ol class="plain-list check-ins" aria-label="Check-ins, newest first">
      {detail.checkIns.map((checkIn) => (
        <li key={checkIn.id} class="check-in" data-testid="kr-lens-dashboard-checkin">
          <span class="check-in__date">{formatWhen(checkIn.at)}</span>
          {checkIn.value !== undefined && <span>{valueText(detail.measure, checkIn.value)}</span>}
          <ConfidenceBadge confidence={checkIn.confidence} />
          {checkIn.author && <span class="muted">{checkIn.author}</span>}
          {checkIn.note && <span class="check-in__note">{checkIn.note}</span>}
        </li>
      ))}
    </ol>
  );
}

/** One key result: why its progress is what it is, the work behind it, and its check-ins. */
export function KrDetail(props: KrDetailProps) {
  const { detail, onNavigate } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus follows navigation, so keyboard and screen-reader users land on what they opened.
  useEffect(() => heading.current?.focus(), [detail.krId]);
  const home = krHomeHref(detail.url);
  return (
    <section class="panel kr-detail" aria-labelledby="kr-detail-heading" data-testid="kr-lens-dashboard-kr-detail" data-kr-id={detail.krId}>
      <ChainNav detail={detail} onNavigate={onNavigate} />
      <h2 id="kr-detail-heading" tabIndex={-1} ref={heading} data-testid="kr-lens-dashboard-detail-title">
        {detail.title}
      </h2>
      <p class="hint">
        {measureText(detail.measure)}
        {detail.owner ? ` Owner: ${detail.owner}.` : ''}
        {detail.teams.length > 0 ? ` Teams: ${detail.teams.join(', ')}.` : ''}
        {detail.cycle ? ` ${detail.cycle.name}, ${detail.cycle.start} to ${detail.cycle.end}.` : ''}{' '}
        {home && (
          <a href={home} target="_blank" rel="noopener">
            Where this KR is written down
          </a>
        )}
      </p>
      <DetailFigures detail={detail} />
      <p class="status-sentence" data-testid="kr-lens-dashboard-detail-status-text">
        {detail.statusText}
      </p>

      <div class="detail-grid">
        <section aria-labelledby="kr-history-heading">
          <h3 id="kr-history-heading">Check-in history</h3>
          <CheckInChart chart={detail.chart} label={detail.title} />
          {props.readOnly ? <ReadOnlyNotice text={props.readOnly} /> : <CheckInFormView {...props} />}
          <CheckInList detail={detail} />
        </section>
        <section aria-labelledby="kr-why-heading">
          <h3 id="kr-why-heading">Why {detail.progressText === '—' ? 'unknown' : detail.progressText}?</h3>
          <Explanation explanation={detail.explanation} />
          <h3 class="section-gap">Linked issues</h3>
          <LinkedIssues issues={detail.linkedIssues} loading={props.workLoading} />
        </section>
      </div>
    </section>
  );
}
