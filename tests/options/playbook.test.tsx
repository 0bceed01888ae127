// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OkrSetInput } from '../../lib/okr/model';
import { DEFAULT_PLAYBOOK } from '../../lib/okr/playbook';
import { PLAYBOOK_CONFLICT } from '../../entrypoints/options/state/playbook';
import { confirmImport, getSet, saveSet } from '../../lib/store';
import { acmeDocument, openOptions, TODAY } from './harness';

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(cleanup);

/** Acme stored and active before the page opens, optionally with a playbook of its own. */
async function openWithAcme(playbook?: Record<string, unknown>) {
  const doc = acmeDocument();
  if (playbook) doc.playbook = playbook;
  const imported = await confirmImport(doc as unknown as OkrSetInput, { today: TODAY });
  if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  return openOptions();
}

const field = (name: string) => screen.getByTestId(`kr-lens-playbook-${name}`) as HTMLInputElement;
const type = (name: string, value: string) => fireEvent.input(field(name), { target: { value } });

async function savePlaybook() {
  fireEvent.click(screen.getByTestId('kr-lens-playbook-save'));
  await waitFor(() => expect(screen.getByTestId('kr-lens-playbook-status').textContent).not.toMatch(/^(|Saving…)$/));
  return screen.getByTestId('kr-lens-playbook-status').textContent;
}

describe('playbook', () => {
  it('asks for a set first when there is none', async () => {
    await openOptions();
    expect(screen.queryByTestId('kr-lens-playbook-save')).toBeNull();
  });

  it('shows the defaults for a set without a playbook', async () => {
    await openWithAcme();
    expect(field('staleCheckInDays').value).toBe(String(DEFAULT_PLAYBOOK.staleCheckInDays));
    expect(field('runLabels').value).toBe(DEFAULT_PLAYBOOK.runLabels.join(', '));
    expect(field('kind-bug').checked).toBe(DEFAULT_PLAYBOOK.runKinds.includes('bug'));
  });

  it('saves only what differs from the defaults into the active set', async () => {
    await openWithAcme();
    type('staleCheckInDays', '7');
    type('runLabels', 'incident, on-call , incident,');
    type('objectivesMax', '3');
    fireEvent.click(field('kind-task'));
    expect(await savePlaybook()).toBe('Playbook saved.');
    expect((await getSet('acme'))?.set.playbook).toEqual({
      staleCheckInDays: 7,
      runLabels: ['incident', 'on-call'],
      objectivesPerTeam: { min: DEFAULT_PLAYBOOK.objectivesPerTeam.min, max: 3 },
      runKinds: ['task', 'bug'],
    });
  });

  it('saves again after a save (the page follows its own revision)', async () => {
    await openWithAcme();
    type('staleCheckInDays', '7');
    expect(await savePlaybook()).toBe('Playbook saved.');
    type('staleCheckInDays', '10');
    expect(await savePlaybook()).toBe('Playbook saved.');
    expect((await getSet('acme'))?.set.playbook).toEqual({ staleCheckInDays: 10 });
  });

  it('reset to defaults removes the playbook from the set on save', async () => {
    await openWithAcme({ staleCheckInDays: 30, canceledStatuses: ['Abandoned'] });
    expect(field('staleCheckInDays').value).toBe('30');
    fireEvent.click(screen.getByTestId('kr-lens-playbook-reset'));
    expect(field('canceledStatuses').value).toBe(DEFAULT_PLAYBOOK.canceledStatuses.join(', '));
    expect(await savePlaybook()).toBe('Playbook saved.');
    expect((await getSet('acme'))?.set.playbook).toBeUndefined();
  });

  it('refuses to overwrite a set another page changed, and says so', async () => {
    await openWithAcme();
    // Another Options tab renames the set meanwhile.
    const other = await getSet('acme');
    if (!other) throw new Error('acme must be stored');
    const theirs = await saveSet({ ...other.set, name: 'Acme, renamed elsewhere' }, { expectedRevision: other.revision });
    expect(theirs.ok).toBe(true);

    type('staleCheckInDays', '7');
    expect(await savePlaybook()).toBe(PLAYBOOK_CONFLICT);
    const stored = await getSet('acme');
    expect(stored?.set.name).toBe('Acme, renamed elsewhere');
    expect(stored?.set.playbook).toBeUndefined();
  });

  it.each([
    ['objectivesMin', '6', 'Objectives per team: the minimum is above the maximum.'],
    ['staleCheckInDays', '0', 'Days without a check-in must be a whole number from 1 to 365.'],
    ['keyResultsMax', '2.5', 'Key results per objective: the maximum must be a whole number of at least 1.'],
  ])('refuses %s = %s with a sentence and writes nothing', async (name, value, sentence) => {
    const page = await openWithAcme();
    const before = await page.storage();
    type(name, value);
    expect(await savePlaybook()).toBe(sentence);
    expect(await page.storage()).toEqual(before);
  });
});
