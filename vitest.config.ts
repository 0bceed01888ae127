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
  },
});
