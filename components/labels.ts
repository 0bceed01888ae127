/** Words the overlay shows for view-model values; kept in one place so cards, chip and markers agree. */
import type { KrCardView, OverlayView } from '../lib/view/types';

export function confidenceText(confidence: number | undefined): string | undefined {
  return confidence === undefined ? undefined : `confidence ${confidence}/10`;
}

/** The "why" button names the figure it explains, so screen-reader users hear which one. */
export function whyLabel(progressText: string): string {
  return progressText === '—' ? 'why unknown?' : `why ${progressText}?`;
}

export function childrenSentence(children: { done: number; total: number }, krCount: number): string {
  const noun = children.total === 1 ? 'child issue' : 'child issues';
  const counted =
    krCount === 0
      ? 'they would count toward a key result linked here'
      : krCount === 1
        ? 'they count toward this KR'
        : 'they count toward these KRs';
  return `${children.done} of ${children.total} ${noun} done — ${counted}`;
}

/**
 * The chain above a card: `chain` runs from the KR upwards, so the KR and its own objective (shown
 * as the card's title lines) are dropped and the rest is reversed to read top-down, company first.
 */
export function chainAbove(card: Pick<KrCardView, 'chain' | 'krId' | 'objectiveId'>): KrCardView['chain'] {
  const above = card.chain.filter(
    (item, index) =>
      !(index < 2 && ((item.kind === 'kr' && item.id === card.krId) || (item.kind === 'objective' && item.id === card.objectiveId))),
  );
  return above.reverse();
}

/** What the floating chip says before it is opened. */
export function chipLabel(view: OverlayView | undefined): string {
  if (!view) return 'KR';
  if (view.krs.length > 0) return view.krs.length === 1 ? '1 KR' : `${view.krs.length} KRs`;
  return view.classification === 'run' ? 'Run work' : 'No KR';
}
