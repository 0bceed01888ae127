/**
 * Writes under faults, two writers at once (tabs, Options pages), then the trackers going away
 * for good: offline comes last, as it closes this file's sandbox (see reliability.e2e.test.ts for
 * how the reliability files are split).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PLAYBOOK_CONFLICT } from '../../entrypoints/options/state/playbook';
import { findIssueByIdentifier } from '../sandbox/linear';
import { optionsUrl } from './harness';
import {
  browserRequests,
  cardFor,
  e2e,
  errorLine,
  JIRA,
  jiraIssueReads,
  jiraLinksOn,
  jiraMirrorOn,
  LINEAR,
  linearFamilyReads,
  linkWithPicker,
  nothingLost,
  openIssue,
  overlay,
  POST_LINK,
  storedOkrs,
  trackersQuiet,
  useReliabilityE2E,
  warmPage,
} from './reliability-harness';

useReliabilityE2E();

describe('writes under faults', () => {
  it('a link refused with HTTP 500 is not retried (it may have landed), nothing is written, and linking again links once', async () => {
    const page = await openIssue(`${JIRA}/browse/PLAT-15`);
    await overlay(page).getByTestId('kr-lens-unaligned').waitFor();
    e2e.sandbox.jira.faults.add({ path: '/rest/api/3/issue/PLAT-15/remotelink', method: 'POST', fault: { kind: 'status', status: 500 } });
    await linkWithPicker(page, 'p95');
    await expect
      .poll(() => errorLine(page).textContent())
      .toBe('Jira at acme.atlassian.net is having trouble (HTTP 500). Try again in a few minutes.');
    expect(POST_LINK('PLAT-15')).toHaveLength(1);
    expect(jiraLinksOn('PLAT-15')).toEqual([]);

    await overlay(page).getByTestId('kr-lens-refresh').click();
    await overlay(page).getByTestId('kr-lens-unaligned').waitFor();
    await linkWithPicker(page, 'p95');
    await cardFor(page, /Checkout API p95/);
    expect(jiraLinksOn('PLAT-15')).toEqual(['kr-lens:acme:kr-plat-p95-checkout']);
    expect(jiraMirrorOn('PLAT-15')).toEqual(['kr-lens:acme:kr-plat-p95-checkout']);
    await page.close();
  });

  it('a rate-limited link waits for Retry-After and is written once', async () => {
    const page = await openIssue(`${JIRA}/browse/PLAT-15`);
    await overlay(page).getByTestId('kr-lens-unaligned').waitFor();
    e2e.sandbox.jira.faults.add({
      path: '/rest/api/3/issue/PLAT-15/remotelink',
      method: 'POST',
      fault: { kind: 'status', status: 429, retryAfter: 1 },
    });
    await linkWithPicker(page, 'p95');
    await cardFor(page, /Checkout API p95/);
    const posts = POST_LINK('PLAT-15');
    expect(posts.map((r) => r.status)).toEqual([429, 201]);
    expect(posts[1]!.time - posts[0]!.time).toBeGreaterThanOrEqual(1_000);
    expect(jiraLinksOn('PLAT-15')).toEqual(['kr-lens:acme:kr-plat-p95-checkout']);
    await page.close();
  });

  it('a link cut off between the remote link and its mirror: the sentence, then Refresh shows the link and repairs the mirror, and linking again adds nothing', async () => {
    const page = await openIssue(`${JIRA}/browse/PLAT-15`);
    await overlay(page).getByTestId('kr-lens-unaligned').waitFor();
    e2e.sandbox.jira.faults.add({
      path: '/rest/api/3/issue/PLAT-15/properties/kr-lens-links',
      method: 'PUT',
      times: Infinity,
      fault: { kind: 'reset' },
    });
    await linkWithPicker(page, 'p95');
    await expect
      .poll(() => errorLine(page).textContent(), { timeout: 30_000 })
      .toBe("Can't reach Jira at acme.atlassian.net. Check your connection, then try again.");
    expect(jiraLinksOn('PLAT-15')).toEqual(['kr-lens:acme:kr-plat-p95-checkout']);
    expect(jiraMirrorOn('PLAT-15')).toEqual([]);

    e2e.sandbox.jira.faults.clear();
    await overlay(page).getByTestId('kr-lens-refresh').click();
    await cardFor(page, /Checkout API p95/);
    await trackersQuiet();
    expect(jiraMirrorOn('PLAT-15')).toEqual(['kr-lens:acme:kr-plat-p95-checkout']);
    await linkWithPicker(page, 'p95');
    await trackersQuiet();
    expect(await errorLine(page).count()).toBe(0);
    expect(jiraLinksOn('PLAT-15')).toEqual(['kr-lens:acme:kr-plat-p95-checkout']);
    await page.close();
  });

  it('two tabs link the same Jira issue to different KRs at the same moment: both links are kept', async () => {
    const tabs = [await openIssue(`${JIRA}/browse/PLAT-15`), await openIssue(`${JIRA}/browse/PLAT-15`)] as const;
    for (const page of tabs) await overlay(page).getByTestId('kr-lens-unaligned').waitFor();
    await Promise.all([linkWithPicker(tabs[0], 'p95'), linkWithPicker(tabs[1], 'onboarding blockers')]);
    await cardFor(tabs[0], /Checkout API p95/);
    await cardFor(tabs[1], /onboarding blockers/);
    await trackersQuiet();
    const both = ['kr-lens:acme:kr-grow-activation', 'kr-lens:acme:kr-plat-p95-checkout'];
    expect(jiraLinksOn('PLAT-15')).toEqual(both);
    // Whichever tab refreshes sees both, and the mirror agrees after it.
    await overlay(tabs[0]).getByTestId('kr-lens-refresh').click();
    await cardFor(tabs[0], /onboarding blockers/);
    await trackersQuiet();
    expect(jiraMirrorOn('PLAT-15')).toEqual(both);
    for (const page of tabs) await page.close();
  });

  it('a Linear link under RATELIMITED waits for the reset and is written once; under 500 it is not retried and nothing is written', async () => {
    const page = await openIssue(`${LINEAR}/issue/MOB-21/dark-mode-icons`);
    await overlay(page).getByTestId('kr-lens-unaligned').waitFor();
    const workspace = () => e2e.sandbox.linear.state.workspace;
    const attachmentsOnMob21 = () => workspace().attachments.filter((a) => a.issueId === findIssueByIdentifier(workspace(), 'MOB-21')!.id);

    e2e.sandbox.linear.faults.inject({ kind: 'status', status: 500 }, { when: (r) => r.operationName === 'KrLensLink' });
    await linkWithPicker(page, 'Crash-free');
    await expect
      .poll(() => errorLine(page).textContent())
      .toBe('Linear is having trouble right now (HTTP 500) — try again in a few minutes.');
    expect(e2e.sandbox.linear.operations().filter((name) => name === 'KrLensLink')).toHaveLength(1);
    expect(attachmentsOnMob21()).toEqual([]);

    await overlay(page).getByTestId('kr-lens-refresh').click();
    await overlay(page).getByTestId('kr-lens-unaligned').waitFor();
    e2e.sandbox.linear.faults.inject({ kind: 'ratelimited', resetAfterMs: 1_500 }, { when: (r) => r.operationName === 'KrLensLink' });
    await linkWithPicker(page, 'Crash-free');
    await cardFor(page, /Crash-free/);
    expect(attachmentsOnMob21()).toHaveLength(1);
    await page.close();
  });
});

describe('two Options pages editing the same set', () => {
  it('the second save is refused with a sentence, and the first one is what is stored', async () => {
    const pages = await Promise.all([e2e.newPage(), e2e.newPage()]);
    for (const { page } of pages) {
      await page.goto(optionsUrl(e2e));
      await page.getByTestId('kr-lens-playbook-staleCheckInDays').waitFor();
    }
    const [first, second] = pages.map((p) => p.page) as [Page, Page];
    await first.getByTestId('kr-lens-playbook-staleCheckInDays').fill('7');
    await second.getByTestId('kr-lens-playbook-staleCheckInDays').fill('9');
    await first.getByTestId('kr-lens-playbook-save').click();
    await expect.poll(() => first.getByTestId('kr-lens-playbook-status').textContent()).toBe('Playbook saved.');
    await second.getByTestId('kr-lens-playbook-save').click();
    await expect.poll(() => second.getByTestId('kr-lens-playbook-status').textContent()).toBe(PLAYBOOK_CONFLICT);
    const stored = (await storedOkrs())['krLens:set:acme'] as { set: { playbook?: { staleCheckInDays?: number } } };
    expect(stored.set.playbook?.staleCheckInDays).toBe(7);
    for (const page of [first, second]) await page.close();
  });
});

// ---------------------------------------------------------------------------------------------
// Offline last: the sandbox goes away for good.

describe('offline', () => {
  it('with the trackers unreachable, each page keeps its last view under a sentence, and nothing is lost', async () => {
    const jira = await warmPage(`${JIRA}/browse/PLAT-2`, /Checkout API p95/);
    const linear = await warmPage(`${LINEAR}/issue/MOB-12/null-pointer-in-the-image-cache`, /Crash-free/);
    await nothingLost(async () => {
      await e2e.sandbox.close();
      const before = browserRequests.length;
      await overlay(jira.page).getByTestId('kr-lens-refresh').click();
      await overlay(linear.page).getByTestId('kr-lens-refresh').click();
      await expect
        .poll(() => errorLine(jira.page).textContent(), { timeout: 30_000 })
        .toBe("Can't reach Jira at acme.atlassian.net. Check your connection, then try again.");
      await expect
        .poll(() => errorLine(linear.page).textContent(), { timeout: 30_000 })
        .toBe('Could not reach Linear — check your connection and try again.');
      expect(await jira.card.getByTestId('kr-lens-progress').textContent()).toBe(jira.progress);
      expect(await linear.card.getByTestId('kr-lens-progress').textContent()).toBe(linear.progress);
      // Reads were retried: four attempts each.
      expect(jiraIssueReads(before)).toHaveLength(4);
      expect(linearFamilyReads(before)).toHaveLength(4);
    });
    await jira.page.close();
    await linear.page.close();
  }, 90_000);
});
