// @vitest-environment happy-dom
/**
 * The dashboard on a subscribed OKR file: it shows the file's set with the file named as its
 * source, and its check-in form and editor say the set is read-only and where to change it; a
 * save that gets through anyway (cycle review) is refused with the same sentence, and the local
 * set stays as it was.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DashboardApp } from '../../components/dashboard/DashboardApp';
import { createOkrService } from '../../entrypoints/background/okr-service';
import { createSubscriptions } from '../../entrypoints/background/subscriptions/service';
import { createDashboardStore } from '../../entrypoints/dashboard/state';
import { createCache } from '../../lib/cache';
import type { SendMessage } from '../../lib/messaging';
import { handleServiceMessage } from '../../lib/messaging-host';
import type { StorageArea } from '../../lib/settings';
import { getSet, serializeOkrSet } from '../../lib/store';
import { createSpaceCache } from '../../lib/store/space-cache';
import { createSubscriptionStore } from '../../lib/store/subscriptions';
import type { Route } from '../../lib/view/dashboard-routes';
import { createFakeOkrFiles, OKR_FILES_HOST } from '../sandbox/okr-files';
import { ACME_JSON, importAcme, NOW, TODAY } from './harness';

const FILE_URL = `https://${OKR_FILES_HOST}/acme/okrs.yaml`;
const METRIC_KR = 'kr-q3-payment-failures';

async function subscribedDashboard(route: Route) {
  const area = fakeBrowser.storage.local as unknown as StorageArea;
  const files = createFakeOkrFiles();
  const doc = JSON.parse(ACME_JSON) as { id: string; name: string };
  files.put('/acme/okrs.yaml', serializeOkrSet({ ...doc, id: 'acme-code', name: 'Acme as code' } as never, 'yaml'));
  const subscriptions = createSubscriptions({
    store: createSubscriptionStore(area),
    spaces: createSpaceCache(area),
    fetch: files.fetch(),
    now: () => NOW,
  });
  const service = createOkrService({
    sets: { getActiveSelection: subscriptions.activeSet },
    subscriptions: subscriptions.methods,
    adapterFor: async () => Promise.reject(new Error('no tracker here')),
    cache: createCache(area),
    now: () => NOW,
    settings: { read: async () => ({ jira: [] }), write: async () => undefined },
  });
  const fromOptions = (message: Parameters<SendMessage>[0]) =>
    handleServiceMessage(service, message, { kind: 'extension-page', page: 'options.html' });
  await fromOptions({ krLens: 1, method: 'subscribe', params: { url: FILE_URL } });
  await fromOptions({ krLens: 1, method: 'useSubscription', params: { url: FILE_URL } });
  const store = createDashboardStore({
    send: (message) => handleServiceMessage(service, message, { kind: 'extension-page', page: 'dashboard.html' }),
    today: () => TODAY,
    now: () => NOW,
  });
  await store.load();
  store.navigate(route);
  render(<DashboardApp store={store} now={() => NOW} />);
  return store;
}

beforeEach(async () => {
  fakeBrowser.reset();
  await importAcme();
});
afterEach(cleanup);

const readOnlySentence = `“Acme as code” is read-only in KR Lens: it is read from the file ${FILE_URL}. To change it, edit that file in its repository`;

describe('the dashboard on a subscribed OKR file', () => {
  it('names the file as the source, and the KR page says read-only where the check-in form would be', async () => {
    await subscribedDashboard({ view: 'kr', krId: METRIC_KR });
    expect(screen.getByTestId('kr-lens-dashboard-set').textContent).toBe('Acme as code');
    expect(screen.getByTestId('kr-lens-source').textContent).toContain(`in the file ${FILE_URL} (read-only), read`);
    await screen.findByTestId('kr-lens-dashboard-kr-detail');
    expect(screen.getByTestId('kr-lens-read-only').textContent).toContain(readOnlySentence);
    expect(screen.queryByTestId('kr-lens-dashboard-checkin-save')).toBeNull();
  });

  it('the edit view says read-only instead of offering edit buttons', async () => {
    await subscribedDashboard({ view: 'edit' });
    expect(screen.getByTestId('kr-lens-read-only').textContent).toContain(readOnlySentence);
    expect(screen.queryAllByTestId('kr-lens-dashboard-edit-button')).toEqual([]);
  });

  it('a save is refused with the same sentence, and the local set is untouched', async () => {
    const store = await subscribedDashboard({ view: 'tree' });
    const before = await getSet('acme');
    await store.closeCycle('We learned things.');
    await waitFor(() =>
      expect(store.reviewStatus.value).toMatchObject({ tone: 'error', message: expect.stringContaining(readOnlySentence) }),
    );
    expect(await getSet('acme')).toEqual(before);
  });
});
