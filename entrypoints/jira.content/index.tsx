import { browser } from 'wxt/browser';
import { createServiceClient } from '../../lib/messaging';
import { pageContextOf } from '../../lib/content/page-lifetime';
import { runContentScript } from '../../lib/content/run-content-script';
import { jiraPageDriver } from '../../lib/trackers/jira/page';

export default defineContentScript({
  matches: ['https://*.atlassian.net/*'],
  runAt: 'document_idle',
  main(ctx) {
    const client = createServiceClient((message) => browser.runtime.sendMessage(message));
    // The render cache, where the browser opens storage.session to content scripts (Chrome; else absent or refused).
    runContentScript(pageContextOf(ctx), jiraPageDriver, client, browser.storage?.session);
    // Session auth needs no setup; Options lists the sites seen while browsing.
    client.noteJiraSite({ site: location.origin }).catch(() => undefined);
  },
});
