/** The home team of a Linear space: who writes, whether they belong, and the labels records carry. */
import { SPACE_SET_LABEL } from '../../space/record';
import { TrackerError } from '../tracker';
import type { LinearAdapter } from './client';
import { SPACE_HOME_QUERY, SPACE_LABEL_CREATE, spaceLabels } from './space-documents';
import { noTeamSentence, parseLinear, rawLabelCreateSchema, rawSpaceHomeSchema } from './space-map';

export interface HomeContext {
  teamId: string;
  teamKey: string;
  viewerName: string;
  member: boolean;
  labels: Map<string, string>;
}

/** The team, its membership, the writer's name, and the workspace labels (made when missing). */
export async function loadHome(adapter: LinearAdapter, teamKey: string, signal?: AbortSignal): Promise<HomeContext> {
  const data = parseLinear(rawSpaceHomeSchema, await adapter.query(SPACE_HOME_QUERY, { teamKey, labels: spaceLabels }, signal), 'the team');
  const team = data.teams.nodes[0];
  if (!team) throw new TrackerError('not-found', noTeamSentence(teamKey), { tracker: 'linear' });
  const labels = new Map(data.issueLabels.nodes.filter((l) => !l.team).map((l) => [l.name, l.id]));
  for (const name of spaceLabels) {
    if (labels.has(name)) continue;
    // Workspace labels (no teamId): discovery finds spaces across every team.
    const created = await adapter.mutate(
      SPACE_LABEL_CREATE,
      { input: { name, color: name === SPACE_SET_LABEL ? '#5e6ad2' : '#95a2b3' } },
      signal,
    );
    labels.set(name, parseLinear(rawLabelCreateSchema, created, 'the new label').issueLabelCreate.issueLabel.id);
  }
  return {
    teamId: team.id,
    teamKey: team.key,
    viewerName: data.viewer.name,
    member: data.viewer.teams.nodes.some((t) => t.id === team.id),
    labels,
  };
}
