// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getActiveSelection, getBackup, getSet, listSets, MAX_OKR_FILE_BYTES, parseOkrFile } from '../../lib/store';
import { ACME_JSON, acmeDocument, okrFile, openOptions, TODAY } from './harness';

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(cleanup);

function chooseFile(file: File) {
  fireEvent.change(screen.getByTestId('kr-lens-import-file'), { target: { files: [file] } });
}

async function importThroughPage(text: string, name: string) {
  chooseFile(okrFile(text, name));
  await screen.findByTestId('kr-lens-import-preview');
  fireEvent.click(screen.getByTestId('kr-lens-import-confirm'));
  await screen.findByTestId('kr-lens-import-done');
}

describe('importing an OKR file', () => {
  it('previews the Acme example, then makes it and its cycle containing today active', async () => {
    const page = await openOptions();
    const before = await page.storage();
    const acme = parseOkrFile(ACME_JSON, 'acme.okr.json');
    if (!acme.ok) throw new Error('the example must parse');

    chooseFile(okrFile(ACME_JSON, 'acme.okr.json'));
    const preview = await screen.findByTestId('kr-lens-import-preview');

    // Previewing writes nothing.
    expect(await page.storage()).toEqual(before);
    expect(within(preview).getByTestId('kr-lens-import-target').textContent).toContain(`New set ${acme.set.name}`);
    expect(preview.textContent).toContain(`Objectives: ${acme.set.objectives.length} added`);
    expect(preview.textContent).toContain(`Key results: ${acme.set.keyResults.length} added`);
    expect(preview.textContent).toContain(`Check-ins: ${acme.set.checkIns.length} added`);
    const q4 = acme.set.cycles.find((c) => c.id === '2026-q4');
    expect(within(preview).getByTestId('kr-lens-import-active-cycle').textContent).toContain(`Active cycle after import: ${q4?.name}`);

    fireEvent.click(screen.getByTestId('kr-lens-import-confirm'));
    const done = await screen.findByTestId('kr-lens-import-done');
    expect(done.textContent).toContain(acme.set.name);
    expect(done.textContent).toContain(`${q4?.name} as the active cycle`);

    const active = await getActiveSelection({ today: TODAY });
    expect(active?.set.id).toBe(acme.set.id);
    expect(active?.cycleId).toBe('2026-q4');
    await waitFor(() => expect((screen.getByTestId('kr-lens-active-set') as HTMLSelectElement).value).toBe(acme.set.id));
    expect((screen.getByTestId('kr-lens-active-cycle') as HTMLSelectElement).value).toBe('2026-q4');
  });

  it('names what a re-import replaces and changes, keeps the old version, and restores it after confirmation', async () => {
    const page = await openOptions();
    await importThroughPage(ACME_JSON, 'acme.okr.json');
    const first = await getSet('acme');

    const edited = acmeDocument();
    const renamedKr = edited.keyResults[0]!;
    renamedKr.title = 'A sharper first key result';
    const removedObjective = edited.objectives.pop()!;
    const removedKrs = new Set(edited.keyResults.filter((kr) => kr.objectiveId === removedObjective.id).map((kr) => kr.id));
    edited.keyResults = edited.keyResults.filter((kr) => !removedKrs.has(kr.id));
    edited.checkIns = edited.checkIns.filter((ci) => !removedKrs.has(ci.krId));
    chooseFile(okrFile(JSON.stringify(edited), 'acme.okr.json'));
    const preview = await screen.findByTestId('kr-lens-import-preview');
    expect(within(preview).getByTestId('kr-lens-import-target').textContent).toContain(`Replaces ${first?.set.name}`);
    expect(preview.textContent).toContain(`Changed ${renamedKr.title as string} (title)`);
    expect(preview.textContent).toContain(`Removed ${removedObjective.title as string}`);

    fireEvent.click(screen.getByTestId('kr-lens-import-confirm'));
    await screen.findByTestId('kr-lens-import-done');
    expect((await getBackup('acme'))?.set).toEqual(first?.set);

    // Restoring asks first; cancelling keeps the import.
    const imported = await page.storage();
    fireEvent.click(await screen.findByTestId('kr-lens-restore'));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('kr-lens-restore-confirm')).toBeNull();
    expect(await page.storage()).toEqual(imported);
    fireEvent.click(screen.getByTestId('kr-lens-restore'));
    fireEvent.click(screen.getByTestId('kr-lens-restore-confirm'));
    await waitFor(() => expect(screen.getByTestId('kr-lens-okr-status').textContent).toContain('Restored the previous version'));
    expect((await getSet('acme'))?.set).toEqual(first?.set);
    // Only the reads Options makes on load: the OKR set never goes through the background.
    expect(page.calls.map((call) => call.method).sort()).toEqual(['getPageHealth', 'getSettings']);
  });

  it.each([
    [
      'a broken reference and a bad measure',
      (doc: ReturnType<typeof acmeDocument>) => {
        doc.objectives[1]!.cycleId = 'no-such-cycle';
        doc.keyResults[2]!.measure = { type: 'metric', start: 'low', target: 10 };
      },
      ['objectives[1].cycleId', 'keyResults[2].measure.start'],
    ],
    [
      'a missing title',
      (doc: ReturnType<typeof acmeDocument>) => {
        delete doc.keyResults[0]!.title;
      },
      ['keyResults[0].title'],
    ],
  ])('lists %s with exact paths, one per line, and writes nothing', async (_name, breakIt, paths) => {
    const page = await openOptions();
    await importThroughPage(ACME_JSON, 'acme.okr.json');
    const before = await page.storage();
    const doc = acmeDocument();
    breakIt(doc);

    chooseFile(okrFile(JSON.stringify(doc), 'broken.okr.json'));
    const errors = await screen.findByTestId('kr-lens-import-errors');
    const lines = within(errors)
      .getAllByRole('listitem')
      .map((li) => li.textContent ?? '');
    for (const path of paths) expect(lines.some((line) => line.startsWith(`${path}: `))).toBe(true);
    expect(screen.queryByTestId('kr-lens-import-confirm')).toBeNull();
    expect(await page.storage()).toEqual(before);
  });

  it('reports a YAML syntax error with its line', async () => {
    await openOptions();
    chooseFile(okrFile('id: acme\nname: [unclosed\n', 'acme.okr.yaml'));
    const errors = await screen.findByTestId('kr-lens-import-errors');
    expect(errors.textContent).toMatch(/not valid YAML: line \d+/);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const page = await openOptions();
    const before = await page.storage();
    const file = okrFile(ACME_JSON, 'huge.okr.json');
    Object.defineProperty(file, 'size', { value: MAX_OKR_FILE_BYTES + 1 });
    const readers = [vi.spyOn(file, 'text'), vi.spyOn(file, 'arrayBuffer'), vi.spyOn(file, 'stream')];

    chooseFile(file);
    const errors = await screen.findByTestId('kr-lens-import-errors');
    expect(errors.textContent).toContain('Nothing was imported');
    for (const reader of readers) expect(reader).not.toHaveBeenCalled();
    expect(await page.storage()).toEqual(before);
  });

  it('cancelling a preview writes nothing', async () => {
    const page = await openOptions();
    const before = await page.storage();
    chooseFile(okrFile(ACME_JSON, 'acme.okr.json'));
    await screen.findByTestId('kr-lens-import-preview');
    fireEvent.click(screen.getByTestId('kr-lens-import-cancel'));
    expect(screen.queryByTestId('kr-lens-import-preview')).toBeNull();
    expect(await page.storage()).toEqual(before);
  });
});

describe('active set and cycle, export', () => {
  it('switches the active cycle and set from the selectors', async () => {
    await openOptions();
    await importThroughPage(ACME_JSON, 'acme.okr.json');
    const other = acmeDocument();
    other.id = 'beta';
    other.name = 'Beta OKRs';
    await importThroughPage(JSON.stringify(other), 'beta.okr.json');
    expect((await getActiveSelection({ today: TODAY }))?.set.id).toBe('beta');
    expect((await listSets()).map((s) => s.id).sort()).toEqual(['acme', 'beta']);

    fireEvent.change(screen.getByTestId('kr-lens-active-cycle'), { target: { value: '2026-q3' } });
    await waitFor(async () => expect((await getActiveSelection({ today: TODAY }))?.cycleId).toBe('2026-q3'));

    fireEvent.change(screen.getByTestId('kr-lens-active-set'), { target: { value: 'acme' } });
    await waitFor(async () => expect((await getActiveSelection({ today: TODAY }))?.set.id).toBe('acme'));
    // A newly chosen set starts at its cycle containing today.
    expect((await getActiveSelection({ today: TODAY }))?.cycleId).toBe('2026-q4');
    await waitFor(() => expect((screen.getByTestId('kr-lens-active-cycle') as HTMLSelectElement).value).toBe('2026-q4'));
  });

  it.each([
    ['kr-lens-export-json', 'acme.okr.json', 'application/json'],
    ['kr-lens-export-yaml', 'acme.okr.yaml', 'application/yaml'],
  ])('%s downloads a file that imports back to the stored set', async (button, fileName, mime) => {
    const page = await openOptions();
    await importThroughPage(ACME_JSON, 'acme.okr.json');
    fireEvent.click(screen.getByTestId(button));
    await waitFor(() => expect(page.downloads).toHaveLength(1));
    const [file] = page.downloads;
    expect(file?.fileName).toBe(fileName);
    expect(file?.mime).toBe(mime);
    const reread = parseOkrFile(file?.text ?? '', fileName);
    expect(reread.ok && reread.set).toEqual((await getSet('acme'))?.set);
  });
});

describe('focus for keyboard users', () => {
  it('lands on the preview heading, then on the result after confirming', async () => {
    await openOptions();
    chooseFile(okrFile(ACME_JSON, 'acme.okr.json'));
    const preview = await screen.findByTestId('kr-lens-import-preview');
    // Effects run after paint, so focus moves a moment after the render.
    await waitFor(() => expect(document.activeElement).toBe(within(preview).getByRole('heading')));
    fireEvent.click(screen.getByTestId('kr-lens-import-confirm'));
    const done = await screen.findByTestId('kr-lens-import-done');
    await waitFor(() => expect(document.activeElement).toBe(done));
  });
});
