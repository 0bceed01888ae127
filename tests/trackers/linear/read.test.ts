/**
 * Reading Linear through the adapter, against the fake over real HTTP: who the key belongs to,
 * an issue with its ancestors and all its descendants, batches of issues — and how many requests
 * each takes, since the point of our own documents is to need few.
 */
import { describe, expect, it } from 'vitest';
import { issueSnapshotSchema } from '../../../lib/okr/model';
import { TrackerError } from '../../../lib/trackers/tracker';
import { addIssue, DANA } from '../../sandbox/linear';
import { keysOf, useFakeLinear } from './helpers';

const linear = useFakeLinear();

describe('whoAmI', () => {
  it('names the owner of the API key', async () => {
    await expect(linear.adapter().whoAmI()).resolves.toEqual({
      id: DANA.id,
      name: 'Dana Engineer',
      email: 'dana@acme.example',
      site: 'acme',
    });
    expect(linear.fake.operations()).toEqual(['KrLensViewer']);
  });

  it('learns the workspace from the key when it is not known yet', async () => {
    await expect(linear.adapter({ workspace: '' }).whoAmI()).resolves.toMatchObject({ site: 'acme' });
  });

  it('talks to a local server named localhost, as a developer configures it', async () => {
    await expect(linear.adapter({ apiUrl: linear.fake.localhostUrl }).whoAmI()).resolves.toMatchObject({ name: 'Dana Engineer' });
    expect(linear.fake.requests).toHaveLength(1);
  });

  it('refuses a key from another workspace, with a sentence', async () => {
    linear.fake.state.workspace.organization.urlKey = 'globex';
    const error = await linear
      .adapter()
      .whoAmI()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackerError);
    expect(error).toMatchObject({ kind: 'auth' });
    expect((error as TrackerError).message).toMatch(/belongs to the workspace “Acme” \(globex\), not “acme”/);
  });
});

describe('getIssueWithFamily', () => {
  it.each([
    // key, ancestors nearest first, descendants, requests
    ['MOB-16', [], [], ['KrLensIssueFamily']],
    ['MOB-12', ['MOB-10'], [], ['KrLensIssueFamily']],
    ['MOB-10', [], ['MOB-11', 'MOB-12', 'MOB-13', 'MOB-14', 'MOB-15'], ['KrLensIssueFamily']],
    ['MOB-7', ['MOB-6', 'MOB-3', 'MOB-1'], ['MOB-8'], ['KrLensIssueFamily']],
    // Four levels below MOB-1: the family request reaches three, one more request the fourth.
    ['MOB-1', [], ['MOB-2', 'MOB-3', 'MOB-4', 'MOB-5', 'MOB-6', 'MOB-7', 'MOB-8'], ['KrLensIssueFamily', 'KrLensDescendants']],
    // Four ancestors above MOB-8: the family request nests three, one more request the fourth.
    ['MOB-8', ['MOB-7', 'MOB-6', 'MOB-3', 'MOB-1'], [], ['KrLensIssueFamily', 'KrLensAncestors']],
    ['mob-3', ['MOB-1'], ['MOB-6', 'MOB-7', 'MOB-8'], ['KrLensIssueFamily']],
  ])('%s: ancestors %j, descendants %j, in %j', async (key, ancestors, descendants, requests) => {
    const family = await linear.adapter().getIssueWithFamily(key);
    expect(family?.issue.ref.key).toBe(key.toUpperCase());
    expect(family?.ancestors.map((a) => a.ref.key)).toEqual(ancestors);
    expect(keysOf(family?.descendants ?? [])).toEqual(descendants);
    expect(linear.fake.operations()).toEqual(requests);
  });

  it('maps what the overlay shows, and the KR links of the issue and its ancestors', async () => {
    const family = (await linear.adapter().getIssueWithFamily('MOB-12'))!;
    expect(issueSnapshotSchema.parse(family.issue)).toEqual(family.issue);
    expect(family.issue).toMatchObject({
      ref: { tracker: 'linear', site: 'acme', key: 'MOB-12' },
      title: 'Null pointer in the image cache',
      url: 'https://linear.app/acme/issue/MOB-12/null-pointer-in-the-image-cache',
      kind: 'bug',
      status: { name: 'In Progress', category: 'in_progress' },
      estimate: 2,
      parent: 'MOB-10',
      assignee: { id: DANA.id, name: 'Dana Engineer' },
      team: 'Mobile',
      sprintOrCycle: { name: 'Stability push' },
      labels: ['Bug'],
      // The GitHub attachment on MOB-12 is not a KR link.
      krRefs: [],
    });
    expect(family.ancestors[0]!.krRefs).toEqual([{ setId: 'acme', krId: 'kr-mob-crash-free' }]);
  });

  it('sees a sub-issue linked to a different KR than its parent', async () => {
    const family = (await linear.adapter().getIssueWithFamily('MOB-15'))!;
    expect(family.issue.krRefs).toEqual([{ setId: 'acme', krId: 'kr-mob-offline' }]);
    expect(family.ancestors.map((a) => a.krRefs)).toEqual([[{ setId: 'acme', krId: 'kr-mob-crash-free' }]]);
  });

  it.each([
    ['canceled', 'MOB-5', 'canceled'],
    ['duplicate', 'MOB-14', 'canceled'],
    ['triage', 'MOB-23', 'todo'],
    ['backlog', 'MOB-13', 'todo'],
    ['completed', 'MOB-2', 'done'],
  ])('maps a %s state (%s) to %s', async (_type, key, category) => {
    const family = await linear.adapter().getIssueWithFamily(key);
    expect(family?.issue.status.category).toBe(category);
  });

  it.each([['MOB-999'], ['not a key']])('answers null for %j', async (key) => {
    await expect(linear.adapter().getIssueWithFamily(key)).resolves.toBeNull();
  });

  it('pages through a parent with more sub-issues than one page holds', async () => {
    const workspace = linear.fake.state.workspace;
    addIssue(workspace, { team: 'WEB', number: 100, title: 'Accessibility audit', state: 'In Progress' });
    for (let n = 101; n <= 400; n++)
      addIssue(workspace, { team: 'WEB', number: n, title: `Fix contrast ${n}`, state: 'Todo', parent: 'WEB-100' });
    const family = (await linear.adapter().getIssueWithFamily('WEB-100'))!;
    expect(family.descendants).toHaveLength(300);
    expect(linear.fake.operations()).toEqual(['KrLensIssueFamily', 'KrLensDescendants']);
    expect(linear.fake.requests.map((r) => r.variables.first)).toEqual([250, 250]);
  });
});

describe('getIssues', () => {
  it('reads several issues of several teams in one request, leaving out missing keys', async () => {
    const issues = await linear.adapter().getIssues(['MOB-12', 'WEB-4', 'MOB-999', 'mob-1', 'not a key', 'MOB-12']);
    expect(issues.map((i) => i.ref.key)).toEqual(['MOB-12', 'WEB-4', 'MOB-1']);
    expect(linear.fake.operations()).toEqual(['KrLensIssuesByKey']);
  });

  it('batches a long list of keys, a hundred a request', async () => {
    const workspace = linear.fake.state.workspace;
    for (let n = 100; n < 250; n++) addIssue(workspace, { team: 'MOB', number: n, title: `Issue ${n}`, state: 'Todo' });
    const keys = Array.from({ length: 150 }, (_, i) => `MOB-${100 + i}`);
    const issues = await linear.adapter().getIssues(keys);
    expect(issues.map((i) => i.ref.key)).toEqual(keys);
    expect(linear.fake.operations()).toEqual(['KrLensIssuesByKey', 'KrLensIssuesByKey']);
  });

  it('asks nothing for no keys', async () => {
    await expect(linear.adapter().getIssues([])).resolves.toEqual([]);
    expect(linear.fake.requests).toHaveLength(0);
  });
});
