import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from '../../components/popup/PopupApp';
import { createPopupStore } from './state';
import '../../components/ui/base.css';
import '../dashboard/theme.css';
import './popup.css';

const store = createPopupStore({
  send: (message) => browser.runtime.sendMessage(message),
  // The host permissions cover Jira Cloud and Linear, so the browser shares those tabs' addresses
  // without the "tabs" permission; other pages come back without a url and show no issue.
  activeTabUrl: async () => (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.url,
});
void store.load();

render(<PopupApp store={store} dashboardUrl={browser.runtime.getURL('/dashboard.html')} />, document.getElementById('app')!);
