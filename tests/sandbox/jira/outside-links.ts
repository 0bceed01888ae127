/**
 * KR links as other hands leave them in a Jira site, for tests of "the links are the truth"
 * (SPEC "Where data lives"): a script or automation rule that writes the published remote link
 * and nothing else, someone deleting a link in Jira's own UI (the mirror stays), and a mirror
 * that says something else than the links (written by an older version, or overwritten).
 */
import { JIRA_LINKS_PROPERTY, linksPropertyValue } from '../../../lib/trackers/jira/map';
import { krGlobalId } from '../../../lib/trackers/tracker';
import { ACME_SET_ID, krRemoteLink } from './seed';
import { upsertRemoteLink, type FakeJiraState } from './state';

export interface KrSpec {
  krId: string;
  title: string;
  objective: string;
}

function issueOf(state: FakeJiraState, key: string) {
  const issue = state.issues.get(key);
  if (!issue) throw new Error(`No issue ${key} in the fake Jira`);
  return issue;
}

/** A remote link exactly as SPEC publishes it, made without touching the links mirror. */
export function linkByScript(state: FakeJiraState, key: string, kr: KrSpec, setId = ACME_SET_ID): void {
  const { id: _id, ...link } = krRemoteLink(0, kr, setId);
  upsertRemoteLink(state, issueOf(state, key), link);
}

/** The remote link deleted in Jira (its UI, another tool); the mirror is left as it was. */
export function unlinkByHand(state: FakeJiraState, key: string, krId: string, setId = ACME_SET_ID): void {
  const issue = issueOf(state, key);
  const globalId = krGlobalId({ setId, krId });
  const before = issue.remoteLinks.length;
  issue.remoteLinks = issue.remoteLinks.filter((link) => link.globalId !== globalId);
  if (issue.remoteLinks.length === before) throw new Error(`${key} has no link to ${krId}`);
}

/** The links mirror set to these KRs, whatever the links are. */
export function setMirror(state: FakeJiraState, key: string, krIds: string[], setId = ACME_SET_ID): void {
  issueOf(state, key).properties[JIRA_LINKS_PROPERTY] = linksPropertyValue(krIds.map((krId) => krGlobalId({ setId, krId })));
}

/** No links mirror at all, as on a site whose links were all made by other tools. */
export function dropMirror(state: FakeJiraState, key: string): void {
  delete issueOf(state, key).properties[JIRA_LINKS_PROPERTY];
}

/** The site as if no KR Lens had ever written a mirror: the remote links alone. */
export function dropEveryMirror(state: FakeJiraState): void {
  for (const issue of state.issues.values()) delete issue.properties[JIRA_LINKS_PROPERTY];
}
