import { defineConfig } from 'vitest/config';

// End-to-end tests drive the built extension in Debian's Chromium against the HTTPS sandbox.
// Each file starts its own sandbox and its own browser profile, so files don't share state and
// two run at once: much of a file's time is spent waiting (Retry-After, slow answers, a second of
// "nothing happens"), which leaves a two-core machine room for a second browser. Vitest starts
// the largest (and longest) file first, so the other worker takes the rest.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
