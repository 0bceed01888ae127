import type { Band } from '../lib/view/types';

export interface ProgressBarProps {
  /** 0..1, or null when unknown (rendered as an indeterminate, striped bar). */
  progress: number | null;
  band: Band | null;
  /** Names the bar for assistive technology, e.g. the KR title. */
  label: string;
}

export function ProgressBar({ progress, band, label }: ProgressBarProps) {
  if (progress === null) {
    // ARIA: an indeterminate progressbar has no aria-valuenow.
    return <div class="krl-bar krl-bar--unknown" role="progressbar" aria-label={label} aria-valuetext="unknown" />;
  }
  const percent = Math.round(Math.min(1, Math.max(0, progress)) * 100);
  return (
    <div
      class="krl-bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div class={`krl-bar__fill krl-band--${band ?? 'none'}`} style={{ width: `${percent}%` }} />
    </div>
  );
}
