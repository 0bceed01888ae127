import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// See https://wxt.dev/api/config.html
export default defineConfig({
  srcDir: '.',
  outDir: '.output',
  vite: () => ({
    plugins: [preact()],
    // @linear/sdk reads these at runtime; a service worker has no process.env.
    define: {
      'process.env.npm_package_name': JSON.stringify('kr-lens'),
      'process.env.npm_package_version': JSON.stringify('0.1.0'),
    },
  }),
  manifest: ({ browser }) => ({
    name: 'KR Lens',
    description: 'See which key result each Jira and Linear issue serves, and how that key result is doing.',
    // unlimitedStorage: an OKR set plus its backup can outgrow the 10 MB default; it shows no install warning.
    permissions: ['storage', 'unlimitedStorage'],
    host_permissions: ['https://*.atlassian.net/*', 'https://linear.app/*', 'https://api.linear.app/*'],
    optional_host_permissions: ['https://*/*'],
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'kr-lens@kr-lens.dev', strict_min_version: '115.0' } } }
      : {}),
  }),
});
