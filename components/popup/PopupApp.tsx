import type { ComponentChildren } from 'preact';
import type { PopupStore } from '../../entrypoints/popup/state/index';
import type { OkrState } from '../../entrypoints/popup/state/okr';
import type { TabState } from '../../entrypoints/popup/state/tab';
import type { UnalignedState } from '../../entrypoints/popup/state/unaligned';
import type { KrCardView } from '../../lib/view/types';
import { ProgressBar } from '../ui/ProgressBar';
import { ConfidenceBadge, StatusBadge } from '../dashboard/Badges';
import { safeHref } from '../safe-href';
import { SourceLine } from '../ui/SourceLine';

export interface PopupAppProps {
  store: PopupStore;
  /** The dashboard page's URL; a route like `#/kr/<id>` is appended for a KR. */
  dashboardUrl: string;
}

const krLink = (dashboardUrl: string, krId: string) => `${dashboardUrl}#/kr/${encodeURIComponent(krId)}`;

function KrRow({ kr, dashboardUrl }: { kr: KrCardView; dashboardUrl: string }) {
  return (
    <li class="popup-kr" data-testid="kr-lens-popup-kr">
      <a class="popup-kr__title" href={krLink(dashboardUrl, kr.krId)} target="_blank" rel="noopener" data-testid="kr-lens-popup-kr-title">
        {kr.title}
      </a>
      <span class="popup-kr__objective">
        {kr.objectiveTitle}
        {kr.via ? ` · via ${kr.via}` : ''}
      </span>
      <div class="popup-kr__progress">
        <ProgressBar progress={kr.progress} band={kr.band} label={kr.title} />
        <span class="popup-kr__percent" data-testid="kr-lens-popup-kr-progress">
          {kr.progressText}
        </span>
      </div>
      <div class="badges">
        <StatusBadge status={kr.status} />
        <ConfidenceBadge confidence={kr.confidence} />
      </div>
    </li>
  );
}

/** `sourceShown`: the objectives below already say where the set comes from, so the tab does not repeat it. */
function TabSection({ tab, dashboardUrl, sourceShown }: { tab: TabState; dashboardUrl: string; sourceShown: boolean }) {
  let body: ComponentChildren;
  switch (tab.state) {
    case 'loading':
      body = <p class="muted">Reading this tab…</p>;
      break;
    case 'none':
      body = (
        <p class="muted" data-testid="kr-lens-popup-no-issue">
          Open a Jira or Linear issue to see the key result it serves.
        </p>
      );
      break;
    case 'setup':
      body = (
        <p class="muted" data-testid="kr-lens-popup-issue-error">
          {tab.message}
        </p>
      );
      break;
    case 'error':
    case 'ok': {
      const view = tab.state === 'ok' ? tab.view : tab.cached;
      const href = safeHref(view?.issue.url);
      body = (
        <>
          {tab.state === 'error' && (
            <p class="status status--error" role="alert" data-testid="kr-lens-popup-issue-error">
              {tab.message}
            </p>
          )}
          {view && (
            <div data-testid="kr-lens-popup-issue">
              <p class="popup-issue">
                {href ? (
                  <a href={href} target="_blank" rel="noopener">
                    {view.issue.key}
                  </a>
                ) : (
                  <strong>{view.issue.key}</strong>
                )}{' '}
                {view.issue.title}
              </p>
              {view.source && !sourceShown && (
                <p class="hint">
                  <SourceLine source={view.source} />
                </p>
              )}
              {view.krs.length > 0 ? (
                <ul class="plain-list">
                  {view.krs.map((kr) => (
                    <KrRow key={kr.krId} kr={kr} dashboardUrl={dashboardUrl} />
                  ))}
                </ul>
              ) : view.classification === 'run' ? (
                <p class="muted" data-testid="kr-lens-popup-run">
                  Run work: business as usual, serving no key result.
                </p>
              ) : (
                <p class="warning-text" data-testid="kr-lens-popup-unaligned">
                  Not tied to any objective.
                </p>
              )}
            </div>
          )}
        </>
      );
      break;
    }
  }
  return (
    <section class="popup-section" aria-labelledby="popup-tab-heading">
      <h2 id="popup-tab-heading">This tab</h2>
      {body}
    </section>
  );
}

function CycleSection({ okr, dashboardUrl }: { okr: OkrState; dashboardUrl: string }) {
  if (okr.state === 'loading') {
    return (
      <section class="popup-section">
        <h2>Objectives</h2>
        <p class="muted">Loading…</p>
      </section>
    );
  }
  if (okr.state === 'none') {
    return (
      <section class="popup-section">
        <h2>Objectives</h2>
        <p class="muted" data-testid="kr-lens-popup-no-set">
          {okr.message}
        </p>
      </section>
    );
  }
  const elapsed = Math.round(okr.expected * 100);
  return (
    <section class="popup-section" aria-labelledby="popup-cycle-heading">
      <h2 id="popup-cycle-heading" data-testid="kr-lens-popup-cycle">
        {okr.cycle ? `${okr.cycle.name} objectives` : 'Objectives'}
      </h2>
      {okr.cycle && (
        <p class="hint">
          {okr.setName} · {elapsed}% of the cycle elapsed
        </p>
      )}
      {okr.source && (
        <p class="hint">
          <SourceLine source={okr.source} />
        </p>
      )}
      {okr.notice && (
        <p class="hint warning-text" data-testid="kr-lens-popup-notice">
          {okr.notice}
        </p>
      )}
      {okr.objectives.length === 0 ? (
        <p class="muted">No objectives in this cycle.</p>
      ) : (
        <ul class="plain-list">
          {okr.objectives.map((objective) => (
            <li
              key={objective.id}
              class="popup-objective"
              style={{ paddingLeft: `${objective.depth * 12}px` }}
              data-testid="kr-lens-popup-objective"
            >
              <a
                class="popup-objective__title"
                href={`${dashboardUrl}#/tree/${encodeURIComponent(objective.id)}`}
                target="_blank"
                rel="noopener"
              >
                {objective.title}
              </a>
              <div class="popup-kr__progress">
                <ProgressBar progress={objective.progress} band={objective.band} label={objective.title} expected={okr.expected} />
                <span class="popup-kr__percent" data-testid="kr-lens-popup-objective-progress">
                  {objective.progressText}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function UnalignedSection({ state }: { state: UnalignedState }) {
  return (
    <section class="popup-section" aria-labelledby="popup-mine-heading">
      <h2 id="popup-mine-heading">Assigned to me</h2>
      <p data-testid="kr-lens-popup-unaligned-mine" class={state.state === 'ok' && state.count > 0 ? 'warning-text' : 'muted'}>
        {state.state === 'loading'
          ? 'Counting…'
          : state.state === 'unavailable'
            ? state.message
            : state.total === 0
              ? 'Nothing open is assigned to you.'
              : `${state.count} of ${state.total} open ${state.total === 1 ? 'issue' : 'issues'} assigned to you ${state.count === 1 ? 'serves' : 'serve'} no key result.`}
      </p>
    </section>
  );
}

/** The toolbar popup: a glance, with the dashboard one click away. */
const okrSourceShown = (okr: OkrState): boolean => okr.state === 'ok' && okr.source !== undefined;

export function PopupApp({ store, dashboardUrl }: PopupAppProps) {
  return (
    <main class="popup">
      <header class="popup-header">
        <h1>KR Lens</h1>
        <a class="button primary" href={dashboardUrl} target="_blank" rel="noopener" data-testid="kr-lens-popup-dashboard-link">
          Open dashboard
        </a>
      </header>
      <TabSection tab={store.tab.value} dashboardUrl={dashboardUrl} sourceShown={okrSourceShown(store.okr.value)} />
      <CycleSection okr={store.okr.value} dashboardUrl={dashboardUrl} />
      <UnalignedSection state={store.unalignedMine.value} />
    </main>
  );
}
