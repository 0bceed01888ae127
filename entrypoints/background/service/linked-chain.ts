/**
 * An issue in a KR's linked tree whose links came complete (`LinkedSet.linksOf`: the tracker
 * reported every link of every issue in it to the active set's KRs) is known with its links
 * checked, as an issue read would know it. Its chain is in the tree up to the tree's root, and
 * above the root in the issue pieces, so its page needs no request of its own. Freshness is the
 * tree's: a link made or deleted since shows when the tree is read again (SPEC "The links are the
 * truth", within the freshness window).
 */
import type { IssueSnapshot, OkrSet } from '../../../lib/okr/model';
import type { IssuePieces, LinkedSet, Piece, TrackerSite } from './issue-pieces';

/**
 * The issue and its ancestors, nearest first, from the newest linked tree with complete links
 * that holds it (and, above the tree, the pieces); null when none does.
 */
export async function chainFromLinkedTree(
  pieces: IssuePieces,
  set: OkrSet,
  address: TrackerSite & { key: string },
  freshOnly: boolean,
): Promise<Piece<IssueSnapshot[]> | null> {
  // Every KR's tree at once: after a worker restart each is a storage read.
  const issuesKrs = set.keyResults.filter((kr) => kr.measure.type === 'issues');
  const trees = await Promise.all(issuesKrs.map((kr) => pieces.linked(address, { setId: set.id, krId: kr.id }, freshOnly)));
  let newest: Piece<IssueSnapshot[]> | null = null;
  for (const tree of trees) {
    if (!tree?.value.linksOf || !tree.value.issues.some((issue) => issue.ref.key === address.key)) continue;
    const chain = await chainWithin(pieces, address, tree, freshOnly);
    if (chain && (!newest || chain.fetchedAt > newest.fetchedAt)) newest = chain;
  }
  return newest;
}

/**
 * Up the tree from the page's issue. An ancestor read on its own since the tree was (a page of
 * it, after a link change there) is taken from that read with everything above it; above the
 * tree's root the chain must be in the pieces.
 */
async function chainWithin(
  pieces: IssuePieces,
  address: TrackerSite & { key: string },
  tree: Piece<LinkedSet>,
  freshOnly: boolean,
): Promise<Piece<IssueSnapshot[]> | null> {
  const byKey = new Map(tree.value.issues.map((issue) => [issue.ref.key, issue]));
  const linksOf = tree.value.linksOf ?? {};
  const chain: IssueSnapshot[] = [];
  for (let key: string | undefined = address.key; key !== undefined; ) {
    if (chain.some((issue) => issue.ref.key === key)) break;
    const inTree = byKey.get(key);
    if (chain.length > 0) {
      const read = await pieces.chain(address, key, freshOnly);
      if (read && (!inTree || read.fetchedAt >= tree.fetchedAt)) {
        return { value: [...chain, ...read.value], fetchedAt: Math.min(tree.fetchedAt, read.fetchedAt) };
      }
    }
    if (!inTree) return null;
    chain.push({ ...inTree, krRefs: linksOf[key] ?? [] });
    key = inTree.parent;
  }
  return { value: chain, fetchedAt: tree.fetchedAt };
}
