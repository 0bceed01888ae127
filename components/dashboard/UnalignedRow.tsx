import { useState } from 'preact/hooks';
import type { IssueSnapshot, TrackerId } from '../../lib/okr/model';
import type { StatusLine } from '../../lib/view/status-line';
import { safeHref } from '../safe-href';
import { Status } from '../ui/Status';

export type LinkIssue = (issue: { tracker: TrackerId; site: string; key: string }, krId: string) => void;
export type KrChoice = { id: string; title: string; objectiveTitle: string };

/** An unaligned issue with a picker to link it to a key result. */
export function UnalignedRow({
  issue,
  krs,
  status,
  onLink,
}: {
  issue: IssueSnapshot;
  krs: KrChoice[];
  status: StatusLine | undefined;
  onLink: LinkIssue;
}) {
  const [krId, setKrId] = useState('');
  const href = safeHref(issue.url);
  const selectId = `link-${issue.ref.tracker}-${issue.ref.key}`;
  return (
    <li class="unaligned" data-testid="kr-lens-dashboard-unaligned-issue" data-key={issue.ref.key}>
      <div>
        {href ? (
          <a href={href} target="_blank" rel="noopener">
            {issue.ref.key}
          </a>
        ) : (
          issue.ref.key
        )}{' '}
        {issue.title}
        <span class="muted">
          {' '}
          · {issue.status.name}
          {issue.assignee ? ` · ${issue.assignee.name}` : ' · unassigned'}
          {issue.estimate !== undefined ? ` · ${issue.estimate} pts` : ''}
        </span>
      </div>
      <form
        class="link-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (krId) onLink({ tracker: issue.ref.tracker, site: issue.ref.site, key: issue.ref.key }, krId);
        }}
      >
        <label for={selectId} class="visually-hidden">
          Key result for {issue.ref.key}
        </label>
        <select
          id={selectId}
          value={krId}
          data-testid="kr-lens-dashboard-link-kr"
          onChange={(event) => setKrId((event.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">Choose a key result…</option>
          {krs.map((kr) => (
            <option key={kr.id} value={kr.id}>
              {kr.title}
            </option>
          ))}
        </select>
        <button type="submit" disabled={!krId || status?.tone === 'busy'} data-testid="kr-lens-dashboard-link-button">
          Link to KR
        </button>
        {status && <Status status={status} testId="kr-lens-dashboard-link-status" />}
      </form>
    </li>
  );
}
