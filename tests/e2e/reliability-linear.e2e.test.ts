/**
 * Linear read faults on a Linear issue page: the sentence, what was retried, and that nothing was
 * lost (see reliability.e2e.test.ts for how the reliability files are split).
 */
import { describe, expect, it } from 'vitest';
import { LINEAR_FAULTS } from './reliability-faults';
import { e2e, LINEAR, linearFamilyReads, moveLinearWorkForward, refreshUnder, useReliabilityE2E, warmPage } from './reliability-harness';

useReliabilityE2E();

describe('faults on a Linear issue page', () => {
  it.each(LINEAR_FAULTS)(
    '$name',
    async (fault) => {
      const warm = await warmPage(`${LINEAR}/issue/MOB-12/null-pointer-in-the-image-cache`, /Crash-free/);
      await refreshUnder(warm, fault, moveLinearWorkForward, linearFamilyReads);
      await warm.page.close();
    },
    90_000,
  );

  it('RATELIMITED is honoured: no request before the reset', async () => {
    const warm = await warmPage(`${LINEAR}/issue/MOB-12/null-pointer-in-the-image-cache`, /Crash-free/);
    const mark = e2e.sandbox.linear.requests.length;
    await refreshUnder(warm, LINEAR_FAULTS.find((f) => f.name.startsWith('RATELIMITED'))!, moveLinearWorkForward, linearFamilyReads);
    const requests = e2e.sandbox.linear.requests.slice(mark);
    const limited = requests.find((r) => r.status === 400)!;
    const after = requests.slice(requests.indexOf(limited) + 1);
    expect(after.length).toBeGreaterThan(0);
    for (const request of after) expect(request.at - limited.at).toBeGreaterThanOrEqual(2_000);
    // The fake records any request that comes before its reset as a violation; afterEach checks there is none.
    await warm.page.close();
  });
});
