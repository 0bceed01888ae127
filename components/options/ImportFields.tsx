import { useEffect, useRef } from 'preact/hooks';
import type { ImportState } from '../../entrypoints/options/state/import';
import { MAX_OKR_FILE_BYTES } from '../../lib/store/file';
import { formatFieldError } from '../../lib/store/result';
import { ImportPreview } from './ImportPreview';

export interface ImportFieldsProps {
  id: string;
  importState: ImportState;
  onFile: (file: File) => void;
  onConfirmImport: () => void;
  onCancelImport: () => void;
}

const MAX_MB = MAX_OKR_FILE_BYTES / (1024 * 1024);

/** Takes focus: the confirm button it replaces is gone, and focus must not fall back to the page top. */
function ImportDone(props: { setName: string; activeCycleName: string | null }) {
  const message = useRef<HTMLParagraphElement>(null);
  useEffect(() => message.current?.focus(), []);
  return (
    <p class="status status--ok" role="status" tabIndex={-1} ref={message} data-testid="kr-lens-import-done">
      Imported <strong>{props.setName}</strong>. It is now the active set
      {props.activeCycleName === null
        ? '; today falls in none of its cycles, so choose a cycle above.'
        : `, with ${props.activeCycleName} as the active cycle.`}
    </p>
  );
}

function ImportResult(props: Omit<ImportFieldsProps, 'id' | 'onFile'>) {
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
            <strong>{state.fileName}</strong> was not imported; nothing was changed. Fix{' '}
            {state.errors.length === 1 ? 'this' : `these ${state.errors.length} problems`} and choose the file again:
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

/** The file input, then what became of the chosen file: its preview to confirm, its errors, or done. */
export function ImportFields(props: ImportFieldsProps) {
  const { id } = props;
  return (
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
  );
}
