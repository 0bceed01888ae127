import type { Share, WorkClass } from '../../lib/okr/activity';

export interface SharesBarProps {
  shares: Record<WorkClass, Share>;
  /** By issue count or by summed estimate. */
  by: 'count' | 'estimate';
  /** Names the bar, e.g. "All work by count" or a team's name. */
  label: string;
  testId?: string;
  /** A slim bar without the words inside, for table rows. */
  compact?: boolean;
}

export const WORK_CLASS_ORDER: readonly WorkClass[] = ['aligned', 'run', 'unaligned'];
export const WORK_CLASS_WORDS: Readonly<Record<WorkClass, string>> = { aligned: 'aligned', run: 'run', unaligned: 'unaligned' };

const shareOf = (share: Share, by: 'count' | 'estimate') => (by === 'count' ? share.countShare : share.estimateShare);
const amountOf = (share: Share, by: 'count' | 'estimate') => (by === 'count' ? share.count : share.estimate);
const pct = (value: number) => `${Math.round(value * 100)}%`;

/** "aligned 62% (8), run 15% (2), unaligned 23% (3)": the bar in words, for its label and tests. */
export function sharesText(shares: Record<WorkClass, Share>, by: 'count' | 'estimate'): string {
  if (WORK_CLASS_ORDER.every((workClass) => shareOf(shares[workClass], by) === null)) return by === 'count' ? 'no issues' : 'no estimates';
  return WORK_CLASS_ORDER.map((workClass) => {
    const share = shareOf(shares[workClass], by) ?? 0;
    const amount = amountOf(shares[workClass], by);
    return `${WORK_CLASS_WORDS[workClass]} ${pct(share)} (${by === 'count' ? amount : `${Number(amount.toFixed(2))} pts`})`;
  }).join(', ');
}

/**
 * The three shares of rule 8 as one stacked bar. Each segment has its own colour and
 * pattern (aligned solid, run striped, unaligned dotted) so it reads without colour too, and the
 * whole bar is labelled with the numbers.
 */
export function SharesBar({ shares, by, label, testId, compact }: SharesBarProps) {
  const text = sharesText(shares, by);
  return (
    <div
      class={`shares${compact ? ' shares--compact' : ''}`}
      role="img"
      aria-label={`${label}: ${text}`}
      data-testid={testId}
      data-shares={text}
    >
      {WORK_CLASS_ORDER.map((workClass) => {
        const share = shareOf(shares[workClass], by) ?? 0;
        if (share <= 0) return null;
        return (
          <span key={workClass} class={`shares__segment shares__segment--${workClass}`} style={{ width: `${share * 100}%` }}>
            {!compact && share >= 0.08 ? `${WORK_CLASS_WORDS[workClass]} ${pct(share)}` : ''}
          </span>
        );
      })}
    </div>
  );
}
