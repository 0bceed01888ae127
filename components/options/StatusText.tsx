import type { StatusLine } from '../../lib/options-store';

export interface StatusTextProps {
  status: StatusLine;
  testId?: string;
}

/**
 * A live status line. The element is always rendered, even empty, because screen readers
 * announce changes only in live regions that existed before the change.
 */
export function StatusText({ status, testId }: StatusTextProps) {
  return (
    <p role="status" class={`status status--${status.tone}`} data-testid={testId}>
      {status.tone === 'idle' ? '' : status.message}
    </p>
  );
}
