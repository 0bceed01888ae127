/**
 * Where a Chromium-family browser lives on a developer's machine. Tests, the demo and the bench
 * all ask here, so one order holds everywhere: an explicit `CHROME_PATH`, then Debian/Ubuntu's
 * Chromium (the binary itself, since `/usr/bin/chromium` is a wrapper that adds stray flags),
 * then Google Chrome or Chromium as Linux and macOS install them.
 */
import { existsSync } from 'node:fs';

export const BROWSER_CANDIDATES: readonly string[] = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/lib/chromium-browser/chromium-browser',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const INSTALL_HINT =
  'No Chromium or Google Chrome was found. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`; ' +
  'macOS: install Google Chrome), or set CHROME_PATH to the browser binary.';

/** The first browser found, or null; `env` and `exists` are parameters so the order can be tested. */
export function findBrowser(
  env: Record<string, string | undefined> = process.env,
  exists: (path: string) => boolean = existsSync,
): string | null {
  const explicit = env.CHROME_PATH?.trim();
  if (explicit) return exists(explicit) ? explicit : null;
  return BROWSER_CANDIDATES.find((path) => exists(path)) ?? null;
}

/** The browser to launch; throws the install hint when there is none. */
export function requireBrowser(): string {
  const found = findBrowser();
  if (found) return found;
  const explicit = process.env.CHROME_PATH?.trim();
  throw new Error(explicit ? `CHROME_PATH is set to ${explicit}, but nothing is there. ${INSTALL_HINT}` : INSTALL_HINT);
}
