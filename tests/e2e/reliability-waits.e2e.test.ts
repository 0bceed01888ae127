/**
 * Jira read faults that must be waited out (Retry-After, a slow answer, one slower than the 20 s
 * limit): most of this file's time is those waits, so it runs beside the other reliability files
 * instead of after them (see reliability.e2e.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { JIRA_FAULTS } from './reliability-faults';
import { e2e, JIRA, jiraIssueReads, moveJiraWorkForward, refreshUnder, useReliabilityE2E, warmPage } from './reliability-harness';

useReliabilityE2E();

describe('faults on a Jira issue page', () => {
  it.each(JIRA_FAULTS.filter((fault) => fault.waitsMs !== undefined))(
    '$name',
    async (fault) => {
      const warm = await warmPage(`${JIRA}/browse/PLAT-2`, /Checkout API p95/);
      await refreshUnder(warm, fault, moveJiraWorkForward, jiraIssueReads);
      await warm.page.close();
    },
    90_000,
  );

  it('a rate limit is honoured: no request before Retry-After has elapsed', async () => {
    const warm = await warmPage(`${JIRA}/browse/PLAT-2`, /Checkout API p95/);
    const mark = e2e.sandbox.jira.requests.length;
    await refreshUnder(warm, JIRA_FAULTS.find((f) => f.name.includes('Retry-After: 2'))!, moveJiraWorkForward, jiraIssueReads);
    const requests = e2e.sandbox.jira.requests.slice(mark);
    const limited = requests.filter((r) => r.status === 429);
    expect(limited).toHaveLength(2);
    const firstLimited = Math.min(...limited.map((r) => r.time));
    const after = requests.filter((r) => r.status !== 429 && r.time >= firstLimited);
    expect(after.length).toBeGreaterThan(0);
    for (const request of after) expect(request.time - firstLimited).toBeGreaterThanOrEqual(2_000);
    await warm.page.close();
  });
});
