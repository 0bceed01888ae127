import type { Cycle } from '../../lib/okr/model';
import type { ActiveSelection, IndexEntry } from '../../lib/store';

export interface ActiveSetFieldsProps {
  id: string;
  sets: IndexEntry[];
  active: ActiveSelection | null;
  onSelectSet: (setId: string) => void;
  onSelectCycle: (cycleId: string | null) => void;
}

function cycleLabel(cycle: Cycle): string {
  return `${cycle.name} — ${cycle.state}, ${cycle.start} to ${cycle.end}`;
}

/** The set and the cycle every KR Lens page shows. */
export function ActiveSetFields({ id, sets, active, onSelectSet, onSelectCycle }: ActiveSetFieldsProps) {
  return (
    <fieldset>
      <legend>Active set and cycle</legend>
      {sets.length === 0 ? <p class="muted">No OKR set yet; import one below.</p> : null}
      <div class="field-row">
        <div class="field">
          <label for={`${id}-set`}>Set</label>
          <select
            id={`${id}-set`}
            data-testid="kr-lens-active-set"
            value={active?.set.id ?? ''}
            disabled={sets.length === 0}
            onChange={(event) => event.currentTarget.value !== '' && onSelectSet(event.currentTarget.value)}
          >
            {active === null ? <option value="">None selected</option> : null}
            {sets.map((entry) => (
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
            onChange={(event) => onSelectCycle(event.currentTarget.value === '' ? null : event.currentTarget.value)}
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
  );
}
