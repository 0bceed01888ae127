// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Overlay, type OverlayProps } from '../../components/Overlay';
import type { OverlayResult } from '../../lib/view/types';
import { card, explanation, NOW, OPTIONS, view } from './fixtures';

afterEach(cleanup);

function renderOverlay(result: OverlayResult | null, overrides: Partial<OverlayProps> = {}) {
  const props: OverlayProps = {
    result,
    theme: 'light',
    now: NOW,
    onRefresh: vi.fn(),
    onLink: vi.fn(),
    onUnlink: vi.fn(),
    loadOptions: vi.fn(() => Promise.resolve(OPTIONS)),
    ...overrides,
  };
  return { props, ...render(<Overlay {...props} />) };
}

const ok = (v = view()): OverlayResult => ({ state: 'ok', view: v });

describe('Overlay states', () => {
  it('shows a busy skeleton while loading', () => {
    renderOverlay(null);
    const loading = screen.getByTestId('kr-lens-loading');
    expect(loading.getAttribute('aria-busy')).toBe('true');
    expect(screen.queryByTestId('kr-lens-kr-card')).toBeNull();
  });

  it('renders a card with KR, objective, chain top-down, progress, status, confidence', () => {
    renderOverlay(ok());
    const kr = screen.getByTestId('kr-lens-kr-card');
    expect(within(kr).getByTestId('kr-lens-kr').textContent).toBe('Checkout conversion from 2.1% to 3%');
    expect(within(kr).getByTestId('kr-lens-objective').textContent).toBe('Payments feel instant');
    expect(
      within(kr)
        .getAllByTestId('kr-lens-chain-item')
        .map((item) => item.textContent),
    ).toEqual(['Win the mid-market', 'Online revenue +20%']);
    expect(within(kr).getByTestId('kr-lens-progress').textContent).toBe('62%');
    expect(within(kr).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('62');
    expect(within(kr).getByTestId('kr-lens-status').textContent).toBe('on track');
    expect(within(kr).getByTestId('kr-lens-confidence').textContent).toBe('confidence 7/10');
    expect(within(kr).queryByTestId('kr-lens-via')).toBeNull();
    expect(within(kr).getByTestId('kr-lens-why').textContent).toBe('why 62%?');
  });

  it.each([
    ['green', 'krl-band--green'],
    ['yellow', 'krl-band--yellow'],
    ['red', 'krl-band--red'],
  ] as const)('colours the bar by the %s band', (band, className) => {
    const { container } = renderOverlay(ok(view({ krs: [card({ band })] })));
    expect(container.querySelector('.krl-bar__fill')?.classList.contains(className)).toBe(true);
  });

  it.each([
    ['on-track', 'on track'],
    ['at-risk', 'at risk'],
    ['off-track', 'off track'],
    ['unknown', 'unknown'],
  ] as const)('names the %s status', (status, text) => {
    renderOverlay(ok(view({ krs: [card({ status })] })));
    expect(screen.getByTestId('kr-lens-status').textContent).toBe(text);
  });

  it('shows unknown progress as "—" with an indeterminate bar', () => {
    renderOverlay(ok(view({ krs: [card({ progress: null, progressText: '—', band: null, score: null, status: 'unknown' })] })));
    expect(screen.getByTestId('kr-lens-progress').textContent).toBe('—');
    const bar = screen.getByRole('progressbar');
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(bar.classList.contains('krl-bar--unknown')).toBe(true);
    expect(screen.getByTestId('kr-lens-why').textContent).toBe('why unknown?');
  });

  it('says "via" the ancestor and offers no unlink for an inherited KR', () => {
    renderOverlay(ok(view({ krs: [card({ via: 'ACME-10', direct: false })] })));
    expect(screen.getByTestId('kr-lens-via').textContent).toBe('via ACME-10');
    expect(screen.queryByTestId('kr-lens-unlink')).toBeNull();
  });

  it('renders one card per KR', () => {
    renderOverlay(ok(view({ krs: [card(), card({ krId: 'kr-2', title: 'Second' })] })));
    expect(screen.getAllByTestId('kr-lens-kr-card')).toHaveLength(2);
  });

  it.each([
    ['unaligned', 'kr-lens-unaligned', 'Not tied to any objective'],
    ['run', 'kr-lens-run', 'Run work (business as usual)'],
  ] as const)('an issue serving no KR shows %s', (classification, testId, text) => {
    renderOverlay(ok(view({ krs: [], classification })));
    expect(screen.getByTestId(testId).textContent).toBe(text);
    expect(screen.queryByTestId('kr-lens-kr-card')).toBeNull();
    expect(screen.getByTestId('kr-lens-link-button')).toBeTruthy();
  });

  it('counts child issues toward the KR', () => {
    renderOverlay(ok(view({ children: { done: 4, total: 9 } })));
    expect(screen.getByTestId('kr-lens-children').textContent).toBe('4 of 9 child issues done — they count toward this KR');
  });

  it('shows freshness, the notice, and refreshes on demand', () => {
    const { props } = renderOverlay(
      ok(view({ stale: true, notice: 'Linked issues were read from the board; the site refused the JQL function.' })),
    );
    expect(screen.getByTestId('kr-lens-updated').textContent).toBe('updated 3 min ago');
    expect(screen.getByTestId('kr-lens-notice').textContent).toContain('refused the JQL function');
    fireEvent.click(screen.getByTestId('kr-lens-refresh'));
    expect(props.onRefresh).toHaveBeenCalledTimes(1);
  });

  it('shows the error sentence above the cached view, read-only', () => {
    renderOverlay({
      state: 'error',
      error: { kind: 'auth', message: 'Sign in to Jira again, then refresh.' },
      cached: view({ fetchedAt: NOW - 2 * 3_600_000 }),
    });
    expect(screen.getByTestId('kr-lens-error').textContent).toBe('Sign in to Jira again, then refresh.');
    expect(screen.getByTestId('kr-lens-error').getAttribute('role')).toBe('alert');
    expect(screen.getByTestId('kr-lens-kr-card')).toBeTruthy();
    expect(screen.getByTestId('kr-lens-updated').textContent).toBe('updated 2 h ago');
    expect(screen.queryByTestId('kr-lens-unlink')).toBeNull();
    expect(screen.queryByTestId('kr-lens-link-button')).toBeNull();
    expect(screen.getByTestId('kr-lens-refresh')).toBeTruthy();
  });

  it('shows the error alone when nothing is cached', () => {
    renderOverlay({ state: 'error', error: { kind: 'network', message: 'Jira could not be reached.' } });
    expect(screen.getByTestId('kr-lens-error').textContent).toBe('Jira could not be reached.');
    expect(screen.queryByTestId('kr-lens-kr-card')).toBeNull();
    expect(screen.queryByTestId('kr-lens-updated')).toBeNull();
    expect(screen.getByTestId('kr-lens-refresh')).toBeTruthy();
  });

  it('asks for setup and opens the options when it can', () => {
    const onOpenOptions = vi.fn();
    renderOverlay({ state: 'setup', error: { kind: 'setup', message: 'No OKR set yet.' } }, { onOpenOptions });
    expect(screen.getByTestId('kr-lens-setup').textContent).toContain('No OKR set yet.');
    fireEvent.click(screen.getByTestId('kr-lens-open-options'));
    expect(onOpenOptions).toHaveBeenCalledTimes(1);
  });

  it('hints at the options page when it cannot open it', () => {
    renderOverlay({ state: 'setup', error: { kind: 'setup', message: 'No OKR set yet.' } });
    expect(screen.getByTestId('kr-lens-setup').textContent).toContain('Open the KR Lens options');
    expect(screen.queryByTestId('kr-lens-open-options')).toBeNull();
  });

  it.each(['light', 'dark'] as const)('carries the %s theme on its root', (theme) => {
    renderOverlay(ok(), { theme });
    expect(screen.getByTestId('kr-lens-overlay').getAttribute('data-theme')).toBe(theme);
  });
});

describe('why', () => {
  it('expands the explanation with formula, notes, issues and check-ins', () => {
    renderOverlay(ok());
    const why = screen.getByTestId('kr-lens-why');
    expect(why.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('kr-lens-explanation')).toBeNull();
    fireEvent.click(why);
    expect(why.getAttribute('aria-expanded')).toBe('true');
    const panel = screen.getByTestId('kr-lens-explanation');
    expect(why.getAttribute('aria-controls')).toBe(panel.id);
    expect(within(panel).getByTestId('kr-lens-formula').textContent).toBe('5 done + 0.5 × 1 in progress of 9 issues = 62%');
    expect(panel.textContent).toContain('Canceled issues are left out.');
    const issues = within(panel).getAllByTestId('kr-lens-why-issue');
    expect(issues.map((issue) => issue.textContent)).toEqual([
      'ACME-11 Cache the checkout tokenDonedoneweight 1',
      'ACME-12 Retry failed paymentsIn Reviewin progressweight 1via ACME-10',
    ]);
    expect(within(panel).getByText('ACME-11').getAttribute('href')).toBe('https://acme.atlassian.net/browse/ACME-11');
    expect(within(panel).getByTestId('kr-lens-why-checkin').textContent).toContain('confidence 7/10');
    fireEvent.click(why);
    expect(screen.queryByTestId('kr-lens-explanation')).toBeNull();
  });

  it('lists a metric KR’s linked work as contributing, not counted', () => {
    renderOverlay(
      ok(
        view({
          krs: [card({ measure: 'metric', explanation: explanation({ measure: 'metric', formula: '(2.6 − 2.1) / (3 − 2.1) = 56%' }) })],
        }),
      ),
    );
    fireEvent.click(screen.getByTestId('kr-lens-why'));
    const panel = screen.getByTestId('kr-lens-explanation');
    expect(panel.textContent).toContain('Contributing work (not counted)');
    expect(panel.textContent).not.toContain('weight');
  });

  it('labels issues weighed by the mean estimate', () => {
    const issues = [
      {
        key: 'A-1',
        title: 'No points',
        url: 'https://a.example/A-1',
        statusName: 'To Do',
        counted: 'todo' as const,
        weight: 2.5,
        estimated: false,
      },
    ];
    renderOverlay(ok(view({ krs: [card({ explanation: explanation({ weighting: 'estimate', issues }) })] })));
    fireEvent.click(screen.getByTestId('kr-lens-why'));
    expect(screen.getByTestId('kr-lens-why-issue').textContent).toContain('weight 2.5 (no estimate)');
  });
});

describe('link and unlink', () => {
  it('unlinks a directly linked KR with an accessible label', () => {
    const { props } = renderOverlay(ok());
    const unlink = screen.getByTestId('kr-lens-unlink');
    expect(unlink.getAttribute('aria-label')).toBe('Unlink this issue from key result: Checkout conversion from 2.1% to 3%');
    fireEvent.click(unlink);
    expect(props.onUnlink).toHaveBeenCalledWith('kr-checkout');
  });

  it('disables writes while busy', () => {
    renderOverlay(ok(), { busy: true });
    expect((screen.getByTestId('kr-lens-unlink') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('kr-lens-link-button') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('kr-lens-overlay').getAttribute('aria-busy')).toBe('true');
  });

  it('links through the picker and hands focus back to the link button', async () => {
    const { props } = renderOverlay(ok());
    const linkButton = screen.getByTestId('kr-lens-link-button');
    fireEvent.click(linkButton);
    expect(linkButton.getAttribute('aria-expanded')).toBe('true');
    const search = screen.getByTestId('kr-lens-picker-search');
    await waitFor(() => expect(screen.getAllByTestId('kr-lens-picker-option')).toHaveLength(4));
    fireEvent.input(search, { target: { value: 'latency' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(props.onLink).toHaveBeenCalledWith('kr-latency');
    expect(screen.queryByTestId('kr-lens-picker-search')).toBeNull();
    expect(linkButton.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(linkButton);
  });

  it('closes the picker on Escape, returning focus, without the key reaching the page', async () => {
    const { container } = renderOverlay(ok());
    const pageKeys = vi.fn();
    container.addEventListener('keydown', pageKeys);
    fireEvent.click(screen.getByTestId('kr-lens-link-button'));
    const search = screen.getByTestId('kr-lens-picker-search');
    await waitFor(() => expect(document.activeElement).toBe(search));
    fireEvent.keyDown(search, { key: 'Escape' });
    expect(screen.queryByTestId('kr-lens-picker-search')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('kr-lens-link-button'));
    expect(pageKeys).not.toHaveBeenCalled();
  });

  it('keeps typing inside the overlay from reaching the host page’s shortcuts', () => {
    const { container } = renderOverlay(ok());
    const pageKeys = vi.fn();
    container.addEventListener('keydown', pageKeys);
    fireEvent.keyDown(screen.getByTestId('kr-lens-why'), { key: 'j' });
    expect(pageKeys).not.toHaveBeenCalled();
  });
});
