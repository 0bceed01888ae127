// @vitest-environment happy-dom
/**
 * Saving a Linear key in Options: the key shows as stored as soon as it is written, and the check
 * of whether Linear accepts it has its own line, `kr-lens-linear-connection`, whose `data-state`
 * goes checking → connected or error. Linear here answers when the test says so, or never.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrackerError, type Viewer } from '../../lib/trackers/tracker';
import { openOptions } from './harness';

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(cleanup);

const NEW_KEY = 'lin_api_new_c0ffee';
const DANA: Viewer = { id: 'l-1', name: 'Dana Engineer', email: 'dana@acme.example', site: 'acme' };
const REFUSED = 'Linear rejected the API key — add a valid personal API key in Options.';

function held() {
  let answer!: (viewer: Viewer) => void;
  let refuse!: (error: Error) => void;
  const promise = new Promise<Viewer>((resolve, reject) => {
    answer = resolve;
    refuse = reject;
  });
  return { promise, answer, refuse };
}

const stateOf = (testId: string) => screen.getByTestId(testId).dataset.state;
const textOf = (testId: string) => screen.getByTestId(testId).textContent;

async function saveKey(key: string): Promise<string | null> {
  fireEvent.input(screen.getByTestId('kr-lens-linear-key'), { target: { value: key } });
  fireEvent.click(screen.getByTestId('kr-lens-save'));
  await waitFor(() => expect(textOf('kr-lens-save-status')).not.toMatch(/^(|Saving…)$/));
  return textOf('kr-lens-save-status');
}

describe('saving a Linear key', () => {
  it('shows the key stored at once while Linear has not answered, then checking, then the workspace', async () => {
    const linear = held();
    const page = await openOptions({ viewers: { linear: linear.promise } });
    expect(stateOf('kr-lens-linear-state')).toBe('none');
    expect(stateOf('kr-lens-linear-connection')).toBe('idle');

    expect(await saveKey(NEW_KEY)).toBe('Saved.');
    expect(stateOf('kr-lens-linear-state')).toBe('stored');
    expect(textOf('kr-lens-linear-state')).toBe('A key is stored.');
    expect((await page.storedSettings()).linear).toEqual({ apiKey: NEW_KEY });
    expect(stateOf('kr-lens-linear-connection')).toBe('checking');
    expect(textOf('kr-lens-linear-connection')).toBe('Checking the connection to Linear…');

    linear.answer(DANA);
    await waitFor(() => expect(stateOf('kr-lens-linear-connection')).toBe('connected'));
    expect(textOf('kr-lens-linear-connection')).toBe('Connected to workspace acme.');
    expect(textOf('kr-lens-linear-state')).toBe('A key is stored (workspace acme).');
    expect((await page.storedSettings()).linear).toEqual({ apiKey: NEW_KEY, workspace: 'acme' });
    // One question to Linear: the page's check joined the one the save started.
    expect(page.calls.filter((call) => call.method === 'testConnection')).toEqual([
      { krLens: 1, method: 'testConnection', params: { tracker: 'linear' } },
    ]);
  });

  it('shows the sentence when Linear refuses the key, and keeps the key stored', async () => {
    const linear = held();
    const page = await openOptions({ viewers: { linear: linear.promise } });
    expect(await saveKey(NEW_KEY)).toBe('Saved.');
    expect(stateOf('kr-lens-linear-connection')).toBe('checking');
    linear.refuse(new TrackerError('auth', REFUSED, { tracker: 'linear' }));
    await waitFor(() => expect(stateOf('kr-lens-linear-connection')).toBe('error'));
    expect(textOf('kr-lens-linear-connection')).toBe(REFUSED);
    expect(stateOf('kr-lens-linear-state')).toBe('stored');
    expect((await page.storedSettings()).linear).toEqual({ apiKey: NEW_KEY });
  });

  it('never shows an answer about a key that was replaced meanwhile', async () => {
    const answers = [held(), held()];
    let asked = 0;
    const page = await openOptions({ viewers: { linear: () => answers[asked++]!.promise } });
    expect(await saveKey(NEW_KEY)).toBe('Saved.');
    expect(await saveKey('lin_api_second')).toBe('Saved.');
    await waitFor(() => expect(asked).toBe(2));
    answers[1]!.answer(DANA);
    await waitFor(() => expect(stateOf('kr-lens-linear-connection')).toBe('connected'));
    // The first key's answer comes last: it is about a key no longer stored, and is not shown.
    answers[0]!.refuse(new TrackerError('auth', REFUSED, { tracker: 'linear' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stateOf('kr-lens-linear-connection')).toBe('connected');
    expect(textOf('kr-lens-linear-connection')).toBe('Connected to workspace acme.');
    expect((await page.storedSettings()).linear).toEqual({ apiKey: 'lin_api_second', workspace: 'acme' });
  });

  it('saving without a new key, or removing it, asks Linear nothing', async () => {
    const page = await openOptions({
      settings: { jira: [], linear: { apiKey: 'lin_api_stored', workspace: 'acme' } },
      viewers: { linear: DANA },
    });
    fireEvent.click(screen.getByTestId('kr-lens-save'));
    await waitFor(() => expect(textOf('kr-lens-save-status')).toBe('Saved.'));
    fireEvent.click(screen.getByTestId('kr-lens-linear-remove'));
    expect(stateOf('kr-lens-linear-state')).toBe('removing');
    fireEvent.click(screen.getByTestId('kr-lens-save'));
    await waitFor(() => expect(stateOf('kr-lens-linear-state')).toBe('none'));
    expect(stateOf('kr-lens-linear-connection')).toBe('idle');
    expect(page.calls.some((call) => call.method === 'testConnection')).toBe(false);
  });

  it('Test connection shows on the connection line too', async () => {
    await openOptions({ settings: { jira: [], linear: { apiKey: 'lin_api_stored', workspace: 'acme' } }, viewers: { linear: DANA } });
    fireEvent.click(screen.getByTestId('kr-lens-linear-test'));
    await waitFor(() => expect(textOf('kr-lens-linear-test-result')).toBe('Connected as Dana Engineer (dana@acme.example)'));
    expect(stateOf('kr-lens-linear-connection')).toBe('connected');
    expect(textOf('kr-lens-linear-connection')).toBe('Connected to workspace acme.');
  });
});

describe('a page whose stored connections arrive late', () => {
  it('lets nobody type or save until they are shown, so a late answer neither wipes a typed key nor saves over stored sites', async () => {
    let answer!: () => void;
    const settingsAnswered = new Promise<void>((resolve) => (answer = resolve));
    const stored = { jira: [{ site: 'https://acme.atlassian.net', auth: { type: 'session' as const } }] };
    const page = await openOptions({ settings: stored, viewers: { linear: DANA }, settingsAnswered });
    // The whole form sits in one disabled fieldset (happy-dom does not apply it to the controls, a browser does).
    const form = () => screen.getByTestId('kr-lens-save').closest('fieldset') as HTMLFieldSetElement;
    expect(form().disabled).toBe(true);
    expect(form().contains(screen.getByTestId('kr-lens-linear-key'))).toBe(true);
    expect(textOf('kr-lens-save-status')).toBe('Loading your connections…');
    // A save that gets past it anyway writes nothing: the form shows none of the stored sites yet.
    fireEvent.submit(screen.getByTestId('kr-lens-save').closest('form')!);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(page.calls.some((call) => call.method === 'saveSettings')).toBe(false);

    answer();
    await waitFor(() => expect(form().disabled).toBe(false));
    expect(textOf('kr-lens-save-status')).toBe('');
    expect((screen.getByTestId('kr-lens-jira-site') as HTMLInputElement).value).toBe('https://acme.atlassian.net');
    expect(await saveKey(NEW_KEY)).toBe('Saved.');
    await waitFor(() => expect(stateOf('kr-lens-linear-connection')).toBe('connected'));
    expect(await page.storedSettings()).toEqual({ ...stored, linear: { apiKey: NEW_KEY, workspace: 'acme' } });
  });
});
