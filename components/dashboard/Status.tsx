import type { StatusLine } from '../../lib/dashboard-store';

/**
 * A live status line. Always rendered, even empty: screen readers announce changes only in live
 * regions that existed before the change.
 */
export function Status({ status, testId }: { status: StatusLine; testId?: string }) {
  return (
    <p role="status" class={`status status--${status.tone}`} data-testid={testId}>
      {status.tone === 'idle' ? '' : status.message}
    </p>
  );
}
