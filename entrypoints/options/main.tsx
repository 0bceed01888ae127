import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsApp } from '../../components/options/OptionsApp';
import { createOptionsStore } from '../../lib/options-store';
import '../../components/ui/base.css';
import './options.css';

const store = createOptionsStore({ send: (message) => browser.runtime.sendMessage(message) });
void store.load();

render(<OptionsApp store={store} />, document.getElementById('app')!);
