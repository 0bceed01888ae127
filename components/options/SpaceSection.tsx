import { useId } from 'preact/hooks';
import { TRACKER_INFO, TRACKER_INFOS } from '../../lib/trackers/catalog';
import type { SpaceState } from '../../entrypoints/options/state/space';
import type { PublishPlanView } from '../../lib/space-messages';
import { Status } from '../ui/Status';
import { SourceLine } from '../ui/SourceLine';
import { hostOf } from '../../lib/util/host';

export interface SpaceSectionProps {
  state: SpaceState;
  /** Whether there is an active local set to publish. */
  hasLocalSet: boolean;
}

function SpaceList({ state }: { state: SpaceState }) {
  const spaces = state.spaces.value;
  if (spaces === null) return <p class="hint">Looking for team spaces…</p>;
  return (
    <>
      <ul data-testid="kr-lens-space-list" class="space-list">
        {spaces.map((space) => (
          <li key={`${space.tracker}|${space.site}|${space.home}|${space.setId}`}>
            <strong>{space.name}</strong> <span class="hint">{`${space.place} (${space.issueKey})`}</span>{' '}
            {space.chosenForSite && <span data-testid="kr-lens-space-chosen">{`shown on ${hostOf(space.site)}`}</span>}{' '}
            {space.active ? (
              <span>active</span>
            ) : (
              <button type="button" data-testid="kr-lens-space-use" onClick={() => void state.use(space)}>
                {`Use “${space.name}”`}
              </button>
            )}
          </li>
        ))}
      </ul>
      {spaces.length === 0 && <p class="hint">No team space found on the connected trackers yet.</p>}
      {state.problems.value.map((problem) => (
        <p key={problem} class="hint">
          {problem}
        </p>
      ))}
    </>
  );
}

function Plan({ plan }: { plan: PublishPlanView }) {
  return (
    <div data-testid="kr-lens-space-plan">
      <p>{`Publishing “${plan.setName}” to ${plan.target.place} creates ${plan.toCreate.length} issues and ${plan.checkIns.toCreate} check-ins${plan.existing + plan.checkIns.existing > 0 ? ` (${plan.existing} records and ${plan.checkIns.existing} check-ins are there already and are left alone)` : ''}:`}</p>
      <ul class="space-plan">
        {plan.toCreate.slice(0, 50).map((title, index) => (
          <li key={index}>{title}</li>
        ))}
        {plan.toCreate.length > 50 && <li>{`…and ${plan.toCreate.length - 50} more`}</li>}
      </ul>
      {[...plan.missing, ...plan.skipped].map((sentence) => (
        <p key={sentence} class="status status--error">
          {sentence}
        </p>
      ))}
    </div>
  );
}

/** With several connected sites of the tracker (Jira sites), where the space goes. */
function SiteChoice({ state, plan, disabled }: { state: SpaceState; plan: PublishPlanView; disabled: boolean }) {
  const id = useId();
  if (plan.sites.length < 2) return null;
  return (
    <div class="field">
      <label for={id}>Site</label>
      <select
        id={id}
        data-testid="kr-lens-space-site"
        value={plan.target.site}
        disabled={disabled}
        onChange={(event) => void state.chooseSite(event.currentTarget.value)}
      >
        {plan.sites.map((site) => (
          <option key={site} value={site}>
            {site}
          </option>
        ))}
      </select>
    </div>
  );
}

function Publish({ state, hasLocalSet }: SpaceSectionProps) {
  const id = useId();
  const publish = state.publish.value;
  const busy = publish.step === 'planning' || publish.step === 'publishing';
  return (
    <fieldset>
      <legend>Publish the active local set</legend>
      <div class="field">
        <label for={`${id}-tracker`}>Tracker</label>
        <select
          id={`${id}-tracker`}
          data-testid="kr-lens-space-tracker"
          value={state.tracker.value}
          disabled={busy}
          onChange={(event) => {
            const chosen = TRACKER_INFOS.find((tracker) => tracker.id === event.currentTarget.value);
            if (chosen) state.chooseTracker(chosen.id);
          }}
        >
          {TRACKER_INFOS.map((tracker) => (
            <option key={tracker.id} value={tracker.id}>
              {tracker.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${id}-home`}>{TRACKER_INFO[state.tracker.value].space.homeLabel}</label>
        <input
          id={`${id}-home`}
          data-testid="kr-lens-space-home"
          value={state.home.value}
          disabled={busy}
          onInput={(event) => (state.home.value = event.currentTarget.value)}
        />
      </div>
      {publish.step === 'planned' || publish.step === 'publishing' ? (
        <>
          <SiteChoice state={state} plan={publish.plan} disabled={busy} />
          <Plan plan={publish.plan} />
        </>
      ) : null}
      {publish.step === 'publishing' && (
        <p role="status" data-testid="kr-lens-space-progress">
          {publish.progress ? `${publish.progress.done} of ${publish.progress.total}: ${publish.progress.title}` : 'Starting…'}
          {publish.progress && <progress max={publish.progress.total || 1} value={publish.progress.done} />}
        </p>
      )}
      {publish.step === 'planned' ? (
        <div class="actions">
          <button type="button" data-testid="kr-lens-space-publish-confirm" onClick={() => void state.confirmPublish()}>
            Create them
          </button>{' '}
          <button type="button" onClick={state.cancelPublish}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" data-testid="kr-lens-space-publish" disabled={busy || !hasLocalSet} onClick={() => void state.plan()}>
          Publish…
        </button>
      )}
    </fieldset>
  );
}

/** Options → Team space: the spaces found, and publishing the local set as a new one. */
export function SpaceSection(props: SpaceSectionProps) {
  const { state } = props;
  const active = state.active.value;
  return (
    <section aria-labelledby="kr-lens-space-heading">
      <h2 id="kr-lens-space-heading">Team space</h2>
      <p class="hint">
        A team space keeps the OKR set in a Jira project or a Linear team, so everyone reads and checks in on the same one.
      </p>
      {active && (
        <p>
          {`Active: “${active.set.name}”. `}
          <SourceLine source={active.source} />{' '}
          <button type="button" onClick={() => void state.leave()}>
            Use the local set instead
          </button>
        </p>
      )}
      <SpaceList state={state} />
      <button type="button" onClick={() => void state.load(true)}>
        Look again
      </button>
      <Publish {...props} />
      <Status status={state.status.value} testId="kr-lens-space-status" />
    </section>
  );
}
