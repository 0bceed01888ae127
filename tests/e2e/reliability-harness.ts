/**
 * What the reliability e2e files share: one sandbox and one Chromium per file (started by
 * `useReliabilityE2E`), every request the browser made, and the checks that nothing was lost.
 *
 * The overlay answers a warm page from its cache; each fault is met by the Refresh button, which
 * asks the tracker. Before each refresh a contributing issue is moved to done in the fake, so a
 * fresh answer shows a different percentage than the cached one: "the fresh view arrived" is
 * something the test can see, not assume.
 */
import type { Locator, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { findIssueByIdentifier } from '../sandbox/linear';
import { startE2E, type E2E } from './harness';

export const JIRA = 'https://acme.atlassian.net';
export const LINEAR = 'https://linear.app/acme';
export const JIRA_ISSUE_PATH = '/rest/api/3/issue/PLAT-2';

/** This file's sandbox and browser, set by `useReliabilityE2E` before its first test. */
export let e2e: E2E;
/** Every request the browser made, the service worker's included (Playwright sees both). */
export const browserRequests: Request[] = [];

/** Starts the sandbox and browser for the calling test file; each test starts from fresh fakes. */
export function useReliabilityE2E(): void {
  beforeAll(async () => {
    e2e = await startE2E();
    e2e.browser.context.on('request', (request) => void browserRequests.push(request));
  });
  afterAll(async () => {
    await e2e?.close();
  });
  beforeEach(() => {
    e2e.sandbox.jira.reset();
    e2e.sandbox.linear.reset();
  });
  afterEach(() => {
    const jiraViolations = [...e2e.sandbox.jira.violations];
    const linearViolations = [...e2e.sandbox.linear.violations];
    e2e.sandbox.jira.faults.clear();
    e2e.sandbox.linear.faults.clear();
    expect(jiraViolations).toEqual([]);
    expect(linearViolations).toEqual([]);
  });
}

// ---------------------------------------------------------------------------------------------
// What must never change: the links in both trackers, and everything KR Lens stored.

export function trackerLinks() {
  const jira = [...e2e.sandbox.jira.state.issues.values()]
    .map((issue) => ({
      key: issue.key,
      links: issue.remoteLinks.map((l) => l.globalId).sort(),
      mirror: issue.properties['kr-lens-links'] ?? null,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const linear = e2e.sandbox.linear.state.workspace.attachments.map((a) => `${a.issueId} ${a.url}`).sort();
  return { jira, linear };
}

/** Stored sets (check-ins included), their backups, the index and the active selection. */
export async function storedOkrs(): Promise<Record<string, unknown>> {
  const worker = e2e.browser.context.serviceWorkers()[0] ?? e2e.browser.serviceWorker;
  return worker.evaluate(async () => {
    const storage = (globalThis as unknown as { chrome: { storage: { local: { get(keys: null): Promise<Record<string, unknown>> } } } })
      .chrome.storage.local;
    const all = await storage.get(null);
    return Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith('krLens:')));
  });
}

export async function nothingLost(during: () => Promise<void>): Promise<void> {
  const links = trackerLinks();
  const okrs = await storedOkrs();
  await during();
  expect(trackerLinks()).toEqual(links);
  expect(await storedOkrs()).toEqual(okrs);
}

// ---------------------------------------------------------------------------------------------
// Pages

export const overlay = (page: Page) => page.locator('kr-lens-overlay');
export const errorLine = (page: Page) => overlay(page).getByTestId('kr-lens-error');

export async function cardFor(page: Page, krTitle: RegExp): Promise<Locator> {
  const card = overlay(page)
    .getByTestId('kr-lens-kr-card')
    .filter({ has: page.getByTestId('kr-lens-kr').filter({ hasText: krTitle }) })
    .first();
  await card.waitFor();
  return card;
}

/**
 * Until Jira has answered every request and neither tracker got a new one for a moment. (Linear's
 * fake leaves a dropped connection without a status, so for Linear only the silence counts.)
 */
export async function trackersQuiet(): Promise<void> {
  const total = () => e2e.sandbox.jira.requests.length + e2e.sandbox.linear.requests.length;
  let seen = -1;
  let still = 0;
  await expect
    .poll(
      () => {
        const now = total();
        still = now === seen && e2e.sandbox.jira.requests.every((r) => r.status !== undefined) ? still + 1 : 0;
        seen = now;
        return still >= 3;
      },
      { interval: 400, timeout: 40_000 },
    )
    .toBe(true);
}

/**
 * An issue page answered by the tracker as it is now: the cache may hold what an earlier test
 * left, so the page is refreshed once before anything is asserted.
 */
export async function openIssue(url: string): Promise<Page> {
  const { page } = await e2e.newPage();
  await page.goto(url);
  await overlay(page).getByTestId('kr-lens-refresh').waitFor();
  await trackersQuiet();
  await overlay(page).getByTestId('kr-lens-refresh').click();
  await trackersQuiet();
  return page;
}

export interface WarmPage {
  page: Page;
  card: Locator;
  progress: string;
}

/** An issue page showing its KR card as the tracker has it now. */
export async function warmPage(url: string, krTitle: RegExp): Promise<WarmPage> {
  const page = await openIssue(url);
  const card = await cardFor(page, krTitle);
  return { page, card, progress: (await card.getByTestId('kr-lens-progress').textContent()) ?? '' };
}

/** Moves an issue that counts toward the KR to done, so a fresh answer differs from the cache. */
export function moveJiraWorkForward(): void {
  const issue = e2e.sandbox.jira.state.issues.get('PLAT-6')!;
  issue.status = 'Done';
  issue.resolution = 'Done';
}

export function moveLinearWorkForward(): void {
  const workspace = e2e.sandbox.linear.state.workspace;
  const issue = findIssueByIdentifier(workspace, 'MOB-13')!;
  issue.stateId = workspace.states.find((s) => s.teamId === issue.teamId && s.type === 'completed')!.id;
}

// ---------------------------------------------------------------------------------------------
// Faults on reads

export interface ReadFault {
  name: string;
  inject(): void;
  /** The sentence on the page, or null when the fresh view arrives in the end. */
  sees: string | null;
  /** How many times the issue itself was asked for. */
  reads: number;
  /** The least time the fresh view may take (waits that must be honoured). */
  waitsMs?: number;
}

/**
 * The service worker's own requests, as Playwright sees each fetch: what KR Lens retried. (The
 * fakes may see one more after a dropped connection: Chromium itself retries a request once when
 * a reused keep-alive connection turns out dead.)
 */
export const fromWorker = (since: number) => browserRequests.slice(since).filter((r) => r.serviceWorker() !== null);
export const jiraIssueReads = (since: number) =>
  fromWorker(since).filter((r) => r.method() === 'GET' && new URL(r.url()).pathname === JIRA_ISSUE_PATH);
export const linearFamilyReads = (since: number) =>
  fromWorker(since).filter((r) => r.url() === 'https://api.linear.app/graphql' && (r.postData() ?? '').includes('KrLensIssueFamily'));

/**
 * Refreshes a warm page under `fault` and checks what the user sees: the sentence with the
 * cached view kept beneath it, or (the fault survived) the fresh view; meanwhile the cached view
 * stays on the page.
 */
export async function refreshUnder(warm: WarmPage, fault: ReadFault, moveWorkForward: () => void, readsSince: (mark: number) => Request[]) {
  const { page, card, progress } = warm;
  moveWorkForward();
  fault.inject();
  // Taken after the fault is in place (a deleted issue is the fault, not a loss).
  const links = trackerLinks();
  const okrs = await storedOkrs();
  const mark = browserRequests.length;
  const clicked = Date.now();
  await overlay(page).getByTestId('kr-lens-refresh').click();
  // While the tracker is failing or slow, the last good view stays.
  await page.waitForTimeout(1_000);
  expect(await overlay(page).getByTestId('kr-lens-kr-card').count()).toBeGreaterThan(0);
  if (fault.sees === null) {
    await expect.poll(() => card.getByTestId('kr-lens-progress').textContent(), { timeout: 45_000 }).not.toBe(progress);
    expect(await errorLine(page).count()).toBe(0);
    if (fault.waitsMs) expect(Date.now() - clicked).toBeGreaterThanOrEqual(fault.waitsMs);
  } else {
    await expect.poll(() => errorLine(page).textContent(), { timeout: 30_000 }).toBe(fault.sees);
    // The cached view stays under the sentence, read-only.
    expect(await card.getByTestId('kr-lens-progress').textContent()).toBe(progress);
    expect(await overlay(page).getByTestId('kr-lens-link-button').count()).toBe(0);
  }
  await trackersQuiet();
  expect(readsSince(mark)).toHaveLength(fault.reads);
  expect(trackerLinks()).toEqual(links);
  expect(await storedOkrs()).toEqual(okrs);
}

// ---------------------------------------------------------------------------------------------
// Writes

export async function linkWithPicker(page: Page, search: string): Promise<void> {
  await overlay(page).getByTestId('kr-lens-link-button').click();
  const box = overlay(page).getByTestId('kr-lens-picker-search');
  await box.fill(search);
  await overlay(page).getByTestId('kr-lens-picker-option').first().waitFor();
  await box.press('Enter');
}

export const jiraLinksOn = (key: string) =>
  e2e.sandbox.jira.state.issues
    .get(key)!
    .remoteLinks.map((l) => l.globalId)
    .sort();
export const jiraMirrorOn = (key: string) =>
  ((e2e.sandbox.jira.state.issues.get(key)!.properties['kr-lens-links'] as { globalIds: string[] } | undefined)?.globalIds ?? [])
    .slice()
    .sort();
export const POST_LINK = (key: string) =>
  e2e.sandbox.jira.requests.filter((r) => r.method === 'POST' && r.path === `/rest/api/3/issue/${key}/remotelink`);
