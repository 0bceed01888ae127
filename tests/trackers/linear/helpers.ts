/**
 * Shared set-up for the Linear adapter tests: one fake Linear over real HTTP per file, reseeded
 * before each test, and every test ends by asserting the fake saw no contract violation.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { createLinearAdapter, type LinearAdapterConfig } from '../../../lib/trackers/linear/client';
import type { TrackerAdapter } from '../../../lib/trackers/tracker';
import { DANA_API_KEY, LINEAR_WORKSPACE, startFakeLinear, type FakeLinearOptions, type RunningFakeLinear } from '../../sandbox/linear';

export interface FakeLinearHarness {
  readonly fake: RunningFakeLinear;
  adapter(overrides?: Partial<LinearAdapterConfig>): TrackerAdapter;
}

export function useFakeLinear(options: FakeLinearOptions = {}): FakeLinearHarness {
  let fake: RunningFakeLinear | undefined;
  beforeAll(async () => {
    fake = await startFakeLinear(options);
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => {
    fake!.reset();
  });
  afterEach(() => {
    expect(fake!.violations).toEqual([]);
  });
  return {
    get fake() {
      return fake!;
    },
    adapter(overrides = {}) {
      return createLinearAdapter({
        workspace: LINEAR_WORKSPACE,
        apiKey: DANA_API_KEY,
        // Loopback by address: "localhost" costs a name lookup per request (read.test.ts covers it).
        apiUrl: fake!.url,
        retry: { baseDelayMs: 5 },
        ...overrides,
      });
    },
  };
}

/** The keys of snapshots, sorted, for order-independent comparisons. */
export const keysOf = (issues: Array<{ ref: { key: string } }>) => issues.map((issue) => issue.ref.key).sort(byKey);

/** MOB-2 before MOB-10: team, then number. */
export function byKey(a: string, b: string): number {
  const [ta, na] = a.split('-');
  const [tb, nb] = b.split('-');
  return ta!.localeCompare(tb!) || Number(na) - Number(nb);
}
