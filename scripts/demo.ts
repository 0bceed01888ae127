/**
 * `npm run demo`: builds the extension, starts the sandbox Jira and Linear (fake APIs and issue
 * pages at the real host names, seeded with the example organisation), opens Chromium with the
 * extension, imports the example OKR set and the Linear key through Options as a user would,
 * and walks the pages. With a display the browser stays open for you; without one it runs
 * headless and writes a screenshot of each page to demo-screenshots/. Either way it writes the
 * store listings' 1280×800 screenshots to docs/store/.
 */
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumAvailable } from '../tests/e2e/chromium';
import { INSTALL_HINT } from '../tests/e2e/find-browser';
import { configureLikeAUser, optionsUrl, startE2E } from '../tests/e2e/harness';
import { STORE_SIZE, storeScreenshots } from './store-screenshots';

const OUT = resolve(import.meta.dirname, '../demo-screenshots');
const headed = Boolean(process.env.DISPLAY) && process.env.CI === undefined;

const PAGES: Array<{ name: string; url: string; waitFor: string }> = [
  { name: '01-jira-issue-via-epic', url: 'https://acme.atlassian.net/browse/PLAT-2', waitFor: 'kr-lens-kr-card' },
  { name: '02-jira-epic', url: 'https://acme.atlassian.net/browse/PLAT-1', waitFor: 'kr-lens-kr-card' },
  { name: '03-jira-issue-dark', url: 'https://acme.atlassian.net/browse/GROW-8?theme=dark', waitFor: 'kr-lens-kr-card' },
  { name: '04-jira-unaligned', url: 'https://acme.atlassian.net/browse/PLAT-11', waitFor: 'kr-lens-unaligned' },
  {
    name: '05-jira-board-modal',
    url: 'https://acme.atlassian.net/jira/software/projects/PLAT/boards/1?selectedIssue=PLAT-4',
    waitFor: 'kr-lens-kr-card',
  },
  {
    name: '06-jira-board-markers',
    url: 'https://acme.atlassian.net/jira/software/projects/PLAT/boards/1',
    waitFor: 'kr-lens-marker-unaligned',
  },
  { name: '07-linear-issue', url: 'https://linear.app/acme/issue/MOB-12/null-pointer-in-the-image-cache', waitFor: 'kr-lens-kr-card' },
  {
    name: '08-linear-issue-dark',
    url: 'https://linear.app/acme/issue/MOB-3/queue-writes-while-offline?theme=dark',
    waitFor: 'kr-lens-kr-card',
  },
  { name: '09-linear-list-markers', url: 'https://linear.app/acme/team/MOB/active', waitFor: 'kr-lens-marker-kr' },
];

async function show(page: Page, entry: (typeof PAGES)[number]): Promise<void> {
  await page.goto(entry.url);
  try {
    await page.getByTestId(entry.waitFor).first().waitFor({ timeout: 15_000 });
  } catch {
    console.warn(`  ${entry.name}: "${entry.waitFor}" did not appear; the screenshot shows what did.`);
  }
  const path = resolve(OUT, `${entry.name}.png`);
  await page.screenshot({ path });
  console.log(`  ${entry.name}: ${entry.url} → ${path}`);
}

async function main(): Promise<void> {
  if (!chromiumAvailable()) {
    console.error(INSTALL_HINT);
    process.exit(1);
  }
  console.log('Building the extension…');
  execSync('npx wxt build', { stdio: 'inherit' });
  mkdirSync(OUT, { recursive: true });

  console.log('Starting the sandbox Jira and Linear, and Chromium with KR Lens…');
  const e2e = await startE2E({ configure: false, headless: !headed });
  await configureLikeAUser(e2e);
  console.log('Imported the example OKR set and the Linear key through Options.');

  const tab = (await e2e.newPage()).page;
  for (const entry of PAGES) await show(tab, entry);
  const options = (await e2e.newPage()).page;
  await options.goto(optionsUrl(e2e));
  await options.screenshot({ path: resolve(OUT, '10-options.png'), fullPage: true });
  console.log(`  10-options: ${optionsUrl(e2e)}`);
  for (const path of await storeScreenshots(e2e)) console.log(`  store screenshot (${STORE_SIZE.width}×${STORE_SIZE.height}): ${path}`);

  if (headed) {
    await tab.goto(PAGES[0]!.url);
    console.log('\nChromium is open on a sandbox Jira issue. Browse around; press Ctrl+C here to stop.');
    await new Promise<void>((resolveStop) => process.once('SIGINT', () => resolveStop()));
  } else {
    console.log(`\nNo display: ran headless. Screenshots of each page are in ${OUT}`);
  }
  await e2e.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
