import { useId } from 'preact/hooks';
import type { ActiveSelection, IndexEntry } from '../../lib/store';
import type { StatusLine } from '../../lib/view/status-line';
import { Status } from '../ui/Status';
import { ActiveSetFields, type ActiveSetFieldsProps } from './ActiveSetFields';
import { BackupFields, type BackupFieldsProps } from './BackupFields';
import { ImportFields, type ImportFieldsProps } from './ImportFields';

type Parts = Omit<ActiveSetFieldsProps, 'id'> & Omit<ImportFieldsProps, 'id'> & Omit<BackupFieldsProps, 'id'>;

export interface OkrSetSectionProps extends Parts {
  sets: IndexEntry[];
  active: ActiveSelection | null;
  status: StatusLine;
}

/** The OKR set: which one is active, importing a file, export and backup, with one status line. */
export function OkrSetSection(props: OkrSetSectionProps) {
  const id = useId();
  return (
    <section class="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>OKR set</h2>
      <p class="hint">
        KR Lens keeps your OKRs in this browser. Import a JSON or YAML file; you see what changes before anything is saved, and the previous
        version is kept as a backup.
      </p>
      <ActiveSetFields id={id} {...props} />
      <ImportFields id={id} {...props} />
      <BackupFields id={id} {...props} />
      <Status status={props.status} testId="kr-lens-okr-status" />
    </section>
  );
}
