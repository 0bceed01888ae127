import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsApp } from '../../components/options/OptionsApp';
import '../../components/ui/base.css';
import { createOptionsStore } from './state';
import { browserHostAccessDeps, createHostAccessStore } from './state/host-access';
import './options.css';

const store = createOptionsStore({ send: (message) => browser.runtime.sendMessage(message) });
void store.load();
const hostAccess = createHostAccessStore(browserHostAccessDeps());
void hostAccess.check();

render(<OptionsApp store={store} hostAccess={hostAccess} />, document.getElementById('app')!);
