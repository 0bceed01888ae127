/**
 * Saving the Linear key in Options, in Chromium with the built extension: the key shows as stored
 * as soon as it is written, whatever Linear does, and the connection check has its own line
 * (`kr-lens-linear-connection`) that goes checking → connected or error.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SANDBOX_LINEAR_KEY } from '../sandbox';
import { importExampleSet, optionsUrl, startE2E, type E2E } from './harness';
import { readOptionsState, waitForOptionsState } from './options-state';

/** How late Linear answers; under the client's 20 s limit, so it answers the first request. */
const LINEAR_DELAY_MS = 10_000;

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ configure: false });
  const { page } = await e2e.newPage();
  await page.goto(optionsUrl(e2e));
  await importExampleSet(page);
  await page.close();
});
afterAll(async () => {
  await e2e?.close();
});
afterEach(() => {
  const violations = [...e2e.sandbox.linear.violations];
  e2e.sandbox.linear.faults.clear();
  expect(violations).toEqual([]);
});

const viewerRequests = () => e2e.sandbox.linear.requests.filter((request) => request.operationName === 'KrLensViewer');

/** Saves a key and waits, no longer than Linear takes to answer, for it to show as stored. */
async function saveKey(page: Page, key: string): Promise<void> {
  await page.getByTestId('kr-lens-linear-key').fill(key);
  await page.getByTestId('kr-lens-save').click();
  await waitForOptionsState(page, 'kr-lens-linear-state', ['stored'], LINEAR_DELAY_MS);
}

describe('saving the Linear key', () => {
  it('shows the key stored while a slow Linear has not answered, then checking, then the workspace', async () => {
    e2e.sandbox.linear.reset();
    e2e.sandbox.linear.faults.inject(
      { kind: 'slow', delayMs: LINEAR_DELAY_MS },
      { when: (request) => request.operationName === 'KrLensViewer' },
    );
    const { page, pageErrors } = await e2e.newPage();
    await page.goto(optionsUrl(e2e));
    await saveKey(page, SANDBOX_LINEAR_KEY);
    // Linear has not answered yet (or not even been asked): the save did not wait for it.
    expect(viewerRequests().every((request) => request.status === undefined)).toBe(true);
    expect(await readOptionsState(page, 'kr-lens-linear-connection')).toEqual({
      state: 'checking',
      text: 'Checking the connection to Linear…',
    });

    expect(await waitForOptionsState(page, 'kr-lens-linear-connection', ['connected', 'error'])).toBe('connected');
    expect(await readOptionsState(page, 'kr-lens-linear-connection')).toEqual({ state: 'connected', text: 'Connected to workspace acme.' });
    expect(await page.getByTestId('kr-lens-linear-state').textContent()).toBe('A key is stored (workspace acme).');
    // One question to Linear: the page's check joined the one the save started.
    expect(viewerRequests()).toHaveLength(1);
    // The workspace is in settings: a page opened now names it.
    await page.reload();
    expect(await readOptionsState(page, 'kr-lens-linear-state')).toEqual({ state: 'stored', text: 'A key is stored (workspace acme).' });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('shows the sentence when Linear refuses the key, which stays stored', async () => {
    const { page } = await e2e.newPage();
    await page.goto(optionsUrl(e2e));
    await saveKey(page, 'lin_api_not_a_key_anyone_has');
    expect(await waitForOptionsState(page, 'kr-lens-linear-connection', ['connected', 'error'])).toBe('error');
    const shown = await readOptionsState(page, 'kr-lens-linear-connection');
    expect(shown.text).toMatch(/^Linear rejected the API key/);
    expect(await readOptionsState(page, 'kr-lens-linear-state')).toEqual({ state: 'stored', text: 'A key is stored.' });
    await page.close();
  });
});
