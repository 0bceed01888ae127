import { basename } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, longest first (seconds alone on an idle machine, mostly waiting:
 * Retry-After, slow answers, the 20 s limit). Vitest orders by the durations it cached in an
 * earlier run, else by file size; a clean clone has no cache, and by size the longest file
 * (reliability-waits, small) would start last and end the suite alone.
 */
const LONGEST_FIRST = [
  'reliability-waits.e2e.test.ts', // ~75 s
  'reliability-linear.e2e.test.ts', // ~65 s
  'reliability-writes.e2e.test.ts', // ~55 s
  'reliability.e2e.test.ts', // ~50 s
  'hostile.e2e.test.ts', // ~47 s
  'spaces.e2e.test.ts', // ~43 s
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = LONGEST_FIRST.indexOf(basename(file.moduleId));
      return at === -1 ? LONGEST_FIRST.length : at;
    };
    // Array.prototype.sort is stable: the rest keep Vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

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
    sequence: { sequencer: LongestFirst },
  },
});
