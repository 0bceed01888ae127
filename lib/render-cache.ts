/**
 * The render cache: the last overlay view the background answered for an issue, kept in
 * `storage.session` so a content script can paint it at once while a stopped service worker wakes.
 * It holds render data only (what `getIssueOverlay` answered), never credentials, settings or OKR
 * sets, and the browser clears it when it closes.
 *
 * Layout in `storage.session`:
 *
 *   krLensRender:issue:<tracker>|<site>|<key>  { scope, savedAt, view }   one per issue, at most MAX_ENTRIES
 *   krLensRender:scope:<tracker>|<site>        scope                      the set/source the site's last answer came from
 *   krLensRender:order                         entry keys, oldest first   for eviction
 *
 * A content script paints an entry only when its scope is the site's current scope (the
 * background drops every scope when the active set changes) and it names the very issue asked
 * for. Whatever a content script reads here is untrusted (a compromised page's renderer could
 * have written it), so it is validated with zod's small build (`zod/mini`) before it is shown.
 */
import * as z from 'zod/mini';
import type { IssueAddress } from './messaging';
import type { OverlayView } from './view/types';

export const MAX_RENDER_ENTRIES = 200;

export const renderKeys = {
  issue: (a: IssueAddress) => `krLensRender:issue:${a.tracker}|${a.site}|${a.key}`,
  scope: (a: Pick<IssueAddress, 'tracker' | 'site'>) => `krLensRender:scope:${a.tracker}|${a.site}`,
  order: 'krLensRender:order',
  scopePrefix: 'krLensRender:scope:',
};

/** What `storage.session` offers; `setAccessLevel` is Chrome's (102+) and may be missing. */
export interface SessionArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface RenderEntry {
  scope: string;
  savedAt: number;
  view: OverlayView;
}

const text = z.string().check(z.maxLength(5000));
const id = z.string().check(z.maxLength(200));
const num = z.number();
const band = z.nullable(z.enum(['green', 'yellow', 'red']));
const measure = z.enum(['issues', 'metric', 'milestone']);

const explanationSchema = z.object({
  measure,
  weighting: z.optional(z.enum(['count', 'estimate'])),
  formula: text,
  notes: z.array(text),
  issues: z.array(
    z.object({
      key: id,
      title: text,
      url: text,
      statusName: text,
      counted: z.enum(['done', 'in_progress', 'todo']),
      weight: num,
      estimated: z.boolean(),
      via: z.optional(id),
    }),
  ),
  checkIns: z.array(z.object({ at: id, value: z.optional(num), confidence: num, note: z.optional(text), author: z.optional(text) })),
});

const krCardSchema = z.object({
  progress: z.nullable(num),
  progressText: id,
  score: z.nullable(num),
  band,
  status: z.enum(['on-track', 'at-risk', 'off-track', 'unknown']),
  setId: id,
  krId: id,
  title: text,
  url: text,
  objectiveId: id,
  objectiveTitle: text,
  chain: z.array(
    z.object({
      kind: z.enum(['kr', 'objective']),
      id,
      title: text,
      level: z.optional(z.enum(['company', 'department', 'team', 'individual'])),
    }),
  ),
  measure,
  confidence: z.optional(num),
  via: z.optional(id),
  direct: z.boolean(),
  explanation: explanationSchema,
});

const overlayViewSchema = z.object({
  issue: z.object({
    tracker: z.enum(['jira', 'linear']),
    site: text,
    key: id,
    title: text,
    url: text,
    kind: z.enum(['epic', 'story', 'task', 'bug', 'subtask', 'other']),
    statusName: text,
    category: z.enum(['todo', 'in_progress', 'done', 'canceled']),
  }),
  classification: z.enum(['aligned', 'run', 'unaligned']),
  krs: z.array(krCardSchema),
  children: z.optional(z.object({ done: num, total: num })),
  fetchedAt: num,
  stale: z.boolean(),
  notice: z.optional(text),
  source: z.optional(z.object({ name: text, place: text, readAt: num, offline: z.optional(text) })),
});

const entrySchema = z.object({ scope: id, savedAt: num, view: overlayViewSchema });

/** The entry when it is well-formed; anything else is not ours to show. */
export function parseRenderEntry(value: unknown): RenderEntry | null {
  const parsed = entrySchema.safeParse(value);
  return parsed.success ? (parsed.data as RenderEntry) : null;
}

/** The entry's key names the site; the view must name the same tracker and issue. */
const sameIssue = (view: OverlayView, a: IssueAddress) => view.issue.tracker === a.tracker && view.issue.key === a.key;

/**
 * The last view answered for this issue under the site's current set, or null: nothing kept,
 * another set's answer, another issue's, or anything malformed. Never throws (a browser without
 * `storage.session` for content scripts, Firefox before it opens it, simply has nothing).
 */
export async function readCachedOverlay(area: SessionArea | undefined, address: IssueAddress): Promise<OverlayView | null> {
  if (!area) return null;
  try {
    const entryKey = renderKeys.issue(address);
    const scopeKey = renderKeys.scope(address);
    const stored = await area.get([entryKey, scopeKey]);
    const scope = stored[scopeKey];
    const entry = parseRenderEntry(stored[entryKey]);
    if (typeof scope !== 'string' || !entry || entry.scope !== scope || !sameIssue(entry.view, address)) return null;
    return entry.view;
  } catch {
    return null;
  }
}
