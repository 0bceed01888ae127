import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsApp } from '../../components/options/OptionsApp';
import { createSpaceState } from './state/space';
import { createSubscriptionState } from './state/subscriptions';
import '../../components/ui/base.css';
import { createOptionsStore } from './state';
import { browserHostAccessDeps, createHostAccessStore } from './state/host-access';
import './options.css';

const store = createOptionsStore({ send: (message) => browser.runtime.sendMessage(message) });
void store.load();
const spaces = createSpaceState({ send: (message) => browser.runtime.sendMessage(message), onActiveChanged: () => void store.load() });
void spaces.load();
const subscriptions = createSubscriptionState({
  send: (message) => browser.runtime.sendMessage(message),
  requestOrigins: (origins) => browser.permissions.request({ origins }),
  onActiveChanged: () => {
    void store.load();
    void spaces.load();
  },
});
void subscriptions.load();
const hostAccess = createHostAccessStore(browserHostAccessDeps());
void hostAccess.check();

render(<OptionsApp store={store} hostAccess={hostAccess} spaces={spaces} subscriptions={subscriptions} />, document.getElementById('app')!);
