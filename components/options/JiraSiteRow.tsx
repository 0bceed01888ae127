import { useId } from 'preact/hooks';
import type { JiraRow } from '../../entrypoints/options/state/connection-form';
import type { JiraRowPatch } from '../../entrypoints/options/state/connections';
import type { StatusLine } from '../../lib/view/status-line';
import { TRACKER_INFO } from '../../lib/trackers/catalog';
import { Status } from '../ui/Status';
import { ConnectionFields } from './ConnectionFields';

const STORED_TOKEN: ReadonlySet<string> = new Set(['apiToken']);
const NOTHING_STORED: ReadonlySet<string> = new Set();

export interface JiraSiteRowProps {
  row: JiraRow;
  test: StatusLine;
  onUpdateJira: (key: string, patch: JiraRowPatch) => void;
  onRemoveJira: (key: string) => void;
  onTestJira: (key: string) => void;
}

const JIRA = TRACKER_INFO.jira;

/** The row's fields by the descriptor's names (the row keeps the typed token as `token`). */
const valuesOf = (row: JiraRow): Record<string, string> => ({ site: row.site, auth: row.auth, email: row.email, apiToken: row.token });

function patchOf(name: string, value: string): JiraRowPatch {
  if (name === 'apiToken') return { token: value };
  if (name === 'auth') return { auth: value === 'basic' ? 'basic' : 'session' };
  return name === 'site' || name === 'email' ? { [name]: value } : {};
}

/** One Jira site: its address, how KR Lens signs in there, and its own Test connection line. */
export function JiraSiteRow(props: JiraSiteRowProps) {
  const { row } = props;
  const id = `${useId()}-${row.key}`;
  return (
    <li class="site">
      <fieldset>
        <legend>{row.saved?.site ?? 'New site'}</legend>
        <ConnectionFields
          tracker={JIRA.id}
          fields={JIRA.connectionFields}
          id={id}
          values={valuesOf(row)}
          stored={row.saved?.auth === 'basic' ? STORED_TOKEN : NOTHING_STORED}
          onInput={(name, value) => props.onUpdateJira(row.key, patchOf(name, value))}
        />
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
