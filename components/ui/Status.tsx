import type { StatusLine } from '../../lib/view/status-line';

export interface StatusProps {
  status: StatusLine;
  testId?: string;
}

/**
 * A live status line. The element is always rendered, even empty, because screen readers
 * announce changes only in live regions that existed before the change.
 */
export function Status({ status, testId }: StatusProps) {
  return (
    <p role="status" class={`status status--${status.tone}`} data-testid={testId}>
      {status.tone === 'idle' ? '' : status.message}
    </p>
  );
}
