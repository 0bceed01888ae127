// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PopupApp } from '../../components/popup/PopupApp';
import { createPopupStore } from '../../entrypoints/popup/state';
import { issueAddressOf } from '../../entrypoints/popup/state/tab';
import { assignedToMeScopes } from '../../entrypoints/popup/state/unaligned';
import { sourceText } from '../../components/ui/SourceLine';
import type { SendMessage } from '../../lib/messaging';
import type { ActiveSpaceView } from '../../lib/space-messages';
import { getActiveSelection } from '../../lib/store';
import { createSpaceCache } from '../../lib/store/space-cache';
import { TrackerError } from '../../lib/trackers/tracker';
import { importAcme, JIRA, startService, TODAY, WORKSPACE, type ServiceHarness } from '../dashboard/harness';

const DASHBOARD = 'chrome-extension://kr-lens/dashboard.html';

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(cleanup);

async function openPopup(tabUrl: string | undefined, harness: ServiceHarness = startService()) {
  const store = createPopupStore({ send: harness.send, activeTabUrl: async () => tabUrl, today: () => TODAY });
  const loading = store.load();
  render(<PopupApp store={store} dashboardUrl={DASHBOARD} />);
  await loading;
  return { store, harness };
}

describe('issueAddressOf', () => {
  it.each([
    [`${JIRA}/browse/PLAT-2`, [], { tracker: 'jira', site: JIRA, key: 'PLAT-2' }],
    [`${JIRA}/jira/software/projects/PLAT/boards/1?selectedIssue=PLAT-4`, [], { tracker: 'jira', site: JIRA, key: 'PLAT-4' }],
    [`https://linear.app/${WORKSPACE}/issue/MOB-3/queue-writes`, [], { tracker: 'linear', site: WORKSPACE, key: 'MOB-3' }],
    [
      'https://jira.example.com/browse/OPS-7',
      ['https://jira.example.com'],
      { tracker: 'jira', site: 'https://jira.example.com', key: 'OPS-7' },
    ],
    // Any site can have a /browse/ABC-1 path: only Jira Cloud and configured sites count.
    ['https://example.com/browse/ABC-1', [], null],
    [`${JIRA}/jira/software/projects/PLAT/boards/1`, [], null],
    [`https://linear.app/${WORKSPACE}/team/MOB/active`, [], null],
    ['chrome://extensions', [], null],
    [undefined, [], null],
  ])('%s → %j', (url, sites, expected) => {
    expect(issueAddressOf(url, sites)).toEqual(expected);
  });
});

describe('assignedToMeScopes', () => {
  it('asks every connected tracker for my open work', () => {
    expect(assignedToMeScopes({ jira: [{ site: JIRA, auth: 'session' }], linear: { connected: true } })).toEqual([
      { tracker: 'jira', site: JIRA, scope: { type: 'assigned-to-me' } },
      { tracker: 'linear', scope: { type: 'assigned-to-me' } },
    ]);
    expect(assignedToMeScopes({ jira: [], linear: { connected: false } })).toEqual([]);
  });
});

describe('the popup', () => {
  beforeEach(async () => {
    await importAcme();
  });

  it('shows the KR the tab’s issue serves through its epic, with progress, status and a link into the dashboard', async () => {
    await openPopup(`${JIRA}/browse/PLAT-2`);
    const kr = await screen.findByTestId('kr-lens-popup-kr');
    expect(within(kr).getByTestId('kr-lens-popup-kr-title').textContent).toBe('Checkout API p95 under 400 ms in every region');
    // PLAT-2 and PLAT-3 done, PLAT-6 in progress, no in-progress credit: 2 of 3.
    expect(within(kr).getByTestId('kr-lens-popup-kr-progress').textContent).toBe('67%');
    expect(kr.textContent).toContain('via PLAT-1');
    expect(within(kr).getByTestId('kr-lens-popup-kr-title').getAttribute('href')).toBe(`${DASHBOARD}#/kr/kr-plat-p95-checkout`);
  });

  it.each([
    [`${JIRA}/browse/PLAT-4`, 'kr-lens-popup-unaligned'],
    [`${JIRA}/browse/PLAT-5`, 'kr-lens-popup-run'],
    ['https://example.com/', 'kr-lens-popup-no-issue'],
    [undefined, 'kr-lens-popup-no-issue'],
  ])('for %s says %s', async (url, testId) => {
    await openPopup(url);
    expect(await screen.findByTestId(testId)).toBeTruthy();
    expect(screen.queryByTestId('kr-lens-popup-kr')).toBeNull();
  });

  it('lists the active cycle’s objectives with progress computed from linked work and check-ins', async () => {
    await openPopup(undefined);
    expect(screen.getByTestId('kr-lens-popup-cycle').textContent).toBe('Q4 2026 objectives');
    const objectives = screen.getAllByTestId('kr-lens-popup-objective');
    // The nine Q4 objectives of the example; none of the closed Q3 one.
    expect(objectives).toHaveLength(9);
    expect(objectives[0]!.textContent).toContain('Make buying from an Acme shop effortless');
    expect(screen.queryByText('Stop losing customers at the payment step')).toBeNull();
    const bars = screen.getAllByRole('progressbar');
    expect(bars).toHaveLength(9);
    expect(bars.every((bar) => bar.getAttribute('aria-valuetext') !== null)).toBe(true);
  });

  it('counts the open work assigned to me that serves no KR, over both trackers', async () => {
    const { harness } = await openPopup(undefined);
    // Assigned to me and open: PLAT-6 (aligned via PLAT-1), PLAT-4 (unaligned), PLAT-5 (bug: run).
    await waitFor(() =>
      expect(screen.getByTestId('kr-lens-popup-unaligned-mine').textContent).toBe(
        '1 of 3 open issues assigned to you serves no key result.',
      ),
    );
    expect(harness.jira.calls).toContain('listScope {"type":"assigned-to-me"}');
    expect(harness.linear.calls).toContain('listScope {"type":"assigned-to-me"}');
  });

  it('says what failed when the tracker cannot be read, and still lists the objectives', async () => {
    const harness = startService();
    harness.jira.failWith = new TrackerError('auth', 'Sign in to Jira at acme.atlassian.net, then reload.');
    await openPopup(`${JIRA}/browse/PLAT-2`, harness);
    expect((await screen.findByTestId('kr-lens-popup-issue-error')).textContent).toContain('Sign in to Jira');
    expect(screen.getAllByTestId('kr-lens-popup-objective')).toHaveLength(9);
    expect(screen.getByTestId('kr-lens-popup-notice').textContent).toContain('Sign in to Jira');
  });

  it('links to the dashboard', async () => {
    await openPopup(undefined);
    expect(screen.getByTestId('kr-lens-popup-dashboard-link').getAttribute('href')).toBe(DASHBOARD);
  });
});

describe('the popup without an OKR set', () => {
  it('points to Options', async () => {
    await openPopup(undefined);
    expect(screen.getByTestId('kr-lens-popup-no-set').textContent).toContain('Options');
  });
});

describe('the popup on a team space', () => {
  it('shows the space’s objectives and says which space they come from and when they were read', async () => {
    const harness = startService();
    await importAcme();
    const local = await getActiveSelection({ today: TODAY });
    if (!local) throw new Error('the fixture set must be active');
    const ref = { tracker: 'jira' as const, site: JIRA, home: 'OKR', setId: local.set.id, name: 'Acme team OKRs' };
    await createSpaceCache(fakeBrowser.storage.local).setActive({ ref, cycleId: local.cycleId });
    const readAt = Date.parse(`${TODAY}T09:30:00Z`);
    const space: ActiveSpaceView = {
      ref,
      set: { ...local.set, name: 'Acme team OKRs' },
      cycleId: local.cycleId,
      revs: {},
      source: { name: 'Acme team OKRs', place: `Jira ${new URL(JIRA).host}, project OKR`, readAt },
      skipped: [],
    };
    const asked: unknown[] = [];
    const send: SendMessage = async (message) => {
      const request = message as { method: string; params: unknown };
      if (request.method !== 'getActiveSpace') return harness.send(message);
      asked.push(request.params);
      return { ok: true, value: { state: 'ok', space } };
    };
    await openPopup(undefined, { ...harness, send });

    // The background's copy first: a warm popup costs the trackers nothing.
    expect(asked).toEqual([{ fresh: false }]);
    const line = await screen.findByTestId('kr-lens-source');
    expect(line.textContent).toBe(sourceText(space.source));
    expect(line.textContent).toContain('From “Acme team OKRs” in Jira acme.atlassian.net, project OKR, read ');
    expect(screen.getByText(/Acme team OKRs · /)).toBeTruthy();
  });

  it('says nothing about a source for a local set', async () => {
    await importAcme();
    await openPopup(undefined);
    await screen.findByTestId('kr-lens-popup-cycle');
    expect(screen.queryByTestId('kr-lens-source')).toBeNull();
  });
});
