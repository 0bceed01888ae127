/**
 * The sandbox pages' single-page-app behaviour. Like Jira and Linear, following a link to another
 * issue swaps the main area and calls `history.pushState` — no reload — so the content script's
 * SPA handling (location change, re-mount) is exercised exactly as on the real sites.
 *
 * Every reachable route is rendered ahead of time in Node and embedded as JSON, so the browser
 * side stays a few lines long and the markup has one source.
 */
import { type SafeHtml, html, jsonForScript, raw } from './html';
import type { SandboxIssue } from './types';

export interface SandboxView {
  /** The markup that goes into the page's outlet (`[data-sandbox-outlet]`). */
  html: string;
  title: string;
}

export interface SandboxData {
  tracker: 'jira' | 'linear';
  issues: readonly SandboxIssue[];
  /** Keyed by `pathname + search`, exactly as the page's links spell them. */
  views: Record<string, SandboxView>;
}

export const OUTLET_ATTR = 'data-sandbox-outlet';
export const ROUTE_ATTR = 'data-sandbox-route';
/** Elements that navigate like a link when clicked (board cards, the modal's close button). */
export const HREF_ATTR = 'data-sandbox-href';
export const DATA_SCRIPT_ID = 'kr-sandbox-data';

// Plain ES2017 so it runs in any engine the tests use. Modified clicks and target=_blank links are
// left to the browser, as the real apps do; routes the page does not know make a normal load.
const SPA_SCRIPT = `(function () {
  var dataElement = document.getElementById('${DATA_SCRIPT_ID}');
  if (!dataElement) return;
  var views = JSON.parse(dataElement.textContent || '{}').views || {};
  function routeOf(url) { return url.pathname + url.search; }
  function show(route) {
    var view = views[route];
    var outlet = document.querySelector('[${OUTLET_ATTR}]');
    if (!view || !outlet) return false;
    outlet.innerHTML = view.html;
    document.title = view.title;
    document.documentElement.setAttribute('${ROUTE_ATTR}', route);
    return true;
  }
  document.addEventListener('click', function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var target = event.target && event.target.closest ? event.target : null;
    var link = target && target.closest('a[href], [${HREF_ATTR}]');
    if (!link || link.getAttribute('target') === '_blank') return;
    var url = new URL(link.getAttribute('href') || link.getAttribute('${HREF_ATTR}') || '', location.href);
    var route = routeOf(url);
    if (url.origin !== location.origin || !Object.prototype.hasOwnProperty.call(views, route)) return;
    event.preventDefault();
    if (route === routeOf(location)) return;
    history.pushState({ route: route }, '', url.href);
    show(route);
    if (window.scrollTo) window.scrollTo(0, 0);
  });
  window.addEventListener('popstate', function () {
    if (!show(routeOf(location))) location.reload();
  });
})();`;

/** The data block and the script, for the end of `<body>`. */
export function spaScripts(data: SandboxData): SafeHtml {
  return html`<script type="application/json" id="${DATA_SCRIPT_ID}">${raw(jsonForScript(data))}</script>
<script>${raw(SPA_SCRIPT)}</script>`;
}
