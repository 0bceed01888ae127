import { basename } from 'node:path';
import { defineConfig } from 'vitest/config';
import { rankedSequencer } from './scripts/test/ranked-sequencer';

/**
 * The order files start in, four at a time. Four files are mostly waiting (Retry-After, slow
 * answers, the 20 s limit: ~50–75 s each alone, a third of it on the CPU), the multi-person and
 * hostile-page files mostly computing. Started together, the four waiting files left half the
 * CPU idle for 40 s; so two of them start at once beside the two heaviest computing files, and
 * the other two once those are done, still early enough not to end the suite alone. Vitest's own
 * order would come from durations cached by an earlier run, else from file size: on a clean
 * clone, by size, the longest file (reliability-waits, small) started last and ended the suite
 * alone.
 */
const START_ORDER = [
  'reliability-waits.e2e.test.ts', // ~75 s alone, 25 CPU-seconds
  'reliability-linear.e2e.test.ts', // ~65 s, 29
  'spaces.e2e.test.ts', // ~43 s, 41
  'hostile.e2e.test.ts', // ~47 s, 38
  'spaces-linear.e2e.test.ts', // 32 CPU-seconds
  'dashboard.e2e.test.ts', // 28
  'reliability-writes.e2e.test.ts', // ~55 s, 28
  'reliability.e2e.test.ts', // ~50 s, 24
  'trust.e2e.test.ts',
  'overlay.e2e.test.ts',
  'reliability-packaging.e2e.test.ts',
  'spaces-sites.e2e.test.ts',
  'options.e2e.test.ts',
  'render-cache.e2e.test.ts',
  'subscription.e2e.test.ts',
  'links-truth.e2e.test.ts',
  'page-fidelity.e2e.test.ts',
];

// Files not listed start after the rest, in Vitest's own order.
const StartOrder = rankedSequencer((file) => {
  const at = START_ORDER.indexOf(basename(file.moduleId));
  return at === -1 ? START_ORDER.length : at;
});

// End-to-end tests drive the built extension in Debian's Chromium against the HTTPS sandbox.
// Each file starts its own sandbox and its own browser profile, so files don't share state and
// several run at once: the reliability files mostly wait (Retry-After, slow answers, a second of
// "nothing happens"), which leaves a two-core machine room for more browsers than cores. The
// reliability cases are split over five files so that no one file bounds the suite.
// A worker keeps its modules from file to file (Playwright, the fakes and their parsed contracts
// load once per worker instead of once per file): the state a file uses is what its own sandbox
// and browser hold, both started and closed by the file.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    maxWorkers: 4,
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    sequence: { sequencer: StartOrder },
  },
});
