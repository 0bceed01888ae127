/**
 * Reliability where users meet it: the built extension in Chromium, the sandbox Jira and Linear
 * failing in every way they can. For each fault: the sentence on the page, what was retried (the
 * fakes record every request and its time), and proof that no link, OKR set or check-in was lost
 * or duplicated.
 *
 * The cases are spread over files that run side by side, each with its own sandbox and browser:
 * this one holds the Jira read faults that answer at once; reliability-waits.e2e the Jira faults
 * that must be waited out (Retry-After, slow answers, the 20 s limit); reliability-linear.e2e the
 * Linear read faults; reliability-writes.e2e writes under faults, two writers at once and going
 * offline; reliability-packaging.e2e the packaged extension itself. What they share is in
 * reliability-harness.ts (setup, helpers) and reliability-faults.ts (the fault tables).
 */
import { describe, it } from 'vitest';
import { JIRA_FAULTS } from './reliability-faults';
import { JIRA, jiraIssueReads, moveJiraWorkForward, refreshUnder, useReliabilityE2E, warmPage } from './reliability-harness';

useReliabilityE2E();

describe('faults on a Jira issue page', () => {
  it.each(JIRA_FAULTS.filter((fault) => fault.waitsMs === undefined))(
    '$name',
    async (fault) => {
      const warm = await warmPage(`${JIRA}/browse/PLAT-2`, /Checkout API p95/);
      await refreshUnder(warm, fault, moveJiraWorkForward, jiraIssueReads);
      await warm.page.close();
    },
    90_000,
  );
});
