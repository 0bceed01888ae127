/** The shipped example set (public/examples) goes through the whole import → export path. */
import { readFileSync } from 'node:fs';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { confirmImport, exportSet, getActiveSelection, getSet, previewImport } from '../../lib/store';

const example = (name: string) => readFileSync(new URL(`../../public/examples/${name}`, import.meta.url), 'utf8');
const today = '2026-11-15';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('the Acme example', () => {
  it.each(['acme.okr.json', 'acme.okr.yaml'])('%s imports and becomes active in the cycle containing today', async (fileName) => {
    const preview = await previewImport(example(fileName), fileName, { today });
    expect(preview).toMatchObject({ ok: true, preview: { setId: 'acme', isNew: true, activeCycleId: '2026-q4' } });
    if (!preview.ok) return;
    expect(await confirmImport(preview.preview.token, { today })).toMatchObject({ ok: true, activeCycleId: '2026-q4' });
    const active = await getActiveSelection({ today });
    expect(active?.set.id).toBe('acme');
    expect(active?.set.keyResults.every((kr) => kr.url.startsWith('https://'))).toBe(true);
  });

  it('reads the same set from its JSON and its YAML file', async () => {
    const stored: unknown[] = [];
    for (const fileName of ['acme.okr.json', 'acme.okr.yaml']) {
      fakeBrowser.reset();
      const preview = await previewImport(example(fileName), fileName, { today });
      if (!preview.ok) throw new Error(JSON.stringify(preview.errors));
      await confirmImport(preview.preview.token, { today });
      stored.push((await getSet('acme'))?.set);
    }
    expect(stored[1]).toEqual(stored[0]);
  });

  it.each(['json', 'yaml'] as const)('exports as %s and re-imports with no changes', async (format) => {
    const preview = await previewImport(example('acme.okr.json'), 'acme.okr.json', { today });
    if (!preview.ok) throw new Error(JSON.stringify(preview.errors));
    await confirmImport(preview.preview.token, { today });
    const exported = await exportSet('acme', format);
    if (!exported.ok) throw new Error(JSON.stringify(exported.errors));
    expect(await previewImport(exported.text, exported.fileName, { today })).toMatchObject({
      ok: true,
      preview: { isNew: false, unchanged: true },
    });
  });
});
