import { useEffect, useRef } from 'preact/hooks';
import { SCHEMA_VERSION } from '../../lib/okr/model';
import type { CollectionChanges, ImportPreview as Preview } from '../../lib/store';

export interface ImportPreviewProps {
  fileName: string;
  preview: Preview;
  replaces: string | null;
  activeCycleName: string | null;
  confirming: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

const COLLECTION_NAMES = [
  ['objectives', 'Objectives'],
  ['keyResults', 'Key results'],
  ['cycles', 'Cycles'],
  ['checkIns', 'Check-ins'],
] as const;

function countLine(changes: CollectionChanges): string {
  const parts = [
    changes.added.length > 0 ? `${changes.added.length} added` : '',
    changes.removed.length > 0 ? `${changes.removed.length} removed` : '',
    changes.changed.length > 0 ? `${changes.changed.length} changed` : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? parts.join(', ') : 'no change';
}

function CollectionDetails({ title, changes }: { title: string; changes: CollectionChanges }) {
  const total = changes.added.length + changes.removed.length + changes.changed.length;
  if (total === 0) {
    return (
      <li class="change-group">
        <span class="change-title">{title}</span>: no change
      </li>
    );
  }
  return (
    <li class="change-group">
      <details>
        <summary>
          <span class="change-title">{title}</span>: {countLine(changes)}
        </summary>
        <ul class="change-list">
          {changes.added.map((item) => (
            <li key={`a-${item.id}`}>
              <span class="change-tag change-tag--added">Added</span> {item.label}
            </li>
          ))}
          {changes.removed.map((item) => (
            <li key={`r-${item.id}`}>
              <span class="change-tag change-tag--removed">Removed</span> {item.label}
            </li>
          ))}
          {changes.changed.map((item) => (
            <li key={`c-${item.id}`}>
              <span class="change-tag change-tag--changed">Changed</span> {item.label} <span class="muted">({item.fields.join(', ')})</span>
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}

/** What confirming the import will do; focus moves to its heading so keyboard users land on it. */
export function ImportPreview(props: ImportPreviewProps) {
  const { preview, replaces, activeCycleName, confirming } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [preview.token]);

  return (
    <section class="preview" data-testid="kr-lens-import-preview" aria-labelledby="kr-lens-preview-heading">
      <h3 id="kr-lens-preview-heading" tabIndex={-1} ref={heading}>
        Preview of {props.fileName}
      </h3>
      <p data-testid="kr-lens-import-target">
        {replaces === null ? (
          <>
            New set <strong>{preview.name}</strong> <span class="muted">({preview.setId})</span>.
          </>
        ) : (
          <>
            Replaces <strong>{replaces}</strong> <span class="muted">({preview.setId})</span>. The current version is kept as a backup you
            can restore.
          </>
        )}
      </p>
      {preview.fromSchemaVersion < SCHEMA_VERSION ? (
        <p>
          The file was written for schema version {preview.fromSchemaVersion}; it is upgraded to version {SCHEMA_VERSION} on import.
        </p>
      ) : null}
      {preview.unchanged ? <p>The file matches the stored set; importing it only makes it active.</p> : null}
      {preview.changes.set.length > 0 ? <p>Set fields changed: {preview.changes.set.join(', ')}.</p> : null}
      {preview.unchanged ? null : (
        <ul class="change-groups">
          {COLLECTION_NAMES.map(([key, title]) => (
            <CollectionDetails key={key} title={title} changes={preview.changes[key]} />
          ))}
        </ul>
      )}
      <p data-testid="kr-lens-import-active-cycle">
        {activeCycleName === null
          ? 'Today falls in none of its cycles, so no cycle will be active; choose one after importing.'
          : `Active cycle after import: ${activeCycleName} (the cycle that contains today).`}
      </p>
      <div class="actions">
        <button type="button" class="primary" data-testid="kr-lens-import-confirm" disabled={confirming} onClick={props.onConfirm}>
          {confirming ? 'Importing…' : replaces === null ? 'Import and make active' : 'Replace and make active'}
        </button>
        <button type="button" data-testid="kr-lens-import-cancel" disabled={confirming} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
