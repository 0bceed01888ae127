import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { KrOptionView } from '../lib/view/types';
import { filterKrOptions } from './kr-filter';

export interface KrPickerProps {
  /** Asked once when the picker opens; the caller fetches the active cycle's KRs. */
  loadOptions: () => Promise<KrOptionView[]>;
  onPick: (option: KrOptionView) => void;
  /** Escape: the caller closes the picker and puts focus back on its opener. */
  onClose: () => void;
}

type Load = { state: 'loading' } | { state: 'ready'; options: KrOptionView[] } | { state: 'failed'; message: string };

function errorMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'Key results could not be loaded.';
}

/** Which option a key moves to; the list does not wrap, as in the ARIA practices' listbox examples. */
export function nextActiveIndex(key: string, current: number, count: number): number | undefined {
  if (count === 0) return undefined;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, current + 1);
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** A combobox with a listbox popup (ARIA 1.2): focus stays in the input, the active option is aria-activedescendant. */
export function KrPicker({ loadOptions, onPick, onClose }: KrPickerProps) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const baseId = useId();
  const listId = `${baseId}-list`;
  const optionId = (index: number) => `${baseId}-opt-${index}`;

  useEffect(() => {
    inputRef.current?.focus();
    let live = true;
    loadOptions().then(
      (options) => live && setLoad({ state: 'ready', options }),
      (error: unknown) => live && setLoad({ state: 'failed', message: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
    // Loaded once per opening on purpose: a new function identity on re-render must not refetch.
  }, []);

  const options = load.state === 'ready' ? load.options : [];
  const shown = useMemo(() => filterKrOptions(options, query), [options, query]);
  const activeIndex = shown.length === 0 ? -1 : Math.min(active, shown.length - 1);

  useEffect(() => {
    if (activeIndex < 0) return;
    const element = listRef.current?.querySelector<HTMLElement>(`[id="${optionId(activeIndex)}"]`);
    element?.scrollIntoView?.({ block: 'nearest' });
  });

  const pick = (option: KrOptionView | undefined) => {
    // A KR already linked here cannot be linked twice; unlinking is on its card.
    if (option && !option.linked) onPick(option);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      // Keep the host page (e.g. Jira's issue dialog) from closing as well.
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      pick(shown[activeIndex]);
      return;
    }
    // Home/End stay in the text field when there is nothing to move through.
    const next = nextActiveIndex(event.key, activeIndex, shown.length);
    if (next !== undefined) {
      event.preventDefault();
      setActive(next);
    }
  };

  return (
    <div class="krl-picker" data-testid="kr-lens-picker">
      <label class="krl-picker__label" for={`${baseId}-input`}>
        Search key results
      </label>
      <input
        ref={inputRef}
        id={`${baseId}-input`}
        class="krl-picker__input"
        type="text"
        role="combobox"
        aria-expanded={true}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
        autocomplete="off"
        spellcheck={false}
        placeholder="Search by KR, objective or team"
        data-testid="kr-lens-picker-search"
        value={query}
        onInput={(event) => {
          setQuery(event.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {/* The WAI-ARIA combobox pattern: focus stays in the search box and moves through the options with aria-activedescendant, so the options themselves take no focus or keys. */}
      {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a listbox of options, as the pattern asks. */}
      <ul ref={listRef} id={listId} class="krl-picker__list" role="listbox" aria-label="Key results of the active cycle">
        {shown.map((option, index) => (
          // Options of the combobox above: keys go through the search box.
          // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the search box.
          // biome-ignore lint/a11y/useFocusableInteractive: focus stays in the search box.
          <li
            key={`${option.setId}:${option.krId}`}
            id={optionId(index)}
            class={`krl-option${index === activeIndex ? ' krl-option--active' : ''}`}
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an option of the listbox.
            role="option"
            aria-selected={index === activeIndex}
            aria-disabled={option.linked || undefined}
            data-testid="kr-lens-picker-option"
            data-kr-id={option.krId}
            // Keep focus in the input so the combobox stays keyboard-driven after a click.
            onMouseDown={(event) => event.preventDefault()}
            onMouseMove={() => index !== activeIndex && setActive(index)}
            onClick={() => pick(option)}
          >
            <span class="krl-option__title">{option.title}</span>
            <span class="krl-option__meta">
              {option.suggested && <span class="krl-badge krl-badge--suggested">suggested</span>}
              {option.linked && <span class="krl-badge">linked</span>}
              <span class="krl-option__objective">{option.objectiveTitle}</span>
              {option.teams.length > 0 && <span>{option.teams.join(', ')}</span>}
              <span>{option.progressText}</span>
            </span>
          </li>
        ))}
      </ul>
      <PickerStatus load={load} query={query} shownCount={shown.length} />
    </div>
  );
}

function PickerStatus({ load, query, shownCount }: { load: Load; query: string; shownCount: number }) {
  if (load.state === 'loading') {
    return (
      <p class="krl-picker__status" role="status" aria-busy="true">
        Loading key results…
      </p>
    );
  }
  if (load.state === 'failed') {
    return (
      <p class="krl-picker__status krl-picker__status--error" role="alert">
        {load.message}
      </p>
    );
  }
  if (shownCount > 0) return null;
  return (
    <p class="krl-picker__status" role="status" data-testid="kr-lens-picker-empty">
      {load.options.length === 0
        ? 'The active cycle has no key results yet.'
        : `No key result matches “${query.trim()}”. Try the objective or a team name.`}
    </p>
  );
}
