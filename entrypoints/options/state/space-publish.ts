/**
 * Options → Team space → Publish: the plan first, then the run with its progress polled from the
 * background. A run that stops can be started again and resumes where it stopped.
 */
import { signal, type Signal } from '@preact/signals';
import type { createServiceClient } from '../../../lib/messaging';
import type { TrackerId } from '../../../lib/okr/model';
import type { PublishOutcome, PublishPlanView, PublishProgressView } from '../../../lib/space-messages';
import { TRACKER_INFO, TRACKER_INFOS } from '../../../lib/trackers/catalog';
import { messageOf } from '../../../lib/util/error';
import type { StatusLine } from '../../../lib/view/status-line';

export type PublishState =
  | { step: 'idle' }
  | { step: 'planning' }
  | { step: 'planned'; plan: PublishPlanView }
  | { step: 'publishing'; plan: PublishPlanView; progress: PublishProgressView | null }
  | { step: 'done'; outcome: PublishOutcome };

const PROGRESS_EVERY_MS = 250;

export interface SpacePublishDeps {
  client: ReturnType<typeof createServiceClient>;
  status: Signal<StatusLine>;
  /** Runs an action, turning a throw into the status line. */
  run(work: () => Promise<void>): Promise<void>;
  /** After a run: the published space is the active set now. */
  published(): Promise<void>;
}

export function createSpacePublishing({ client, status, run, published }: SpacePublishDeps) {
  // The first tracker in the catalog until the user picks another.
  const tracker = signal<TrackerId>(TRACKER_INFOS[0]!.id);
  const home = signal('');
  /** The connected site chosen in the plan; null for the first one. */
  const site = signal<string | null>(null);
  const publish = signal<PublishState>({ step: 'idle' });

  const plan = () =>
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
        publish.value = {
          step: 'planned',
          plan: await client.planSpacePublish({ tracker: tracker.value, home: key, ...(site.value ? { site: site.value } : {}) }),
        };
        status.value = { tone: 'idle' };
      } catch (error) {
        publish.value = { step: 'idle' };
        throw error;
      }
    });

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
      const { tracker: planTracker, home: planHome, site: planSite } = planned.plan.target;
      const outcome = await client.publishSpace({ tracker: planTracker, home: planHome, site: planSite });
      publish.value = { step: 'done', outcome };
      status.value = {
        tone: 'ok',
        message: `Published to ${planned.plan.target.place}: ${outcome.created.records} records and ${outcome.created.checkIns} check-ins created, ${outcome.existing.records + outcome.existing.checkIns} already there. The space is now the active set.`,
      };
      await published();
    } catch (error) {
      // The run can be started again: what was written is found and not written twice.
      publish.value = { step: 'planned', plan: planned.plan };
      status.value = { tone: 'error', message: `${messageOf(error)} Publishing again resumes where it stopped.` };
    } finally {
      clearInterval(timer);
    }
  }

  const cancelPublish = () => {
    publish.value = { step: 'idle' };
  };

  /** Another connected site for the space: the plan is read again for it. */
  const chooseSite = (chosen: string) => {
    site.value = chosen;
    return plan();
  };

  /** Another tracker: its sites are not this one's. */
  const chooseTracker = (chosen: TrackerId) => {
    tracker.value = chosen;
    site.value = null;
  };

  return { tracker, home, site, publish, plan, chooseSite, chooseTracker, confirmPublish, cancelPublish };
}
