/**
 * The Jira site picker in Chromium: a browser signed in to two Jira sites. acme.atlassian.net
 * holds one team space; globex.atlassian.net (a second sandbox, mapped ahead of the first in the
 * host rules) holds two spaces of the same set, so its pages cannot tell which to use. Options
 * lists all three; the user picks one of globex's, and each site's pages then show the space of
 * their own site: the choice is remembered per site.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSandbox, SANDBOX_JIRA_SITE, JIRA_SESSION_COOKIE, type Sandbox } from '../sandbox';
import { ACME_USERS } from '../sandbox/jira/seed';
import { seedJiraSpace } from '../sandbox/jira/space-seed';
import { EXAMPLE } from '../space/helpers';
import { launchWithExtension, type ExtensionBrowser } from './chromium';
import { EXTENSION_DIR } from './harness';

const GLOBEX_SITE = 'https://globex.atlassian.net';
let acme: Sandbox;
let globex: Sandbox;
let browser: ExtensionBrowser;

const source = (p: Page) => p.locator('kr-lens-overlay').getByTestId('kr-lens-source');
const card = (p: Page) => p.locator('kr-lens-overlay').getByTestId('kr-lens-kr-card').first();
const optionsUrl = () => `chrome-extension://${browser.extensionId}/options.html`;

/** An issue page of a site, once its overlay shows a KR card; answers where the set came from. */
async function sourceOn(site: string, key = 'PLAT-2'): Promise<string> {
  const page = await browser.context.newPage();
  await page.goto(`${site}/browse/${key}`);
  await card(page).waitFor({ timeout: 30_000 });
  const text = (await source(page).textContent()) ?? '';
  await page.close();
  return text;
}

beforeAll(async () => {
  [acme, globex] = await Promise.all([startSandbox(), startSandbox({ jiraSite: GLOBEX_SITE })]);
  // Spaces published earlier by someone: one on acme, the same set twice on globex.
  seedJiraSpace(acme.jira.state, EXAMPLE, 'OKR', ACME_USERS.dana);
  seedJiraSpace(globex.jira.state, { ...EXAMPLE, name: 'Globex OKRs' }, 'GLX', ACME_USERS.dana);
  seedJiraSpace(globex.jira.state, { ...EXAMPLE, name: 'Globex OKRs (trial)' }, 'TRY', ACME_USERS.dana);
  const globexTarget = `127.0.0.1:${globex.https.port}`;
  browser = await launchWithExtension({
    extensionDir: EXTENSION_DIR,
    // The first rule that matches wins: globex's own sandbox, then acme's for every other host.
    hostResolverRules: `MAP globex.atlassian.net ${globexTarget},${acme.hostResolverRules}`,
  });
  await browser.context.addCookies(
    [SANDBOX_JIRA_SITE, GLOBEX_SITE].map((site) => ({
      name: JIRA_SESSION_COOKIE,
      value: ACME_USERS.dana.sessionToken,
      domain: new URL(site).hostname,
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax' as const,
    })),
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([acme?.close(), globex?.close()]);
});

describe('a browser signed in to two Jira sites with team spaces', () => {
  it('uses acme’s only space on acme’s pages with no setup', async () => {
    expect(await sourceOn(SANDBOX_JIRA_SITE)).toContain('acme.atlassian.net, project OKR');
    // globex's page is seen too (it holds two spaces, so it cannot pick one by itself).
    const page = await browser.context.newPage();
    await page.goto(`${GLOBEX_SITE}/browse/PLAT-2`);
    await card(page).waitFor({ timeout: 30_000 });
    await page.close();
  }, 60_000);

  it('Options lists the spaces of both sites; picking one of globex’s shows it on globex and keeps acme’s on acme', async () => {
    const options = await browser.context.newPage();
    await options.goto(optionsUrl());
    const list = options.getByTestId('kr-lens-space-list');
    await list.getByText('Globex OKRs (trial)', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await list.locator('li').allTextContents()).toEqual([
      expect.stringContaining('acme.atlassian.net, project OKR'),
      expect.stringContaining('globex.atlassian.net, project GLX'),
      expect.stringContaining('globex.atlassian.net, project TRY'),
    ]);

    await options.getByRole('button', { name: 'Use “Globex OKRs”', exact: true }).click();
    await expect.poll(() => options.getByTestId('kr-lens-space-status').textContent(), { timeout: 30_000 }).toContain('now the active set');
    await expect.poll(() => options.getByTestId('kr-lens-space-chosen').count(), { timeout: 30_000 }).toBe(2);
    expect(await list.locator('li', { hasText: 'project OKR' }).getByTestId('kr-lens-space-chosen').textContent()).toBe(
      'shown on acme.atlassian.net',
    );
    expect(await list.locator('li', { hasText: 'project GLX' }).getByTestId('kr-lens-space-chosen').textContent()).toBe(
      'shown on globex.atlassian.net',
    );

    expect(await sourceOn(GLOBEX_SITE)).toContain('globex.atlassian.net, project GLX');
    expect(await sourceOn(SANDBOX_JIRA_SITE)).toContain('acme.atlassian.net, project OKR');
    expect([...acme.jira.violations, ...globex.jira.violations]).toEqual([]);
  }, 90_000);
});
