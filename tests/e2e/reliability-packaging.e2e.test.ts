/**
 * The packaged extension itself: what the Chrome and Firefox manifests ask for, no remote code,
 * store-ready icons and texts, and web-ext lint on the Firefox build. Reads the builds only: no
 * sandbox, no browser (see reliability.e2e.test.ts for how the reliability files are split).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from './harness';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const FIREFOX_DIR = resolve(ROOT, '.output/firefox-mv3');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Code is ours and in the package: no script from elsewhere, no string turned into code. */
function remoteCodeIn(dir: string): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.html')) {
      for (const [, src] of text.matchAll(/<script[^>]*\ssrc="([^"]*)"/g)) if (!src!.startsWith('/')) found.push(`${file}: script ${src}`);
    }
    if (file.endsWith('.js')) {
      for (const pattern of [/\bimportScripts\s*\(/, /\bimport\s*\(\s*["'`]https?:/, /\beval\s*\(/, /\bnew\s+Function\s*\(/]) {
        if (pattern.test(text)) found.push(`${file}: ${pattern.source}`);
      }
    }
  }
  return found;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1'), path).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** What both stores check before anything else: icons at every size, a title, a short description. */
function expectStoreReady(dir: string, manifest: Record<string, unknown>): void {
  const icons = manifest.icons as Record<string, string>;
  expect(
    Object.keys(icons)
      .map(Number)
      .sort((a, b) => a - b),
  ).toEqual([16, 32, 48, 96, 128]);
  for (const [size, file] of Object.entries(icons))
    expect(pngSize(join(dir, file)), file).toEqual({ width: Number(size), height: Number(size) });
  expect((manifest.action as { default_title?: string }).default_title).toMatch(/^KR Lens\b/);
  const description = manifest.description as string;
  expect(description.length).toBeLessThanOrEqual(132);
  expect(description).toMatch(/Jira/);
  expect(description).toMatch(/Linear/);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { description: string };
  expect(pkg.description).toBe(description);
}

describe('permissions and packaging', () => {
  it.each([['Chrome', EXTENSION_DIR]])(
    'the %s manifest asks only for what is used, and the package carries no remote code',
    (_name, dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      expect(manifest.manifest_version).toBe(3);
      expect(manifest.permissions).toEqual(['storage', 'unlimitedStorage']);
      expect(manifest.host_permissions).toEqual(['https://*.atlassian.net/*', 'https://linear.app/*', 'https://api.linear.app/*']);
      expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
      // No way in for pages or other extensions, nothing exposed to pages, the default CSP.
      for (const key of ['externally_connectable', 'web_accessible_resources', 'content_security_policy', 'optional_permissions']) {
        expect(manifest[key], key).toBeUndefined();
      }
      const scripts = (manifest.content_scripts as Array<{ matches: string[] }>).flatMap((s) => s.matches);
      expect(scripts.sort()).toEqual(['https://*.atlassian.net/*', 'https://linear.app/*']);
      expect(remoteCodeIn(dir)).toEqual([]);
      expectStoreReady(dir, manifest);
    },
  );

  it('the Firefox build passes web-ext lint with no errors and no warnings, asks for the same, and carries no remote code', async () => {
    // `npm test` builds the Firefox package from the same sources before the suite starts and says
    // so (a build in the middle of the suite was its longest step); run on its own, this builds it.
    if (process.env.KR_LENS_FIREFOX_BUILT !== '1') {
      await run('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { cwd: ROOT, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
    }
    const manifest = JSON.parse(readFileSync(join(FIREFOX_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.permissions).toEqual(['storage', 'unlimitedStorage']);
    expect(manifest.host_permissions).toEqual(['https://*.atlassian.net/*', 'https://linear.app/*', 'https://api.linear.app/*']);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
    expect(remoteCodeIn(FIREFOX_DIR)).toEqual([]);
    expectStoreReady(FIREFOX_DIR, manifest);
    // PRIVACY.md: nothing goes to the developers or anyone but the user's own trackers.
    expect(manifest.browser_specific_settings).toEqual({
      gecko: { id: 'kr-lens@kr-lens.dev', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: '142.0' },
    });
    // No HTML sink in any script: Preact's was taken out at build time.
    expect(
      filesUnder(FIREFOX_DIR).filter((file) => file.endsWith('.js') && /\.innerHTML\s*=[^=]/.test(readFileSync(file, 'utf8'))),
    ).toEqual([]);

    const lint = await run('npx', ['web-ext', 'lint', '--source-dir', FIREFOX_DIR, '--output', 'json', '--no-input'], {
      cwd: ROOT,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{'))) as {
      summary: { errors: number; warnings: number; notices: number };
      errors: Array<{ code: string; message: string }>;
      warnings: Array<{ code: string; message: string; file?: string }>;
      notices: Array<{ code: string; message: string }>;
    };
    expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
    expect(report.warnings.map((w) => `${w.code} (${w.file ?? 'manifest'}): ${w.message}`)).toEqual([]);
    expect(report.summary.warnings).toBe(0);
    expect(report.notices.map((n) => `${n.code}: ${n.message}`)).toEqual([]);
  }, 360_000);
});
