/**
 * KR links in Linear: attachments written, rewritten and removed through the adapter, and found
 * again by URL across many KRs — batched and paged, never a request per issue or per KR.
 */
import { describe, expect, it } from 'vitest';
import type { KrRef } from '../../../lib/okr/model';
import type { KrLinkTarget } from '../../../lib/trackers/tracker';
import {
  ACME_HOME_URL,
  addAttachment,
  addIssue,
  addKrAttachment,
  findIssueByIdentifier,
  KR_CRASH_FREE,
  KR_OFFLINE,
  type LinearWorkspace,
  type SeedKr,
} from '../../sandbox/linear';
import { keysOf, useFakeLinear } from './helpers';

const linear = useFakeLinear();

const target = (kr: SeedKr, title = kr.title): KrLinkTarget => ({
  setId: kr.setId,
  krId: kr.krId,
  url: kr.url,
  title,
  objectiveTitle: kr.objectiveTitle,
});
const ref = (kr: SeedKr): KrRef & { url: string } => ({ setId: kr.setId, krId: kr.krId, url: kr.url });

function attachmentsOf(workspace: LinearWorkspace, key: string) {
  const issue = findIssueByIdentifier(workspace, key)!;
  return workspace.attachments.filter((a) => a.issueId === issue.id);
}

describe('link', () => {
  it('writes one attachment shaped as SPEC says, in one request', async () => {
    await linear.adapter().link('MOB-20', target(KR_CRASH_FREE));
    expect(attachmentsOf(linear.fake.state.workspace, 'MOB-20')).toEqual([
      expect.objectContaining({
        url: 'https://okrs.acme.example/2026#kr-kr-mob-crash-free',
        title: 'KR: Crash-free sessions reach 99.5%',
        subtitle: 'Make the mobile app dependable',
        metadata: { krLens: 'acme:kr-mob-crash-free' },
      }),
    ]);
    expect(linear.fake.operations()).toEqual(['KrLensLink']);
    const family = await linear.adapter().getIssueWithFamily('MOB-20');
    expect(family?.issue.krRefs).toEqual([{ setId: 'acme', krId: 'kr-mob-crash-free' }]);
  });

  it('is idempotent: linking again updates the one attachment instead of adding another', async () => {
    const adapter = linear.adapter();
    await adapter.link('MOB-20', target(KR_CRASH_FREE));
    await adapter.link('MOB-20', target(KR_CRASH_FREE, 'Crash-free sessions reach 99.7%'));
    await adapter.link('mob-20', target(KR_CRASH_FREE, 'Crash-free sessions reach 99.7%'));
    const attachments = attachmentsOf(linear.fake.state.workspace, 'MOB-20');
    expect(attachments).toHaveLength(1);
    expect(attachments[0]!.title).toBe('KR: Crash-free sessions reach 99.7%');
  });

  it('keeps links to two KRs on one issue apart', async () => {
    const adapter = linear.adapter();
    await adapter.link('MOB-21', target(KR_CRASH_FREE));
    await adapter.link('MOB-21', target(KR_OFFLINE));
    const family = await adapter.getIssueWithFamily('MOB-21');
    expect(family?.issue.krRefs.map((r) => r.krId).sort()).toEqual(['kr-mob-crash-free', 'kr-mob-offline']);
  });

  it('says so when the issue does not exist', async () => {
    await expect(linear.adapter().link('MOB-999', target(KR_CRASH_FREE))).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('unlink', () => {
  it('removes the link and nothing else', async () => {
    const workspace = linear.fake.state.workspace;
    const others = attachmentsOf(workspace, 'MOB-10').filter((a) => a.url !== KR_CRASH_FREE.url);
    expect(others).toHaveLength(1);
    await linear.adapter().unlink('MOB-10', ref(KR_CRASH_FREE));
    expect(attachmentsOf(workspace, 'MOB-10')).toEqual(others);
    expect(linear.fake.operations()).toEqual(['KrLensIssueAttachments', 'KrLensUnlink']);
    // The same URL stays linked on the other issues.
    expect(workspace.attachments.filter((a) => a.url === KR_CRASH_FREE.url)).toHaveLength(2);
  });

  it.each([
    ['a link that is not there', 'MOB-20'],
    ['an issue that is not there', 'MOB-999'],
  ])('succeeds for %s, writing nothing', async (_what, key) => {
    const before = linear.fake.state.workspace.attachments.length;
    await expect(linear.adapter().unlink(key, ref(KR_OFFLINE))).resolves.toBeUndefined();
    expect(linear.fake.state.workspace.attachments).toHaveLength(before);
    expect(linear.fake.operations()).toEqual(['KrLensIssueAttachments']);
  });

  it('link → unlink → link leaves exactly one attachment', async () => {
    const adapter = linear.adapter();
    await adapter.link('MOB-22', target(KR_OFFLINE));
    await adapter.unlink('MOB-22', ref(KR_OFFLINE));
    expect(attachmentsOf(linear.fake.state.workspace, 'MOB-22')).toHaveLength(0);
    await adapter.link('MOB-22', target(KR_OFFLINE));
    expect(attachmentsOf(linear.fake.state.workspace, 'MOB-22')).toHaveLength(1);
  });
});

describe('findLinkedIssues', () => {
  it('finds the linked issues and everything below them, each once, with their own KR links', async () => {
    const { issues, fallbackNotice } = await linear.adapter().findLinkedIssues([ref(KR_CRASH_FREE), ref(KR_OFFLINE)]);
    expect(fallbackNotice).toBeUndefined();
    expect(keysOf(issues)).toEqual([
      'MOB-1',
      'MOB-2',
      'MOB-3',
      'MOB-4',
      'MOB-5',
      'MOB-6',
      'MOB-7',
      'MOB-8',
      'MOB-10',
      'MOB-11',
      'MOB-12',
      'MOB-13',
      'MOB-14',
      'MOB-15',
      'MOB-16',
      'WEB-6',
    ]);
    const krsOf = (key: string) => issues.find((i) => i.ref.key === key)!.krRefs.map((r) => r.krId);
    expect(krsOf('MOB-10')).toEqual(['kr-mob-crash-free']);
    expect(krsOf('MOB-15')).toEqual(['kr-mob-offline']);
    expect(krsOf('MOB-12')).toEqual([]);
    // One request for the linked issues and three levels below them, MOB-1's fourth level in a second.
    expect(linear.fake.operations()).toEqual(['KrLensLinkedWithDescendants', 'KrLensDescendants']);
  });

  it('counts a KR link URL pasted by hand, without our metadata, as a link to that KR', async () => {
    addAttachment(linear.fake.state.workspace, 'MOB-21', { url: KR_OFFLINE.url, title: 'OKR page', subtitle: null, metadata: {} });
    const { issues } = await linear.adapter().findLinkedIssues([ref(KR_OFFLINE)]);
    expect(issues.find((i) => i.ref.key === 'MOB-21')?.krRefs).toEqual([{ setId: 'acme', krId: 'kr-mob-offline' }]);
  });

  it('searches more than a hundred KRs across several pages in a handful of requests', async () => {
    const workspace = linear.fake.state.workspace;
    const krs: SeedKr[] = Array.from({ length: 120 }, (_, i) => ({
      setId: 'acme',
      krId: `kr-load-${i}`,
      title: `Load KR ${i}`,
      objectiveTitle: 'Scale',
      url: `${ACME_HOME_URL}#kr-kr-load-${i}`,
    }));
    let number = 1000;
    for (const kr of krs) {
      for (let copy = 0; copy < 3; copy++) {
        const issue = addIssue(workspace, { team: 'MOB', number: ++number, title: `Work for ${kr.krId}`, state: 'Todo' });
        addKrAttachment(workspace, `MOB-${issue.number}`, kr);
      }
    }
    const { issues } = await linear.adapter().findLinkedIssues(krs.map(ref));
    expect(issues).toHaveLength(360);
    expect(new Set(issues.map((i) => i.krRefs[0]!.krId)).size).toBe(120);
    // URLs in batches of 100: the first batch has 300 issues (half a page with the sub-issues, then
    // a page of 250), the second 60.
    expect(linear.fake.operations()).toEqual(['KrLensLinkedWithDescendants', 'KrLensLinkedIssues', 'KrLensLinkedWithDescendants']);
    expect(linear.fake.requests.map((r) => r.variables.first)).toEqual([125, 250, 125]);
    expect(linear.fake.requests.map((r) => ((r.variables.filter as any).attachments.some.url.in as string[]).length)).toEqual([
      100, 100, 20,
    ]);
  });

  it('asks nothing for no KRs', async () => {
    await expect(linear.adapter().findLinkedIssues([])).resolves.toEqual({ issues: [] });
    expect(linear.fake.requests).toHaveLength(0);
  });
});
