/**
 * Page fidelity in Chromium with the built extension: a board keeps its markers while an issue
 * opened from it shows the overlay in the side panel's compact layout, and a theme switch on the
 * live page re-renders the overlay and the markers without a navigation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, startE2E, type E2E } from './harness';

const JIRA = 'https://acme.atlassian.net';
const LINEAR = 'https://linear.app/acme';
const COMPACT = '[data-testid="issue.views.issue-details.issue-layout.compact-layout"]';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const overlay = (page: Page) => page.locator('kr-lens-overlay');
const overlayTheme = (page: Page) => overlay(page).locator('[data-testid="kr-lens-overlay"]').getAttribute('data-theme');
/** Every marker's theme, in page order. */
const markerThemes = (page: Page) =>
  page.locator('kr-lens-marker [data-theme]').evaluateAll((els) => els.map((el) => el.getAttribute('data-theme')));

describe('Jira board with the compact side panel', () => {
  it('keeps every marker while a card opened beside the board shows the overlay, then follows a theme switch', async () => {
    const { page, pageErrors } = await e2e.newPage();
    await page.goto(`${JIRA}/jira/software/projects/PLAT/boards/1?issueView=compact`);
    const cards = page.locator('[data-testid="platform-board-kit.ui.card.card"]');
    const cardCount = await cards.count();
    expect(cardCount).toBeGreaterThan(3);
    await expect.poll(() => page.locator('kr-lens-marker').count()).toBe(cardCount);
    // Tag today's markers: if they were taken off and put back, the tags would be gone.
    await page.locator('kr-lens-marker').evaluateAll((hosts) => hosts.forEach((host, i) => host.setAttribute('data-probe', String(i))));

    const key = (await cards.nth(1).getAttribute('id'))!.replace('card-', '');
    await cards.nth(1).click();
    await expect.poll(() => page.url()).toBe(`${JIRA}/jira/software/projects/PLAT/boards/1?selectedIssue=${key}`);
    await overlay(page).locator('[data-testid="kr-lens-overlay"]').waitFor();
    expect(await overlay(page).getAttribute('data-kr-lens-placement')).toBe('anchored');
    expect(await page.locator(`${COMPACT} kr-lens-overlay`).count()).toBe(1);
    expect(await page.locator('kr-lens-marker[data-probe]').count()).toBe(cardCount);
    expect(await page.locator('kr-lens-marker').count()).toBe(cardCount);

    expect(await overlayTheme(page)).toBe('light');
    expect(new Set(await markerThemes(page))).toEqual(new Set(['light']));
    await page.evaluate(() => document.documentElement.setAttribute('data-color-mode', 'dark'));
    await expect.poll(() => overlayTheme(page)).toBe('dark');
    await expect.poll(async () => [...new Set(await markerThemes(page))]).toEqual(['dark']);
    expect(await page.locator('kr-lens-marker[data-probe]').count()).toBe(cardCount);
    await screenshot(page, 'jira-board-compact-panel-theme-switched');

    // Closing the panel leaves the markers where they are.
    await page.locator(`[data-testid="platform-issue-preview-panel.preview-panel-header"] [aria-label="Close"]`).click();
    await expect.poll(() => page.url()).toBe(`${JIRA}/jira/software/projects/PLAT/boards/1`);
    await expect.poll(() => overlay(page).count()).toBe(0);
    expect(await page.locator('kr-lens-marker[data-probe]').count()).toBe(cardCount);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});

describe('Linear', () => {
  it('marks the list rows, and the issue page follows a theme switch', async () => {
    const { page, pageErrors } = await e2e.newPage();
    await page.goto(`${LINEAR}/team/MOB/active`);
    const rows = await page.locator('main a[data-list-key]').count();
    expect(rows).toBeGreaterThan(0);
    await expect.poll(() => page.locator('kr-lens-marker').count()).toBe(rows);

    await page.goto(`${LINEAR}/issue/MOB-12/null-pointer-in-the-image-cache`);
    await overlay(page).locator('[data-testid="kr-lens-overlay"]').waitFor();
    expect(await overlay(page).getAttribute('data-kr-lens-placement')).toBe('anchored');
    expect(await overlayTheme(page)).toBe('light');
    await page.evaluate(() => (document.documentElement.style.colorScheme = 'dark'));
    await expect.poll(() => overlayTheme(page)).toBe('dark');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
