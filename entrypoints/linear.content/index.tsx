import { browser } from 'wxt/browser';
import { createServiceClient } from '../../lib/messaging';
import { pageContextOf } from '../../lib/content/page-lifetime';
import { runContentScript, type PageDriver } from '../../lib/content/run-content-script';
import {
  findLinearIssueRows,
  getLinearMount,
  linearTheme,
  parseLinearLocation,
  linearSelectorHealth,
  removeLinearMount,
} from '../../lib/trackers/linear/page';

// Linear's API names a workspace by its url key, which is also the first segment of every page URL.
export const linear: PageDriver = {
  tracker: 'linear',
  locate(url) {
    const page = parseLinearLocation(url);
    if (!page) return null;
    return page.type === 'issue' ? { kind: 'issue', site: page.workspace, key: page.key } : { kind: 'list', site: page.workspace };
  },
  mount: (doc, url) => getLinearMount(doc, parseLinearLocation(url)),
  unmount: removeLinearMount,
  theme: linearTheme,
  health: (doc, url) => linearSelectorHealth(doc, parseLinearLocation(url)),
  listItems: (doc, workspace) => findLinearIssueRows(doc, workspace),
};

export default defineContentScript({
  matches: ['https://linear.app/*'],
  runAt: 'document_idle',
  main(ctx) {
    const client = createServiceClient((message) => browser.runtime.sendMessage(message));
    runContentScript(pageContextOf(ctx), linear, client);
  },
});
