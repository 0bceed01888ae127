import { browser } from 'wxt/browser';
import { createServiceClient } from '../../lib/messaging';
import { pageContextOf } from '../../lib/content/page-lifetime';
import { runContentScript } from '../../lib/content/run-content-script';
import { linearPageDriver } from '../../lib/trackers/linear/page';

export default defineContentScript({
  matches: ['https://linear.app/*'],
  runAt: 'document_idle',
  main(ctx) {
    const client = createServiceClient((message) => browser.runtime.sendMessage(message));
    // The render cache, where the browser opens storage.session to content scripts (Chrome; else absent or refused).
    runContentScript(pageContextOf(ctx), linearPageDriver, client, browser.storage?.session);
  },
});
