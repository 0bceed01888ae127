import type { Route } from '../../lib/view/dashboard-routes';
import type { LintView } from '../../lib/view/lint';
import { RouteLink } from './RouteLink';

export interface LintPanelProps {
  lint: LintView;
  cycleName: string | null;
  /** False while linked work is unknown: "no linked work" findings cannot be made yet. */
  linkedWorkKnown: boolean;
  onNavigate: (route: Route) => void;
}

const SEVERITY_WORDS = { error: 'error', warning: 'warning', info: 'note' } as const;

/** Every playbook finding of the cycle (rule 9), grouped by rule, each with what to do. */
export function LintPanel({ lint, cycleName, linkedWorkKnown, onNavigate }: LintPanelProps) {
  const total = lint.counts.error + lint.counts.warning + lint.counts.info;
  return (
    <section class="panel" aria-labelledby="lint-heading" data-testid="kr-lens-dashboard-lint">
      <h2 id="lint-heading">Playbook check{cycleName ? `: ${cycleName}` : ''}</h2>
      <p class="hint" data-testid="kr-lens-dashboard-lint-counts">
        {total === 0
          ? 'No findings: these OKRs follow the playbook.'
          : `${lint.counts.error} ${lint.counts.error === 1 ? 'error' : 'errors'}, ${lint.counts.warning} ${lint.counts.warning === 1 ? 'warning' : 'warnings'}, ${lint.counts.info} ${lint.counts.info === 1 ? 'note' : 'notes'}.`}
        {linkedWorkKnown ? '' : ' Key results without linked work are checked once Jira and Linear have been read.'}
      </p>
      {lint.groups.map((group) => (
        <section
          key={group.ruleId}
          class={`lint-group lint-group--${group.severity}`}
          data-testid="kr-lens-dashboard-lint-group"
          data-rule={group.ruleId}
        >
          <h3>
            {group.title} <span class={`severity severity--${group.severity}`}>{SEVERITY_WORDS[group.severity]}</span>{' '}
            <span class="muted">({group.findings.length})</span>
          </h3>
          <ul class="plain-list">
            {group.findings.map((finding, index) => (
              <li key={index} class="lint-finding" data-testid="kr-lens-dashboard-lint-finding">
                <p class="lint-finding__message">
                  {finding.target.kind === 'key-result' ? (
                    <RouteLink to={{ view: 'kr', krId: finding.target.id }} onNavigate={onNavigate}>
                      {finding.target.title}
                    </RouteLink>
                  ) : finding.target.kind === 'objective' ? (
                    <RouteLink to={{ view: 'tree', objectiveId: finding.target.id }} onNavigate={onNavigate}>
                      {finding.target.title}
                    </RouteLink>
                  ) : (
                    <strong>{finding.target.title}</strong>
                  )}
                  : {finding.message}
                </p>
                <p class="lint-finding__advice" data-testid="kr-lens-dashboard-lint-advice">
                  {finding.advice}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
