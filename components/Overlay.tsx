import { useRef, useState } from 'preact/hooks';
import type { KrOptionView, OverlayResult, OverlayView } from '../lib/view/types';
import { KrCard } from './KrCard';
import { KrPicker } from './KrPicker';
import { childrenSentence } from './labels';
import { updatedAgo } from './relative-time';
import { SourceLine } from './ui/SourceLine';

export type Theme = 'light' | 'dark';

export interface OverlayProps {
  /** null while the first answer is on its way. */
  result: OverlayResult | null;
  theme: Theme;
  /** The caller's clock (ms); it re-renders on its own tick so "updated 3 min ago" stays true. */
  now: number;
  onRefresh: () => void;
  onLink: (krId: string) => void;
  onUnlink: (krId: string) => void;
  /** The active cycle's KRs for the picker, asked for each time it opens. */
  loadOptions: () => Promise<KrOptionView[]>;
  /** Setup state: opens the extension's options page, when the caller can. */
  onOpenOptions?: () => void;
  /** Escape pressed inside the overlay (outside the picker): a container like the floating chip closes. */
  onEscape?: () => void;
  /** A link, unlink or refresh is in flight. */
  busy?: boolean;
  /** `result` is the last answer kept for this issue, shown while KR Lens answers: marked, and not edited. */
  cached?: boolean;
  compact?: boolean;
}

/**
 * The host page must not see our keystrokes: events leaving a shadow root are retargeted to the
 * host element, so Jira's and Linear's single-key shortcuts would fire while someone types a search.
 */
function keyGuard(onEscape: (() => void) | undefined) {
  const stop = (event: KeyboardEvent) => event.stopPropagation();
  return {
    onKeyDown: (event: KeyboardEvent) => {
      event.stopPropagation();
      // The picker handles its own Escape and stops it, so this one is for the overlay as a whole.
      if (event.key === 'Escape' && onEscape) onEscape();
    },
    onKeyUp: stop,
    onKeyPress: stop,
  };
}

export function Overlay(props: OverlayProps) {
  const { result, theme, compact = false } = props;
  const rootClass = `krl${compact ? ' krl--compact' : ''}`;
  if (!result) {
    return (
      <section class={rootClass} data-theme={theme} data-testid="kr-lens-loading" aria-busy="true" aria-label="Key results">
        <span class="krl-sr-only">Loading key results…</span>
        <div class="krl-skeleton krl-skeleton--short" />
        <div class="krl-skeleton" />
        <div class="krl-skeleton krl-skeleton--bar" />
      </section>
    );
  }
  return (
    <section
      class={rootClass}
      data-theme={theme}
      data-testid="kr-lens-overlay"
      aria-label="Key results"
      aria-busy={props.busy || props.cached || undefined}
      data-kr-lens-cached={props.cached ? '' : undefined}
      {...keyGuard(props.onEscape)}
    >
      {props.cached && (
        <p class="krl-subtle krl-cached" data-testid="kr-lens-cached">
          Last seen — checking for changes…
        </p>
      )}
      {result.state === 'setup' && <SetupNotice message={result.error.message} onOpenOptions={props.onOpenOptions} />}
      {result.state === 'error' && (
        <>
          <p class="krl-error" role="alert" data-testid="kr-lens-error">
            {result.error.message}
          </p>
          {result.cached ? (
            <OverlayBody {...props} view={result.cached} readOnly />
          ) : (
            <Freshness fetchedAt={undefined} now={props.now} stale={false} busy={props.busy} onRefresh={props.onRefresh} />
          )}
        </>
      )}
      {result.state === 'ok' && <OverlayBody {...props} view={result.view} readOnly={props.cached === true} />}
    </section>
  );
}

function SetupNotice({ message, onOpenOptions }: { message: string; onOpenOptions: (() => void) | undefined }) {
  return (
    <div class="krl-setup" data-testid="kr-lens-setup">
      <p>{message}</p>
      {onOpenOptions ? (
        <button type="button" class="krl-btn" data-testid="kr-lens-open-options" onClick={onOpenOptions}>
          Open KR Lens options
        </button>
      ) : (
        <p class="krl-subtle">Open the KR Lens options to import an OKR set.</p>
      )}
    </div>
  );
}

interface BodyProps extends OverlayProps {
  view: OverlayView;
  /** A cached view under an error: shown for reference, not edited. */
  readOnly: boolean;
}

function OverlayBody({ view, readOnly, busy = false, compact = false, now, onRefresh, onLink, onUnlink, loadOptions }: BodyProps) {
  const [picking, setPicking] = useState(false);
  const linkButton = useRef<HTMLButtonElement>(null);
  const closePicker = () => {
    setPicking(false);
    linkButton.current?.focus();
  };
  return (
    <>
      {view.notice && (
        <p class="krl-notice" data-testid="kr-lens-notice">
          {view.notice}
        </p>
      )}
      {view.krs.map((card) => (
        <KrCard key={`${card.setId}:${card.krId}`} card={card} busy={busy} compact={compact} onUnlink={readOnly ? undefined : onUnlink} />
      ))}
      {view.krs.length === 0 &&
        (view.classification === 'run' ? (
          <p class="krl-empty" data-testid="kr-lens-run">
            Run work (business as usual)
          </p>
        ) : (
          <p class="krl-empty krl-empty--unaligned" data-testid="kr-lens-unaligned">
            Not tied to any objective
          </p>
        ))}
      {view.children && view.children.total > 0 && (
        <p class="krl-subtle" data-testid="kr-lens-children">
          {childrenSentence(view.children, view.krs.length)}
        </p>
      )}
      {!readOnly && (
        <div class="krl-linking">
          <button
            ref={linkButton}
            type="button"
            class="krl-btn"
            data-testid="kr-lens-link-button"
            aria-expanded={picking}
            disabled={busy}
            onClick={() => setPicking(!picking)}
          >
            Link to key result
          </button>
          {picking && (
            <KrPicker
              loadOptions={loadOptions}
              onClose={closePicker}
              onPick={(option) => {
                onLink(option.krId);
                closePicker();
              }}
            />
          )}
        </div>
      )}
      {view.source && (
        <p class="krl-freshness">
          <SourceLine source={view.source} />
        </p>
      )}
      <Freshness fetchedAt={view.fetchedAt} now={now} stale={view.stale} busy={busy} onRefresh={onRefresh} />
    </>
  );
}

function Freshness(props: {
  fetchedAt: number | undefined;
  now: number;
  stale: boolean;
  busy: boolean | undefined;
  onRefresh: () => void;
}) {
  return (
    <p class={`krl-freshness${props.stale ? ' krl-freshness--stale' : ''}`}>
      {props.fetchedAt !== undefined && (
        <span class="krl-freshness__age" data-testid="kr-lens-updated">
          {updatedAgo(props.fetchedAt, props.now)}
        </span>
      )}
      <button type="button" class="krl-link-btn" data-testid="kr-lens-refresh" disabled={props.busy} onClick={props.onRefresh}>
        Refresh
      </button>
    </p>
  );
}
