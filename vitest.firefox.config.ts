import { defineConfig } from 'vitest/config';

// The Firefox smoke test: the Firefox build in Debian's firefox-esr over WebDriver BiDi, against
// the sandbox on port 443 (Firefox has no host-resolver flag; a pref points the hosts at 127.0.0.1).
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.firefox.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
