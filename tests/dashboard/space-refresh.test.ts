/** The dashboard store keeps up with its team space on a timer, and leaves an open edit alone. */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REFRESH_EVERY_MS } from '../../entrypoints/dashboard/state/auto-refresh';
import { createDashboardStore } from '../../entrypoints/dashboard/state';
import type { SendMessage } from '../../lib/messaging';
import type { ActiveSpaceView } from '../../lib/space-messages';
import { getActiveSelection } from '../../lib/store';
import { createSpaceCache } from '../../lib/store/space-cache';
import { importAcme, JIRA, startService, TODAY } from './harness';

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A dashboard on a space whose set name the test changes, as a teammate would. */
async function dashboardOnSpace() {
  const harness = startService();
  await importAcme();
  const local = await getActiveSelection({ today: TODAY });
  if (!local) throw new Error('the fixture set must be active');
  const ref = { tracker: 'jira' as const, site: JIRA, home: 'OKR', setId: local.set.id, name: 'Acme team OKRs' };
  await createSpaceCache(fakeBrowser.storage.local).setActive({ ref, cycleId: local.cycleId });
  const remote = { name: 'Acme team OKRs', reads: 0 };
  const send: SendMessage = async (message) => {
    const request = message as { method: string };
    if (request.method !== 'getActiveSpace') return harness.send(message);
    remote.reads += 1;
    const space: ActiveSpaceView = {
      ref,
      set: { ...local.set, name: remote.name },
      cycleId: local.cycleId,
      revs: {},
      source: { name: remote.name, place: 'Jira acme.atlassian.net, project OKR', readAt: Date.now() },
      skipped: [],
    };
    return { ok: true, value: { state: 'ok', space } };
  };
  const store = createDashboardStore({ send, today: () => TODAY });
  await store.load();
  const env = {
    doc: { visibilityState: 'visible', addEventListener: () => {} } as unknown as Document,
    win: new EventTarget() as unknown as Window,
  };
  const watch = store.watchSpace(new AbortController().signal, env);
  return { store, remote, watch };
}

describe('the dashboard on a team space', () => {
  it('shows a teammate’s change after the timer, and reads nothing while an edit is open', async () => {
    const { store, remote } = await dashboardOnSpace();
    expect(store.selection.value?.set.name).toBe('Acme team OKRs');
    expect(remote.reads).toBe(1);

    remote.name = 'Acme OKRs, renamed by Omar';
    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS);
    await vi.waitFor(() => expect(store.selection.value?.set.name).toBe('Acme OKRs, renamed by Omar'));
    expect(store.space.value?.source.name).toBe('Acme OKRs, renamed by Omar');
    expect(remote.reads).toBe(2);

    const objective = store.selection.value?.set.objectives[0];
    if (!objective) throw new Error('the fixture set has objectives');
    store.startEdit({ kind: 'objective', id: objective.id, cycleId: objective.cycleId });
    remote.name = 'Renamed again';
    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS * 3);
    expect(remote.reads).toBe(2);
    expect(store.selection.value?.set.name).toBe('Acme OKRs, renamed by Omar');

    store.cancelEdit();
    await vi.advanceTimersByTimeAsync(REFRESH_EVERY_MS);
    await vi.waitFor(() => expect(store.selection.value?.set.name).toBe('Renamed again'));
    expect(remote.reads).toBe(3);
  });
});
