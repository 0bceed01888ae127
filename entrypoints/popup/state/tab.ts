/** The current tab's issue and the KRs it serves, from the background's cache first. */
import type { Signal } from '@preact/signals';
import type { IssueAddress, OkrServiceClient } from '../../../lib/messaging';
import { TRACKER_INFOS } from '../../../lib/trackers/catalog';
import { messageOf } from '../../../lib/util/error';
import type { OverlayView } from '../../../lib/view/types';

export type TabState =
  | { state: 'loading' }
  /** The tab shows no Jira or Linear issue (or the browser did not tell us its address). */
  | { state: 'none' }
  | { state: 'ok'; view: OverlayView }
  | { state: 'setup'; message: string }
  | { state: 'error'; message: string; cached?: OverlayView };

/**
 * The issue a tab shows, as the content scripts name it (each tracker's descriptor says how): Linear
 * by its workspace, Jira by its site origin, on Atlassian Cloud and the sites in settings only.
 */
export function issueAddressOf(url: string | undefined, jiraSites: readonly string[]): IssueAddress | null {
  if (!url) return null;
  for (const tracker of TRACKER_INFOS) {
    const address = tracker.issueAddressOf(url, jiraSites);
    if (address) return address;
  }
  return null;
}

async function activeUrl(activeTabUrl: () => Promise<string | undefined>): Promise<string | undefined> {
  try {
    return await activeTabUrl();
  } catch {
    return undefined;
  }
}

/** Shows the tab's issue in `tab`: the cached answer first, then a fresh one when that is stale. */
export async function loadTab(
  client: OkrServiceClient,
  tab: Signal<TabState>,
  activeTabUrl: () => Promise<string | undefined>,
  jiraSites: readonly string[],
): Promise<void> {
  const address = issueAddressOf(await activeUrl(activeTabUrl), jiraSites);
  if (!address) {
    tab.value = { state: 'none' };
    return;
  }
  const ask = async (fresh: boolean): Promise<boolean> => {
    try {
      const result = await client.getIssueOverlay({ ...address, fresh });
      if (result.state === 'ok') tab.value = { state: 'ok', view: result.view };
      else if (result.state === 'setup') tab.value = { state: 'setup', message: result.error.message };
      else tab.value = { state: 'error', message: result.error.message, ...(result.cached ? { cached: result.cached } : {}) };
      return result.state === 'ok' && result.view.stale;
    } catch (error) {
      tab.value = { state: 'error', message: messageOf(error) };
      return false;
    }
  };
  if (await ask(false)) await ask(true);
}
