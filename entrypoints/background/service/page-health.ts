/** The page check: content scripts report which anchors an issue page had; Options reads them. */
import type { PageHealthReport } from '../../../lib/messaging';
import type { OkrServiceImpl } from '../../../lib/messaging-host';
import { trackerIdSchema, type TrackerId } from '../../../lib/okr/model';
import type { ServiceCore } from './shared';

const pageHealthKey = (tracker: TrackerId) => `page-health:${tracker}`;

export function createPageHealthHandlers({ deps }: ServiceCore): Pick<OkrServiceImpl, 'reportPageHealth' | 'getPageHealth'> {
  return {
    reportPageHealth: async (report) => {
      await deps.cache.put(pageHealthKey(report.tracker), report, deps.now());
    },
    getPageHealth: async () => {
      const reports = await Promise.all(trackerIdSchema.options.map((tracker) => deps.cache.get<PageHealthReport>(pageHealthKey(tracker))));
      return reports.flatMap((entry) => (entry ? [{ ...entry.value, checkedAt: entry.fetchedAt }] : []));
    },
  };
}
