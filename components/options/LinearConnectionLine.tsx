import { linearConnectionText, type LinearConnectionState } from '../../lib/linear-connection';

const TONE: Record<LinearConnectionState['state'], string> = { idle: 'idle', checking: 'busy', connected: 'ok', error: 'error' };

/**
 * Whether Linear accepts the stored key. `data-state` (idle | checking | connected | error) is the
 * stable hook tests and scripts wait on; the element is always rendered so the live region exists
 * before its first change.
 */
export function LinearConnectionLine({ connection }: { connection: LinearConnectionState }) {
  return (
    <p role="status" class={`status status--${TONE[connection.state]}`} data-testid="kr-lens-linear-connection" data-state={connection.state}>
      {linearConnectionText(connection)}
    </p>
  );
}
