import { useId } from 'preact/hooks';
import type { LinearConnectionState } from '../../lib/linear-connection';
import type { JiraRow, LinearForm, StatusLine } from '../../lib/options-store';
import { LinearConnectionLine } from './LinearConnectionLine';
import { StatusText } from './StatusText';

const STORED_PLACEHOLDER = 'stored — leave blank to keep';
const IDLE: StatusLine = { tone: 'idle' };

export interface ConnectionsSectionProps {
  jiraRows: JiraRow[];
  jiraTests: Readonly<Record<string, StatusLine>>;
  linear: LinearForm;
  linearTest: StatusLine;
  linearConnection: LinearConnectionState;
  /** False while the stored connections are loading: nothing can be typed or saved yet. */
  ready: boolean;
  saveStatus: StatusLine;
  onAddJira: () => void;
  onUpdateJira: (key: string, patch: Partial<Pick<JiraRow, 'site' | 'auth' | 'email' | 'token'>>) => void;
  onRemoveJira: (key: string) => void;
  onTestJira: (key: string) => void;
  onLinearKey: (key: string) => void;
  onLinearRemove: (remove: boolean) => void;
  onTestLinear: () => void;
  onSave: () => void;
}

function JiraSiteRow(props: { row: JiraRow; test: StatusLine } & Pick<ConnectionsSectionProps, 'onUpdateJira' | 'onRemoveJira' | 'onTestJira'>) {
  const { row } = props;
  const id = `${useId()}-${row.key}`;
  const update = (patch: Parameters<ConnectionsSectionProps['onUpdateJira']>[1]) => props.onUpdateJira(row.key, patch);
  const tokenStored = row.saved?.auth === 'basic';

  return (
    <li class="site">
      <fieldset>
        <legend>{row.saved?.site ?? 'New site'}</legend>
        <div class="field">
          <label for={`${id}-site`}>Site address</label>
          <input
            id={`${id}-site`}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellcheck={false}
            placeholder="https://acme.atlassian.net"
            data-testid="kr-lens-jira-site"
            value={row.site}
            onInput={(event) => update({ site: event.currentTarget.value })}
          />
        </div>
        <fieldset class="choices">
          <legend>Sign in with</legend>
          <label class="choice">
            <input type="radio" name={`${id}-auth`} value="session" checked={row.auth === 'session'} onChange={() => update({ auth: 'session' })} />
            Browser session (recommended)
          </label>
          <label class="choice">
            <input
              type="radio"
              name={`${id}-auth`}
              value="basic"
              data-testid="kr-lens-jira-auth-basic"
              checked={row.auth === 'basic'}
              onChange={() => update({ auth: 'basic' })}
            />
            Email + API token
          </label>
        </fieldset>
        {row.auth === 'session' ? (
          <p class="hint">Uses the Jira session you are signed in with in this browser; nothing is stored.</p>
        ) : (
          <div class="field-row">
            <div class="field">
              <label for={`${id}-email`}>Email</label>
              <input
                id={`${id}-email`}
                type="email"
                autoComplete="off"
                spellcheck={false}
                data-testid="kr-lens-jira-email"
                value={row.email}
                onInput={(event) => update({ email: event.currentTarget.value })}
              />
            </div>
            <div class="field">
              <label for={`${id}-token`}>API token</label>
              <input
                id={`${id}-token`}
                type="password"
                autoComplete="new-password"
                spellcheck={false}
                aria-describedby={`${id}-token-hint`}
                data-testid="kr-lens-jira-token"
                placeholder={tokenStored ? STORED_PLACEHOLDER : ''}
                value={row.token}
                onInput={(event) => update({ token: event.currentTarget.value })}
              />
              <p id={`${id}-token-hint`} class="hint">
                {tokenStored ? 'A token is stored. ' : ''}Create one at{' '}
                <a href="https://id.atlassian.com/manage-profile/security/api-tokens" target="_blank" rel="noreferrer">
                  id.atlassian.com
                </a>
                .
              </p>
            </div>
          </div>
        )}
        <div class="actions">
          <button type="button" data-testid="kr-lens-jira-test" onClick={() => props.onTestJira(row.key)}>
            Test connection
          </button>
          <button type="button" class="quiet" onClick={() => props.onRemoveJira(row.key)}>
            Remove site
          </button>
        </div>
        <StatusText status={props.test} testId="kr-lens-jira-test-result" />
      </fieldset>
    </li>
  );
}

/** Jira and Linear connections, saved together with one button. */
export function ConnectionsSection(props: ConnectionsSectionProps) {
  const id = useId();
  const { linear } = props;

  return (
    <form
      class="connections"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        props.onSave();
      }}
    >
      <fieldset class="connections-body" disabled={!props.ready}>
        <section class="card" aria-labelledby={`${id}-jira`}>
          <h2 id={`${id}-jira`}>Jira</h2>
          <p class="hint">
            On Atlassian Cloud (*.atlassian.net) KR Lens uses your signed-in browser session: no setup needed, and sites you visit appear here. Add a
            site to use an email and API token instead, or to reach a self-hosted Jira (the browser asks you to allow it).
          </p>
          {props.jiraRows.length === 0 ? <p class="muted">No Jira sites yet.</p> : null}
          <ul class="sites">
            {props.jiraRows.map((row) => (
              <JiraSiteRow
                key={row.key}
                row={row}
                test={props.jiraTests[row.key] ?? IDLE}
                onUpdateJira={props.onUpdateJira}
                onRemoveJira={props.onRemoveJira}
                onTestJira={props.onTestJira}
              />
            ))}
          </ul>
          <button type="button" data-testid="kr-lens-jira-add" onClick={props.onAddJira}>
            Add a Jira site
          </button>
        </section>

        <section class="card" aria-labelledby={`${id}-linear`}>
          <h2 id={`${id}-linear`}>Linear</h2>
          <p class="hint">
            Linear needs a personal API key: in Linear, open Settings → Security &amp; access → Personal API keys. The key stays in this browser and is
            used only by KR Lens's background worker.
          </p>
          <p data-testid="kr-lens-linear-state" data-state={linear.remove ? 'removing' : linear.stored ? 'stored' : 'none'}>
            {linear.remove
              ? 'The stored key will be removed when you save.'
              : linear.stored
                ? `A key is stored${linear.workspace ? ` (workspace ${linear.workspace})` : ''}.`
                : 'No key stored.'}
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
          <StatusText status={props.linearTest} testId="kr-lens-linear-test-result" />
        </section>

        <div class="save-bar">
          <button type="submit" class="primary" data-testid="kr-lens-save" disabled={props.saveStatus.tone === 'busy'}>
            Save connections
          </button>
          <StatusText status={props.saveStatus} testId="kr-lens-save-status" />
        </div>
      </fieldset>
    </form>
  );
}
