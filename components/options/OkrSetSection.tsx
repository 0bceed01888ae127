import { useEffect, useId, useRef } from 'preact/hooks';
import type { BackupInfo, ImportState, StatusLine } from '../../lib/options-store';
import type { Cycle } from '../../lib/okr/model';
import type { ActiveSelection, IndexEntry, OkrFileFormat } from '../../lib/store';
import { MAX_OKR_FILE_BYTES } from '../../lib/store/file';
import { formatFieldError } from '../../lib/store/result';
import { ImportPreview } from './ImportPreview';
import { Status } from '../ui/Status';

export interface OkrSetSectionProps {
  sets: IndexEntry[];
  active: ActiveSelection | null;
  backup: BackupInfo | null;
  restoreAsked: boolean;
  importState: ImportState;
  status: StatusLine;
  onFile: (file: File) => void;
  onConfirmImport: () => void;
  onCancelImport: () => void;
  onExport: (format: OkrFileFormat) => void;
  onAskRestore: () => void;
  onCancelRestore: () => void;
  onConfirmRestore: () => void;
  onSelectSet: (setId: string) => void;
  onSelectCycle: (cycleId: string | null) => void;
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

function cycleLabel(cycle: Cycle): string {
  return `${cycle.name} — ${cycle.state}, ${cycle.start} to ${cycle.end}`;
}

const MAX_MB = MAX_OKR_FILE_BYTES / (1024 * 1024);

/** Takes focus: the confirm button it replaces is gone, and focus must not fall back to the page top. */
function ImportDone(props: { setName: string; activeCycleName: string | null }) {
  const message = useRef<HTMLParagraphElement>(null);
  useEffect(() => message.current?.focus(), []);
  return (
    <p class="status status--ok" role="status" tabIndex={-1} ref={message} data-testid="kr-lens-import-done">
      Imported <strong>{props.setName}</strong>. It is now the active set
      {props.activeCycleName === null ? '; today falls in none of its cycles, so choose a cycle above.' : `, with ${props.activeCycleName} as the active cycle.`}
    </p>
  );
}

function ImportResult(props: Pick<OkrSetSectionProps, 'importState' | 'onConfirmImport' | 'onCancelImport'>) {
  const state = props.importState;
  switch (state.step) {
    case 'idle':
      return null;
    case 'reading':
      return <p class="muted">Reading {state.fileName}…</p>;
    case 'failed':
      return (
        <div class="import-errors" role="alert">
          <p>
            <strong>{state.fileName}</strong> was not imported; nothing was changed. Fix {state.errors.length === 1 ? 'this' : `these ${state.errors.length} problems`} and choose
            the file again:
          </p>
          <ul data-testid="kr-lens-import-errors">
            {state.errors.map((error, i) => (
              <li key={i}>
                {error.path === '' ? (
                  formatFieldError(error)
                ) : (
                  <>
                    <code>{error.path}</code>: {error.message}
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      );
    case 'preview':
      return (
        <ImportPreview
          fileName={state.fileName}
          preview={state.preview}
          replaces={state.replaces}
          activeCycleName={state.activeCycleName}
          confirming={state.confirming}
          onConfirm={props.onConfirmImport}
          onCancel={props.onCancelImport}
        />
      );
    case 'done':
      return <ImportDone setName={state.setName} activeCycleName={state.activeCycleName} />;
  }
}

export function OkrSetSection(props: OkrSetSectionProps) {
  const id = useId();
  const { active, backup } = props;
  const activeSetId = active?.set.id ?? '';

  return (
    <section class="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>OKR set</h2>
      <p class="hint">
        KR Lens keeps your OKRs in this browser. Import a JSON or YAML file; you see what changes before anything is saved, and the previous
        version is kept as a backup.
      </p>

      <fieldset>
        <legend>Active set and cycle</legend>
        {props.sets.length === 0 ? <p class="muted">No OKR set yet; import one below.</p> : null}
        <div class="field-row">
          <div class="field">
            <label for={`${id}-set`}>Set</label>
            <select
              id={`${id}-set`}
              data-testid="kr-lens-active-set"
              value={activeSetId}
              disabled={props.sets.length === 0}
              onChange={(event) => event.currentTarget.value !== '' && props.onSelectSet(event.currentTarget.value)}
            >
              {active === null ? <option value="">None selected</option> : null}
              {props.sets.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={`${id}-cycle`}>Cycle</label>
            <select
              id={`${id}-cycle`}
              data-testid="kr-lens-active-cycle"
              value={active?.cycleId ?? ''}
              disabled={active === null}
              onChange={(event) => props.onSelectCycle(event.currentTarget.value === '' ? null : event.currentTarget.value)}
            >
              <option value="">No cycle</option>
              {active?.set.cycles.map((cycle) => (
                <option key={cycle.id} value={cycle.id}>
                  {cycleLabel(cycle)}
                </option>
              ))}
            </select>
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>Import a file</legend>
        <div class="field">
          <label for={`${id}-file`}>OKR file</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".json,.yaml,.yml"
            aria-describedby={`${id}-file-hint`}
            data-testid="kr-lens-import-file"
            onChange={(event) => {
              const input = event.currentTarget;
              const file = input.files?.[0];
              // Cleared so choosing the same file again (after fixing it) fires a change.
              input.value = '';
              if (file) props.onFile(file);
            }}
          />
          <p id={`${id}-file-hint`} class="hint">
            .json, .yaml or .yml, up to {MAX_MB} MB.
          </p>
        </div>
        <ImportResult importState={props.importState} onConfirmImport={props.onConfirmImport} onCancelImport={props.onCancelImport} />
      </fieldset>

      <fieldset>
        <legend>Export and backup</legend>
        <div class="actions">
          <button type="button" data-testid="kr-lens-export-json" disabled={active === null} onClick={() => props.onExport('json')}>
            Export JSON
          </button>
          <button type="button" data-testid="kr-lens-export-yaml" disabled={active === null} onClick={() => props.onExport('yaml')}>
            Export YAML
          </button>
        </div>
        {active === null ? null : backup === null ? (
          <p class="muted">No earlier version of {active.set.name} is kept yet; one is kept each time you import over it.</p>
        ) : props.restoreAsked ? (
          <div class="confirm" role="group" aria-labelledby={`${id}-restore-question`}>
            <p id={`${id}-restore-question`}>
              Replace the current {active.set.name} with the version saved {formatTime(backup.savedAt)}? The current version becomes the backup,
              so you can undo this.
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
        ) : (
          <div class="actions">
            <p class="muted">
              Previous version saved {formatTime(backup.savedAt)}
              {backup.reason ? `, ${BACKUP_REASONS[backup.reason]}` : ''}.
            </p>
            <button type="button" data-testid="kr-lens-restore" onClick={props.onAskRestore}>
              Restore previous version…
            </button>
          </div>
        )}
      </fieldset>
      <Status status={props.status} testId="kr-lens-okr-status" />
    </section>
  );
}
