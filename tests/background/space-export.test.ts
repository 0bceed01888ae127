/**
 * SPEC "Publishing": export from a space gives the same JSON/YAML as a local set. The example set
 * is imported as a local set and exported; then it is published to the fake Jira and to the fake
 * Linear through the background's team-space module, read back as the active set, and exported
 * again: the same text, link URLs included.
 */
import { readFileSync } from 'node:fs';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSpaces } from '../../entrypoints/background/spaces/service';
import type { TrackerId } from '../../lib/okr/model';
import type { Settings } from '../../lib/settings';
import { confirmImport, exportSet, getActiveSelection, previewImport, serializeOkrSet, type OkrFileFormat } from '../../lib/store';
import { createSpaceCache } from '../../lib/store/space-cache';
import { createJiraAdapter } from '../../lib/trackers/jira/client';
import { createLinearAdapter } from '../../lib/trackers/linear/client';
import type { TrackerAdapter } from '../../lib/trackers/tracker';
import { ACME_USERS } from '../sandbox/jira/seed';
import { startFakeJira, type RunningFakeJira } from '../sandbox/jira/server';
import { DANA_API_KEY, LINEAR_WORKSPACE, startFakeLinear, type RunningFakeLinear } from '../sandbox/linear';
import { fetchWithSessionCookie } from '../trackers/jira/helpers';
import { addOkrProject } from '../space/helpers';
import { memoryArea } from './memory-area';

const TODAY = '2026-11-15';
const EXAMPLE_FILE = new URL('../../public/examples/acme.okr.json', import.meta.url);
const FORMATS: OkrFileFormat[] = ['json', 'yaml'];

let jira: RunningFakeJira;
let linear: RunningFakeLinear;

beforeAll(async () => {
  [jira, linear] = await Promise.all([startFakeJira(), startFakeLinear()]);
});

afterAll(async () => {
  await Promise.all([jira?.close(), linear?.close()]);
});

beforeEach(() => {
  fakeBrowser.reset();
  jira.reset();
  linear.reset();
  addOkrProject(jira);
});

/** One person's background, signed in to both fakes, whose local set is the one in storage. */
function background() {
  const adapters: Record<TrackerId, TrackerAdapter> = {
    jira: createJiraAdapter({
      site: jira.url,
      auth: { type: 'session' },
      fetch: fetchWithSessionCookie(ACME_USERS.dana.sessionToken),
      retry: { baseDelayMs: 5, random: () => 0.5 },
    }),
    linear: createLinearAdapter({ workspace: LINEAR_WORKSPACE, apiKey: DANA_API_KEY, apiUrl: linear.url, retry: { baseDelayMs: 5 } }),
  };
  const settings: Settings = {
    jira: [{ site: jira.url, auth: { type: 'session' } }],
    linear: { apiKey: DANA_API_KEY, workspace: LINEAR_WORKSPACE },
  };
  return createSpaces({
    adapterFor: async (tracker) => adapters[tracker],
    cache: createSpaceCache(memoryArea()),
    readSettings: async () => settings,
    local: () => getActiveSelection({ today: TODAY }),
    now: Date.now,
  });
}

async function importExample(): Promise<void> {
  const preview = await previewImport(readFileSync(EXAMPLE_FILE, 'utf8'), 'acme.okr.json', { today: TODAY });
  if (!preview.ok) throw new Error(JSON.stringify(preview.errors));
  const confirmed = await confirmImport(preview.preview.token, { today: TODAY });
  if (!confirmed.ok) throw new Error(JSON.stringify(confirmed.errors));
}

async function localExport(format: OkrFileFormat): Promise<string> {
  const exported = await exportSet('acme', format);
  if (!exported.ok) throw new Error(JSON.stringify(exported.errors));
  return exported.text;
}

const linkUrls = (text: string) =>
  (JSON.parse(text) as { keyResults: Array<{ id: string; url: string }> }).keyResults.map((kr) => [kr.id, kr.url]);

describe('export from a team space', () => {
  it.each([
    ['jira', 'OKR'],
    ['linear', 'MOB'],
  ] as const)(
    'a set published to %s and read back as the active set exports the same JSON and YAML as the local set',
    async (tracker, home) => {
      await importExample();
      const local = { json: await localExport('json'), yaml: await localExport('yaml') };
      const spaces = background();

      const outcome = await spaces.methods.publishSpace({ tracker, home });
      expect(outcome.created.records).toBeGreaterThan(0);
      // A second background, as another person's: nothing local, only the space.
      const reader = background();
      const used = await reader.methods.useSpace({ tracker, site: outcome.space!.ref.site, home, setId: 'acme' });
      if (used.state !== 'ok') throw new Error(`useSpace: ${JSON.stringify(used)}`);
      const active = await reader.source.getActiveSelection();
      expect(active?.source?.place).toContain(home);

      for (const format of FORMATS) {
        expect(serializeOkrSet(active!.set, format), format).toBe(local[format]);
      }
      expect(linkUrls(serializeOkrSet(active!.set, 'json'))).toEqual(linkUrls(local.json));
      expect(jira.violations).toEqual([]);
      expect(linear.violations).toEqual([]);
    },
    60_000,
  );
});
