/**
 * Chromium (or Chrome) with the built extension loaded, its network pointed at the sandbox.
 * Flags from TOOLCHAIN.md: the machine has no internet, so every background feature that would
 * phone home is off, and the sandbox's self-signed certificate is accepted (the service worker's
 * fetches need the flag; Playwright's ignoreHTTPSErrors does not reach them).
 */
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { findBrowser, requireBrowser } from './find-browser';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  close(): Promise<void>;
}

/** The tracker hosts mapped to the sandbox, its certificate accepted, and nothing phoning home. */
export function sandboxNetworkArgs(hostResolverRules: string): string[] {
  return [
    `--host-resolver-rules=${hostResolverRules}`,
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

export function chromiumAvailable(): boolean {
  return findBrowser() !== null;
}

/**
 * How Chromium lays pages out over processes.
 * - `'shared'`: pages of different sites may share a renderer. Each new renderer process costs
 *   CPU to start, and the suite opens hundreds of pages across a few sites: sharing took a third
 *   of the CPU off the overlay and dashboard files. Nothing those files check depends on which
 *   process a page is in (content scripts run in their own world either way, and the extension's
 *   pages and worker keep a process of their own).
 * - `'site-per-process'`: Chrome's own model, as users run it. The files that test what a hostile
 *   page can and cannot reach use it, so they prove it where the boundary is the user's.
 */
export type ProcessModel = 'shared' | 'site-per-process';

const PROCESS_MODEL_ARGS: Record<ProcessModel, string[]> = {
  shared: ['--disable-site-isolation-trials', '--renderer-process-limit=2'],
  'site-per-process': [],
};

export async function launchWithExtension(options: {
  extensionDir: string;
  hostResolverRules: string;
  headless?: boolean;
  colorScheme?: 'light' | 'dark';
  processes?: ProcessModel;
}): Promise<ExtensionBrowser> {
  const context = await chromium.launchPersistentContext('', {
    executablePath: requireBrowser(),
    headless: options.headless ?? true,
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 1280, height: 860 },
    ignoreHTTPSErrors: true,
    args: [
      `--load-extension=${options.extensionDir}`,
      `--disable-extensions-except=${options.extensionDir}`,
      ...sandboxNetworkArgs(options.hostResolverRules),
      ...PROCESS_MODEL_ARGS[options.processes ?? 'shared'],
    ],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  return { context, extensionId, serviceWorker, close: () => context.close() };
}
