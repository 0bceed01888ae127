/**
 * Jira's enhanced search pages with `nextPageToken`. A token seen twice ends the walk (a site
 * that hands the same page back would otherwise loop), and so does a page cap.
 */
export interface TokenPage<T> {
  issues: T[];
  nextPageToken?: string | null | undefined;
  isLast?: boolean | null | undefined;
}

const MAX_PAGES = 1000;

/** Every item of a paged search, in order: `fetchPage` reads the page after `token` (none first). */
export async function collectTokenPages<T>(fetchPage: (token: string | undefined) => Promise<TokenPage<T>>): Promise<T[]> {
  return (await walkTokenPages(fetchPage, MAX_PAGES)).items;
}

/**
 * Like collectTokenPages, but at most `maxPages` pages: null when the search has more than that
 * (what was read is left unused).
 */
export async function collectTokenPagesUpTo<T>(
  fetchPage: (token: string | undefined) => Promise<TokenPage<T>>,
  maxPages: number,
): Promise<T[] | null> {
  const walk = await walkTokenPages(fetchPage, maxPages);
  return walk.complete ? walk.items : null;
}

/** The items of up to `maxPages` pages; `complete` when the search ended within them. */
async function walkTokenPages<T>(
  fetchPage: (token: string | undefined) => Promise<TokenPage<T>>,
  maxPages: number,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  const seenTokens = new Set<string>();
  let nextPageToken: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const parsed = await fetchPage(nextPageToken);
    items.push(...parsed.issues);
    const token = parsed.nextPageToken ?? undefined;
    if (!token || parsed.isLast === true || seenTokens.has(token)) return { items, complete: true };
    seenTokens.add(token);
    nextPageToken = token;
  }
  return { items, complete: false };
}
