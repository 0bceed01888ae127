/**
 * Options → Team space: the spaces found on the connected trackers (use one), and publishing the
 * active local set (space-publish.ts).
 */
import { signal, type Signal } from '@preact/signals';
import { createServiceClient, type SendMessage } from '../../../lib/messaging';
import type { ActiveSpaceView, SpaceListEntry } from '../../../lib/space-messages';
import type { TrackerId } from '../../../lib/okr/model';
import { messageOf } from '../../../lib/util/error';
import type { StatusLine } from '../../../lib/view/status-line';
import { createSpacePublishing, type PublishState } from './space-publish';

export type { PublishState } from './space-publish';

export interface SpaceState {
  spaces: Signal<SpaceListEntry[] | null>;
  problems: Signal<string[]>;
  active: Signal<ActiveSpaceView | null>;
  tracker: Signal<TrackerId>;
  home: Signal<string>;
  publish: Signal<PublishState>;
  status: Signal<StatusLine>;
  load(fresh?: boolean): Promise<void>;
  use(entry: SpaceListEntry): Promise<void>;
  leave(): Promise<void>;
  plan(): Promise<void>;
  /** With several connected sites: publish to this one (the plan is read again). */
  chooseSite(site: string): Promise<void>;
  /** Another tracker for the space; the site chosen for the last one is forgotten. */
  chooseTracker(tracker: TrackerId): void;
  confirmPublish(): Promise<void>;
  cancelPublish(): void;
}

export function createSpaceState(deps: { send: SendMessage; onActiveChanged?: () => void }): SpaceState {
  const client = createServiceClient(deps.send);
  const spaces = signal<SpaceListEntry[] | null>(null);
  const problems = signal<string[]>([]);
  const active = signal<ActiveSpaceView | null>(null);
  const status = signal<StatusLine>({ tone: 'idle' });

  async function run(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      status.value = { tone: 'error', message: messageOf(error) };
    }
  }

  async function load(fresh = false): Promise<void> {
    await run(async () => {
      const [list, current] = await Promise.all([client.listSpaces({ fresh }), client.getActiveSpace({ fresh: false })]);
      spaces.value = list.spaces;
      problems.value = list.problems;
      active.value = current.state === 'ok' ? current.space : null;
    });
  }

  const publishing = createSpacePublishing({
    client,
    status,
    run,
    published: async () => {
      deps.onActiveChanged?.();
      // The new space was not there when the list was last read.
      await load(true);
    },
  });

  return {
    spaces,
    problems,
    active,
    tracker: publishing.tracker,
    home: publishing.home,
    publish: publishing.publish,
    status,
    load,
    use: (entry) =>
      run(async () => {
        const result = await client.useSpace({ tracker: entry.tracker, site: entry.site, home: entry.home, setId: entry.setId });
        if (result.state === 'ok') active.value = result.space;
        status.value = { tone: 'ok', message: `“${entry.name}” from ${entry.place} is now the active set.` };
        deps.onActiveChanged?.();
        await load();
      }),
    leave: () =>
      run(async () => {
        await client.leaveSpace({});
        active.value = null;
        deps.onActiveChanged?.();
        await load();
      }),
    plan: publishing.plan,
    chooseSite: publishing.chooseSite,
    chooseTracker: publishing.chooseTracker,
    confirmPublish: publishing.confirmPublish,
    cancelPublish: publishing.cancelPublish,
  };
}
