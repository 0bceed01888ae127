/**
 * An issue page's data — the issue, its ancestors and descendants, and the linked sets of the
 * issues KRs it serves — put together from the cached pieces (issue-pieces.ts) and reading from
 * the tracker only the pieces that are missing or no longer fresh. The descendants of an issue
 * that sits in a linked tree come from that tree, not from a search of their own.
 */
import type { IssueSnapshot, OkrSet } from '../../../lib/okr/model';
import { TrackerError, type IssueWithFamily, type KrWithUrl, type LinkIndex, type TrackerAdapter } from '../../../lib/trackers/tracker';
import { servedKrRefs } from '../../../lib/view/overlay';
import { readTreeHolding } from './issue-tree';
import { chainFromLinkedTree } from './linked-chain';
import { linkedSetOf, mergeLinkedSets, subtreeOf, type IssuePieces, type LinkedSet, type Piece, type TrackerSite } from './issue-pieces';
import { readerKrs } from './shared';

export interface IssueData {
  family: IssueWithFamily;
  linked: IssueSnapshot[];
  notice?: string;
}

/** The data and when its oldest piece was read. */
export type IssueAnswer = Piece<IssueData>;

/** The issues KRs the family serves, with their link URLs. */
export function servedIssuesKrs(set: OkrSet, family: IssueWithFamily): KrWithUrl[] {
  return servedKrRefs(set, family)
    .filter((kr) => kr.measure.type === 'issues')
    .map((kr) => ({ setId: set.id, krId: kr.id, url: kr.url }));
}

const toData = (family: IssueWithFamily, linked: LinkedSet): IssueData => ({
  family,
  linked: linked.issues,
  ...(linked.notice ? { notice: linked.notice } : {}),
});

/** From the cache alone; null when a piece is missing (or, with `freshOnly`, no longer fresh). */
export async function issueFromCache(
  pieces: IssuePieces,
  set: OkrSet,
  address: TrackerSite & { key: string },
  freshOnly: boolean,
): Promise<IssueAnswer | null> {
  const chain = await cachedChain(pieces, set, address, freshOnly);
  if (!chain) return null;
  const [issue, ...ancestors] = chain.value;
  const family: IssueWithFamily = { issue: issue!, ancestors, descendants: [] };
  const linkedPieces = await Promise.all(servedIssuesKrs(set, family).map((kr) => pieces.linked(address, kr, freshOnly)));
  if (linkedPieces.some((piece) => piece === null)) return null;
  const linked = mergeLinkedSets(linkedPieces.map((piece) => piece!.value));
  let fetchedAt = Math.min(chain.fetchedAt, ...linkedPieces.map((piece) => piece!.fetchedAt));
  let descendants = subtreeOf(address.key, linked.issues);
  if (descendants === null) {
    const below = await pieces.descendants(address, address.key, freshOnly);
    if (!below) return null;
    descendants = below.value;
    fetchedAt = Math.min(fetchedAt, below.fetchedAt);
  }
  return { value: toData({ ...family, descendants }, linked), fetchedAt };
}

/** The issue's own read while fresh, else the newer of it and a linked tree holding the issue. */
async function cachedChain(
  pieces: IssuePieces,
  set: OkrSet,
  address: TrackerSite & { key: string },
  freshOnly: boolean,
): Promise<Piece<IssueSnapshot[]> | null> {
  const own = await pieces.chain(address, address.key, freshOnly);
  if (own && pieces.isFresh(own.fetchedAt)) return own;
  const tree = await chainFromLinkedTree(pieces, set, address, freshOnly);
  return own && (!tree || own.fetchedAt >= tree.fetchedAt) ? own : tree;
}

export interface IssueReadContext {
  pieces: IssuePieces;
  adapter: TrackerAdapter;
  set: OkrSet;
  now: number;
  /** False: every piece is read again (after a link change, or when the page asks for fresh data). */
  usePieces: boolean;
  /**
   * The set's link index (link-index.ts), read or taken from the cache on first call and the same
   * promise after; readIssue provides it.
   */
  index?: () => Promise<Piece<LinkIndex> | null>;
}

/** The index alone, for an adapter's read. */
export const indexValue = (piece: Promise<Piece<LinkIndex> | null> | undefined): Promise<LinkIndex | null> | undefined =>
  piece?.then((p) => p?.value ?? null);

/** When data read now with links from the index was as good as read: no later than the index. */
async function readAt(rc: IssueReadContext): Promise<number> {
  const index = rc.index ? await rc.index() : null;
  return Math.min(rc.now, index?.fetchedAt ?? rc.now);
}

/** The context with its link index started on first need, once per read. */
function withIndex(rc: IssueReadContext, site: TrackerSite): IssueReadContext {
  let started: Promise<Piece<LinkIndex> | null> | undefined;
  return {
    ...rc,
    index:
      rc.index ??
      (() => (started ??= rc.pieces.linkIndex(rc.adapter, site, rc.set, { reuse: rc.usePieces, now: rc.now, repairMirrors: true }))),
  };
}

/** The issue page's data, reading what the cache does not hold fresh (everything when `!usePieces`). */
export async function readIssue(context: IssueReadContext, address: TrackerSite & { key: string }): Promise<IssueAnswer> {
  const rc = withIndex(context, address);
  const family = await readFamily(rc, address);
  const known = family.value.descendantsLeftOut ? undefined : new Map([[family.value.issue.ref.key, family.value.descendants]]);
  const linked = await readLinked(rc, address, servedIssuesKrs(rc.set, family.value), known);
  let descendants = family.value.descendants;
  let fetchedAt = Math.min(family.fetchedAt, linked.fetchedAt);
  if (family.value.descendantsLeftOut) {
    const below = await readDescendants(rc, address, family.value.issue, linked.value.issues);
    descendants = below.value;
    fetchedAt = Math.min(fetchedAt, below.fetchedAt);
  }
  const { descendantsLeftOut: _, ...rest } = family.value;
  return { value: toData({ ...rest, descendants }, linked.value), fetchedAt };
}

async function readFamily(rc: IssueReadContext, address: TrackerSite & { key: string }): Promise<Piece<IssueWithFamily>> {
  const chain = rc.usePieces
    ? ((await rc.pieces.chain(address, address.key, true)) ??
      (await chainFromLinkedTree(rc.pieces, rc.set, address, true)) ??
      (await readTreeHolding(rc, address)))
    : null;
  if (chain) {
    const [issue, ...ancestors] = chain.value;
    return { value: { issue: issue!, ancestors, descendants: [], descendantsLeftOut: true }, fetchedAt: chain.fetchedAt };
  }
  // The family's links come from the index, not a check of their own. The adapter starts it once
  // the issue is answered (a fresh one costs no request): a rate limit answered to the issue
  // then holds it too, instead of a search racing it.
  const index = rc.index;
  const family = await rc.adapter.getIssueWithFamily(address.key, {
    krs: readerKrs(rc.set),
    descendants: false,
    ...(index ? { linkIndex: () => indexValue(index())! } : {}),
  });
  if (!family) {
    throw new TrackerError(
      'not-found',
      `${address.key} was not found: it may have been deleted or moved, or you may not have access to it.`,
    );
  }
  const at = await readAt(rc);
  await rc.pieces.putChain(address, [family.issue, ...family.ancestors], at);
  if (!family.descendantsLeftOut) await rc.pieces.putDescendants(address, family.issue.ref.key, family.descendants, at);
  return { value: family, fetchedAt: at };
}

/**
 * Each served KR's linked set, from the cache when fresh; the others in one read, then split per
 * KR. The read asks for every issue's links to the whole set (kept when the tracker gives them,
 * see linked-chain.ts) and takes the page's own descendants, just read, as they are.
 */
async function readLinked(
  rc: IssueReadContext,
  site: TrackerSite,
  krs: readonly KrWithUrl[],
  knownBelow?: ReadonlyMap<string, readonly IssueSnapshot[]>,
): Promise<Piece<LinkedSet>> {
  const cached = await Promise.all(krs.map((kr) => (rc.usePieces ? rc.pieces.linked(site, kr, true) : null)));
  const missing = krs.filter((_, index) => cached[index] === null);
  const sets = cached.flatMap((piece) => (piece ? [piece.value] : []));
  let fetchedAt = Math.min(rc.now, ...cached.flatMap((piece) => (piece ? [piece.fetchedAt] : [])));
  if (missing.length > 0) {
    const found = await rc.adapter.findLinkedIssues(missing, undefined, {
      krs: readerKrs(rc.set),
      linkIndex: indexValue(rc.index?.()),
      ...(knownBelow ? { knownBelow } : {}),
    });
    const read = missing.map((kr) => ({ kr, set: linkedSetOf(kr, found.issues, found.fallbackNotice, found.linksComplete === true) }));
    const at = await readAt(rc);
    await Promise.all(read.map(({ kr, set }) => rc.pieces.putLinked(site, kr, set, at)));
    sets.push(...read.map(({ set }) => set));
    fetchedAt = Math.min(fetchedAt, at);
  }
  return { value: mergeLinkedSets(sets), fetchedAt };
}

/** Below the issue: from a linked tree that holds it, from the cache, or read. */
async function readDescendants(
  rc: IssueReadContext,
  site: TrackerSite,
  issue: IssueSnapshot,
  linked: readonly IssueSnapshot[],
): Promise<Piece<IssueSnapshot[]>> {
  const inTree = subtreeOf(issue.ref.key, linked);
  if (inTree) return { value: inTree, fetchedAt: rc.now };
  const cached = rc.usePieces ? await rc.pieces.descendants(site, issue.ref.key, true) : null;
  if (cached) return cached;
  const descendants = rc.adapter.getDescendants
    ? await rc.adapter.getDescendants(issue, { krs: readerKrs(rc.set) })
    : ((await rc.adapter.getIssueWithFamily(issue.ref.key, { krs: readerKrs(rc.set) }))?.descendants ?? []);
  await rc.pieces.putDescendants(site, issue.ref.key, descendants, rc.now);
  return { value: descendants, fetchedAt: rc.now };
}
