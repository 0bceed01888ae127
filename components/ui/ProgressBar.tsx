import type { Band } from '../../lib/view/types';

export interface ProgressBarProps {
  /** 0..1, or null when unknown (drawn hatched, announced as unknown). */
  progress: number | null;
  band: Band | null;
  /** Names the bar for assistive technology, e.g. the KR or objective title. */
  label: string;
  /** Share of the cycle elapsed, 0..1: a tick where progress is expected to be by now. */
  expected?: number;
  testId?: string;
  /**
   * The stylesheet's class prefix: `krl` inside the overlay's shadow root (components/overlay-css.ts),
   * `chart` on the extension's pages (entrypoints/dashboard/theme.css).
   */
  classPrefix?: 'krl' | 'chart';
}

const clampPercent = (share: number) => Math.round(Math.min(1, Math.max(0, share)) * 100);

/**
 * A horizontal progress bar in the score band's colour, with an optional tick at the progress
 * expected by today. The band is also written in words beside it by callers: colour alone says
 * nothing to colour-blind readers.
 */
export function ProgressBar({ progress, band, label, expected, testId, classPrefix = 'chart' }: ProgressBarProps) {
  const bar = `${classPrefix}-bar`;
  const tick =
    expected === undefined ? null : (
      <span
        class={`${bar}__expected`}
        style={{ left: `${clampPercent(expected)}%` }}
        title={`expected by today: ${clampPercent(expected)}%`}
        aria-hidden="true"
      />
    );
  if (progress === null) {
    // ARIA: an indeterminate progressbar has no aria-valuenow.
    return (
      <div class={`${bar} ${bar}--unknown`} role="progressbar" aria-label={label} aria-valuetext="unknown" data-testid={testId}>
        {tick}
      </div>
    );
  }
  const percent = clampPercent(progress);
  const expectedText = expected === undefined ? '' : `, ${clampPercent(expected)}% expected by today`;
  return (
    <div
      class={bar}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent}%${expectedText}`}
      data-testid={testId}
    >
      <div class={`${bar}__fill ${classPrefix}-band--${band ?? 'none'}`} style={{ width: `${percent}%` }} />
      {tick}
    </div>
  );
}
