/**
 * Waiting on what a page says it is doing, not on its wording: Options marks its states with
 * `data-state` (the stored-key line `kr-lens-linear-state`: none | stored | removing; the Linear
 * check `kr-lens-linear-connection`: idle | checking | connected | error). The e2e harness, the
 * bench and the demo all wait through here, and a timeout names the state that was showing.
 */
import type { Page } from 'playwright-core';

export interface SeenState {
  state: string;
  text: string;
}

/** What the element shows now; `state` is "absent" when there is no such element. */
export async function readOptionsState(page: Page, testId: string): Promise<SeenState> {
  return page.evaluate((id) => {
    const element = document.querySelector(`[data-testid="${id}"]`);
    if (!element) return { state: 'absent', text: '' };
    return { state: element.getAttribute('data-state') ?? 'none given', text: element.textContent ?? '' };
  }, testId);
}

/**
 * Waits until `testId` is in one of `states`, and answers which. On timeout the error says what
 * it was in instead, and its text (an error sentence, say).
 */
export async function waitForOptionsState(page: Page, testId: string, states: readonly string[], timeoutMs = 30_000): Promise<string> {
  try {
    const handle = await page.waitForFunction(
      ({ id, wanted }) => {
        const state = document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-state');
        return state && wanted.includes(state) ? state : null;
      },
      { id: testId, wanted: [...states] },
      { timeout: timeoutMs, polling: 50 },
    );
    return (await handle.jsonValue()) as string;
  } catch (error) {
    const seen = await readOptionsState(page, testId).catch(() => ({ state: 'unreadable (the page closed?)', text: '' }));
    const text = seen.text ? ` ("${seen.text}")` : '';
    throw new Error(`${testId}: waited ${timeoutMs / 1000} s for ${states.join(' or ')}, but it was ${seen.state}${text}.`, {
      cause: error,
    });
  }
}
