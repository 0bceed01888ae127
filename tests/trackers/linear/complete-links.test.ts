/**
 * A linked search that names the active set (`within`) returns every issue, descendants too, with
 * all its links to the set's KRs, however they were made; and it takes the parts of a tree its
 * caller has just read instead of asking for them again.
 */
import { describe, expect, it } from 'vitest';
import type { IssueSnapshot } from '../../../lib/okr/model';
import type { KrWithUrl } from '../../../lib/trackers/tracker';
import { ACME_HOME_URL, addAttachment, KR_CRASH_FREE, KR_OFFLINE, type SeedKr } from '../../sandbox/linear';
import { useFakeLinear } from './helpers';

const linear = useFakeLinear();

const ref = (kr: SeedKr): KrWithUrl => ({ setId: kr.setId, krId: kr.krId, url: kr.url });
const ROLLBACK: KrWithUrl = { setId: 'acme', krId: 'kr-plat-rollback', url: `${ACME_HOME_URL}/platform#rollback` };
/** The active set's KRs, as the background passes them. */
const WITHIN = [ref(KR_CRASH_FREE), ref(KR_OFFLINE), ROLLBACK];

const krsOf = (issues: readonly IssueSnapshot[], key: string) =>
  issues
    .find((issue) => issue.ref.key === key)!
    .krRefs.map((r) => `${r.setId}:${r.krId}`)
    .sort();

/** A link written by a script: the KR's URL, none of KR Lens's title or metadata. */
const byScript = (key: string, url: string) =>
  addAttachment(linear.fake.state.workspace, key, { url, title: 'OKR', subtitle: null, metadata: {} });

describe('findLinkedIssues within the active set', () => {
  it("gives a sub-issue's hand-made link to another KR of the set, and says the links are complete", async () => {
    byScript('MOB-13', KR_OFFLINE.url);
    byScript('MOB-11', ROLLBACK.url);
    const found = await linear.adapter().findLinkedIssues([ref(KR_CRASH_FREE)], undefined, { krs: WITHIN });
    expect(found.linksComplete).toBe(true);
    expect(krsOf(found.issues, 'MOB-10')).toEqual(['acme:kr-mob-crash-free']);
    expect(krsOf(found.issues, 'MOB-13')).toEqual(['acme:kr-mob-offline']);
    expect(krsOf(found.issues, 'MOB-11')).toEqual(['acme:kr-plat-rollback']);
    // MOB-15's own link to the other KR, made by KR Lens.
    expect(krsOf(found.issues, 'MOB-15')).toEqual(['acme:kr-mob-offline']);
    expect(krsOf(found.issues, 'MOB-12')).toEqual([]);
    expect(linear.fake.operations()).toEqual(['KrLensLinkedWithDescendants']);
    expect(linear.fake.requests[0]!.variables.krAttachments).toEqual({
      or: [{ title: { startsWith: 'KR: ' } }, { url: { startsWith: `${ACME_HOME_URL}#kr-` } }, { url: { in: [ROLLBACK.url] } }],
    });
  });

  it('leaves out a link to a KR of another set made by hand, and names the set of one KR Lens made', async () => {
    byScript('MOB-13', 'https://okrs.other.example/2026#kr-kr-x');
    addAttachment(linear.fake.state.workspace, 'MOB-14', {
      url: 'https://kr-lens.invalid/other#kr-kr-y',
      title: 'KR: Another set',
      subtitle: null,
      metadata: { krLens: 'other:kr-y' },
    });
    const found = await linear.adapter().findLinkedIssues([ref(KR_CRASH_FREE)], undefined, { krs: WITHIN });
    expect(krsOf(found.issues, 'MOB-13')).toEqual([]);
    expect(krsOf(found.issues, 'MOB-14')).toEqual(['other:kr-y']);
  });

  it('a link deleted since is gone from the next read', async () => {
    const attachment = byScript('MOB-13', KR_OFFLINE.url);
    const adapter = linear.adapter();
    expect(krsOf((await adapter.findLinkedIssues([ref(KR_CRASH_FREE)], undefined, { krs: WITHIN })).issues, 'MOB-13')).toEqual([
      'acme:kr-mob-offline',
    ]);
    const workspace = linear.fake.state.workspace;
    workspace.attachments = workspace.attachments.filter((a) => a.id !== attachment.id);
    expect(krsOf((await adapter.findLinkedIssues([ref(KR_CRASH_FREE)], undefined, { krs: WITHIN })).issues, 'MOB-13')).toEqual([]);
  });

  it('without the set, the links of the searched KRs only, and no claim', async () => {
    byScript('MOB-13', KR_OFFLINE.url);
    const found = await linear.adapter().findLinkedIssues([ref(KR_CRASH_FREE)]);
    expect(found.linksComplete).toBeUndefined();
    expect(krsOf(found.issues, 'MOB-13')).toEqual([]);
  });

  it("takes the levels below an issue the caller has just read: MOB-1's fourth level costs nothing after MOB-3's page", async () => {
    const adapter = linear.adapter();
    const family = (await adapter.getIssueWithFamily('MOB-3', { krs: WITHIN }))!;
    expect(family.descendants.map((issue) => issue.ref.key)).toEqual(['MOB-6', 'MOB-7', 'MOB-8']);
    linear.fake.reset();
    const found = await adapter.findLinkedIssues([ref(KR_OFFLINE)], undefined, {
      krs: WITHIN,
      knownBelow: new Map([['MOB-3', family.descendants]]),
    });
    expect(linear.fake.operations()).toEqual(['KrLensLinkedWithDescendants']);
    const keys = found.issues.map((issue) => issue.ref.key);
    expect(keys).toContain('MOB-8');
    expect(new Set(keys).size).toBe(keys.length);
    expect(found.issues.find((issue) => issue.ref.key === 'MOB-8')?.parent).toBe('MOB-7');
  });

  it('asks for the fourth level when what the caller read does not reach it', async () => {
    const adapter = linear.adapter();
    const family = (await adapter.getIssueWithFamily('MOB-12', { krs: WITHIN }))!;
    linear.fake.reset();
    const found = await adapter.findLinkedIssues([ref(KR_OFFLINE)], undefined, {
      krs: WITHIN,
      knownBelow: new Map([['MOB-12', family.descendants]]),
    });
    expect(linear.fake.operations()).toEqual(['KrLensLinkedWithDescendants', 'KrLensDescendants']);
    expect(found.issues.map((issue) => issue.ref.key)).toContain('MOB-8');
  });
});

describe('getIssueWithFamily within the active set', () => {
  it('sees a link pasted by hand on the issue and on its ancestors, which our own title alone would miss', async () => {
    byScript('MOB-6', KR_CRASH_FREE.url);
    byScript('MOB-1', ROLLBACK.url);
    const adapter = linear.adapter();
    const family = (await adapter.getIssueWithFamily('MOB-7', { krs: WITHIN }))!;
    expect(family.issue.krRefs).toEqual([]);
    expect(krsOf(family.ancestors, 'MOB-6')).toEqual(['acme:kr-mob-crash-free']);
    expect(krsOf(family.ancestors, 'MOB-1')).toEqual(['acme:kr-mob-offline', 'acme:kr-plat-rollback']);
    const below = (await adapter.getIssueWithFamily('MOB-3', { krs: WITHIN }))!;
    expect(krsOf(below.descendants, 'MOB-6')).toEqual(['acme:kr-mob-crash-free']);
  });
});
