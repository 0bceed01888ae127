/** The dashboard's KR detail: the work linked to some KRs, from every connected tracker site. */
import type { LinkedWork, LinkedWorkResult } from '../../../lib/messaging';
import type { OkrServiceImpl } from '../../../lib/messaging-host';
import type { TrackerId } from '../../../lib/okr/model';
import { TRACKER_LIST, TRACKERS } from '../../../lib/trackers/registry';
import type { KrWithUrl } from '../../../lib/trackers/tracker';
import { NO_SET, type ServiceCore } from './shared';

type LinkedWorkParams = { setId: string; krIds: string[]; fresh: boolean };

export function createLinkedWorkHandlers(core: ServiceCore): Pick<OkrServiceImpl, 'getLinkedWork'> {
  const { deps } = core;

  /** Every connected tracker site, in the registry's order. */
  async function connectedTrackers(): Promise<Array<{ tracker: TrackerId; site: string }>> {
    const settings = await deps.settings.read();
    return TRACKER_LIST.flatMap((descriptor) => descriptor.connection.sites(settings).map((site) => ({ tracker: descriptor.id, site })));
  }

  /** Reads one tracker site's linked work into `work`; a failure becomes a problem, not an error. */
  async function readInto(work: LinkedWork, setId: string, krs: KrWithUrl[], source: { tracker: TrackerId; site: string }, fresh: boolean) {
    const { tracker, site } = source;
    const label = TRACKERS[tracker].sourceLabel(site);
    work.sources.push(label);
    const read = await core.cachedRead(`linked:${tracker}:${site}:${setId}:${krSetKey(krs)}`, fresh, async () =>
      (await deps.adapterFor(tracker, site)).findLinkedIssues(krs),
    );
    if (read.error) work.problems.push({ tracker, site: label, error: read.error });
    if (!('value' in read)) return;
    work.issues.push(...read.value.issues);
    if (read.value.fallbackNotice) work.notices.push(read.value.fallbackNotice);
    work.fetchedAt = Math.min(work.fetchedAt, read.fetchedAt);
    if (read.error || !core.isFresh(read.fetchedAt)) work.stale = true;
  }

  async function linkedWork(params: LinkedWorkParams): Promise<LinkedWorkResult> {
    const ctx = await core.context();
    if (!ctx) return { state: 'setup', error: NO_SET };
    if (params.setId !== ctx.set.id) {
      return {
        state: 'setup',
        error: { kind: 'invalid', message: 'Another OKR set became active meanwhile; reload this page to see it.' },
      };
    }
    const wanted = new Set(params.krIds);
    const krs = ctx.set.keyResults.filter((kr) => wanted.has(kr.id)).map((kr) => ({ setId: ctx.set.id, krId: kr.id, url: kr.url }));
    const trackers = await connectedTrackers();
    const work: LinkedWork = { issues: [], fetchedAt: deps.now(), stale: false, notices: [], problems: [], sources: [] };
    if (krs.length === 0) return { state: 'ok', work };
    for (const source of trackers) await readInto(work, ctx.set.id, krs, source, params.fresh);
    return { state: 'ok', work };
  }

  return { getLinkedWork: (params) => linkedWork(params) };
}

/** A short stable name for a list of KRs, for cache keys. */
function krSetKey(krs: readonly KrWithUrl[]): string {
  return hashText(
    krs
      .map((kr) => `${kr.krId}=${kr.url}`)
      .sort()
      .join('\n'),
  );
}

/** FNV-1a, 32 bits, as hex, after the text's length. */
function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length}-${hash.toString(16)}`;
}
