/** How much open work assigned to me serves no KR, on every connected tracker. */
import type { Signal } from '@preact/signals';
import type { OkrServiceClient, ScopeRequest } from '../../../lib/messaging';
import type { PublicSettings } from '../../../lib/settings';
import { TRACKER_INFOS } from '../../../lib/trackers/catalog';
import { messageOf } from '../../../lib/util/error';

export type UnalignedState =
  | { state: 'loading' }
  | { state: 'ok'; count: number; total: number }
  | { state: 'unavailable'; message: string };

/** "Assigned to me" on every connected tracker. */
export function assignedToMeScopes(settings: PublicSettings): ScopeRequest[] {
  return TRACKER_INFOS.flatMap((tracker): ScopeRequest[] => tracker.scopes.assignedToMe(settings));
}

export async function loadUnaligned(
  client: OkrServiceClient,
  unalignedMine: Signal<UnalignedState>,
  settings: PublicSettings | null,
): Promise<void> {
  const scopes = settings ? assignedToMeScopes(settings) : [];
  if (scopes.length === 0) {
    unalignedMine.value = { state: 'unavailable', message: 'Connect Jira or Linear in Options to count your work that serves no KR.' };
    return;
  }
  try {
    const answer = await client.runActivityReport({ scopes, fresh: false });
    if (answer.state !== 'ok') {
      unalignedMine.value = { state: 'unavailable', message: answer.error.message };
      return;
    }
    const { report, problems } = answer.result;
    unalignedMine.value =
      report.total.count === 0 && problems.length > 0
        ? { state: 'unavailable', message: problems.map((p) => p.error.message).join(' ') }
        : { state: 'ok', count: report.shares.unaligned.count, total: report.total.count };
  } catch (error) {
    unalignedMine.value = { state: 'unavailable', message: messageOf(error) };
  }
}
