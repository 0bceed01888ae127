/**
 * A rate limit longer than KR Lens waits (a minute) ends the request with a sentence. Nothing
 * retries after that by itself — the user's Refresh does — so the sentence must tell the user
 * when to try, not promise that KR Lens will.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createOkrService } from '../../entrypoints/background/okr-service';
import { createCache } from '../../lib/cache';
import { readSettings, writeSettings } from '../../lib/settings';
import { confirmImport, getActiveSelection, parseOkrFile } from '../../lib/store';
import { createJiraAdapter } from '../../lib/trackers/jira/client';
import { createLinearAdapter } from '../../lib/trackers/linear/client';
import { startFakeJira, type RunningFakeJira } from '../sandbox/jira/server';
import { ACME_USERS } from '../sandbox/jira/seed';
import { DANA_API_KEY, LINEAR_WORKSPACE, startFakeLinear, type RunningFakeLinear } from '../sandbox/linear';
import { fetchWithSessionCookie } from '../trackers/jira/helpers';

const EXAMPLE = readFileSync(new URL('../../public/examples/acme.okr.json', import.meta.url), 'utf8');

let jira: RunningFakeJira;
let linear: RunningFakeLinear;
beforeAll(async () => {
  [jira, linear] = await Promise.all([startFakeJira(), startFakeLinear()]);
});
afterAll(async () => {
  await Promise.all([jira.close(), linear.close()]);
});
beforeEach(async () => {
  fakeBrowser.reset();
  jira.reset();
  linear.reset();
  const parsed = parseOkrFile(EXAMPLE, 'acme.okr.json');
  if (!parsed.ok) throw new Error('the example set must parse');
  await confirmImport(parsed.set, { today: '2026-11-21' });
});

function makeService() {
  const area = fakeBrowser.storage.local;
  return createOkrService({
    sets: { getActiveSelection: () => getActiveSelection({ today: '2026-11-21' }) },
    adapterFor: async (tracker, site) =>
      tracker === 'jira'
        ? createJiraAdapter({ site, auth: { type: 'session' }, fetch: fetchWithSessionCookie(ACME_USERS.dana.sessionToken) })
        : createLinearAdapter({ workspace: site, apiKey: DANA_API_KEY, apiUrl: linear.url }),
    cache: createCache(area),
    now: Date.now,
    settings: { read: () => readSettings(area), write: (s) => writeSettings(area, s) },
  });
}

describe('a rate limit longer than KR Lens waits', () => {
  it.each([
    [
      'Jira',
      () => jira.faults.add({ path: /^\/rest\//, times: Infinity, fault: { kind: 'status', status: 429, retryAfter: 120 } }),
      () => ({ tracker: 'jira' as const, site: jira.url, key: 'PLAT-2' }),
      /^Jira at 127\.0\.0\.1:\d+ is limiting requests; try again in 120 s\.$/,
    ],
    [
      'Linear',
      () => linear.faults.inject({ kind: 'ratelimited', resetAfterMs: 120_000 }),
      () => ({ tracker: 'linear' as const, site: LINEAR_WORKSPACE, key: 'MOB-12' }),
      /^Linear is rate-limiting this API key — try again in about 12\d s\.$/,
    ],
  ])('%s: says when to try again, and promises no retry that nothing makes', async (_name, limit, address, sentence) => {
    limit();
    const started = Date.now();
    const result = await makeService().getIssueOverlay({ ...address(), fresh: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ state: 'error', error: { kind: 'rate-limit' } });
    if (result.state === 'error') {
      expect(result.error.message).toMatch(sentence);
      expect(result.error.message).not.toMatch(/KR Lens will/);
    }
  });
});
