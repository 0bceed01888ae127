import { useId } from 'preact/hooks';
import type { SubscriptionState } from '../../entrypoints/options/state/subscriptions';
import type { SubscriptionView } from '../../lib/subscription-messages';
import { SourceLine } from '../ui/SourceLine';
import { Status } from '../ui/Status';

function Errors({ errors, testId }: { errors: string[]; testId: string }) {
  if (errors.length === 0) return null;
  return (
    <ul class="status status--error" data-testid={testId}>
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}

/** The problem has its own line below, with the invalid fields. */
function withoutProblem(view: SubscriptionView): SubscriptionView['source'] {
  const { offline: _shownBelow, ...source } = view.source;
  return source;
}

function Subscription({ view, state }: { view: SubscriptionView; state: SubscriptionState }) {
  const busy = state.busy.value;
  return (
    <li data-testid="kr-lens-subscription" data-url={view.url}>
      <strong>{view.name}</strong> {view.active && <span>active</span>}
      <br />
      <SourceLine source={withoutProblem(view)} />
      {view.problem && (
        <p class="status status--error" data-testid="kr-lens-subscription-problem">
          {`${view.problem.message}.`}
        </p>
      )}
      {view.problem && <Errors errors={view.problem.errors} testId="kr-lens-subscription-errors" />}
      <div class="actions">
        <button type="button" data-testid="kr-lens-subscription-refresh" disabled={busy} onClick={() => void state.refresh(view.url)}>
          Refresh
        </button>{' '}
        {!view.active && (
          <button type="button" data-testid="kr-lens-subscription-use" disabled={busy} onClick={() => void state.use(view.url)}>
            {`Use “${view.name}”`}
          </button>
        )}{' '}
        <button type="button" data-testid="kr-lens-subscription-remove" disabled={busy} onClick={() => void state.remove(view.url)}>
          Remove
        </button>
      </div>
    </li>
  );
}

/** Options → Subscribe to an OKR file: OKRs kept as code, read-only in KR Lens. */
export function SubscriptionSection({ state }: { state: SubscriptionState }) {
  const id = useId();
  const list = state.list.value;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Subscribe to an OKR file</h2>
      <p class="hint">
        Keep your OKRs as a JSON or YAML file in a repository and give its https address (the raw file). KR Lens reads it, keeps the last
        good copy, and reads it again when it is older than ten minutes. A subscribed set is read-only here: change the file.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void state.subscribe();
        }}
      >
        <label for={`${id}-url`}>OKR file URL</label>{' '}
        <input
          id={`${id}-url`}
          type="text"
          inputMode="url"
          data-testid="kr-lens-subscribe-url"
          placeholder="https://raw.githubusercontent.com/acme/okrs/main/okrs.yaml"
          value={state.url.value}
          onInput={(event) => (state.url.value = event.currentTarget.value)}
        />{' '}
        <button type="submit" data-testid="kr-lens-subscribe" disabled={state.busy.value}>
          Subscribe
        </button>
      </form>
      <Status status={state.status.value} testId="kr-lens-subscribe-status" />
      <Errors errors={state.errors.value} testId="kr-lens-subscribe-errors" />
      {list && list.length > 0 && (
        <ul class="space-list">
          {list.map((view) => (
            <Subscription key={view.url} view={view} state={state} />
          ))}
        </ul>
      )}
    </section>
  );
}
