import { useId } from 'preact/hooks';
import type { JiraRow } from '../../entrypoints/options/state/connection-form';
import { IDLE, type StatusLine } from '../../lib/view/status-line';
import { JiraSiteRow, type JiraSiteRowProps } from './JiraSiteRow';
import { LinearKeyCard, type LinearKeyCardProps } from './LinearKeyCard';
import { Status } from '../ui/Status';

type RowActions = Pick<JiraSiteRowProps, 'onUpdateJira' | 'onRemoveJira' | 'onTestJira'>;

export interface ConnectionsSectionProps extends RowActions, Omit<LinearKeyCardProps, 'id'> {
  jiraRows: JiraRow[];
  jiraTests: Readonly<Record<string, StatusLine>>;
  /** False while the stored connections are loading: nothing can be typed or saved yet. */
  ready: boolean;
  saveStatus: StatusLine;
  onAddJira: () => void;
  onSave: () => void;
}

function JiraCard(props: { id: string } & Pick<ConnectionsSectionProps, 'jiraRows' | 'jiraTests' | 'onAddJira' | keyof RowActions>) {
  const { id } = props;
  return (
    <section class="card" aria-labelledby={`${id}-jira`}>
      <h2 id={`${id}-jira`}>Jira</h2>
      <p class="hint">
        On Atlassian Cloud (*.atlassian.net) KR Lens uses your signed-in browser session: no setup needed, and sites you visit appear here.
        Add a site to use an email and API token instead, or to reach a self-hosted Jira (the browser asks you to allow it).
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
  );
}

/** Jira and Linear connections, saved together with one button. */
export function ConnectionsSection(props: ConnectionsSectionProps) {
  const id = useId();
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
        <JiraCard id={id} {...props} />
        <LinearKeyCard id={id} {...props} />
        <div class="save-bar">
          <button type="submit" class="primary" data-testid="kr-lens-save" disabled={props.saveStatus.tone === 'busy'}>
            Save connections
          </button>
          <Status status={props.saveStatus} testId="kr-lens-save-status" />
        </div>
      </fieldset>
    </form>
  );
}
