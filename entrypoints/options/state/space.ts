/**
 * Options → Team space: the spaces found on the connected trackers (use one), and publishing the
 * active local set — the plan first, then the run with its progress polled from the background.
 */
import { TRACKER_INFO, TRACKER_INFOS } from '../../../lib/trackers/catalog';
import { signal, type Signal } from '@preact/signals';
import { createServiceClient, type SendMessage } from '../../../lib/messaging';
import type { ActiveSpaceView, PublishOutcome, PublishPlanView, PublishProgressView, SpaceListEntry } from '../../../lib/space-messages';
import type { TrackerId } from '../../../lib/okr/model';
import { messageOf } from '../../../lib/util/error';
import type { StatusLine } from '../../../lib/view/status-line';

export type PublishState =
  | { step: 'idle' }
  | { step: 'planning' }
  | { step: 'planned'; plan: PublishPlanView }
  | { step: 'publishing'; plan: PublishPlanView; progress: PublishProgressView | null }
  | { step: 'done'; outcome: PublishOutcome };

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
  confirmPublish(): Promise<void>;
  cancelPublish(): void;
}

const PROGRESS_EVERY_MS = 250;

export function createSpaceState(deps: { send: SendMessage; onActiveChanged?: () => void }): SpaceState {
  const client = createServiceClient(deps.send);
  const spaces = signal<SpaceListEntry[] | null>(null);
  const problems = signal<string[]>([]);
  const active = signal<ActiveSpaceView | null>(null);
  // The first tracker in the catalog until the user picks another.
  const tracker = signal<TrackerId>(TRACKER_INFOS[0]!.id);
  const home = signal('');
  const publish = signal<PublishState>({ step: 'idle' });
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

  async function confirmPublish(): Promise<void> {
    const planned = publish.value;
    if (planned.step !== 'planned') return;
    publish.value = { step: 'publishing', plan: planned.plan, progress: null };
    const timer = setInterval(() => {
      void client.getPublishProgress({}).then(
        (progress) => {
          if (publish.value.step === 'publishing') publish.value = { ...publish.value, progress };
        },
        () => undefined,
      );
    }, PROGRESS_EVERY_MS);
    try {
      const outcome = await client.publishSpace({ tracker: planned.plan.target.tracker, home: planned.plan.target.home });
      publish.value = { step: 'done', outcome };
      status.value = {
        tone: 'ok',
        message: `Published to ${planned.plan.target.place}: ${outcome.created.records} records and ${outcome.created.checkIns} check-ins created, ${outcome.existing.records + outcome.existing.checkIns} already there. The space is now the active set.`,
      };
      deps.onActiveChanged?.();
      // The new space was not there when the list was last read.
      await load(true);
    } catch (error) {
      // The run can be started again: what was written is found and not written twice.
      publish.value = { step: 'planned', plan: planned.plan };
      status.value = { tone: 'error', message: `${messageOf(error)} Publishing again resumes where it stopped.` };
    } finally {
      clearInterval(timer);
    }
  }

  return {
    spaces,
    problems,
    active,
    tracker,
    home,
    publish,
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
    plan: () =>
      run(async () => {
        const key = home.value.trim();
        if (!key) {
          const where = TRACKER_INFO[tracker.value].space;
          status.value = { tone: 'error', message: `Enter the ${where.homeLabel} the space goes to, like ${where.homeExample}.` };
          return;
        }
        publish.value = { step: 'planning' };
        status.value = { tone: 'busy', message: 'Reading the space…' };
        try {
          publish.value = { step: 'planned', plan: await client.planSpacePublish({ tracker: tracker.value, home: key }) };
          status.value = { tone: 'idle' };
        } catch (error) {
          publish.value = { step: 'idle' };
          throw error;
        }
      }),
    confirmPublish,
    cancelPublish: () => {
      publish.value = { step: 'idle' };
    },
  };
}
