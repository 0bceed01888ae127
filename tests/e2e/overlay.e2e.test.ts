/**
 * The overlay where users see it: the built extension in Chromium on sandbox Jira and Linear
 * pages served at the real host names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { optionsUrl, screenshot, startE2E, trackerRequestsDuring, type E2E } from './harness';

const JIRA = 'https://acme.atlassian.net';
const LINEAR = 'https://linear.app/acme';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const overlay = (page: Page) => page.locator('kr-lens-overlay');
const cards = (page: Page) => overlay(page).getByTestId('kr-lens-kr-card');

async function cardFor(page: Page, krTitle: RegExp) {
  const card = cards(page).filter({ has: page.getByTestId('kr-lens-kr').filter({ hasText: krTitle }) });
  await card.first().waitFor();
  return card.first();
}

describe('Jira issue page', () => {
  it('shows the KR a story serves through its epic, with progress and the chain above it', async () => {
    const { page, pageErrors } = await e2e.newPage();
    await page.goto(`${JIRA}/browse/PLAT-2`);
    const card = await cardFor(page, /Checkout API p95/);
    await expect.poll(() => card.getByTestId('kr-lens-via').textContent()).toContain('PLAT-1');
    expect(await card.getByTestId('kr-lens-progress').textContent()).toBe('33%');
    expect(await card.getByTestId('kr-lens-objective').textContent()).not.toBe('');
    expect(await card.getByTestId('kr-lens-chain-item').count()).toBeGreaterThan(0);
    await card.getByTestId('kr-lens-why').click();
    await expect.poll(() => card.textContent()).toMatch(/PLAT-17/);
    await screenshot(page, 'jira-issue-light');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('answers a warm page from the cache with no tracker request', async () => {
    const { page } = await e2e.newPage();
    const requests = await trackerRequestsDuring(e2e, async () => {
      await page.goto(`${JIRA}/browse/PLAT-2`);
      await cardFor(page, /Checkout API p95/);
    });
    expect(requests).toBe(0);
    await page.close();
  });

  it('says plainly when an issue is tied to no objective', async () => {
    const { page } = await e2e.newPage();
    await page.goto(`${JIRA}/browse/PLAT-11`);
    await overlay(page).getByTestId('kr-lens-unaligned').waitFor();
    await screenshot(page, 'jira-unaligned');
    await page.close();
  });

  it('works in the board’s issue modal', async () => {
    const { page } = await e2e.newPage();
    await page.goto(`${JIRA}/jira/software/projects/PLAT/boards/1?selectedIssue=PLAT-4`);
    await cardFor(page, /Checkout API p95/);
    await screenshot(page, 'jira-board-modal');
    await page.close();
  });

  it('follows SPA navigation between issues without a reload', async () => {
    const { page } = await e2e.newPage();
    await page.goto(`${JIRA}/browse/PLAT-2`);
    await (await cardFor(page, /Checkout API p95/)).getByTestId('kr-lens-via').waitFor();
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    // The breadcrumb's parent link: the page's router swaps the issue in place (pushState).
    await page.locator('a[href$="/browse/PLAT-1"]').first().click();
    await expect.poll(() => page.url()).toBe(`${JIRA}/browse/PLAT-1`);
    // PLAT-1 carries the link itself: no "via", and its children are counted toward the KR.
    await expect.poll(() => cards(page).first().getByTestId('kr-lens-via').count()).toBe(0);
    await overlay(page)
      .getByText(/child issues done/)
      .waitFor();
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect(await overlay(page).count()).toBe(1);
    await page.close();
  });

  it('falls back to a floating chip when the header anchor is missing, without page errors', async () => {
    const { page, pageErrors } = await e2e.newPage();
    await page.goto(`${JIRA}/browse/PLAT-2?variant=no-anchor`);
    await expect.poll(() => overlay(page).getAttribute('data-kr-lens-placement')).toBe('floating');
    await overlay(page).locator('button').first().click();
    await cardFor(page, /Checkout API p95/);
    await screenshot(page, 'jira-floating-chip');
    expect(pageErrors).toEqual([]);

    // Options' page check names the anchor that was not found.
    const options = await e2e.newPage();
    const jiraCheck = options.page.getByTestId('kr-lens-page-health-jira');
    await expect
      .poll(
        async () => {
          await options.page.goto(optionsUrl(e2e));
          await options.page.getByTestId('kr-lens-page-health').waitFor();
          return jiraCheck.getByTestId('kr-lens-page-health-missing').count();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(1);
    expect(await jiraCheck.textContent()).toMatch(/not found: .*summary/);
    await options.page.close();
    await page.close();
  });

  it('shows a sentence to act on when Jira fails', async () => {
    e2e.sandbox.jira.faults.add({ path: /^\/rest\//, fault: { kind: 'status', status: 500 }, times: 20 });
    const { page } = await e2e.newPage();
    await page.goto(`${JIRA}/browse/GROW-12`);
    const error = overlay(page).getByTestId('kr-lens-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Jira/);
    e2e.sandbox.jira.faults.clear();
    await page.close();
  });
});

describe('linking from the page', () => {
  it('links with the picker, shows it in the tracker and in a second tab, then unlinks', async () => {
    const { page } = await e2e.newPage();
    await page.goto(`${JIRA}/browse/PLAT-15`);
    await overlay(page).getByTestId('kr-lens-unaligned').waitFor();
    await overlay(page).getByTestId('kr-lens-link-button').click();
    const search = overlay(page).getByTestId('kr-lens-picker-search');
    await search.fill('p95');
    await overlay(page).getByTestId('kr-lens-picker-option').first().waitFor();
    await search.press('Enter');
    const card = await cardFor(page, /Checkout API p95/);
    expect(e2e.sandbox.jira.state.issues.get('PLAT-15')!.remoteLinks.map((l) => l.globalId)).toEqual(['kr-lens:acme:kr-plat-p95-checkout']);

    const second = await e2e.newPage();
    await second.page.goto(`${JIRA}/browse/PLAT-15`);
    await cardFor(second.page, /Checkout API p95/);
    await second.page.close();

    await card.getByTestId('kr-lens-unlink').click();
    await overlay(page).getByTestId('kr-lens-unaligned').waitFor();
    expect(e2e.sandbox.jira.state.issues.get('PLAT-15')!.remoteLinks).toEqual([]);
    await page.close();
  });
});

describe('Linear issue page', () => {
  it('shows the KR a sub-issue serves through its parent', async () => {
    const { page, pageErrors } = await e2e.newPage();
    await page.goto(`${LINEAR}/issue/MOB-12/null-pointer-in-the-image-cache`);
    const card = await cardFor(page, /Crash-free/);
    await expect.poll(() => card.getByTestId('kr-lens-via').textContent()).toContain('MOB-10');
    await screenshot(page, 'linear-issue-light');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
