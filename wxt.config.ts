import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { preactWithoutInnerHtml } from './scripts/build/preact-without-inner-html';

/** The store listings' one-line summary (at most 132 characters, Chrome's limit). */
export const SHORT_DESCRIPTION =
  'Shows which OKR key result each Jira and Linear issue serves and how that key result is doing; link issues to key results in place.';

/**
 * Firefox: 140 is the first ESR with built-in data-collection consent and the first to accept
 * `optional_host_permissions` in MV3 on desktop and Android alike. KR Lens sends nothing to its
 * developers or anyone else, only to the trackers the user works in (PRIVACY.md): "none".
 * Held in a variable because WXT 0.21's manifest type predates `data_collection_permissions`.
 */
const gecko = {
  id: 'kr-lens@kr-lens.dev',
  strict_min_version: '140.0',
  data_collection_permissions: { required: ['none'] },
};

// See https://wxt.dev/api/config.html
export default defineConfig({
  srcDir: '.',
  outDir: '.output',
  vite: () => ({
    plugins: [preact(), preactWithoutInnerHtml()],
    // @linear/sdk reads these at runtime; a service worker has no process.env.
    define: {
      'process.env.npm_package_name': JSON.stringify('kr-lens'),
      'process.env.npm_package_version': JSON.stringify('0.1.0'),
    },
  }),
  // addons.mozilla.org's sources zip: what builds the add-on, not local run output or screenshots.
  zip: {
    excludeSources: ['test-results/**', 'demo-screenshots/**', 'bench/results.json', '**/*.log', '**/*.png'],
    includeSources: ['public/**'], // the icons are built into the package as they are
  },
  manifest: ({ browser }) => ({
    name: 'KR Lens',
    description: SHORT_DESCRIPTION,
    // unlimitedStorage: an OKR set plus its backup can outgrow the 10 MB default; it shows no install warning.
    permissions: ['storage', 'unlimitedStorage'],
    host_permissions: ['https://*.atlassian.net/*', 'https://linear.app/*', 'https://api.linear.app/*'],
    optional_host_permissions: ['https://*/*'],
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko, gecko_android: { strict_min_version: '142.0' } } } : {}),
  }),
});
