// @vitest-environment happy-dom
/**
 * Options → Subscribe to an OKR file, over the real background service (request checks, who may
 * call what) and a fake file host: https only, the origin asked from the click itself, a refusal
 * that stores nothing, and the list with when and where each copy was read and what went wrong.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SubscriptionSection } from '../../components/options/SubscriptionSection';
import { createSubscriptions } from '../../entrypoints/background/subscriptions/service';
import { createOkrService } from '../../entrypoints/background/okr-service';
import { createSubscriptionState, type SubscriptionState } from '../../entrypoints/options/state/subscriptions';
import { createCache } from '../../lib/cache';
import type { ServiceRequest } from '../../lib/messaging';
import { handleServiceMessage } from '../../lib/messaging-host';
import type { StorageArea } from '../../lib/settings';
import { serializeOkrSet } from '../../lib/store';
import { createSpaceCache } from '../../lib/store/space-cache';
import { createSubscriptionStore } from '../../lib/store/subscriptions';
import { createFakeOkrFiles, OKR_FILES_HOST } from '../sandbox/okr-files';
import { acmeDocument } from './harness';

const FILE_URL = `https://${OKR_FILES_HOST}/acme/okrs/main/okrs.yaml`;

function setup(answer: boolean) {
  const area = fakeBrowser.storage.local as unknown as StorageArea;
  const files = createFakeOkrFiles();
  files.put('/acme/okrs/main/okrs.yaml', serializeOkrSet(acmeDocument() as never, 'yaml'));
  const subscriptions = createSubscriptions({
    store: createSubscriptionStore(area),
    spaces: createSpaceCache(area),
    fetch: files.fetch(),
    now: Date.now,
  });
  const service = createOkrService({
    sets: { getActiveSelection: async () => null },
    subscriptions: subscriptions.methods,
    adapterFor: async () => Promise.reject(new Error('no tracker here')),
    cache: createCache(area),
    now: Date.now,
    settings: { read: async () => ({ jira: [] }), write: async () => undefined },
  });
  const calls: ServiceRequest[] = [];
  const requested: string[][] = [];
  const state: SubscriptionState = createSubscriptionState({
    send: async (message) => {
      calls.push(message);
      return handleServiceMessage(service, message, { kind: 'extension-page', page: 'options.html' });
    },
    requestOrigins: async (origins) => {
      requested.push(origins);
      return answer;
    },
  });
  render(<SubscriptionSection state={state} />);
  return { files, calls, requested, state };
}

function subscribeTo(url: string) {
  fireEvent.input(screen.getByTestId('kr-lens-subscribe-url'), { target: { value: url } });
  fireEvent.click(screen.getByTestId('kr-lens-subscribe'));
}

const statusText = () => screen.getByTestId('kr-lens-subscribe-status').textContent ?? '';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

describe('Options → Subscribe to an OKR file', () => {
  it('refuses an http URL with a sentence, asking neither the browser nor the background', async () => {
    const t = setup(true);
    subscribeTo(`http://${OKR_FILES_HOST}/okrs.yaml`);
    await waitFor(() => expect(statusText()).toContain('KR Lens reads OKR files only over https'));
    expect(t.requested).toEqual([]);
    expect(t.calls.filter((call) => call.method === 'subscribe')).toEqual([]);
  });

  it('asks for just the file’s origin during the click; refused, it stores nothing and says so', async () => {
    const t = setup(false);
    subscribeTo(FILE_URL);
    // Synchronously, inside the click: the browser shows its prompt only then.
    expect(t.requested).toEqual([[`https://${OKR_FILES_HOST}/*`]]);
    await waitFor(() =>
      expect(statusText()).toBe(
        `KR Lens was not allowed to read https://${OKR_FILES_HOST}, so nothing was stored. Subscribe again and allow access when the browser asks.`,
      ),
    );
    expect(t.calls.filter((call) => call.method === 'subscribe')).toEqual([]);
    expect(t.files.requests).toEqual([]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('granted, it subscribes and lists the file with when and where it was read; Use makes it active', async () => {
    const t = setup(true);
    subscribeTo(FILE_URL);
    await waitFor(() => expect(statusText()).toBe('Subscribed to “Acme Corp OKRs”. Use it to make it the active set.'));
    const item = await screen.findByTestId('kr-lens-subscription');
    expect(item.querySelector('[data-testid="kr-lens-source"]')?.textContent).toMatch(
      new RegExp(`^From “Acme Corp OKRs” in the file ${FILE_URL.replace(/\./g, '\\.')} \\(read-only\\), read `),
    );
    fireEvent.click(screen.getByTestId('kr-lens-subscription-use'));
    await waitFor(() => expect(statusText()).toBe('“Acme Corp OKRs” is the active set.'));
    await waitFor(() => expect(screen.queryByTestId('kr-lens-subscription-use')).toBeNull());
    expect(t.state.list.value?.[0]?.active).toBe(true);
  });

  it('Refresh of a file that no longer validates shows the sentence and every invalid path; Remove unsubscribes', async () => {
    const t = setup(true);
    subscribeTo(FILE_URL);
    await screen.findByTestId('kr-lens-subscription');
    const broken = acmeDocument();
    broken.keyResults[1]!.title = '';
    broken.objectives[0]!.commitment = 'maybe';
    t.files.put('/acme/okrs/main/okrs.yaml', serializeOkrSet(broken as never, 'yaml'));
    fireEvent.click(screen.getByTestId('kr-lens-subscription-refresh'));
    const problem = await screen.findByTestId('kr-lens-subscription-problem');
    expect(problem.textContent).toContain(
      `Couldn’t use ${FILE_URL}: the file is not a valid OKR set (2 invalid fields); showing the copy read at`,
    );
    const paths = [...screen.getByTestId('kr-lens-subscription-errors').querySelectorAll('li')].map((li) => li.textContent?.split(':')[0]);
    expect(paths).toEqual(['objectives[0].commitment', 'keyResults[1].title']);
    fireEvent.click(screen.getByTestId('kr-lens-subscription-remove'));
    await waitFor(() => expect(screen.queryByTestId('kr-lens-subscription')).toBeNull());
    expect(statusText()).toBe(`Unsubscribed from ${FILE_URL}.`);
  });
});
