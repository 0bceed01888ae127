import type { Breakdown } from '../../lib/okr/activity';
import { SharesBar } from '../charts/SharesBar';

export function Totals({ breakdown, label, testId }: { breakdown: Breakdown; label: string; testId: string }) {
  return (
    <div class="totals">
      <p class="totals__label">
        By count <span class="muted">({breakdown.total.count} issues)</span>
      </p>
      <SharesBar shares={breakdown.shares} by="count" label={`${label} by count`} testId={`${testId}-count`} />
      <p class="totals__label">
        By estimate{' '}
        <span class="muted">
          ({Number(breakdown.total.estimate.toFixed(2))} points
          {breakdown.total.unestimated > 0 ? `; ${breakdown.total.unestimated} issues have no estimate and add nothing here` : ''})
        </span>
      </p>
      <SharesBar shares={breakdown.shares} by="estimate" label={`${label} by estimate`} testId={`${testId}-estimate`} />
    </div>
  );
}

function pct(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

export function BreakdownTable({
  rows,
  caption,
  testId,
}: {
  rows: Array<{ name: string; breakdown: Breakdown }>;
  caption: string;
  testId: string;
}) {
  return (
    <table class="table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Issues</th>
          <th scope="col">Aligned</th>
          <th scope="col">Run</th>
          <th scope="col">Unaligned</th>
          <th scope="col">
            <span class="visually-hidden">Shares by count</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name} data-testid={testId}>
            <th scope="row">{row.name}</th>
            <td>{row.breakdown.total.count}</td>
            <td>{pct(row.breakdown.shares.aligned.countShare)}</td>
            <td>{pct(row.breakdown.shares.run.countShare)}</td>
            <td>{pct(row.breakdown.shares.unaligned.countShare)}</td>
            <td class="table__bar">
              <SharesBar shares={row.breakdown.shares} by="count" label={row.name} compact />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
