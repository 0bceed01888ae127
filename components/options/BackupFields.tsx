import type { BackupInfo } from '../../entrypoints/options/state/backup';
import type { ActiveSelection, OkrFileFormat } from '../../lib/store';

export interface BackupFieldsProps {
  id: string;
  active: ActiveSelection | null;
  backup: BackupInfo | null;
  restoreAsked: boolean;
  onExport: (format: OkrFileFormat) => void;
  onAskRestore: () => void;
  onCancelRestore: () => void;
  onConfirmRestore: () => void;
}

const BACKUP_REASONS: Record<NonNullable<BackupInfo['reason']>, string> = {
  import: 'before the last import',
  restore: 'before the last restore',
  delete: 'before the set was deleted',
};

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function RestoreQuestion(
  props: { id: string; setName: string; backup: BackupInfo } & Pick<BackupFieldsProps, 'onConfirmRestore' | 'onCancelRestore'>,
) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a question with two buttons, not a form section; a fieldset would draw a frame and a legend.
    <div class="confirm" role="group" aria-labelledby={`${props.id}-restore-question`}>
      <p id={`${props.id}-restore-question`}>
        Replace the current {props.setName} with the version saved {formatTime(props.backup.savedAt)}? The current version becomes the
        backup, so you can undo this.
      </p>
      <div class="actions">
        <button type="button" class="primary" data-testid="kr-lens-restore-confirm" onClick={props.onConfirmRestore}>
          Restore
        </button>
        <button type="button" onClick={props.onCancelRestore}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function BackupLine(props: Omit<BackupFieldsProps, 'onExport'>) {
  const { active, backup } = props;
  if (active === null) return null;
  if (backup === null)
    return <p class="muted">No earlier version of {active.set.name} is kept yet; one is kept each time you import over it.</p>;
  if (props.restoreAsked) return <RestoreQuestion {...props} setName={active.set.name} backup={backup} />;
  return (
    <div class="actions">
      <p class="muted">
        Previous version saved {formatTime(backup.savedAt)}
        {backup.reason ? `, ${BACKUP_REASONS[backup.reason]}` : ''}.
      </p>
      <button type="button" data-testid="kr-lens-restore" onClick={props.onAskRestore}>
        Restore previous version…
      </button>
    </div>
  );
}

/** Export of the active set, and its backup with the way back to it. */
export function BackupFields(props: BackupFieldsProps) {
  const none = props.active === null;
  return (
    <fieldset>
      <legend>Export and backup</legend>
      <div class="actions">
        <button type="button" data-testid="kr-lens-export-json" disabled={none} onClick={() => props.onExport('json')}>
          Export JSON
        </button>
        <button type="button" data-testid="kr-lens-export-yaml" disabled={none} onClick={() => props.onExport('yaml')}>
          Export YAML
        </button>
      </div>
      <BackupLine {...props} />
    </fieldset>
  );
}
