// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DashboardApp } from '../../components/dashboard/DashboardApp';
import { createDashboardStore } from '../../entrypoints/dashboard/state';
import type { OkrSet } from '../../lib/okr/model';
import { getSet, saveSet } from '../../lib/store';
import { applyEdit, cycleToForm, krToForm, newId, objectiveToForm, removeCycle, removeKr, removeObjective } from '../../lib/view/okr-edit';
import { importAcme, NOW, startService, TODAY } from './harness';

beforeEach(async () => {
  fakeBrowser.reset();
  await importAcme();
});
afterEach(cleanup);

async function openEditor() {
  const harness = startService();
  let clock = NOW;
  const store = createDashboardStore({ send: harness.send, today: () => TODAY, now: () => (clock += 1000) });
  await store.load();
  store.navigate({ view: 'edit' });
  render(<DashboardApp store={store} now={() => clock} />);
  return store;
}

const stored = async (): Promise<OkrSet> => (await getSet('acme'))!.set;
const item = (testId: string, id: string) => screen.getAllByTestId(testId).find((el) => el.dataset['id'] === id)!;
const type = (testId: string, value: string) =>
  fireEvent.input(within(screen.getByTestId('kr-lens-dashboard-editor')).getByTestId(testId), { target: { value } });

describe('editing OKRs', () => {
  it('adds a key result, shows the playbook’s findings and field errors as you type, and undoes it', async () => {
    await openEditor();
    fireEvent.click(within(item('kr-lens-dashboard-edit-objective', 'obj-plat-boring-deploys')).getByTestId('kr-lens-dashboard-add-kr'));
    type('kr-lens-dashboard-editor-title', 'Ship the new deploy pipeline');
    await waitFor(() =>
      expect(screen.getAllByTestId('kr-lens-dashboard-editor-finding').map((el) => el.dataset['rule'])).toContain('kr-output-not-outcome'),
    );
    // A metric needs a start and a target: the fields say so before anything is saved.
    expect(screen.getAllByTestId('kr-lens-dashboard-editor-error').map((el) => el.textContent)).toEqual([
      'required (number)',
      'required (number)',
    ]);
    type('kr-lens-dashboard-editor-start', 'forty');
    await waitFor(() =>
      expect(screen.getAllByTestId('kr-lens-dashboard-editor-error').map((el) => el.textContent)).toEqual([
        'enter a number',
        'required (number)',
      ]),
    );
    fireEvent.click(screen.getByTestId('kr-lens-dashboard-editor-save'));
    expect(screen.getByTestId('kr-lens-dashboard-edit-status').textContent).toContain('nothing was saved');

    type('kr-lens-dashboard-editor-title', 'Cut deploy time from 40 to 15 minutes');
    type('kr-lens-dashboard-editor-start', '40');
    type('kr-lens-dashboard-editor-target', '15');
    await waitFor(() => expect(screen.queryAllByTestId('kr-lens-dashboard-editor-error')).toHaveLength(0));
    expect(screen.queryAllByTestId('kr-lens-dashboard-editor-finding').map((el) => el.dataset['rule'])).not.toContain(
      'kr-output-not-outcome',
    );
    fireEvent.click(screen.getByTestId('kr-lens-dashboard-editor-save'));
    await waitFor(() =>
      expect(screen.getByTestId('kr-lens-dashboard-edit-status').textContent).toBe('Added “Cut deploy time from 40 to 15 minutes”.'),
    );

    const added = (await stored()).keyResults.find((kr) => kr.title === 'Cut deploy time from 40 to 15 minutes')!;
    expect(added).toMatchObject({ objectiveId: 'obj-plat-boring-deploys', measure: { type: 'metric', start: 40, target: 15 } });
    expect(added.id).toMatch(/^kr-cut-deploy-time-from-40-to-15-minutes-/);
    expect(added.url).toBe(`https://okrs.acme.example/2026#kr-${added.id}`);

    fireEvent.click(screen.getByTestId('kr-lens-dashboard-undo'));
    await waitFor(() => expect(screen.getByTestId('kr-lens-dashboard-edit-status').textContent).toContain('Undone'));
    expect((await stored()).keyResults.some((kr) => kr.id === added.id)).toBe(false);
  });

  it('edits an objective, flagging a status-quo title inline', async () => {
    await openEditor();
    fireEvent.click(
      within(item('kr-lens-dashboard-edit-objective', 'obj-plat-boring-deploys')).getAllByTestId('kr-lens-dashboard-edit-button')[0]!,
    );
    type('kr-lens-dashboard-editor-title', 'Maintain our deploy speed');
    await waitFor(() =>
      expect(screen.getAllByTestId('kr-lens-dashboard-editor-finding').map((el) => el.dataset['rule'])).toContain('objective-status-quo'),
    );
    fireEvent.click(screen.getByTestId('kr-lens-dashboard-editor-save'));
    await waitFor(() => expect(screen.queryByTestId('kr-lens-dashboard-editor')).toBeNull());
    expect((await stored()).objectives.find((o) => o.id === 'obj-plat-boring-deploys')?.title).toBe('Maintain our deploy speed');
  });

  it('deletes a key result with its check-ins only after confirmation, and undo brings both back', async () => {
    await openEditor();
    const before = await stored();
    const checkIns = before.checkIns.filter((c) => c.krId === 'kr-mob-one-star').length;
    fireEvent.click(within(item('kr-lens-dashboard-edit-kr', 'kr-mob-one-star')).getByTestId('kr-lens-dashboard-delete-button'));
    expect((await stored()).keyResults.some((kr) => kr.id === 'kr-mob-one-star')).toBe(true);
    fireEvent.click(screen.getByTestId('kr-lens-dashboard-delete-confirm'));
    await waitFor(() =>
      expect(screen.getByTestId('kr-lens-dashboard-edit-status').textContent).toBe(
        `Deleted “Cut one-star reviews that mention crashes from 38 to 10 a month” and its ${checkIns} check-ins.`,
      ),
    );
    const after = await stored();
    expect(after.keyResults.some((kr) => kr.id === 'kr-mob-one-star')).toBe(false);
    expect(after.checkIns.some((c) => c.krId === 'kr-mob-one-star')).toBe(false);

    fireEvent.click(screen.getByTestId('kr-lens-dashboard-undo'));
    await waitFor(() => expect(screen.queryByTestId('kr-lens-dashboard-undo')).toBeNull());
    const restored = await stored();
    expect(restored.keyResults).toEqual(before.keyResults);
    expect(restored.checkIns).toEqual(before.checkIns);
  });

  it('refuses to delete a key result another objective inherits', async () => {
    await openEditor();
    fireEvent.click(within(item('kr-lens-dashboard-edit-kr', 'kr-acme-checkout-speed')).getByTestId('kr-lens-dashboard-delete-button'));
    fireEvent.click(screen.getByTestId('kr-lens-dashboard-delete-confirm'));
    await waitFor(() =>
      expect(screen.getByTestId('kr-lens-dashboard-edit-status').textContent).toContain(
        '“Make checkout fast for every shop, everywhere” inherits it',
      ),
    );
    expect((await stored()).keyResults.some((kr) => kr.id === 'kr-acme-checkout-speed')).toBe(true);
  });

  it('adds a cycle', async () => {
    await openEditor();
    fireEvent.click(screen.getByTestId('kr-lens-dashboard-add-cycle'));
    type('kr-lens-dashboard-editor-title', 'Q1 2027');
    const editor = screen.getByTestId('kr-lens-dashboard-editor');
    fireEvent.input(within(editor).getByLabelText('Starts'), { target: { value: '2027-01-01' } });
    fireEvent.input(within(editor).getByLabelText('Ends'), { target: { value: '2027-03-31' } });
    fireEvent.click(screen.getByTestId('kr-lens-dashboard-editor-save'));
    await waitFor(() => expect(screen.getByTestId('kr-lens-dashboard-edit-status').textContent).toBe('Added “Q1 2027”.'));
    expect((await stored()).cycles.find((c) => c.name === 'Q1 2027')).toMatchObject({
      start: '2027-01-01',
      end: '2027-03-31',
      state: 'planning',
    });
  });

  it('never overwrites another page’s change', async () => {
    await openEditor();
    const current = (await getSet('acme'))!;
    expect((await saveSet({ ...current.set, name: 'Changed elsewhere' }, { expectedRevision: current.revision })).ok).toBe(true);
    fireEvent.click(within(item('kr-lens-dashboard-edit-kr', 'kr-mob-one-star')).getByTestId('kr-lens-dashboard-edit-button'));
    type('kr-lens-dashboard-editor-title', 'Cut crash reviews from 38 to 10 a month');
    fireEvent.click(screen.getByTestId('kr-lens-dashboard-editor-save'));
    await waitFor(() =>
      expect(screen.getByTestId('kr-lens-dashboard-edit-status').textContent).toContain('Another KR Lens page changed this OKR set'),
    );
    expect((await stored()).name).toBe('Changed elsewhere');
    expect(screen.getByTestId('kr-lens-dashboard-editor')).toBeTruthy();
  });
});

describe('okr-edit, pure', () => {
  it('reproduces every cycle, objective and KR of the example from its form', async () => {
    const set = await stored();
    for (const cycle of set.cycles)
      expect(applyEdit(set, { kind: 'cycle', id: cycle.id }, cycle.id, { kind: 'cycle', form: cycleToForm(cycle) })).toEqual(set);
    for (const o of set.objectives) {
      expect(
        applyEdit(set, { kind: 'objective', id: o.id, cycleId: o.cycleId }, o.id, { kind: 'objective', form: objectiveToForm(o) }),
      ).toEqual(set);
    }
    for (const kr of set.keyResults) {
      expect(applyEdit(set, { kind: 'kr', id: kr.id, objectiveId: kr.objectiveId }, kr.id, { kind: 'kr', form: krToForm(kr) })).toEqual(
        set,
      );
    }
  });

  it.each([
    ['kr', 'Cut p95 *below* 200ms!', 'kr-cut-p95-below-200ms-'],
    ['obj', '', 'obj-'],
    ['obj', 'Ünïcödé Ščěné', 'obj-unicode-scene-'],
  ])('newId(%j, %j) starts %j and is new', async (prefix, title, start) => {
    const set = await stored();
    const id = newId(set, prefix, title, NOW);
    expect(id.startsWith(start)).toBe(true);
    expect([...set.objectives, ...set.keyResults].some((x) => x.id === id)).toBe(false);
  });

  it.each([
    ['an objective others support', () => stored().then((set) => removeObjective(set, 'obj-acme-checkout')), /supports it|inherits it/],
    ['a cycle with objectives', () => stored().then((set) => removeCycle(set, '2026-q4')), /still has 9 objectives/],
    ['a KR that is gone', () => stored().then((set) => removeKr(set, 'kr-nope')), /gone already/],
  ])('refuses to delete %s', async (_what, remove, message) => {
    const result = await remove();
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
  });

  it('deletes an objective with its KRs and their check-ins', async () => {
    const set = await stored();
    const removal = removeObjective(set, 'obj-mob-checkout');
    if (!removal.ok) throw new Error(removal.message);
    expect(removal.summary).toBe('Deleted “Mobile checkout as quick as tapping a card” with its 2 key results and 4 check-ins.');
    expect(removal.set.keyResults.some((kr) => kr.objectiveId === 'obj-mob-checkout')).toBe(false);
  });
});
