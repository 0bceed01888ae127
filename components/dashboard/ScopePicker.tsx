import type { BoardsState } from '../../entrypoints/dashboard/state/activity';
import type { ScopeForm } from '../../entrypoints/dashboard/state/scope-form';
import type { PublicSettings } from '../../lib/settings';
import { hostOf } from '../../lib/util/host';

export interface ScopeProps {
  settings: PublicSettings | null;
  form: ScopeForm;
  boards: BoardsState;
  onForm: (patch: Partial<ScopeForm>) => void;
  onLoadBoards: () => void;
}

const JIRA_MODES: Array<[ScopeForm['jiraMode'], string]> = [
  ['boards', 'Open sprints of boards'],
  ['jql', 'JQL'],
  ['me', 'Assigned to me'],
  ['none', 'No Jira'],
];
const LINEAR_MODES: Array<[ScopeForm['linearMode'], string]> = [
  ['teams', 'Active cycles of teams'],
  ['me', 'Assigned to me'],
  ['none', 'No Linear'],
];

/** One radio group of scope modes, e.g. "Open sprints of boards / JQL / Assigned to me / No Jira". */
function ModeChoices<M extends string>(props: {
  name: string;
  label: string;
  modes: Array<[M, string]>;
  value: M;
  testIdPrefix: string;
  onChoose: (mode: M) => void;
}) {
  return (
    <div class="choices" role="radiogroup" aria-label={props.label}>
      {props.modes.map(([mode, words]) => (
        <label key={mode} class="choice">
          <input
            type="radio"
            name={props.name}
            checked={props.value === mode}
            data-testid={`${props.testIdPrefix}-${mode}`}
            onChange={() => props.onChoose(mode)}
          />
          {words}
        </label>
      ))}
    </div>
  );
}

function BoardChoices({ form, boards, onForm, onLoadBoards }: Pick<ScopeProps, 'form' | 'boards' | 'onForm' | 'onLoadBoards'>) {
  const toggle = (id: number, checked: boolean) =>
    onForm({ boardIds: checked ? [...form.boardIds, id] : form.boardIds.filter((boardId) => boardId !== id) });
  return (
    <div class="boards">
      {boards.state === 'ok' ? (
        boards.boards.length === 0 ? (
          <p class="muted">This site shows you no boards.</p>
        ) : (
          boards.boards.map((board) => (
            <label key={board.id} class="choice">
              <input
                type="checkbox"
                checked={form.boardIds.includes(board.id)}
                data-testid="kr-lens-dashboard-scope-board"
                data-board-id={String(board.id)}
                onChange={(event) => toggle(board.id, (event.currentTarget as HTMLInputElement).checked)}
              />
              {board.name}
              {board.projectKey ? ` (${board.projectKey})` : ''}
            </label>
          ))
        )
      ) : (
        <button
          type="button"
          class="quiet"
          onClick={onLoadBoards}
          disabled={boards.state === 'loading'}
          data-testid="kr-lens-dashboard-scope-load-boards"
        >
          {boards.state === 'loading' ? 'Loading boards…' : 'Choose boards…'}
        </button>
      )}
      {boards.state === 'error' && <p class="status status--error">{boards.message}</p>}
    </div>
  );
}

function JiraScope({ settings, form, boards, onForm, onLoadBoards }: ScopeProps) {
  const sites = settings?.jira ?? [];
  if (sites.length === 0) return <p class="muted">No Jira site yet: open a Jira page once, or add a site in Options.</p>;
  return (
    <>
      <label>
        Site{' '}
        <select
          value={form.jiraSite}
          data-testid="kr-lens-dashboard-scope-jira-site"
          onChange={(event) => onForm({ jiraSite: (event.currentTarget as HTMLSelectElement).value })}
        >
          {sites.map((site) => (
            <option key={site.site} value={site.site}>
              {hostOf(site.site)}
            </option>
          ))}
        </select>
      </label>
      <ModeChoices
        name="jira-mode"
        label="Jira scope"
        modes={JIRA_MODES}
        value={form.jiraMode}
        testIdPrefix="kr-lens-dashboard-scope-jira"
        onChoose={(jiraMode) => onForm({ jiraMode })}
      />
      {form.jiraMode === 'boards' && <BoardChoices form={form} boards={boards} onForm={onForm} onLoadBoards={onLoadBoards} />}
      {form.jiraMode === 'jql' && (
        <label class="field">
          JQL
          <textarea
            rows={2}
            value={form.jql}
            data-testid="kr-lens-dashboard-scope-jql"
            onInput={(event) => onForm({ jql: (event.currentTarget as HTMLTextAreaElement).value })}
          />
        </label>
      )}
    </>
  );
}

function LinearScope({ settings, form, onForm }: Pick<ScopeProps, 'settings' | 'form' | 'onForm'>) {
  if (!settings?.linear.connected) return <p class="muted">Linear is not connected: add an API key in Options.</p>;
  return (
    <>
      <ModeChoices
        name="linear-mode"
        label="Linear scope"
        modes={LINEAR_MODES}
        value={form.linearMode}
        testIdPrefix="kr-lens-dashboard-scope-linear"
        onChoose={(linearMode) => onForm({ linearMode })}
      />
      {form.linearMode === 'teams' && (
        <label class="field">
          Team keys, comma-separated
          <input
            type="text"
            value={form.teamKeys}
            placeholder="MOB, WEB"
            data-testid="kr-lens-dashboard-scope-teams"
            onInput={(event) => onForm({ teamKeys: (event.currentTarget as HTMLInputElement).value })}
          />
        </label>
      )}
    </>
  );
}

/** The activity report's scope: which Jira and Linear work to read. */
export function ScopePicker(props: ScopeProps) {
  return (
    <div class="scope-picker">
      <fieldset>
        <legend>Jira</legend>
        <JiraScope {...props} />
      </fieldset>
      <fieldset>
        <legend>Linear</legend>
        <LinearScope settings={props.settings} form={props.form} onForm={props.onForm} />
      </fieldset>
    </div>
  );
}
