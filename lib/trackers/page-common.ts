/**
 * What the Jira and Linear `page.ts` files share: the overlay host, the mount getter contract,
 * ordered selector fallbacks and their health report, and theme signals.
 *
 * This ships in content scripts: no zod, no imports beyond types. Every function here is
 * defensive — a host page that changed its DOM must never see an exception from us.
 */
import type { PageHealthEntry } from '../messaging';
import type { TrackerId } from '../okr/model';

/** The overlay's host element (SPEC "UI contract"). */
export const OVERLAY_TAG = 'kr-lens-overlay';
/** Which tracker placed a host; lets both content scripts coexist in tests and demos. */
export const TRACKER_ATTR = 'data-kr-lens-tracker';
/** The issue key the host currently stands for, so a caller can tell when to re-render. */
export const KEY_ATTR = 'data-kr-lens-key';
/** `anchored` (after a page element) or `floating` (fixed to the viewport corner). */
export const PLACEMENT_ATTR = 'data-kr-lens-placement';

export type Placement = 'anchored' | 'floating';
export type Theme = 'light' | 'dark';

export interface Mount {
  host: Element;
  placement: Placement;
}

/**
 * One place the overlay may go. `selector` finds the element; `placeAfter` (default: the element
 * itself) picks the block to insert after, so a heading inside an inline editor can put the overlay
 * after the editor's wrapper rather than inside it.
 */
export type Located =
  /** `list`: the issue opens beside a board or list (Jira's `?selectedIssue=`), whose markers stay. */
  { kind: 'issue'; site: string; key: string; list?: boolean } | { kind: 'list'; site: string } | null;

/** The tracker-specific half of the content script, from `lib/trackers/<tracker>/page.ts`. */
export interface PageDriver {
  tracker: TrackerId;
  locate(url: string): Located;
  mount(doc: Document, url: string): Mount | null;
  unmount(doc: Document): void;
  theme(doc: Document): Theme | null;
  listItems(doc: Document, site: string): Array<{ key: string; element: Element }>;
  /** Which of the page's anchors were found, for Options' page check. */
  health(doc: Document, url: string): PageHealthEntry[];
}

export interface AnchorCandidate {
  name: string;
  selector: string;
  placeAfter?: (found: Element) => Element;
}

/** A named group of ordered fallbacks, reported by `selectorHealth`. */
export interface SelectorGroup {
  name: string;
  /** Whether a page of this kind is expected to have it; missing optional groups are not alarming. */
  required: boolean;
  selectors: readonly string[];
}

export interface SelectorHealthEntry {
  name: string;
  required: boolean;
  found: boolean;
  /** The first selector of the group that matched, or null. */
  matchedSelector: string | null;
  /** 0 is the preferred selector; anything higher means we are running on a fallback. */
  fallbackIndex: number | null;
  count: number;
}

/** `querySelector` that treats an invalid selector as "not found" instead of throwing. */
export function safeQuery(root: ParentNode, selector: string): Element | null {
  try {
    return root.querySelector(selector);
  } catch {
    return null;
  }
}

export function safeQueryAll(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

/** The first element matched by the first selector that matches anything. */
export function queryFirst(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const found = safeQuery(root, selector);
    if (found) return found;
  }
  return null;
}

export interface ResolvedAnchor {
  candidate: AnchorCandidate;
  /** The element the overlay goes after. */
  target: Element;
}

export function findAnchor(root: ParentNode, candidates: readonly AnchorCandidate[]): ResolvedAnchor | null {
  for (const candidate of candidates) {
    const found = safeQuery(root, candidate.selector);
    if (!found) continue;
    let target: Element = found;
    try {
      target = candidate.placeAfter?.(found) ?? found;
    } catch {
      target = found;
    }
    // An anchor we cannot insert after (detached, or the document element) is no anchor.
    if (target.parentNode && target.isConnected) return { candidate, target };
  }
  return null;
}

export function selectorHealth(root: ParentNode, groups: readonly SelectorGroup[]): SelectorHealthEntry[] {
  return groups.map((group) => {
    for (const [index, selector] of group.selectors.entries()) {
      const count = safeQueryAll(root, selector).length;
      if (count > 0) {
        return { name: group.name, required: group.required, found: true, matchedSelector: selector, fallbackIndex: index, count };
      }
    }
    return { name: group.name, required: group.required, found: false, matchedSelector: null, fallbackIndex: null, count: 0 };
  });
}

export function existingHosts(doc: Document, tracker: TrackerId): Element[] {
  return safeQueryAll(doc, `${OVERLAY_TAG}[${TRACKER_ATTR}="${tracker}"]`);
}

function placementOf(host: Element): Placement {
  return host.getAttribute(PLACEMENT_ATTR) === 'floating' ? 'floating' : 'anchored';
}

// Inline so the host is positioned before any stylesheet of ours loads; the shadow root styles
// only the inside. The z-index sits above Jira's and Linear's own layers (modals use ~500–800).
const FLOATING_STYLE = 'position:fixed;right:16px;bottom:16px;z-index:2147483000;display:block;max-width:min(420px,calc(100vw - 32px));';
const ANCHORED_STYLE = 'display:block;position:relative;';

function markPlacement(host: Element, placement: Placement): void {
  host.setAttribute(PLACEMENT_ATTR, placement);
  host.setAttribute('style', placement === 'floating' ? FLOATING_STYLE : ANCHORED_STYLE);
}

function placeAfter(host: Element, target: Element): void {
  if (target.nextSibling !== host) target.after(host);
  markPlacement(host, 'anchored');
}

function placeFloating(doc: Document, host: Element): void {
  const parent = doc.body ?? doc.documentElement;
  if (host.parentNode !== parent) parent.append(host);
  markPlacement(host, 'floating');
}

export interface MountRequest {
  tracker: TrackerId;
  key: string;
  /** Where the overlay should go, or null to float. */
  anchor: ResolvedAnchor | null;
}

/**
 * The mount getter contract (STYLE habit 4), shared by both trackers once they have decided the
 * page is theirs: reuse the existing host (the same element, so a rendered Preact tree and its
 * shadow root survive), move it when a better place has appeared, and create it only when there is
 * none. Duplicates left by an earlier content-script instance are removed. Never throws; returns
 * null only when even a floating host cannot be attached.
 */
export function ensureMount(doc: Document, request: MountRequest): Mount | null {
  try {
    const [existing, ...duplicates] = existingHosts(doc, request.tracker);
    for (const duplicate of duplicates) duplicate.remove();
    const host = existing ?? createHost(doc, request.tracker);
    const sameIssue = host.getAttribute(KEY_ATTR) === request.key;
    host.setAttribute(KEY_ATTR, request.key);
    if (request.anchor) {
      placeAfter(host, request.anchor.target);
      return { host, placement: 'anchored' };
    }
    // No anchor right now. A connected anchored host of the same issue stays where it is: React
    // often removes and re-adds the header while it re-renders, and bouncing to the corner and
    // back would flicker. A host left beside another issue's header must not stay there.
    if (sameIssue && host.isConnected && placementOf(host) === 'anchored') return { host, placement: 'anchored' };
    placeFloating(doc, host);
    return { host, placement: 'floating' };
  } catch {
    return floatingLastResort(doc, request);
  }
}

function createHost(doc: Document, tracker: TrackerId): Element {
  const host = doc.createElement(OVERLAY_TAG);
  host.setAttribute(TRACKER_ATTR, tracker);
  return host;
}

function floatingLastResort(doc: Document, request: MountRequest): Mount | null {
  try {
    const host = existingHosts(doc, request.tracker)[0] ?? createHost(doc, request.tracker);
    host.setAttribute(KEY_ATTR, request.key);
    placeFloating(doc, host);
    return { host, placement: 'floating' };
  } catch {
    return null;
  }
}

/** Removes every host this tracker placed (the page stopped being an issue page). */
export function removeMounts(doc: Document, tracker: TrackerId): void {
  try {
    for (const host of existingHosts(doc, tracker)) host.remove();
  } catch {
    // Nothing to undo: a host we cannot reach cannot be shown either.
  }
}

// ---- issue keys ---------------------------------------------------------------------------------

/**
 * `ABC-123`, case-insensitive, normalised to upper case. Jira project keys start with a letter and
 * may hold letters, digits and underscores; Linear team keys are letters and digits.
 */
const ISSUE_KEY = /^([A-Za-z][A-Za-z0-9_]*)-([1-9][0-9]*)$/;

export function normaliseIssueKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const match = ISSUE_KEY.exec(raw.trim());
  if (!match) return null;
  return `${match[1]!.toUpperCase()}-${match[2]}`;
}

/** `decodeURIComponent` that returns the input when it is not valid percent-encoding. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseHttpUrl(url: string): URL | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed : null;
  } catch {
    return null;
  }
}

export function pathSegments(url: URL): string[] {
  return url.pathname.split('/').filter(Boolean).map(safeDecode);
}

/** Elements that are not inside another element of the list (cards nested in cards count once). */
export function outermost<T extends { element: Element }>(items: readonly T[]): T[] {
  // An ancestor walk per item, not a pairwise `contains`: boards hold hundreds of cards.
  const elements = new Set(items.map((item) => item.element));
  return items.filter((item) => !hasAncestorIn(item.element, elements));
}

/** Whether any ancestor of `element` (not the element itself) is in `set`. */
export function hasAncestorIn(element: Element, set: ReadonlySet<Element>): boolean {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) if (set.has(parent)) return true;
  return false;
}

// ---- theme --------------------------------------------------------------------------------------

export function themeFromWord(value: string | null | undefined): Theme | null {
  const word = value?.trim().toLowerCase();
  return word === 'dark' || word === 'light' ? word : null;
}

/** Parses `rgb()`/`rgba()`/`#rrggbb`/`#rgb`; anything else (named colours, oklch) is unknown. */
export function parseCssColor(value: string): { r: number; g: number; b: number; a: number } | null {
  const text = value.trim().toLowerCase();
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(text);
  if (rgb) {
    const alphaText = rgb[4];
    const a = alphaText === undefined ? 1 : alphaText.endsWith('%') ? Number.parseFloat(alphaText) / 100 : Number(alphaText);
    return { r: Number(rgb[1]), g: Number(rgb[2]), b: Number(rgb[3]), a };
  }
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text);
  if (hex) {
    const digits = hex[1]!;
    const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
    return { r: parseInt(full.slice(0, 2), 16), g: parseInt(full.slice(2, 4), 16), b: parseInt(full.slice(4, 6), 16), a: 1 };
  }
  return null;
}

/** Dark when the colour's relative luminance is low; null for transparent or unparseable colours. */
export function themeFromBackground(value: string | null | undefined): Theme | null {
  if (!value) return null;
  const colour = parseCssColor(value);
  if (!colour || colour.a < 0.5) return null;
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b);
  return luminance < 0.2 ? 'dark' : 'light';
}

/** The page's own `color-scheme` (inline style or `<meta name="color-scheme">`) when it names one. */
export function themeFromColorScheme(doc: Document): Theme | null {
  for (const element of [doc.documentElement, doc.body]) {
    const inline = themeFromWord((element as HTMLElement | null)?.style?.colorScheme);
    if (inline) return inline;
  }
  return themeFromWord(safeQuery(doc, 'meta[name="color-scheme"]')?.getAttribute('content'));
}

export function backgroundTheme(doc: Document): Theme | null {
  const view = doc.defaultView;
  for (const element of [doc.body, doc.documentElement]) {
    if (!element) continue;
    const inline = themeFromBackground((element as HTMLElement).style?.backgroundColor);
    if (inline) return inline;
    try {
      const computed = themeFromBackground(view?.getComputedStyle(element).backgroundColor);
      if (computed) return computed;
    } catch {
      // getComputedStyle can throw on documents without a window; the next signal decides.
    }
  }
  return null;
}
