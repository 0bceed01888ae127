import type { LinearForm } from '../../entrypoints/options/state/connection-form';
import type { LinearConnectionState } from '../../entrypoints/options/state/linear-check';
import type { StatusLine } from '../../lib/view/status-line';
import { TRACKER_INFO } from '../../lib/trackers/catalog';
import { ConnectionFields } from './ConnectionFields';
import { LinearConnectionLine } from './LinearConnectionLine';
import { Status } from '../ui/Status';

const LINEAR = TRACKER_INFO.linear;
const STORED_KEY: ReadonlySet<string> = new Set(['apiKey']);
const NOTHING_STORED: ReadonlySet<string> = new Set();

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
      <ConnectionFields
        tracker={LINEAR.id}
        fields={LINEAR.connectionFields}
        id={`${id}-linear`}
        values={{ apiKey: linear.key }}
        stored={linear.stored ? STORED_KEY : NOTHING_STORED}
        disabled={linear.remove}
        onInput={(_name, value) => props.onLinearKey(value)}
      />
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
