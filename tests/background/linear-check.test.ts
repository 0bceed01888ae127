/**
 * Saving a Linear key never waits for Linear: the key is written and the save answers, and the
 * check that learns the key's workspace runs after it. Here Linear is an adapter whose answers the
 * test releases by hand, or never.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createOkrService } from '../../entrypoints/background/okr-service';
import { createCache } from '../../lib/cache';
import { readSettings, writeSettings } from '../../lib/settings';
import { TrackerError, type TrackerAdapter, type Viewer } from '../../lib/trackers/tracker';

interface PendingCheck {
  /** The key stored when the check asked Linear. */
  apiKey: string | undefined;
  answer(viewer: Viewer): void;
  fail(error: Error): void;
}

/** A service whose Linear answers "who am I" only when the test says so. */
function serviceWithHeldLinear() {
  const area = fakeBrowser.storage.local;
  const pending: PendingCheck[] = [];
  const service = createOkrService({
    sets: { getActiveSelection: async () => null },
    adapterFor: async () => {
      const whoAmI = async () => {
        const apiKey = (await readSettings(area)).linear?.apiKey;
        return new Promise<Viewer>((answer, fail) => pending.push({ apiKey, answer, fail }));
      };
      return { tracker: 'linear', whoAmI } as unknown as TrackerAdapter;
    },
    cache: createCache(area),
    now: () => Date.parse('2026-11-21T12:00:00Z'),
    settings: { read: () => readSettings(area), write: (settings) => writeSettings(area, settings) },
  });
  return { service, pending, stored: () => readSettings(area) };
}

/** Resolves with the promise's value, or fails the test when it has not settled within `ms`. */
async function within<T>(ms: number, answer: T | Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([Promise.resolve(answer), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function settled(answer: unknown): Promise<boolean> {
  let done = false;
  void Promise.resolve(answer).then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  return done;
}

const viewer = (workspace: string): Viewer => ({ id: 'u-1', name: 'Dana Engineer', email: 'dana@acme.example', site: workspace });

beforeEach(() => {
  fakeBrowser.reset();
});

describe('saving a Linear key', () => {
  it('answers at once and stores the key while Linear never answers', async () => {
    const { service, pending, stored } = serviceWithHeldLinear();
    const saved = await within(1_000, service.saveSettings({ jira: [], linear: { apiKey: 'lin_api_new' } }), 'saveSettings');
    expect(saved.linear).toEqual({ connected: true });
    expect((await stored()).linear).toEqual({ apiKey: 'lin_api_new' });
    // The check did start, and a connection test asked now waits for that same check.
    await expect.poll(() => pending.length).toBe(1);
    const test = service.testConnection({ tracker: 'linear' });
    expect(await settled(test)).toBe(false);
    expect(pending).toHaveLength(1);
  });

  it('learns the workspace when Linear answers, and the check is what a connection test asked meanwhile gets', async () => {
    const { service, pending, stored } = serviceWithHeldLinear();
    await service.saveSettings({ jira: [], linear: { apiKey: 'lin_api_new' } });
    const test = service.testConnection({ tracker: 'linear' });
    await expect.poll(() => pending.length).toBe(1);
    pending[0]!.answer(viewer('acme'));
    await expect(test).resolves.toEqual({ ok: true, who: 'Dana Engineer (dana@acme.example)', site: 'acme' });
    expect((await stored()).linear).toEqual({ apiKey: 'lin_api_new', workspace: 'acme' });
    // Once the check is over, Test connection asks Linear again.
    const again = service.testConnection({ tracker: 'linear' });
    await expect.poll(() => pending.length).toBe(2);
    pending[1]!.answer(viewer('acme'));
    await expect(again).resolves.toMatchObject({ ok: true });
  });

  it('keeps the key Linear refuses, and the check says why', async () => {
    const { service, pending, stored } = serviceWithHeldLinear();
    await service.saveSettings({ jira: [], linear: { apiKey: 'lin_api_revoked' } });
    const test = service.testConnection({ tracker: 'linear' });
    await expect.poll(() => pending.length).toBe(1);
    const refused = 'Linear rejected the API key — add a valid personal API key in Options.';
    pending[0]!.fail(new TrackerError('auth', refused, { tracker: 'linear' }));
    await expect(test).resolves.toEqual({ ok: false, error: { kind: 'auth', message: refused } });
    expect((await stored()).linear).toEqual({ apiKey: 'lin_api_revoked' });
  });

  it('never writes the workspace of a key that was replaced while it was checked', async () => {
    const { service, pending, stored } = serviceWithHeldLinear();
    await service.saveSettings({ jira: [], linear: { apiKey: 'lin_api_first' } });
    await expect.poll(() => pending.length).toBe(1);
    await service.saveSettings({ jira: [], linear: { apiKey: 'lin_api_second' } });
    await expect.poll(() => pending.length).toBe(2);
    expect(pending.map((check) => check.apiKey)).toEqual(['lin_api_first', 'lin_api_second']);
    // A test asked now joins the second key's check, not the first's.
    const test = service.testConnection({ tracker: 'linear' });
    pending[0]!.answer(viewer('globex'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await stored()).linear).toEqual({ apiKey: 'lin_api_second' });
    expect(await settled(test)).toBe(false);
    pending[1]!.answer(viewer('acme'));
    await expect(test).resolves.toMatchObject({ ok: true, site: 'acme' });
    expect((await stored()).linear).toEqual({ apiKey: 'lin_api_second', workspace: 'acme' });
  });

  it('learning the workspace keeps a save made while Linear was being asked', async () => {
    const { service, pending, stored } = serviceWithHeldLinear();
    await service.saveSettings({ jira: [], linear: { apiKey: 'lin_api_new' } });
    await expect.poll(() => pending.length).toBe(1);
    const jira = [{ site: 'https://acme.atlassian.net', auth: { type: 'session' as const } }];
    await service.saveSettings({ jira, linear: { keepKey: true } });
    pending[0]!.answer(viewer('acme'));
    await expect(service.testConnection({ tracker: 'linear' })).resolves.toMatchObject({ ok: true });
    expect(await stored()).toEqual({
      jira: [{ site: 'https://acme.atlassian.net', auth: { type: 'session' } }],
      linear: { apiKey: 'lin_api_new', workspace: 'acme' },
    });
  });
});
