import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsApp } from '../../components/options/OptionsApp';
import { createSpaceState } from './state/space';
import '../../components/ui/base.css';
import { createOptionsStore } from './state';
import { browserHostAccessDeps, createHostAccessStore } from './state/host-access';
import './options.css';

const store = createOptionsStore({ send: (message) => browser.runtime.sendMessage(message) });
void store.load();
const spaces = createSpaceState({ send: (message) => browser.runtime.sendMessage(message), onActiveChanged: () => void store.load() });
void spaces.load();
const hostAccess = createHostAccessStore(browserHostAccessDeps());
void hostAccess.check();

render(<OptionsApp store={store} hostAccess={hostAccess} spaces={spaces} />, document.getElementById('app')!);
