import { effect } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { DashboardApp } from '../../components/dashboard/DashboardApp';
import { createDashboardStore } from './state';
import { parseRoute, routeHash } from '../../lib/view/dashboard-routes';
import '../../components/ui/base.css';
import './theme.css';
import './dashboard.css';

const store = createDashboardStore({ send: (message) => browser.runtime.sendMessage(message) });

// The route lives in the URL hash, so the popup, bookmarks and Back reach a view directly.
store.navigate(parseRoute(location.hash));
window.addEventListener('hashchange', () => store.navigate(parseRoute(location.hash)));
let first = true;
effect(() => {
  const hash = routeHash(store.route.value);
  if (location.hash !== hash) history[first ? 'replaceState' : 'pushState'](null, '', hash);
  first = false;
});
void store.load().then(() => store.navigate(parseRoute(location.hash)));
// The page lives as long as its tab, so the watch is never stopped; the signal ties its listeners to one owner.
store.watchSpace(new AbortController().signal);

render(<DashboardApp store={store} now={Date.now} />, document.getElementById('app')!);
