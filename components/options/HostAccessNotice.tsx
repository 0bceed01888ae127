import type { HostAccessState } from '../../entrypoints/options/state/host-access';
import { IDLE, type StatusLine } from '../../lib/view/status-line';
import { Status } from '../ui/Status';

export interface HostAccessNoticeProps {
  /** Host patterns the browser has not granted; null while unknown. */
  missing: readonly string[] | null;
  state: HostAccessState;
  onGrant: () => void;
}

const KNOWN_HOSTS: Record<string, string> = {
  'https://*.atlassian.net/*': 'Jira Cloud sites (*.atlassian.net)',
  'https://linear.app/*': 'Linear issue pages (linear.app)',
  'https://api.linear.app/*': 'the Linear API (api.linear.app)',
};

export function hostLabel(pattern: string): string {
  return KNOWN_HOSTS[pattern] ?? pattern.replace(/^https:\/\//, '').replace(/\/\*$/, '');
}

const REFUSED =
  'Access was not granted, so KR Lens still can’t work on these sites. Ask again, or allow it from the extensions menu or the add-on’s Permissions tab (about:addons in Firefox).';

function stateLine(state: HostAccessState): StatusLine {
  switch (state.step) {
    case 'idle':
      return IDLE;
    case 'asking':
      return { tone: 'busy', message: 'Waiting for your answer in the browser’s prompt…' };
    case 'refused':
      return { tone: 'error', message: REFUSED };
    case 'failed':
      return { tone: 'error', message: state.message };
  }
}

/**
 * Shown at the top of Options while the browser withholds a host KR Lens needs (Firefox treats
 * MV3 host permissions as optional, and any browser lets a user revoke them): which sites, why,
 * and one button that asks. Hidden once everything is granted.
 */
export function HostAccessNotice({ missing, state, onGrant }: HostAccessNoticeProps) {
  const failed = state.step === 'failed';
  if (!failed && (missing === null || missing.length === 0)) return null;
  return (
    <section class="card host-access" aria-labelledby="host-access-title" data-testid="kr-lens-host-access">
      <h2 id="host-access-title">Allow KR Lens on Jira and Linear</h2>
      {missing && missing.length > 0 && (
        <>
          <p>
            Your browser has not given KR Lens access to these sites yet. Until it does, no key results show on their issue pages and KR
            Lens can’t read or write links there:
          </p>
          <ul data-testid="kr-lens-host-access-missing">
            {missing.map((pattern) => (
              <li key={pattern}>{hostLabel(pattern)}</li>
            ))}
          </ul>
          <p class="hint">KR Lens only talks to these sites on your behalf; nothing goes anywhere else.</p>
          <button
            type="button"
            class="primary"
            data-testid="kr-lens-host-access-grant"
            disabled={state.step === 'asking'}
            onClick={onGrant}
          >
            Allow access
          </button>
        </>
      )}
      <Status status={stateLine(state)} testId="kr-lens-host-access-state" />
    </section>
  );
}
