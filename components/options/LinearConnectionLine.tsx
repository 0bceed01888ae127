import type { LinearConnectionState } from '../../entrypoints/options/state/linear-check';

const TONE: Record<LinearConnectionState['state'], string> = { idle: 'idle', checking: 'busy', connected: 'ok', error: 'error' };

/** The sentence the page shows for a state; empty while idle. */
export function linearConnectionText(connection: LinearConnectionState): string {
  switch (connection.state) {
    case 'idle':
      return '';
    case 'checking':
      return 'Checking the connection to Linear…';
    case 'connected':
      return `Connected to workspace ${connection.workspace}.`;
    case 'error':
      return connection.message;
  }
}

/**
 * Whether Linear accepts the stored key. `data-state` (idle | checking | connected | error) is the
 * stable hook tests and scripts wait on; the element is always rendered so the live region exists
 * before its first change.
 */
export function LinearConnectionLine({ connection }: { connection: LinearConnectionState }) {
  return (
    <p
      role="status"
      class={`status status--${TONE[connection.state]}`}
      data-testid="kr-lens-linear-connection"
      data-state={connection.state}
    >
      {linearConnectionText(connection)}
    </p>
  );
}
