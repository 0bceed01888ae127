/**
 * The core is pure (STYLE habit 1): `lib/okr/**` imports nothing but zod and itself, and never
 * touches the browser, the network or the page. Comments are ignored — explaining why the core
 * does not call `fetch(` is allowed; calling it is not.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, sourceFiles, withoutComments } from '../tooling/source-scan';

const OKR_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../lib/okr');

const FORBIDDEN: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /\bbrowser\./, what: 'browser.' },
  { pattern: /\bchrome\./, what: 'chrome.' },
  { pattern: /\bfetch\s*\(/, what: 'fetch(' },
  { pattern: /\bdocument\b/, what: 'document' },
  { pattern: /\bwindow\b/, what: 'window' },
  { pattern: /#imports/, what: '#imports' },
  { pattern: /\bwxt\b/i, what: 'wxt' },
];

/** What makes `source` (the file at `file`, inside `root`) impure; empty when it is pure. */
function impurities(source: string, file: string, root: string = OKR_DIR): string[] {
  const code = withoutComments(source);
  const problems: string[] = [];
  for (const specifier of importSpecifiers(code)) {
    if (specifier === 'zod') continue;
    if (specifier.startsWith('.')) {
      const target = resolve(dirname(file), specifier);
      if (target === root || target.startsWith(root + sep)) continue;
      problems.push(`imports ${specifier} from outside lib/okr`);
      continue;
    }
    problems.push(`imports ${specifier}`);
  }
  for (const { pattern, what } of FORBIDDEN) if (pattern.test(code)) problems.push(`mentions ${what}`);
  return problems;
}

describe('the pure core (lib/okr) — STYLE habit 1', () => {
  const files = sourceFiles(OKR_DIR);

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(files.map((file) => ({ file, name: relative(OKR_DIR, file) })))('$name imports only zod and lib/okr', ({ file }) => {
    expect(impurities(readFileSync(file, 'utf8'), file)).toEqual([]);
  });
});

describe('the purity scanner catches what it must', () => {
  const file = join(OKR_DIR, 'example.ts');

  it.each([
    { source: `import { storage } from 'wxt/utils/storage';`, problem: 'imports wxt/utils/storage' },
    { source: `import { browser } from '#imports';`, problem: 'imports #imports' },
    { source: `import type { TrackerAdapter } from '../trackers/tracker';`, problem: 'imports ../trackers/tracker from outside lib/okr' },
    { source: `export { withRetry } from '../trackers/retry';`, problem: 'imports ../trackers/retry from outside lib/okr' },
    { source: `import 'preact';`, problem: 'imports preact' },
    { source: `const yaml = await import('yaml');`, problem: 'imports yaml' },
    { source: `const res = await fetch(url);`, problem: 'mentions fetch(' },
    { source: `await browser.storage.local.get('x');`, problem: 'mentions browser.' },
    { source: `chrome.runtime.sendMessage({});`, problem: 'mentions chrome.' },
    { source: `const el = document.querySelector('a');`, problem: 'mentions document' },
    { source: `const w = window.innerWidth;`, problem: 'mentions window' },
  ])('flags: $source', ({ source, problem }) => {
    expect(impurities(source, file)).toContain(problem);
  });

  it.each([
    `import { z } from 'zod';`,
    `import type { OkrSet } from './model';`,
    `import { issueId } from './issue-graph';`,
    `// The core never calls fetch( or touches document/window.\nconst x = 1;`,
    `/* browser.storage is for the background */ export const y = 2;`,
    `const url = 'https://kr-lens.invalid/set'; // a URL in a string`,
    `const documented = true; const windowsOfTime = 3;`,
  ])('allows: %s', (source) => {
    expect(impurities(source, file)).toEqual([]);
  });
});
