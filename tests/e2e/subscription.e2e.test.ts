/**
 * OKRs as code, end to end in Chromium: the example set kept as YAML on a file host of its own
 * (the sandbox's okrs.acme-code.dev), subscribed in Options, made the active set, and seen in the
 * overlay of a linked Jira issue with the file named as its source; then the file is replaced
 * by an invalid one, Refresh names the invalid field's path, and the overlay keeps the last good
 * copy and says why.
 *
 * The permission prompt: Chromium shows `permissions.request`'s dialog even headless, where no
 * one can answer it, and has no switch that accepts it. So this build's manifest copy lists the
 * file host among its install-time hosts: Options still calls `permissions.request` from the click
 * (the real path), and Chromium answers at once that it is granted. A refused prompt is covered in
 * tests/options/subscriptions.test.ts.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeOkrSet } from '../../lib/store';
import { JIRA_SESSION_COOKIE, SANDBOX_JIRA_SITE, startSandbox, type Sandbox } from '../sandbox';
import { ACME_USERS } from '../sandbox/jira/seed';
import { OKR_FILES_HOST } from '../sandbox/okr-files';
import { launchWithExtension, type ExtensionBrowser } from './chromium';
import { EXAMPLE_SET, EXTENSION_DIR } from './harness';

const FILE_PATH = '/acme/okrs/main/okrs.yaml';
const FILE_URL = `https://${OKR_FILES_HOST}${FILE_PATH}`;
const example = () => JSON.parse(readFileSync(EXAMPLE_SET, 'utf8')) as { keyResults: Array<Record<string, unknown>> };

type ChromeGlobal = { chrome: { permissions: { contains(query: { origins: string[] }): Promise<boolean> } } };

let sandbox: Sandbox;
let browser: ExtensionBrowser;
let buildCopy: string;
let options: Page;

/** The built extension with the file host granted at install (see above). */
function buildWithFileHost(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kr-lens-subscription-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push(`https://${OKR_FILES_HOST}/*`);
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}

const card = (p: Page) => p.locator('kr-lens-overlay').getByTestId('kr-lens-kr-card').first();
const subscription = () => options.getByTestId('kr-lens-subscription').first();

beforeAll(async () => {
  sandbox = await startSandbox();
  sandbox.files.put(FILE_PATH, serializeOkrSet(example() as never, 'yaml'));
  buildCopy = buildWithFileHost();
  browser = await launchWithExtension({ extensionDir: buildCopy, hostResolverRules: sandbox.hostResolverRules });
  await browser.context.addCookies([
    {
      name: JIRA_SESSION_COOKIE,
      value: ACME_USERS.dana.sessionToken,
      domain: new URL(SANDBOX_JIRA_SITE).hostname,
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
    },
  ]);
  options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  if (buildCopy) rmSync(buildCopy, { recursive: true, force: true });
});

describe('subscribing to an OKR file kept in a repository', () => {
  it('refuses a URL that is not https with a sentence, asking no one', async () => {
    await options.getByTestId('kr-lens-subscribe-url').fill(`http://${OKR_FILES_HOST}${FILE_PATH}`);
    await options.getByTestId('kr-lens-subscribe').click();
    await expect
      .poll(() => options.getByTestId('kr-lens-subscribe-status').textContent())
      .toContain('KR Lens reads OKR files only over https');
    expect(sandbox.files.requests).toEqual([]);
    expect(await options.getByTestId('kr-lens-subscription').count()).toBe(0);
  });

  it('subscribes to the YAML file over https and makes it the active set', async () => {
    await options.getByTestId('kr-lens-subscribe-url').fill(FILE_URL);
    await options.getByTestId('kr-lens-subscribe').click();
    await expect
      .poll(() => options.getByTestId('kr-lens-subscribe-status').textContent(), { timeout: 30_000 })
      .toContain('Subscribed to “Acme Corp OKRs”');
    expect(await subscription().getByTestId('kr-lens-source').textContent()).toContain(`in the file ${FILE_URL} (read-only), read`);
    // The origin was asked for through the browser, and granted.
    const granted = await options.evaluate(
      (origin) => (globalThis as unknown as ChromeGlobal).chrome.permissions.contains({ origins: [origin] }),
      `https://${OKR_FILES_HOST}/*`,
    );
    expect(granted).toBe(true);
    await subscription().getByTestId('kr-lens-subscription-use').click();
    await expect.poll(() => options.getByTestId('kr-lens-subscribe-status').textContent()).toContain('“Acme Corp OKRs” is the active set');
    expect(sandbox.files.requests.map((r) => r.path)).toEqual([FILE_PATH]);
  }, 60_000);

  it('the overlay of a linked Jira issue shows its KR, from the file', async () => {
    const story = await browser.context.newPage();
    await story.goto(`${SANDBOX_JIRA_SITE}/browse/PLAT-2`);
    await card(story).waitFor({ timeout: 30_000 });
    expect(await card(story).getByTestId('kr-lens-kr').textContent()).toContain('Checkout API p95 under 400 ms');
    expect(await story.locator('kr-lens-overlay').getByTestId('kr-lens-source').textContent()).toContain(FILE_URL);
    await story.close();
  }, 60_000);

  it('an invalid file is refused with the path of the field, and the last good copy stays in use', async () => {
    const broken = example();
    broken.keyResults[0]!.measure = { type: 'vibes' };
    sandbox.files.put(FILE_PATH, serializeOkrSet(broken as never, 'yaml'));
    await subscription().getByTestId('kr-lens-subscription-refresh').click();
    const problem = subscription().getByTestId('kr-lens-subscription-problem');
    await problem.waitFor({ timeout: 30_000 });
    expect(await problem.textContent()).toMatch(
      new RegExp(
        `^Couldn’t use ${FILE_URL.replace(/\./g, '\\.')}: the file is not a valid OKR set \\(1 invalid field\\); showing the copy read at `,
      ),
    );
    expect(await subscription().getByTestId('kr-lens-subscription-errors').textContent()).toMatch(/^keyResults\[0\]\.measure/);
    // The refresh asked whether the file changed since the copy.
    expect(sandbox.files.requests.at(-1)?.headers['if-none-match']).toMatch(/^"/);

    const story = await browser.context.newPage();
    await story.goto(`${SANDBOX_JIRA_SITE}/browse/PLAT-2`);
    await card(story).waitFor({ timeout: 30_000 });
    expect(await card(story).getByTestId('kr-lens-kr').textContent()).toContain('Checkout API p95 under 400 ms');
    expect(await story.locator('kr-lens-overlay').getByTestId('kr-lens-source').textContent()).toContain(`Couldn’t use ${FILE_URL}`);
    await story.close();
  }, 60_000);
});
