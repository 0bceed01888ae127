// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoardMarker } from '../../components/BoardMarker';
import { FloatingChip, type FloatingChipProps } from '../../components/FloatingChip';
import type { OverlayResult } from '../../lib/view/types';
import { card, marker, NOW, OPTIONS, view } from './fixtures';

afterEach(cleanup);

function renderChip(result: OverlayResult | null) {
  const props: FloatingChipProps = {
    result,
    theme: 'dark',
    now: NOW,
    onRefresh: vi.fn(),
    onLink: vi.fn(),
    onUnlink: vi.fn(),
    loadOptions: () => Promise.resolve(OPTIONS),
  };
  return render(<FloatingChip {...props} />);
}

describe('FloatingChip', () => {
  it.each([
    [null, 'KR', 'aligned'],
    [{ state: 'ok', view: view() }, '1 KR', 'aligned'],
    [{ state: 'ok', view: view({ krs: [card(), card({ krId: 'b' })] }) }, '2 KRs', 'aligned'],
    [{ state: 'ok', view: view({ krs: [], classification: 'unaligned' }) }, 'No KR', 'unaligned'],
    [{ state: 'ok', view: view({ krs: [], classification: 'run' }) }, 'Run work', 'run'],
    [{ state: 'setup', error: { kind: 'setup', message: 'No OKR set yet.' } }, 'KR !', 'error'],
    [{ state: 'error', error: { kind: 'network', message: 'Offline.' }, cached: view() }, '1 KR !', 'error'],
  ] as const)('%# reads %j', (result, text, variant) => {
    renderChip(result as OverlayResult | null);
    const chip = screen.getByTestId('kr-lens-chip');
    expect(chip.textContent).toBe(text);
    expect(chip.classList.contains(`krl-chip--${variant}`)).toBe(true);
  });

  it('expands to the full overlay and closes with Escape, focus back on the chip', () => {
    renderChip({ state: 'ok', view: view() });
    const chip = screen.getByTestId('kr-lens-chip');
    expect(screen.queryByTestId('kr-lens-overlay')).toBeNull();
    fireEvent.click(chip);
    expect(chip.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByTestId('kr-lens-overlay').getAttribute('data-theme')).toBe('dark');
    expect(screen.getByTestId('kr-lens-kr-card')).toBeTruthy();
    fireEvent.keyDown(screen.getByTestId('kr-lens-why'), { key: 'Escape' });
    expect(screen.queryByTestId('kr-lens-overlay')).toBeNull();
    expect(document.activeElement).toBe(chip);
  });

  it('toggles closed on a second click', () => {
    renderChip({ state: 'ok', view: view() });
    const chip = screen.getByTestId('kr-lens-chip');
    fireEvent.click(chip);
    fireEvent.click(chip);
    expect(chip.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('kr-lens-overlay')).toBeNull();
  });
});

describe('BoardMarker', () => {
  it('marks unaligned work "No KR"', () => {
    render(<BoardMarker marker={marker({ classification: 'unaligned', krTitles: [] })} theme="light" />);
    expect(screen.getByTestId('kr-lens-marker-unaligned').textContent).toBe('No KR');
    expect(screen.queryByTestId('kr-lens-marker-kr')).toBeNull();
  });

  it('shows the first KR, truncated, and how many more', () => {
    const titles = ['Reduce time-to-first-value for new workspaces to under ten minutes', 'Second', 'Third'];
    render(<BoardMarker marker={marker({ krTitles: titles })} theme="light" />);
    const chip = screen.getByTestId('kr-lens-marker-kr');
    expect(chip.textContent).toBe('Reduce time-to-first-value…+2');
    expect(chip.getAttribute('title')).toBe(titles.join('\n'));
  });

  it('shows a single KR without a count', () => {
    render(<BoardMarker marker={marker({ krTitles: ['Short KR'] })} theme="dark" />);
    expect(screen.getByTestId('kr-lens-marker-kr').textContent).toBe('Short KR');
    expect(screen.getByTestId('kr-lens-marker-kr').getAttribute('data-theme')).toBe('dark');
  });

  it('keeps run work subtle', () => {
    render(<BoardMarker marker={marker({ classification: 'run', krTitles: [] })} theme="light" />);
    expect(screen.getByTestId('kr-lens-marker-run').textContent).toBe('run');
    expect(screen.queryByTestId('kr-lens-marker-unaligned')).toBeNull();
  });
});
