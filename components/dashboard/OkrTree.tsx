import { useEffect } from 'preact/hooks';
import type { Route } from '../../lib/view/dashboard-routes';
import type { KrRowView, ObjectiveNodeView, OkrTreeView, TreeFilters } from '../../lib/view/okr-tree';
import { ProgressBar } from '../ui/ProgressBar';
import { ConfidenceBadge, ScoreBadge, StatusBadge } from './Badges';
import { RouteLink } from './RouteLink';

export interface OkrTreeProps {
  tree: OkrTreeView;
  filters: TreeFilters;
  /** The objective to bring into view (from `#/tree/<id>`). */
  focusObjectiveId?: string;
  onFilters: (patch: Partial<TreeFilters>) => void;
  onNavigate: (route: Route) => void;
}

const LEVEL_WORDS: Record<ObjectiveNodeView['level'], string> = {
  company: 'Company',
  department: 'Department',
  team: 'Team',
  individual: 'Individual',
};

const MEASURE_WORDS: Record<KrRowView['measure'], string> = { issues: 'linked work', metric: 'metric', milestone: 'milestone' };

function AlignmentLine({ node }: { node: ObjectiveNodeView }) {
  const link = node.link;
  return (
    <>
      {link && (
        <p class={`alignment alignment--${link.kind}`} data-testid="kr-lens-dashboard-alignment" data-kind={link.kind}>
          {link.kind === 'inherits' ? (
            <>
              <span class="alignment__kind">Inherits</span> the key result “{link.krTitle}” (explicit alignment)
            </>
          ) : (
            <>
              <span class="alignment__kind">Supports</span> {link.targetKind === 'kr' ? 'the key result' : 'the objective'} “
              {link.targetTitle}” (implicit alignment)
            </>
          )}
        </p>
      )}
      {node.alsoAligned.length > 0 && (
        <p class="alignment alignment--also" data-testid="kr-lens-dashboard-also-aligned">
          Also{' '}
          {node.alsoAligned.map((item, index) => (
            <span key={item.id}>
              {index > 0 ? '; ' : ''}
              {item.kind === 'inherits' ? 'inherits' : 'supports'} “{item.title}”{item.targetKind === 'missing' ? ' (not in this set)' : ''}
            </span>
          ))}
        </p>
      )}
    </>
  );
}

function KrRow({ kr, expected, onNavigate }: { kr: KrRowView; expected: number; onNavigate: (route: Route) => void }) {
  return (
    <li class="kr-row" data-testid="kr-lens-dashboard-kr" data-kr-id={kr.id}>
      <div class="kr-row__main">
        <RouteLink to={{ view: 'kr', krId: kr.id }} onNavigate={onNavigate} class="kr-row__title" testId="kr-lens-dashboard-kr-link">
          {kr.title}
        </RouteLink>
        <span class="kr-row__meta">
          {MEASURE_WORDS[kr.measure]}
          {kr.owner ? ` · ${kr.owner}` : ''}
          {kr.teams.length > 0 ? ` · ${kr.teams.join(', ')}` : ''}
          {kr.inheritedBy.length > 0 ? ` · taken on by ${kr.inheritedBy.map((o) => `“${o.title}”`).join(', ')}` : ''}
        </span>
      </div>
      <div class="kr-row__figures">
        <ProgressBar progress={kr.progress} band={kr.band} label={kr.title} expected={expected} />
        <span class="figure" data-testid="kr-lens-dashboard-kr-progress">
          {kr.progressText}
        </span>
        <div class="badges">
          <StatusBadge status={kr.status} title={kr.statusText} testId="kr-lens-dashboard-kr-status" />
          <ConfidenceBadge confidence={kr.confidence} />
        </div>
      </div>
    </li>
  );
}

function ObjectiveNode({
  node,
  expected,
  focusId,
  onNavigate,
}: {
  node: ObjectiveNodeView;
  expected: number;
  focusId?: string;
  onNavigate: (route: Route) => void;
}) {
  const headingId = `objective-${node.id}`;
  return (
    <li class={`tree__item${node.link ? ` tree__item--${node.link.kind}` : ''}`}>
      <article
        class={`objective objective--${node.level}${node.matches ? '' : ' objective--context'}${focusId === node.id ? ' objective--focus' : ''}`}
        aria-labelledby={headingId}
        data-testid="kr-lens-dashboard-objective"
        data-objective-id={node.id}
        data-level={node.level}
      >
        <header class="objective__header">
          <span class={`level level--${node.level}`}>{LEVEL_WORDS[node.level]}</span>
          <h3 id={headingId} class="objective__title" data-testid="kr-lens-dashboard-objective-title">
            {node.title}
          </h3>
          <span class="objective__meta">
            {node.commitment}
            {node.team ? ` · ${node.team}` : ''}
            {node.owner ? ` · ${node.owner}` : ''}
          </span>
        </header>
        <AlignmentLine node={node} />
        <div class="objective__figures">
          <ProgressBar progress={node.progress} band={node.band} label={node.title} expected={expected} />
          <span class="figure" data-testid="kr-lens-dashboard-objective-progress">
            {node.progressText}
          </span>
          <div class="badges">
            <ScoreBadge score={node.score} band={node.band} />
            <StatusBadge status={node.status} />
            <ConfidenceBadge confidence={node.confidence} />
          </div>
        </div>
        {node.krs.length > 0 ? (
          <ul class="plain-list kr-list" aria-label={`Key results of ${node.title}`}>
            {node.krs.map((kr) => (
              <KrRow key={kr.id} kr={kr} expected={expected} onNavigate={onNavigate} />
            ))}
          </ul>
        ) : (
          node.matches && <p class="muted">No key results yet.</p>
        )}
      </article>
      {node.children.length > 0 && (
        <ul class="tree__children" aria-label={`Aligned with ${node.title}`}>
          {node.children.map((child) => (
            <ObjectiveNode key={child.id} node={child} expected={expected} focusId={focusId} onNavigate={onNavigate} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The cycle's OKRs, company down to individual, with both kinds of alignment drawn differently. */
export function OkrTree({ tree, filters, focusObjectiveId, onFilters, onNavigate }: OkrTreeProps) {
  const filtered = filters.team !== null || filters.owner !== null;
  // Opened at an objective (from the popup or a lint finding): bring it into view.
  useEffect(() => {
    if (!focusObjectiveId) return;
    const target = document.querySelector(`[data-objective-id="${CSS.escape(focusObjectiveId)}"]`);
    target?.scrollIntoView?.({ block: 'center' });
  }, [focusObjectiveId]);
  return (
    <section class="panel" aria-labelledby="tree-heading" data-testid="kr-lens-dashboard-tree">
      <div class="panel__header">
        <h2 id="tree-heading">OKR tree</h2>
        <div class="filters">
          <label>
            Team{' '}
            <select
              data-testid="kr-lens-dashboard-filter-team"
              value={filters.team ?? ''}
              onChange={(event) => onFilters({ team: (event.currentTarget as HTMLSelectElement).value || null })}
            >
              <option value="">All teams</option>
              {tree.teams.map((team) => (
                <option key={team} value={team}>
                  {team}
                </option>
              ))}
            </select>
          </label>
          <label>
            Owner{' '}
            <select
              data-testid="kr-lens-dashboard-filter-owner"
              value={filters.owner ?? ''}
              onChange={(event) => onFilters({ owner: (event.currentTarget as HTMLSelectElement).value || null })}
            >
              <option value="">All owners</option>
              {tree.owners.map((owner) => (
                <option key={owner} value={owner}>
                  {owner}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <p class="hint">
        <span class="key key--inherits">solid line</span> inherits a key result from above (explicit alignment);{' '}
        <span class="key key--supports">dashed line</span> supports an objective or key result (implicit alignment). The tick on each bar is
        where progress is expected by today.
        {filtered ? ` Showing ${tree.shownCount} of ${tree.objectiveCount} objectives; greyed ones give context.` : ''}
      </p>
      {tree.roots.length === 0 ? (
        <p class="muted" data-testid="kr-lens-dashboard-tree-empty">
          {tree.objectiveCount === 0 ? 'This cycle has no objectives yet.' : 'No objective matches these filters.'}
        </p>
      ) : (
        <ul class="tree">
          {tree.roots.map((root) => (
            <ObjectiveNode key={root.id} node={root} expected={tree.expected} focusId={focusObjectiveId} onNavigate={onNavigate} />
          ))}
        </ul>
      )}
    </section>
  );
}
