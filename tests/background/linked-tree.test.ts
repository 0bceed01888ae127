/**
 * An issue page answered from a KR's linked tree whose links came complete (Linear: every
 * attachment of every issue in it that may link to a KR of the active set): no read of its own,
 * and still what the links say (SPEC "The links are the truth") — a link pasted by hand to another
 * KR of the set is seen, one to another set's KR is not, and a link made or deleted in Linear
 * shows as soon as the tree is read again, at the latest when the freshness window has passed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createOkrService } from '../../entrypoints/background/okr-service';
import { FRESH_FOR_MS } from '../../entrypoints/background/service/shared';
import { createCache } from '../../lib/cache';
import type { OkrServiceImpl } from '../../lib/messaging-host';
import type { OkrSet } from '../../lib/okr/model';
import { readSettings, writeSettings } from '../../lib/settings';
import { confirmImport, getActiveSelection, parseOkrFile } from '../../lib/store';
import { createLinearAdapter } from '../../lib/trackers/linear/client';
import type { TrackerAdapter } from '../../lib/trackers/tracker';
import type { OverlayResult, OverlayView } from '../../lib/view/types';
import {
  addAttachment,
  addIssue,
  DANA_API_KEY,
  KR_CRASH_FREE,
  KR_OFFLINE,
  LINEAR_WORKSPACE,
  startFakeLinear,
  type RunningFakeLinear,
} from '../sandbox/linear';

const EXAMPLE = readFileSync(new URL('../../public/examples/acme.okr.json', import.meta.url), 'utf8');
const TODAY = '2026-11-21';
const T0 = Date.parse('2026-11-21T12:00:00Z');

let linear: RunningFakeLinear;
let set: OkrSet;
let now = T0;

beforeAll(async () => {
  linear = await startFakeLinear();
});
afterAll(async () => {
  await linear.close();
});
beforeEach(async () => {
  fakeBrowser.reset();
  linear.reset();
  now = T0;
  const parsed = parseOkrFile(EXAMPLE, 'acme.okr.json');
  if (!parsed.ok) throw new Error('the example set must parse');
  expect((await confirmImport(parsed.set, { today: TODAY })).ok).toBe(true);
  set = (await getActiveSelection({ today: TODAY }))!.set;
});
afterEach(() => {
  expect(linear.violations).toEqual([]);
});

/** One service for the whole test, as the worker keeps it, on a clock the test moves. */
function makeService(): OkrServiceImpl {
  const area = fakeBrowser.storage.local;
  let adapter: TrackerAdapter | undefined;
  return createOkrService({
    sets: { getActiveSelection: () => getActiveSelection({ today: TODAY }) },
    async adapterFor() {
      adapter ??= createLinearAdapter({ workspace: LINEAR_WORKSPACE, apiKey: DANA_API_KEY, apiUrl: linear.url, retry: { baseDelayMs: 5 } });
      return adapter;
    },
    cache: createCache(area),
    now: () => now,
    settings: { read: () => readSettings(area), write: (s) => writeSettings(area, s) },
  });
}

const address = (key: string) => ({ tracker: 'linear' as const, site: LINEAR_WORKSPACE, key });

/** The page's view and the operations it sent to Linear. */
async function page(service: OkrServiceImpl, key: string, fresh = false): Promise<{ view: OverlayView; sent: Array<string | undefined> }> {
  const before = linear.requests.length;
  const result: OverlayResult = await service.getIssueOverlay({ ...address(key), fresh });
  expect(result).toMatchObject({ state: 'ok' });
  return { view: (result as Extract<OverlayResult, { state: 'ok' }>).view, sent: linear.operations().slice(before) };
}

/** "kr-id direct" or "kr-id via KEY" for each KR the page shows. */
const served = (view: OverlayView) => view.krs.map((kr) => `${kr.krId} ${kr.direct ? 'direct' : `via ${kr.via}`}`).sort();

const urlOf = (krId: string) => set.keyResults.find((kr) => kr.id === krId)!.url;
/** A link written by a script: the KR's URL, none of KR Lens's title or metadata. */
const byScript = (key: string, url: string) =>
  addAttachment(linear.state.workspace, key, { url, title: 'OKR', subtitle: null, metadata: {} });

describe('a page in a linked tree with complete links', () => {
  it('needs no read of its own, and shows a hand-made link to another KR of the set', async () => {
    byScript('MOB-13', urlOf(KR_OFFLINE.krId));
    const service = makeService();
    expect((await page(service, 'MOB-12')).sent).toEqual(['KrLensIssueFamily', 'KrLensLinkedWithDescendants']);
    const mob13 = await page(service, 'MOB-13');
    expect(served(mob13.view)).toEqual([`${KR_CRASH_FREE.krId} via MOB-10`, `${KR_OFFLINE.krId} direct`]);
    // Only the other KR's linked work, for its progress (MOB-1's fourth level in a second request):
    // MOB-13 itself came with the tree.
    expect(mob13.sent).toEqual(['KrLensLinkedWithDescendants', 'KrLensDescendants']);
    // A leaf linked directly, and the tree's root: nothing at all.
    expect(served((await page(service, 'MOB-16')).view)).toEqual([`${KR_CRASH_FREE.krId} direct`]);
    expect((await page(service, 'MOB-16')).sent).toEqual([]);
  });

  it("reads the issue itself when the tree's root sits under a parent nothing has read", async () => {
    const workspace = linear.state.workspace;
    addIssue(workspace, { team: 'MOB', number: 71, title: 'Platform upkeep', state: 'Todo' });
    addIssue(workspace, { team: 'MOB', number: 70, title: 'Crash on rotate', state: 'Todo', parent: 'MOB-71' });
    byScript('MOB-70', urlOf(KR_CRASH_FREE.krId));
    const service = makeService();
    await page(service, 'MOB-12');
    const mob70 = await page(service, 'MOB-70');
    expect(mob70.sent).toEqual(['KrLensIssueFamily']);
    expect(served(mob70.view)).toEqual([`${KR_CRASH_FREE.krId} direct`]);
  });

  it("ignores a link to another set's KR, by hand or by KR Lens", async () => {
    byScript('MOB-13', 'https://okrs.other.example/2026#kr-kr-x');
    addAttachment(linear.state.workspace, 'MOB-14', {
      url: 'https://kr-lens.invalid/other#kr-kr-y',
      title: 'KR: Another set',
      subtitle: null,
      metadata: { krLens: 'other:kr-y' },
    });
    const service = makeService();
    await page(service, 'MOB-12');
    for (const key of ['MOB-13', 'MOB-14']) {
      const { view, sent } = await page(service, key);
      expect(served(view)).toEqual([`${KR_CRASH_FREE.krId} via MOB-10`]);
      expect(sent).toEqual([]);
    }
  });

  it('shows a link made in Linear once the tree is read again, and drops a deleted one the same way', async () => {
    const service = makeService();
    await page(service, 'MOB-12');
    now += 10_000;
    const attachment = byScript('MOB-13', urlOf(KR_OFFLINE.krId));
    // Within the window the tree read 10 s ago answers, as every cached piece does.
    expect(served((await page(service, 'MOB-13')).view)).toEqual([`${KR_CRASH_FREE.krId} via MOB-10`]);

    now = T0 + FRESH_FOR_MS + 1;
    const stale = await page(service, 'MOB-13');
    expect(stale.view.stale).toBe(true);
    expect(stale.sent).toEqual([]);
    // The page then asks again: the family and both KRs' trees are read.
    expect(served((await page(service, 'MOB-13', true)).view)).toEqual([`${KR_CRASH_FREE.krId} via MOB-10`, `${KR_OFFLINE.krId} direct`]);
    await page(service, 'MOB-12', true);
    expect((await page(service, 'MOB-13')).view.stale).toBe(false);

    const workspace = linear.state.workspace;
    workspace.attachments = workspace.attachments.filter((a) => a.id !== attachment.id);
    now += FRESH_FOR_MS + 1;
    // A fresh read of the tree, by another page of it, is enough for MOB-13 to lose the link.
    const mob12 = await page(service, 'MOB-12', true);
    expect(mob12.sent).toContain('KrLensLinkedWithDescendants');
    const after = await page(service, 'MOB-13');
    expect(served(after.view)).toEqual([`${KR_CRASH_FREE.krId} via MOB-10`]);
    expect(after.view.stale).toBe(false);
    expect(after.sent).toEqual([]);
  });

  it("after linking an issue of the tree, its sub-issues' pages show the new link at once", async () => {
    const service = makeService();
    // MOB-3's page reads the offline tree: MOB-1 > MOB-3 > MOB-6 > MOB-7 > MOB-8.
    expect((await page(service, 'MOB-3')).sent).toEqual(['KrLensIssueFamily', 'KrLensLinkedWithDescendants']);
    expect(served((await page(service, 'MOB-8')).view)).toEqual([`${KR_OFFLINE.krId} via MOB-1`]);
    now += 5_000;
    const linked = await service.linkIssue({ ...address('MOB-7'), setId: set.id, krId: KR_CRASH_FREE.krId });
    expect(linked).toMatchObject({ state: 'ok' });
    const mob8 = await page(service, 'MOB-8');
    expect(served(mob8.view)).toEqual([`${KR_CRASH_FREE.krId} via MOB-7`, `${KR_OFFLINE.krId} via MOB-1`]);
    expect(mob8.sent).toEqual([]);
  });
});
