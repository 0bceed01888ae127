import type { Band, KrStatusName } from '../../lib/view/types';
import { statusBadgeWords } from '../ui/status-words';

const BAND_WORDS: Record<Band, string> = { green: 'green', yellow: 'yellow', red: 'red' };

/** The status against the calendar (rule 6), in words and colour. */
export function StatusBadge({ status, title, testId }: { status: KrStatusName; title?: string; testId?: string }) {
  return (
    <span class={`badge badge--${status}`} title={title} data-testid={testId} data-status={status}>
      {statusBadgeWords(status)}
    </span>
  );
}

/** The score (rule 5) with its band named, so the colour is never the only cue. */
export function ScoreBadge({ score, band, testId }: { score: number | null; band: Band | null; testId?: string }) {
  return (
    <span class={`badge badge--band-${band ?? 'none'}`} data-testid={testId} data-band={band ?? 'none'}>
      {score === null ? 'score —' : `score ${score.toFixed(1)}${band ? ` · ${BAND_WORDS[band]}` : ''}`}
    </span>
  );
}

export function ConfidenceBadge({ confidence, testId }: { confidence: number | undefined; testId?: string }) {
  if (confidence === undefined) return null;
  return (
    <span class={`badge ${confidence <= 3 ? 'badge--low-confidence' : 'badge--confidence'}`} data-testid={testId}>
      confidence {confidence}/10
    </span>
  );
}
