/**
 * Puts a team space into the fake Linear's workspace directly, exactly as KR Lens publishes one
 * (a test checks the two agree): issues with the workspace labels, a record attachment on each,
 * and a check-in attachment per check-in on its KR's issue.
 */
import type { OkrSet } from '../../../lib/okr/model';
import {
  checkInText,
  checkInUrl,
  LINEAR_CHECKIN_FIELD,
  LINEAR_RECORD_FIELD,
  recordsFromSet,
  recordTitle,
  recordUrl,
  SPACE_LABEL,
  SPACE_SET_LABEL,
  type SpaceRecord,
} from '../../../lib/space/record';
import { clampTitle } from '../../../lib/trackers/linear/space-map';
import { newAttachmentId, type AttachmentRecord, type IssueRecord, type LinearWorkspace, type UserRecord } from './seed';

const NOUN: Record<SpaceRecord['kind'], string> = { set: 'OKR set', cycle: 'cycle', objective: 'objective', kr: 'key result' };

function workspaceLabel(ws: LinearWorkspace, name: string): string {
  const found = ws.labels.find((l) => l.name === name && !l.teamId);
  if (found) return found.id;
  const id = crypto.randomUUID();
  ws.labels.push({ id, name, color: '#95a2b3', teamId: null });
  return id;
}

export function seedLinearSpace(
  ws: LinearWorkspace,
  set: OkrSet,
  teamKey: string,
  author: UserRecord,
  at = new Date(),
): { issues: IssueRecord[]; attachments: AttachmentRecord[] } {
  const team = ws.teams.find((t) => t.key === teamKey)!;
  const state = ws.states
    .filter((s) => s.teamId === team.id && ['backlog', 'unstarted'].includes(s.type))
    .sort((a, b) => a.position - b.position)[0]!;
  const labels = { space: workspaceLabel(ws, SPACE_LABEL), set: workspaceLabel(ws, SPACE_SET_LABEL) };
  const { records, checkIns } = recordsFromSet(set, { by: author.name, at: at.toISOString() });
  let clock = at.getTime();
  const tick = () => new Date(clock++).toISOString();
  const attachments: AttachmentRecord[] = [];
  const attach = (issue: IssueRecord, fields: Pick<AttachmentRecord, 'url' | 'title' | 'subtitle' | 'metadata'>) => {
    const when = tick();
    const record: AttachmentRecord = {
      id: newAttachmentId(),
      issueId: issue.id,
      creatorId: author.id,
      createdAt: when,
      updatedAt: when,
      ...fields,
    };
    ws.attachments.push(record);
    attachments.push(record);
  };
  let number = Math.max(0, ...ws.issues.filter((i) => i.teamId === team.id).map((i) => i.number));
  const issues = records.map((record) => {
    const when = tick();
    const issue: IssueRecord = {
      id: crypto.randomUUID(),
      teamId: team.id,
      number: ++number,
      title: clampTitle(recordTitle(record)),
      stateId: state.id,
      estimate: null,
      priority: 0,
      parentId: null,
      cycleId: null,
      assigneeId: null,
      labelIds: record.kind === 'set' ? [labels.space, labels.set] : [labels.space],
      createdAt: when,
      updatedAt: when,
      description: null,
    };
    ws.issues.push(issue);
    attach(issue, {
      url: recordUrl(record.setId, record.kind, record.id),
      title: clampTitle(`KR Lens ${NOUN[record.kind]}: ${recordTitle(record)}`),
      subtitle: `rev ${record.rev} · ${record.updatedBy}`,
      metadata: { [LINEAR_RECORD_FIELD]: JSON.stringify(record) },
    });
    return issue;
  });
  const krIssues = new Map(
    records.flatMap((record, i) => (record.kind === 'kr' ? [[record.id, { issue: issues[i]!, kr: record.data }] as const] : [])),
  );
  for (const checkIn of checkIns) {
    const target = krIssues.get(checkIn.krId)!;
    attach(target.issue, {
      url: checkInUrl(set.id, checkIn.id),
      title: clampTitle(checkInText(checkIn, target.kr)),
      subtitle: null,
      metadata: { [LINEAR_CHECKIN_FIELD]: JSON.stringify(checkIn) },
    });
  }
  return { issues, attachments };
}
