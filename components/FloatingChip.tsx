import { useId, useRef, useState } from 'preact/hooks';
import type { OverlayView } from '../lib/view/types';
import { chipLabel } from './labels';
import { Overlay, type OverlayProps } from './Overlay';

export interface FloatingChipProps extends OverlayProps {
  /** Start expanded (e.g. restoring state after SPA navigation). */
  defaultOpen?: boolean;
}

function viewOf(result: OverlayProps['result']): OverlayView | undefined {
  if (!result) return undefined;
  if (result.state === 'ok') return result.view;
  return result.state === 'error' ? result.cached : undefined;
}

/**
 * Where the page's header anchor is missing (a tracker redesign), the overlay still appears as a
 * small chip fixed bottom-right that opens the full overlay, rather than not at all.
 */
export function FloatingChip({ defaultOpen = false, ...overlay }: FloatingChipProps) {
  const [open, setOpen] = useState(defaultOpen);
  const panelId = useId();
  const chip = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    chip.current?.focus();
  };
  const view = viewOf(overlay.result);
  const failed = overlay.result?.state === 'error' || overlay.result?.state === 'setup';
  const classification = view && view.krs.length === 0 ? view.classification : 'aligned';
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the handler only keeps keys typed inside the chip from reaching the host page's shortcuts.
    <div
      class="krl-floating"
      data-theme={overlay.theme}
      // The chip button's own keys stay away from the host page's shortcuts too.
      onKeyDown={(event) => event.stopPropagation()}
    >
      {open && (
        <div class="krl-floating__panel" id={panelId}>
          <Overlay {...overlay} onEscape={close} />
        </div>
      )}
      <button
        ref={chip}
        type="button"
        class={`krl-chip krl-chip--${failed ? 'error' : classification}`}
        data-testid="kr-lens-chip"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={`KR Lens: ${chipLabel(view)}${failed ? ' (needs attention)' : ''}`}
        onClick={() => setOpen(!open)}
      >
        <span class="krl-chip__dot" aria-hidden="true" />
        {chipLabel(view)}
        {failed && <span aria-hidden="true"> !</span>}
      </button>
    </div>
  );
}
