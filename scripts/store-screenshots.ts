/**
 * The store listings' screenshots, made by `npm run demo`: 1280×800 (the size both the Chrome Web
 * Store and addons.mozilla.org take) of the sandbox Jira and Linear with the example OKR set, into
 * docs/store/. Five, the Chrome Web Store's limit, each showing one thing KR Lens does.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { E2E } from '../tests/e2e/harness';

export const STORE_DIR = resolve(import.meta.dirname, '../docs/store');
export const STORE_SIZE = { width: 1280, height: 800 } as const;

const JIRA = 'https://acme.atlassian.net';
const LINEAR = 'https://linear.app/acme';

interface StoreShot {
  name: string;
  /** Opens the page and waits until what the screenshot is for is on screen. */
  show(page: Page, e2e: E2E): Promise<void>;
}

const overlay = (page: Page) => page.locator('kr-lens-overlay');
const dashboard = (e2e: E2E, hash = '') => `chrome-extension://${e2e.browser.extensionId}/dashboard.html${hash}`;

const SHOTS: StoreShot[] = [
  {
    name: '1-jira-issue-why',
    async show(page) {
      await page.goto(`${JIRA}/browse/PLAT-2`);
      const card = overlay(page).getByTestId('kr-lens-kr-card').first();
      await card.getByTestId('kr-lens-via').waitFor();
      await card.getByTestId('kr-lens-why').click();
      await card
        .getByText(/PLAT-17/)
        .first()
        .waitFor();
    },
  },
  {
    name: '2-linear-issue-dark',
    async show(page) {
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(`${LINEAR}/issue/MOB-3/queue-writes-while-offline?theme=dark`);
      await overlay(page).getByTestId('kr-lens-kr-card').first().waitFor();
    },
  },
  {
    name: '3-jira-board-markers',
    async show(page) {
      await page.goto(`${JIRA}/jira/software/projects/PLAT/boards/1`);
      await page.getByTestId('kr-lens-marker-unaligned').first().waitFor();
      await page.getByTestId('kr-lens-marker-kr').first().waitFor();
    },
  },
  {
    name: '4-dashboard-okr-tree',
    async show(page, e2e) {
      await page.goto(dashboard(e2e));
      const p95 = page.locator('[data-testid="kr-lens-dashboard-kr"][data-kr-id="kr-plat-p95-checkout"]');
      await p95.getByTestId('kr-lens-dashboard-kr-progress').filter({ hasText: /%$/ }).waitFor({ timeout: 20_000 });
    },
  },
  {
    name: '5-dashboard-activity',
    async show(page, e2e) {
      await page.goto(dashboard(e2e, '#/activity'));
      const panel = page.getByTestId('kr-lens-dashboard-activity');
      await panel.getByTestId('kr-lens-dashboard-scope-load-boards').click();
      await panel.locator('[data-testid="kr-lens-dashboard-scope-board"][data-board-id="1"]').check();
      await panel.getByTestId('kr-lens-dashboard-scope-teams').fill('MOB');
      await panel.getByTestId('kr-lens-dashboard-run-report').click();
      await panel.getByTestId('kr-lens-dashboard-shares-count').waitFor({ timeout: 30_000 });
      await panel.getByTestId('kr-lens-dashboard-shares-count').scrollIntoViewIfNeeded();
    },
  },
];

/** Writes each store screenshot; a page that does not show what it should is an error, not a blank image. */
export async function storeScreenshots(e2e: E2E): Promise<string[]> {
  mkdirSync(STORE_DIR, { recursive: true });
  const written: string[] = [];
  for (const shot of SHOTS) {
    const { page } = await e2e.newPage();
    await page.setViewportSize(STORE_SIZE);
    await shot.show(page, e2e);
    const path = resolve(STORE_DIR, `${shot.name}.png`);
    await page.screenshot({ path });
    written.push(path);
    await page.close();
  }
  return written;
}
