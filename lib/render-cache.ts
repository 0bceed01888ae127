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
 * have written it), so it is validated before it is shown, with `util/shape.ts` rather than zod
 * (whose smallest build would put the content scripts 6 KB over their bundle budget).
 */
import { array, boolean, literal, nullable, number, object, optional, type Shape, string } from './util/shape';
import type { IssueAddress } from './messaging';
import type { TrackerId } from './okr/model';
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

const text = string(20_000);
const id = string(200);
const measure = literal(['issues', 'metric', 'milestone']);

const explanationShape = object({
  measure,
  weighting: optional(literal(['count', 'estimate'])),
  formula: text,
  notes: array(text),
  issues: array(
    object({
      key: id,
      title: text,
      url: text,
      statusName: text,
      counted: literal(['done', 'in_progress', 'todo']),
      weight: number(),
      estimated: boolean(),
      via: optional(id),
    }),
  ),
  checkIns: array(object({ at: id, value: optional(number()), confidence: number(), note: optional(text), author: optional(text) })),
});

const krCardShape = object({
  progress: nullable(number()),
  progressText: id,
  score: nullable(number()),
  band: nullable(literal(['green', 'yellow', 'red'])),
  status: literal(['on-track', 'at-risk', 'off-track', 'unknown']),
  setId: id,
  krId: id,
  title: text,
  url: text,
  objectiveId: id,
  objectiveTitle: text,
  chain: array(
    object({
      kind: literal(['kr', 'objective']),
      id,
      title: text,
      level: optional(literal(['company', 'department', 'team', 'individual'])),
    }),
  ),
  measure,
  confidence: optional(number()),
  via: optional(id),
  direct: boolean(),
  explanation: explanationShape,
});

/** What a kept overlay view must look like (tests hold it to `OverlayView`). */
export const overlayViewShape = object({
  issue: object({
    // Any id here: `sameIssue` then requires the page's own tracker, stricter than a list of ids.
    tracker: id as Shape<TrackerId>,
    site: text,
    key: id,
    title: text,
    url: text,
    kind: literal(['epic', 'story', 'task', 'bug', 'subtask', 'other']),
    statusName: text,
    category: literal(['todo', 'in_progress', 'done', 'canceled']),
  }),
  classification: literal(['aligned', 'run', 'unaligned']),
  krs: array(krCardShape),
  children: optional(object({ done: number(), total: number() })),
  fetchedAt: number(),
  stale: boolean(),
  notice: optional(text),
  source: optional(object({ name: text, place: text, readAt: number(), offline: optional(text) })),
});

const entryShape = object({ scope: string(2_000), savedAt: number(), view: overlayViewShape });

/** The entry when it is well-formed; anything else is not ours to show. */
export function parseRenderEntry(value: unknown): RenderEntry | null {
  return entryShape.check(value) ? (value as RenderEntry) : null;
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
