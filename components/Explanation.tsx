import type { ExplanationCheckInView, ExplanationIssueView, ExplanationView } from '../lib/view/types';
import { safeHref } from './safe-href';

export interface ExplanationProps {
  explanation: ExplanationView;
  id?: string;
}

const COUNTED_LABEL: Record<ExplanationIssueView['counted'], string> = {
  done: 'done',
  in_progress: 'in progress',
  todo: 'to do',
};

/** At most two decimals, no trailing zeros, as the core writes numbers in formulas. */
function formatWeight(weight: number): string {
  return String(Number(weight.toFixed(2)));
}

/** "weight 2.5 (no estimate)": the weight was imputed from the others' mean (rule 2 says the explanation tells). */
export function weightText(issue: Pick<ExplanationIssueView, 'weight' | 'estimated'>, weighting: ExplanationView['weighting']): string {
  const imputed = weighting === 'estimate' && !issue.estimated;
  return `weight ${formatWeight(issue.weight)}${imputed ? ' (no estimate)' : ''}`;
}

function IssueRow({
  issue,
  weighting,
  counted,
}: {
  issue: ExplanationIssueView;
  weighting: ExplanationView['weighting'];
  counted: boolean;
}) {
  const href = safeHref(issue.url);
  return (
    <li class="krl-why__issue" data-testid="kr-lens-why-issue">
      {href ? (
        <a class="krl-why__key" href={href}>
          {issue.key}
        </a>
      ) : (
        <span class="krl-why__key">{issue.key}</span>
      )}{' '}
      <span class="krl-why__title">{issue.title}</span>
      <span class="krl-why__meta">
        <span class={`krl-pill krl-pill--${issue.counted}`}>{issue.statusName}</span>
        {counted && <span>{COUNTED_LABEL[issue.counted]}</span>}
        {counted && <span>{weightText(issue, weighting)}</span>}
        {issue.via && <span>via {issue.via}</span>}
      </span>
    </li>
  );
}

function CheckInRow({ checkIn }: { checkIn: ExplanationCheckInView }) {
  return (
    <li class="krl-why__checkin" data-testid="kr-lens-why-checkin">
      <span class="krl-why__date">{checkIn.at.slice(0, 10)}</span>
      {checkIn.value !== undefined && <span>value {checkIn.value}</span>}
      <span>confidence {checkIn.confidence}/10</span>
      {checkIn.author && <span>{checkIn.author}</span>}
      {checkIn.note && <span class="krl-why__note">{checkIn.note}</span>}
    </li>
  );
}

/** "Every figure can explain itself" (rule 7): the formula, what went into it, and caveats. */
export function Explanation({ explanation, id }: ExplanationProps) {
  // Metric and milestone KRs take progress from check-ins; their linked work is listed, not counted.
  const issuesCount = explanation.measure === 'issues';
  return (
    <div class="krl-why" id={id} data-testid="kr-lens-explanation">
      <p class="krl-why__formula" data-testid="kr-lens-formula">
        {explanation.formula}
      </p>
      {explanation.notes.length > 0 && (
        <ul class="krl-why__notes">
          {explanation.notes.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      )}
      {explanation.issues.length > 0 && (
        <section>
          <h4 class="krl-why__heading">{issuesCount ? 'Counted issues' : 'Contributing work (not counted)'}</h4>
          <ul class="krl-why__list">
            {explanation.issues.map((issue) => (
              <IssueRow key={issue.key} issue={issue} weighting={explanation.weighting} counted={issuesCount} />
            ))}
          </ul>
        </section>
      )}
      {explanation.checkIns.length > 0 && (
        <section>
          <h4 class="krl-why__heading">Check-ins</h4>
          <ul class="krl-why__list">
            {explanation.checkIns.map((checkIn, index) => (
              <CheckInRow key={`${checkIn.at}-${index}`} checkIn={checkIn} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
