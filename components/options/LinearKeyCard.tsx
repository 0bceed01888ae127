import type { LinearForm } from '../../entrypoints/options/state/connection-form';
import type { LinearConnectionState } from '../../entrypoints/options/state/linear-check';
import type { StatusLine } from '../../lib/view/status-line';
import { STORED_PLACEHOLDER } from './JiraSiteRow';
import { LinearConnectionLine } from './LinearConnectionLine';
import { Status } from '../ui/Status';

export interface LinearKeyCardProps {
  id: string;
  linear: LinearForm;
  linearTest: StatusLine;
  linearConnection: LinearConnectionState;
  onLinearKey: (key: string) => void;
  onLinearRemove: (remove: boolean) => void;
  onTestLinear: () => void;
}

function storedKeyText(linear: LinearForm): string {
  if (linear.remove) return 'The stored key will be removed when you save.';
  return linear.stored ? `A key is stored${linear.workspace ? ` (workspace ${linear.workspace})` : ''}.` : 'No key stored.';
}

/** The Linear API key: whether one is stored, whether Linear accepts it, and a field to replace it. */
export function LinearKeyCard(props: LinearKeyCardProps) {
  const { id, linear } = props;
  return (
    <section class="card" aria-labelledby={`${id}-linear`}>
      <h2 id={`${id}-linear`}>Linear</h2>
      <p class="hint">
        Linear needs a personal API key: in Linear, open Settings → Security &amp; access → Personal API keys. The key stays in this browser
        and is used only by KR Lens's background worker.
      </p>
      <p data-testid="kr-lens-linear-state" data-state={linear.remove ? 'removing' : linear.stored ? 'stored' : 'none'}>
        {storedKeyText(linear)}
      </p>
      <LinearConnectionLine connection={props.linearConnection} />
      <div class="field">
        <label for={`${id}-linear-key`}>API key</label>
        <input
          id={`${id}-linear-key`}
          type="password"
          autoComplete="new-password"
          spellcheck={false}
          data-testid="kr-lens-linear-key"
          placeholder={linear.stored && !linear.remove ? STORED_PLACEHOLDER : 'lin_api_…'}
          disabled={linear.remove}
          value={linear.key}
          onInput={(event) => props.onLinearKey(event.currentTarget.value)}
        />
      </div>
      <div class="actions">
        <button type="button" data-testid="kr-lens-linear-test" onClick={props.onTestLinear}>
          Test connection
        </button>
        {linear.remove ? (
          <button type="button" class="quiet" onClick={() => props.onLinearRemove(false)}>
            Keep the stored key
          </button>
        ) : linear.stored ? (
          <button type="button" class="quiet" data-testid="kr-lens-linear-remove" onClick={() => props.onLinearRemove(true)}>
            Remove key
          </button>
        ) : null}
      </div>
      <Status status={props.linearTest} testId="kr-lens-linear-test-result" />
    </section>
  );
}
