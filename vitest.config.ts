import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

export default defineConfig({
  // WxtVitest does not read wxt.config's plugins, so Preact is added again here.
  plugins: [WxtVitest(), preact()],
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // tests/e2e and tests/firefox drive real browsers with their own configs.
    exclude: ['tests/e2e/**', 'tests/firefox/**'],
    testTimeout: 20_000,
    // Vitest's default is one worker fewer than the cores: one worker on a two-core machine, with
    // the other core idle. The main process only collects results, so use every core.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
