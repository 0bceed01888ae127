// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KrPicker } from '../../components/KrPicker';
import type { KrOptionView } from '../../lib/view/types';
import { OPTIONS } from './fixtures';

afterEach(cleanup);

async function renderPicker(options: Promise<KrOptionView[]> = Promise.resolve(OPTIONS)) {
  const onPick = vi.fn();
  const onClose = vi.fn();
  const loadOptions = vi.fn(() => options);
  render(<KrPicker loadOptions={loadOptions} onPick={onPick} onClose={onClose} />);
  const search = screen.getByTestId('kr-lens-picker-search') as HTMLInputElement;
  return { search, onPick, onClose, loadOptions };
}

const optionTitles = () =>
  screen.queryAllByTestId('kr-lens-picker-option').map((option) => option.querySelector('.krl-option__title')?.textContent);
const activeOption = (search: HTMLElement) => document.getElementById(search.getAttribute('aria-activedescendant') ?? '');
const key = (element: HTMLElement, name: string) => fireEvent.keyDown(element, { key: name });

describe('KrPicker', () => {
  it('is an ARIA 1.2 combobox controlling a listbox of options, suggested first', async () => {
    const { search, loadOptions } = await renderPicker();
    expect(screen.getByRole('status').textContent).toBe('Loading key results…');
    await waitFor(() => expect(optionTitles()).toHaveLength(4));
    expect(loadOptions).toHaveBeenCalledTimes(1);
    expect(search.getAttribute('role')).toBe('combobox');
    expect(search.getAttribute('aria-expanded')).toBe('true');
    const listbox = screen.getByRole('listbox');
    expect(search.getAttribute('aria-controls')).toBe(listbox.id);
    expect(document.activeElement).toBe(search);
    const options = screen.getAllByRole('option');
    expect(options[0]?.textContent).toContain('suggested');
    expect(options[0]?.getAttribute('data-kr-id')).toBe('kr-checkout');
    expect(activeOption(search)).toBe(options[0]);
    expect(options[0]?.getAttribute('aria-selected')).toBe('true');
    expect(options[3]?.textContent).toContain('linked');
    expect(options[3]?.getAttribute('aria-disabled')).toBe('true');
  });

  it('moves with arrows, Home and End, and picks with Enter', async () => {
    const { search, onPick } = await renderPicker();
    await waitFor(() => expect(optionTitles()).toHaveLength(4));
    const ids = () => activeOption(search)?.getAttribute('data-kr-id');
    key(search, 'ArrowDown');
    expect(ids()).toBe('kr-latency');
    key(search, 'ArrowDown');
    expect(ids()).toBe('kr-nps');
    key(search, 'ArrowUp');
    expect(ids()).toBe('kr-latency');
    key(search, 'End');
    expect(ids()).toBe('kr-refunds');
    key(search, 'ArrowDown');
    expect(ids()).toBe('kr-refunds');
    key(search, 'Home');
    expect(ids()).toBe('kr-checkout');
    key(search, 'ArrowUp');
    expect(ids()).toBe('kr-checkout');
    key(search, 'ArrowDown');
    key(search, 'ArrowDown');
    key(search, 'Enter');
    expect(onPick).toHaveBeenCalledTimes(1);
    expect(onPick.mock.calls[0]?.[0]).toMatchObject({ krId: 'kr-nps' });
  });

  it('filters as one types, accent-insensitively, and restarts at the first match', async () => {
    const { search, onPick } = await renderPicker();
    await waitFor(() => expect(optionTitles()).toHaveLength(4));
    key(search, 'End');
    fireEvent.input(search, { target: { value: 'EQUIPE' } });
    expect(optionTitles()).toEqual(['NPS from 31 to 45']);
    key(search, 'Enter');
    expect(onPick.mock.calls[0]?.[0]).toMatchObject({ krId: 'kr-nps' });
  });

  it('does not pick a KR that is already linked', async () => {
    const { search, onPick } = await renderPicker();
    await waitFor(() => expect(optionTitles()).toHaveLength(4));
    key(search, 'End');
    key(search, 'Enter');
    fireEvent.click(screen.getAllByTestId('kr-lens-picker-option')[3]!);
    expect(onPick).not.toHaveBeenCalled();
  });

  it('picks with the mouse', async () => {
    const { onPick } = await renderPicker();
    await waitFor(() => expect(optionTitles()).toHaveLength(4));
    fireEvent.click(screen.getAllByTestId('kr-lens-picker-option')[1]!);
    expect(onPick.mock.calls[0]?.[0]).toMatchObject({ krId: 'kr-latency' });
  });

  it('says when nothing matches, and Enter then does nothing', async () => {
    const { search, onPick } = await renderPicker();
    await waitFor(() => expect(optionTitles()).toHaveLength(4));
    fireEvent.input(search, { target: { value: 'zzz' } });
    expect(optionTitles()).toEqual([]);
    expect(screen.getByTestId('kr-lens-picker-empty').textContent).toBe('No key result matches “zzz”. Try the objective or a team name.');
    expect(search.hasAttribute('aria-activedescendant')).toBe(false);
    key(search, 'Enter');
    expect(onPick).not.toHaveBeenCalled();
  });

  it('says when the cycle has no KRs', async () => {
    await renderPicker(Promise.resolve([]));
    await waitFor(() => expect(screen.getByTestId('kr-lens-picker-empty').textContent).toBe('The active cycle has no key results yet.'));
  });

  it('shows why options could not be loaded', async () => {
    await renderPicker(Promise.reject(new Error('Jira asked us to slow down; try again in a minute.')));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Jira asked us to slow down; try again in a minute.'));
  });

  it('closes on Escape', async () => {
    const { search, onClose, onPick } = await renderPicker();
    key(search, 'Escape');
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onPick).not.toHaveBeenCalled();
  });
});
