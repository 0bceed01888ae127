import { browser } from 'wxt/browser';
import { createServiceClient } from '../../lib/messaging';
import { pageContextOf } from '../../lib/content/page-lifetime';
import { runContentScript, type PageDriver } from '../../lib/content/run-content-script';
import {
  findJiraBoardCards,
  getJiraMount,
  jiraTheme,
  parseJiraLocation,
  jiraSelectorHealth,
  removeJiraMount,
} from '../../lib/trackers/jira/page';

export const jira: PageDriver = {
  tracker: 'jira',
  locate(url) {
    const page = parseJiraLocation(url);
    if (!page) return null;
    if (page.type !== 'issue') return { kind: 'list', site: page.site };
    // An issue opened from a board or backlog (`?selectedIssue=`) leaves the cards beside it.
    return { kind: 'issue', site: page.site, key: page.key, list: page.surface === 'board' || page.surface === 'backlog' };
  },
  mount: (doc, url) => getJiraMount(doc, parseJiraLocation(url)),
  unmount: removeJiraMount,
  theme: jiraTheme,
  health: (doc, url) => jiraSelectorHealth(doc, parseJiraLocation(url)),
  listItems: (doc) => findJiraBoardCards(doc),
};

export default defineContentScript({
  matches: ['https://*.atlassian.net/*'],
  runAt: 'document_idle',
  main(ctx) {
    const client = createServiceClient((message) => browser.runtime.sendMessage(message));
    runContentScript(pageContextOf(ctx), jira, client);
    // Session auth needs no setup; Options lists the sites seen while browsing.
    client.noteJiraSite({ site: location.origin }).catch(() => undefined);
  },
});
