import { useId, useState } from 'preact/hooks';
import type { KrCardView } from '../lib/view/types';
import { Explanation } from './Explanation';
import { ProgressBar } from './ui/ProgressBar';
import { STATUS_WORDS } from './ui/status-words';
import { chainAbove, confidenceText, whyLabel } from './labels';
import { krHomeHref } from './safe-href';

export interface KrCardProps {
  card: KrCardView;
  /** Called with the KR id; only offered on KRs this issue links to directly. */
  onUnlink?: (krId: string) => void;
  /** Disables the unlink button while a write is in flight. */
  busy?: boolean;
  compact?: boolean;
}

export function KrCard({ card, onUnlink, busy = false, compact = false }: KrCardProps) {
  const [open, setOpen] = useState(false);
  const explanationId = useId();
  const above = chainAbove(card);
  const href = krHomeHref(card.url);
  const confidence = confidenceText(card.confidence);
  return (
    <article class={`krl-card${compact ? ' krl-card--compact' : ''}`} data-testid="kr-lens-kr-card" data-kr-id={card.krId}>
      {above.length > 0 && (
        <ol class="krl-chain" aria-label="Aligned to">
          {above.map((item) => (
            <li
              key={`${item.kind}:${item.id}`}
              class={`krl-chain__item krl-chain__item--${item.kind}`}
              data-testid="kr-lens-chain-item"
              title={item.title}
            >
              {item.title}
            </li>
          ))}
        </ol>
      )}
      <p class="krl-card__objective" data-testid="kr-lens-objective">
        {card.objectiveTitle}
      </p>
      <p class="krl-card__kr">
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer" data-testid="kr-lens-kr">
            {card.title}
          </a>
        ) : (
          <span data-testid="kr-lens-kr">{card.title}</span>
        )}
      </p>
      <div class="krl-card__progress">
        <ProgressBar progress={card.progress} band={card.band} label={`Progress of ${card.title}`} classPrefix="krl" />
        <span class={`krl-card__percent krl-text--${card.band ?? 'none'}`} data-testid="kr-lens-progress">
          {card.progressText}
        </span>
      </div>
      <div class="krl-card__meta">
        <span class={`krl-pill krl-pill--${card.status}`} data-testid="kr-lens-status">
          {STATUS_WORDS[card.status]}
        </span>
        {confidence && <span data-testid="kr-lens-confidence">{confidence}</span>}
        {card.via && <span data-testid="kr-lens-via">via {card.via}</span>}
        <span class="krl-card__actions">
          <button
            type="button"
            class="krl-link-btn"
            data-testid="kr-lens-why"
            aria-expanded={open}
            aria-controls={open ? explanationId : undefined}
            onClick={() => setOpen(!open)}
          >
            {whyLabel(card.progressText)}
          </button>
          {card.direct && onUnlink && (
            <button
              type="button"
              class="krl-link-btn krl-link-btn--danger"
              data-testid="kr-lens-unlink"
              aria-label={`Unlink this issue from key result: ${card.title}`}
              disabled={busy}
              onClick={() => onUnlink(card.krId)}
            >
              Unlink
            </button>
          )}
        </span>
      </div>
      {open && <Explanation explanation={card.explanation} id={explanationId} />}
    </article>
  );
}
