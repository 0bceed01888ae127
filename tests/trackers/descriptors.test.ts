/**
 * The trackers' descriptors: one per tracker id, each under its own id, the page-safe catalog the
 * same trackers as the registry, and the optional capabilities declared as data matching what the
 * adapters offer.
 */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { trackerIdSchema } from '../../lib/okr/model';
import { writeSettings } from '../../lib/settings';
import { TRACKER_INFO } from '../../lib/trackers/catalog';
import { createAdapterRegistry, TRACKERS } from '../../lib/trackers/registry';

const ids = trackerIdSchema.options;

describe('the tracker registry', () => {
  it('holds one descriptor per tracker id, each under its own id', () => {
    expect(Object.keys(TRACKERS).sort()).toEqual([...ids].sort());
    expect(Object.keys(TRACKER_INFO).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(TRACKERS[id].id).toBe(id);
      expect(TRACKER_INFO[id].id).toBe(id);
      expect(TRACKERS[id].page.tracker).toBe(id);
    }
  });

  it.each(ids)('%s: its page-safe half is the catalog entry', (id) => {
    const { name, connectionFields, scopes, notesSeenSites } = TRACKERS[id];
    expect({ name, connectionFields, scopes, notesSeenSites }).toEqual({
      name: TRACKER_INFO[id].name,
      connectionFields: TRACKER_INFO[id].connectionFields,
      scopes: TRACKER_INFO[id].scopes,
      notesSeenSites: TRACKER_INFO[id].notesSeenSites,
    });
    expect(connectionFields.length).toBeGreaterThan(0);
    expect(scopes.kinds.map((kind) => kind.type)).toContain('assigned-to-me');
  });

  it.each([
    { id: 'jira' as const, site: 'https://acme.atlassian.net' },
    { id: 'linear' as const, site: 'acme' },
  ])('$id: the adapter offers exactly the optional capabilities its descriptor declares', async ({ id, site }) => {
    await writeSettings(fakeBrowser.storage.local, { jira: [], linear: { apiKey: 'lin_api_test' } });
    const adapter = await createAdapterRegistry(fakeBrowser.storage.local).adapterFor(id, site);
    expect(adapter.tracker).toBe(id);
    const { capabilities } = TRACKERS[id];
    expect({ boards: typeof adapter.listBoards === 'function', scopeParts: typeof adapter.listScopeParts === 'function' }).toEqual(
      capabilities,
    );
  });

  it('routes no unknown tracker id to another tracker', async () => {
    const registry = createAdapterRegistry(fakeBrowser.storage.local);
    await expect(registry.adapterFor('acme' as never, 'acme')).rejects.toMatchObject({ kind: 'invalid' });
  });
});
