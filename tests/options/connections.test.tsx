// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAVE_FIRST } from '../../entrypoints/options/state/connection-checks';
import type { Settings } from '../../lib/settings';
import { TrackerError, type Viewer } from '../../lib/trackers/tracker';
import { everythingShown, openOptions } from './harness';

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(cleanup);

const SITE = 'https://acme.atlassian.net';
const STORED_TOKEN = 'jira-token-stored-7f3a';
const STORED_KEY = 'lin_api_stored_91bc';
const DANA: Viewer = { id: 'u-1', name: 'Dana Engineer', email: 'dana@acme.example' };

const storedSettings = (): Settings => ({
  jira: [{ site: SITE, auth: { type: 'basic', email: DANA.email!, apiToken: STORED_TOKEN } }],
  linear: { apiKey: STORED_KEY, workspace: 'acme' },
});

const input = (testId: string, index = 0) => screen.getAllByTestId(testId)[index] as HTMLInputElement;
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });

function saveCalls(calls: Array<{ method: string; params: unknown }>) {
  return calls.filter((call) => call.method === 'saveSettings').map((call) => call.params);
}

async function save() {
  fireEvent.click(screen.getByTestId('kr-lens-save'));
  await waitFor(() => expect(screen.getByTestId('kr-lens-save-status').textContent).not.toMatch(/^(|Saving…)$/));
  return screen.getByTestId('kr-lens-save-status').textContent;
}

describe('connections', () => {
  it('shows what is stored without any secret: token and key fields empty, marked stored', async () => {
    const page = await openOptions({ settings: storedSettings() });
    expect(input('kr-lens-jira-site').value).toBe(SITE);
    expect(input('kr-lens-jira-email').value).toBe(DANA.email);
    expect(input('kr-lens-jira-token').value).toBe('');
    expect(input('kr-lens-jira-token').placeholder).toBe('stored — leave blank to keep');
    expect(input('kr-lens-linear-key').value).toBe('');
    expect(screen.getByTestId('kr-lens-linear-state').textContent).toBe('A key is stored (workspace acme).');
    const shown = everythingShown(page.view.container);
    expect(shown).not.toContain(STORED_TOKEN);
    expect(shown).not.toContain(STORED_KEY);
  });

  it('saving with blank secret fields sends no token or key, and the stored ones are kept', async () => {
    const page = await openOptions({ settings: storedSettings() });
    expect(await save()).toBe('Saved.');
    expect(saveCalls(page.calls)).toEqual([
      { jira: [{ site: SITE, auth: { type: 'basic', email: DANA.email } }], linear: { keepKey: true } },
    ]);
    expect(JSON.stringify(page.calls)).not.toContain(STORED_TOKEN);
    expect(await page.storedSettings()).toEqual(storedSettings());
  });

  it('sends a new token and key once, stores them, and never shows them after the save', async () => {
    // Linear answers the check a new key starts; what it shows is tested in linear-connection.test.tsx.
    const page = await openOptions({ settings: storedSettings(), viewers: { linear: { id: 'l-1', name: 'Dana Engineer', site: 'acme' } } });
    const newToken = 'jira-token-new-5d21';
    const newKey = 'lin_api_new_c0ffee';
    type(input('kr-lens-jira-token'), newToken);
    type(input('kr-lens-linear-key'), newKey);

    expect(await save()).toBe('Saved.');
    expect(saveCalls(page.calls)).toEqual([
      { jira: [{ site: SITE, auth: { type: 'basic', email: DANA.email, apiToken: newToken } }], linear: { apiKey: newKey } },
    ]);
    const stored = await page.storedSettings();
    expect(stored.jira[0]?.auth).toEqual({ type: 'basic', email: DANA.email, apiToken: newToken });
    expect(stored.linear?.apiKey).toBe(newKey);
    const shown = everythingShown(page.view.container);
    for (const secret of [newToken, newKey, STORED_TOKEN, STORED_KEY]) expect(shown).not.toContain(secret);
    // Nothing the background answered holds a secret either.
    expect(JSON.stringify(page.store.jiraRows.value) + JSON.stringify(page.store.linear.value)).not.toContain(newToken);
  });

  it('lists Jira sites seen while browsing, with session auth', async () => {
    await openOptions({ seenJiraSites: ['https://globex.atlassian.net/browse/GLX-1'] });
    expect(input('kr-lens-jira-site').value).toBe('https://globex.atlassian.net');
    expect((screen.getByRole('radio', { name: 'Browser session (recommended)' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByTestId('kr-lens-jira-token')).toBeNull();
  });

  it.each<[string, Viewer | TrackerError, string]>([
    ['a working token', DANA, 'Connected as Dana Engineer (dana@acme.example)'],
    [
      'a rejected token',
      new TrackerError(
        'auth',
        'Jira at https://acme.atlassian.net did not accept the API token for dana@acme.example; create a new token and save it.',
      ),
      'Jira at https://acme.atlassian.net did not accept the API token for dana@acme.example; create a new token and save it.',
    ],
  ])('Test connection with %s shows the sentence', async (_name, viewer, sentence) => {
    const page = await openOptions({ settings: storedSettings(), viewers: { [SITE]: viewer } });
    fireEvent.click(screen.getByTestId('kr-lens-jira-test'));
    await waitFor(() => expect(screen.getByTestId('kr-lens-jira-test-result').textContent).toBe(sentence));
    expect(page.calls.filter((c) => c.method === 'testConnection').map((c) => c.params)).toEqual([{ tracker: 'jira', site: SITE }]);
  });

  it('asks to save first before testing details that are not saved', async () => {
    const page = await openOptions({ settings: storedSettings(), viewers: { [SITE]: DANA } });
    type(input('kr-lens-jira-email'), 'someone@acme.example');
    fireEvent.click(screen.getByTestId('kr-lens-jira-test'));
    expect(screen.getByTestId('kr-lens-jira-test-result').textContent).toBe(SAVE_FIRST);
    expect(page.calls.some((c) => c.method === 'testConnection')).toBe(false);
  });

  it('tests a new Atlassian Cloud site with session auth without saving it', async () => {
    const other = 'https://globex.atlassian.net';
    await openOptions({ viewers: { [other]: DANA } });
    fireEvent.click(screen.getByTestId('kr-lens-jira-add'));
    type(input('kr-lens-jira-site'), 'globex.atlassian.net');
    fireEvent.click(screen.getByTestId('kr-lens-jira-test'));
    await waitFor(() =>
      expect(screen.getByTestId('kr-lens-jira-test-result').textContent).toBe('Connected as Dana Engineer (dana@acme.example)'),
    );
  });

  it('tests the stored Linear key', async () => {
    await openOptions({ settings: storedSettings(), viewers: { linear: { id: 'l-1', name: 'Dana Engineer' } } });
    fireEvent.click(screen.getByTestId('kr-lens-linear-test'));
    await waitFor(() => expect(screen.getByTestId('kr-lens-linear-test-result').textContent).toBe('Connected as Dana Engineer'));
  });

  it('removes the Linear key on save', async () => {
    const page = await openOptions({ settings: storedSettings() });
    fireEvent.click(screen.getByTestId('kr-lens-linear-remove'));
    expect(screen.getByTestId('kr-lens-linear-state').textContent).toBe('The stored key will be removed when you save.');
    expect(await save()).toBe('Saved.');
    expect((await page.storedSettings()).linear).toBeUndefined();
    expect(screen.getByTestId('kr-lens-linear-state').textContent).toBe('No key stored.');
  });

  it.each([
    [true, 'Saved.'],
    [false, 'KR Lens needs your permission to reach https://jira.globex.example'],
  ])('a self-hosted site asks for host permission on save (granted: %s)', async (granted, status) => {
    const page = await openOptions({ grantPermissions: granted });
    fireEvent.click(screen.getByTestId('kr-lens-jira-add'));
    type(input('kr-lens-jira-site'), 'https://jira.globex.example/secure/Dashboard.jspa');
    expect(await save()).toContain(status);
    expect(page.permissionRequests).toEqual([['https://jira.globex.example/*']]);
    expect(saveCalls(page.calls)).toHaveLength(granted ? 1 : 0);
    expect((await page.storedSettings()).jira.map((c) => c.site)).toEqual(granted ? ['https://jira.globex.example'] : []);
  });

  it('does not ask for permission for Atlassian Cloud sites', async () => {
    const page = await openOptions();
    fireEvent.click(screen.getByTestId('kr-lens-jira-add'));
    type(input('kr-lens-jira-site'), SITE);
    expect(await save()).toBe('Saved.');
    expect(page.permissionRequests).toEqual([]);
  });

  it.each([
    [
      'an http site',
      (row: HTMLElement) => type(within(row).getByTestId('kr-lens-jira-site'), 'http://jira.local'),
      'is not an https address',
    ],
    [
      'a token connection without a token',
      (row: HTMLElement) => {
        type(within(row).getByTestId('kr-lens-jira-site'), SITE);
        fireEvent.click(within(row).getByTestId('kr-lens-jira-auth-basic'));
        type(within(row).getByTestId('kr-lens-jira-email'), 'dana@acme.example');
      },
      'Enter the API token for dana@acme.example on https://acme.atlassian.net.',
    ],
  ])('refuses %s with a sentence and saves nothing', async (_name, fill, sentence) => {
    const page = await openOptions();
    fireEvent.click(screen.getByTestId('kr-lens-jira-add'));
    fill(screen.getByRole('group', { name: 'New site' }));
    expect(await save()).toContain(sentence);
    expect(saveCalls(page.calls)).toEqual([]);
  });
});
