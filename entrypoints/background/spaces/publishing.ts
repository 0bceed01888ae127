/**
 * Publishing the active local set to a new space (Options → Team space): the plan first, then the
 * run with progress that Options polls; a run cut off half-way resumes without duplicates
 * (publishSet skips what the space already holds). Afterwards the space is the active set.
 */
import type { OkrSet } from '../../../lib/okr/model';
import type { PublishOutcome, PublishPlanView, PublishProgressView, PublishTarget } from '../../../lib/space-messages';
import { planPublish, publishSet } from '../../../lib/space/publish';
import type { SpaceRef } from '../../../lib/store/space-cache';
import { TrackerError } from '../../../lib/trackers/tracker';
import { spacePlace } from './active';
import type { SpaceStoreFor } from './stores';

export interface PublishingDeps {
  storeFor: SpaceStoreFor;
  /** The active local set: what is published. */
  localSet(): Promise<OkrSet | null>;
  /** The tracker's connected sites (Jira sites, or the Linear workspace); throws when there is none. */
  sitesFor(tracker: PublishTarget['tracker']): Promise<string[]>;
  /** Makes the published space the active set; returns it as pages see it. */
  activate(ref: SpaceRef): Promise<PublishOutcome['space']>;
}

export function createPublishing(deps: PublishingDeps) {
  let progress: PublishProgressView | null = null;
  let running: Promise<PublishOutcome> | null = null;

  async function prepare(target: PublishTarget) {
    const set = await deps.localSet();
    if (!set) throw new TrackerError('invalid', 'There is no local OKR set to publish: import one above first.');
    const sites = await deps.sitesFor(target.tracker);
    const site = target.site ?? sites[0]!;
    if (!sites.includes(site)) {
      throw new TrackerError('invalid', `${site} is not among the connected sites: add it under Connections first.`);
    }
    const home = target.home.trim().toUpperCase();
    const ref: SpaceRef = { tracker: target.tracker, site, home, setId: set.id, name: set.name };
    return { set, ref, sites, store: await deps.storeFor(target.tracker, site) };
  }

  async function run(target: PublishTarget): Promise<PublishOutcome> {
    const { set, ref, store } = await prepare(target);
    progress = { done: 0, total: 0, title: 'Reading the space…', finished: false };
    try {
      const result = await publishSet(store, { home: ref.home, setId: set.id }, set, {
        onProgress: (step) => (progress = { ...step, finished: false }),
      });
      progress = { ...(progress ?? { done: 0, total: 0, title: '' }), finished: true };
      return { ...result, space: await deps.activate(ref) };
    } catch (error) {
      progress = {
        ...(progress ?? { done: 0, total: 0, title: '' }),
        finished: true,
        error: error instanceof Error ? error.message : String(error),
      };
      throw error;
    }
  }

  return {
    async plan(target: PublishTarget): Promise<PublishPlanView> {
      const { set, ref, sites, store } = await prepare(target);
      const missing = await store.missingPermissions(ref.home);
      const plan = await planPublish(store, { home: ref.home, setId: set.id }, set);
      return {
        target: { tracker: ref.tracker, home: ref.home, site: ref.site, place: spacePlace(ref) },
        sites,
        setName: set.name,
        toCreate: plan.records.filter((r) => !r.exists).map((r) => r.title),
        existing: plan.records.filter((r) => r.exists).length,
        checkIns: { toCreate: plan.toCreate.checkIns, existing: plan.checkIns.length - plan.toCreate.checkIns },
        missing,
        skipped: plan.skipped,
      };
    },
    /** One publish at a time: a second click joins the run under way. */
    publish(target: PublishTarget): Promise<PublishOutcome> {
      running ??= run(target).finally(() => (running = null));
      return running;
    },
    progress: (): PublishProgressView | null => progress,
  };
}
