import { useId } from 'preact/hooks';
import type { JiraRow } from '../../entrypoints/options/state/connection-form';
import type { JiraRowPatch } from '../../entrypoints/options/state/connections';
import type { StatusLine } from '../../lib/view/status-line';
import { Status } from '../ui/Status';

/** What a secret field shows when one is stored: the field itself is never prefilled. */
export const STORED_PLACEHOLDER = 'stored — leave blank to keep';

export interface JiraSiteRowProps {
  row: JiraRow;
  test: StatusLine;
  onUpdateJira: (key: string, patch: JiraRowPatch) => void;
  onRemoveJira: (key: string) => void;
  onTestJira: (key: string) => void;
}

type Update = (patch: JiraRowPatch) => void;

function AuthChoice({ id, row, update }: { id: string; row: JiraRow; update: Update }) {
  return (
    <fieldset class="choices">
      <legend>Sign in with</legend>
      <label class="choice">
        <input
          type="radio"
          name={`${id}-auth`}
          value="session"
          checked={row.auth === 'session'}
          onChange={() => update({ auth: 'session' })}
        />
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
  );
}

function BasicAuthFields({ id, row, update }: { id: string; row: JiraRow; update: Update }) {
  const tokenStored = row.saved?.auth === 'basic';
  return (
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
  );
}

/** One Jira site: its address, how KR Lens signs in there, and its own Test connection line. */
export function JiraSiteRow(props: JiraSiteRowProps) {
  const { row } = props;
  const id = `${useId()}-${row.key}`;
  const update: Update = (patch) => props.onUpdateJira(row.key, patch);

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
        <AuthChoice id={id} row={row} update={update} />
        {row.auth === 'session' ? (
          <p class="hint">Uses the Jira session you are signed in with in this browser; nothing is stored.</p>
        ) : (
          <BasicAuthFields id={id} row={row} update={update} />
        )}
        <div class="actions">
          <button type="button" data-testid="kr-lens-jira-test" onClick={() => props.onTestJira(row.key)}>
            Test connection
          </button>
          <button type="button" class="quiet" onClick={() => props.onRemoveJira(row.key)}>
            Remove site
          </button>
        </div>
        <Status status={props.test} testId="kr-lens-jira-test-result" />
      </fieldset>
    </li>
  );
}
