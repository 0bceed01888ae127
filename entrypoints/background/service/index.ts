/**
 * The one service content scripts and extension pages call, joined from one handler module per
 * concern. It reads the active OKR set, asks the tracker adapters (which hold the only copies of
 * credentials in use), caches what trackers return (see `shared.ts` for the cache policy), and
 * shapes answers with the pure view builders. Who may call each method: lib/service-access.ts.
 */
import type { OkrServiceImpl } from '../../../lib/messaging-host';
import { createActivityHandlers } from './activity';
import { createLinkedWorkHandlers } from './linked-work';
import { createMarkerHandlers } from './markers';
import { createOverlayHandlers } from './overlay';
import { createPageHealthHandlers } from './page-health';
import { createSettingsHandlers } from './settings';
import { createServiceCore, type OkrServiceDeps } from './shared';
import { withoutSpaces } from '../spaces/service';
import { withoutSubscriptions } from '../subscriptions/service';

export { FRESH_FOR_MS, readerKrs, type ActiveSetSource, type OkrServiceDeps } from './shared';
export { mergeSettings } from './settings';

export function createOkrService(deps: OkrServiceDeps): OkrServiceImpl {
  const core = createServiceCore(deps);
  return {
    ...(deps.spaces ?? withoutSpaces()),
    ...(deps.subscriptions ?? withoutSubscriptions()),
    ...createOverlayHandlers(core),
    ...createMarkerHandlers(core),
    ...createLinkedWorkHandlers(core),
    ...createActivityHandlers(core),
    ...createSettingsHandlers(core),
    ...createPageHealthHandlers(core),
  };
}
