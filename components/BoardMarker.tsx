import type { MarkerView } from '../lib/view/types';
import type { Theme } from './Overlay';

export interface BoardMarkerProps {
  marker: MarkerView;
  theme: Theme;
}

/** Long KR titles are cut here as well as by CSS, so the tooltip-less text never runs past a card. */
export function truncateTitle(title: string, max = 28): string {
  const chars = Array.from(title.trim());
  return chars.length <= max
    ? chars.join('')
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** The per-card marker on boards and cycle views: where each piece of in-flight work points. */
export function BoardMarker({ marker, theme }: BoardMarkerProps) {
  if (marker.classification === 'unaligned') {
    return (
      <span
        class="krl-marker krl-marker--unaligned"
        data-theme={theme}
        data-testid="kr-lens-marker-unaligned"
        title={`${marker.key} is not tied to any objective`}
      >
        <span class="krl-marker__dot" aria-hidden="true" />
        No KR
      </span>
    );
  }
  if (marker.classification === 'run') {
    return (
      <span
        class="krl-marker krl-marker--run"
        data-theme={theme}
        data-testid="kr-lens-marker-run"
        title={`${marker.key} is run work (business as usual)`}
      >
        run
      </span>
    );
  }
  const [first, ...rest] = marker.krTitles;
  return (
    <span
      class="krl-marker krl-marker--kr"
      data-theme={theme}
      data-testid="kr-lens-marker-kr"
      title={marker.krTitles.join('\n') || 'Serves a key result'}
    >
      <span class="krl-marker__title">{first ? truncateTitle(first) : 'KR'}</span>
      {rest.length > 0 && <span class="krl-marker__more">+{rest.length}</span>}
    </span>
  );
}
