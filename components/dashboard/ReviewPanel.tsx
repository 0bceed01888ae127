import { useEffect, useState } from 'preact/hooks';
import type { ReviewState } from '../../entrypoints/dashboard/state/review';
import type { Route } from '../../lib/view/dashboard-routes';
import type { ReviewData, ReviewKr } from '../../lib/okr/cycle-close';
import type { CycleView } from '../../lib/view/okr-context';
import type { StatusLine } from '../../lib/view/status-line';
import { ScoreBadge } from './Badges';
import { RouteLink } from './RouteLink';
import { Status } from '../ui/Status';

export interface ReviewPanelProps {
  cycle: CycleView;
  review: ReviewState;
  status: StatusLine;
  /** Set when some issues KRs' work could not be read: they would be frozen as unknown. */
  workWarning: string | null;
  onClose: (learnings: string) => void;
  onDownload: () => void;
  onCarry: (krIds: string[], toCycleId: string) => void;
  onNavigate: (route: Route) => void;
}

function KrList({
  krs,
  testId,
  empty,
  onNavigate,
}: {
  krs: ReviewKr[];
  testId: string;
  empty: string;
  onNavigate: (route: Route) => void;
}) {
  if (krs.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ul class="plain-list review-list" data-testid={testId}>
      {krs.map((kr) => (
        <li key={kr.id} data-testid="kr-lens-dashboard-review-kr">
          <RouteLink to={{ view: 'kr', krId: kr.id }} onNavigate={onNavigate}>
            {kr.title}
          </RouteLink>{' '}
          <ScoreBadge score={kr.score} band={kr.band} />
          {kr.objectiveTitle && <span class="muted"> {kr.objectiveTitle}</span>}
          {kr.carriedTo && <span class="muted"> · carried over to {kr.carriedTo.cycleName}</span>}
        </li>
      ))}
    </ul>
  );
}

function CloseForm({ cycle, status, workWarning, onClose }: Pick<ReviewPanelProps, 'cycle' | 'status' | 'workWarning' | 'onClose'>) {
  const [learnings, setLearnings] = useState('');
  const [asked, setAsked] = useState(false);
  return (
    <form
      class="close-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (asked) onClose(learnings);
        else setAsked(true);
      }}
    >
      <p>
        Closing {cycle.name} freezes every objective’s and key result’s score as it is now, for the review. It cannot be undone here (the
        frozen scores are the record), but the set’s exported history keeps everything.
      </p>
      {workWarning && (
        <p class="warning-text" role="alert" data-testid="kr-lens-dashboard-review-warning">
          {workWarning}
        </p>
      )}
      <div class="field">
        <label for="review-learnings">Learnings, one per line</label>
        <textarea
          id="review-learnings"
          rows={4}
          value={learnings}
          data-testid="kr-lens-dashboard-review-learnings"
          onInput={(event) => setLearnings((event.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      <div class="actions">
        {asked ? (
          <>
            <span>Freeze the scores of {cycle.name} now?</span>
            <button type="submit" class="primary" data-testid="kr-lens-dashboard-review-confirm" disabled={status.tone === 'busy'}>
              Close the cycle
            </button>
            <button type="button" class="quiet" onClick={() => setAsked(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="submit" class="primary" data-testid="kr-lens-dashboard-review-close">
            Close {cycle.name}…
          </button>
        )}
      </div>
    </form>
  );
}

function CarryOver({ review, onCarry }: Pick<ReviewPanelProps, 'review' | 'onCarry'>) {
  const [chosen, setChosen] = useState<string[]>(review.unfinished.map((kr) => kr.id));
  const [target, setTarget] = useState(review.targets[0]?.id ?? '');
  const unfinishedKey = review.unfinished.map((kr) => kr.id).join('|');
  useEffect(() => setChosen(review.unfinished.map((kr) => kr.id)), [unfinishedKey]);
  useEffect(
    () => setTarget((current) => (review.targets.some((t) => t.id === current) ? current : (review.targets[0]?.id ?? ''))),
    [review.targets],
  );
  if (review.unfinished.length === 0) return <p class="muted">Every key result of this cycle is finished or already carried over.</p>;
  if (review.targets.length === 0) return <p class="muted">Add a planning or active cycle to carry unfinished key results into.</p>;
  return (
    <form
      class="carry-form"
      onSubmit={(event) => {
        event.preventDefault();
        onCarry(chosen, target);
      }}
    >
      <fieldset>
        <legend>Unfinished key results</legend>
        {review.unfinished.map((kr) => (
          <label key={kr.id} class="choice">
            <input
              type="checkbox"
              checked={chosen.includes(kr.id)}
              data-testid="kr-lens-dashboard-carry-kr"
              onChange={(event) =>
                setChosen((current) =>
                  (event.currentTarget as HTMLInputElement).checked ? [...current, kr.id] : current.filter((id) => id !== kr.id),
                )
              }
            />
            {kr.title}
          </label>
        ))}
      </fieldset>
      <div class="actions">
        <label>
          Into{' '}
          <select
            value={target}
            data-testid="kr-lens-dashboard-carry-target"
            onChange={(event) => setTarget((event.currentTarget as HTMLSelectElement).value)}
          >
            {review.targets.map((cycle) => (
              <option key={cycle.id} value={cycle.id}>
                {cycle.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" data-testid="kr-lens-dashboard-carry" disabled={chosen.length === 0}>
          Carry over with history and links
        </button>
      </div>
    </form>
  );
}

function ObjectiveScores({ data }: { data: ReviewData }) {
  return (
    <table class="table" data-testid="kr-lens-dashboard-review-objectives">
      <caption>Objectives</caption>
      <thead>
        <tr>
          <th scope="col">Objective</th>
          <th scope="col">Commitment</th>
          <th scope="col">Score</th>
          <th scope="col">Against what was expected</th>
        </tr>
      </thead>
      <tbody>
        {data.objectives.map((objective) => (
          <tr key={objective.id}>
            <th scope="row">{objective.title}</th>
            <td>{objective.commitment ?? '—'}</td>
            <td>
              <ScoreBadge score={objective.score} band={objective.band} />
            </td>
            <td>{objective.finding?.explanation ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Outcomes({ data, onNavigate }: { data: ReviewData; onNavigate: (route: Route) => void }) {
  return (
    <div class="review-grid">
      <section>
        <h3>Wins (score ≥ 0.7)</h3>
        <KrList krs={data.wins} testId="kr-lens-dashboard-review-wins" empty="No wins." onNavigate={onNavigate} />
      </section>
      <section>
        <h3>Misses</h3>
        <KrList krs={data.misses} testId="kr-lens-dashboard-review-misses" empty="No misses." onNavigate={onNavigate} />
      </section>
      {data.unscored.length > 0 && (
        <section>
          <h3>Not measured</h3>
          <KrList krs={data.unscored} testId="kr-lens-dashboard-review-unscored" empty="" onNavigate={onNavigate} />
        </section>
      )}
      <section>
        <h3>Learnings</h3>
        {data.learnings.length === 0 ? (
          <p class="muted">No learnings recorded.</p>
        ) : (
          <ul data-testid="kr-lens-dashboard-review-learnings-list">
            {data.learnings.map((learning, index) => (
              <li key={index}>{learning}</li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** A closed cycle's frozen review, its Markdown and the carry-over of what is unfinished. */
function ClosedReview({
  data,
  review,
  onNavigate,
  onDownload,
  onCarry,
}: { data: ReviewData } & Pick<ReviewPanelProps, 'review' | 'onNavigate' | 'onDownload' | 'onCarry'>) {
  return (
    <>
      <p class="hint">Closed {data.closedAt.slice(0, 10)}; the scores below are frozen.</p>
      <ObjectiveScores data={data} />
      {data.sandbagging.flagged && <p class="warning-text">{data.sandbagging.explanation}</p>}
      <Outcomes data={data} onNavigate={onNavigate} />
      <h3>For the closing town hall</h3>
      <div class="actions">
        <button type="button" class="primary" onClick={onDownload} data-testid="kr-lens-dashboard-review-download">
          Download the review (Markdown)
        </button>
      </div>
      <details class="markdown-preview">
        <summary>Preview the Markdown</summary>
        <pre data-testid="kr-lens-dashboard-review-markdown">{review.markdown}</pre>
      </details>
      <h3 class="section-gap">Carry unfinished key results into the next cycle</h3>
      <CarryOver review={review} onCarry={onCarry} />
    </>
  );
}

/** Closing a cycle and its review (rule 10): frozen scores, wins, misses, learnings, Markdown, carry-over. */
export function ReviewPanel(props: ReviewPanelProps) {
  const { cycle, review, status } = props;
  const data = review.data;
  return (
    <section class="panel" aria-labelledby="review-heading" data-testid="kr-lens-dashboard-review">
      <h2 id="review-heading">Cycle review: {cycle.name}</h2>
      {!data ? <CloseForm {...props} /> : <ClosedReview data={data} {...props} />}
      <Status status={status} testId="kr-lens-dashboard-review-status" />
    </section>
  );
}
