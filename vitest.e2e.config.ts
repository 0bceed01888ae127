import { defineConfig } from 'vitest/config';

// End-to-end tests drive the built extension in Debian's Chromium against the HTTPS sandbox.
// One file at a time: each starts its own browser, and the machines have two cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
