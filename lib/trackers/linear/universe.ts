/**
 * Which KR links a Linear read reports, and how exactly. An issue's KR links are its attachments
 * whose URL is a KR's link URL (SPEC "Where data lives"); KR Lens titles its own "KR: …" and tags
 * them with `metadata.krLens`, but a link pasted by hand or written by a script may have neither.
 *
 * Given the KRs a reader must see exactly (the active set's, `ReadOptions.krs`), the attachment
 * filter asks for KR Lens's own links and every attachment whose URL starts like one of those
 * KRs' link URLs (`<set.homeUrl>#kr-` or `https://kr-lens.invalid/<setId>#kr-`: one prefix for a
 * whole set, so the filter stays small however many KRs it has), plus the exact URLs of KRs whose
 * URL has no `#kr-` part. Each attachment then names its KR by metadata or by URL, so every issue
 * a read returns carries exactly its links to all of those KRs: the read is `exact`.
 */
import type { KrRef } from '../../okr/model';
import type { KrWithUrl } from '../tracker';
import { MAX_FILTER_VALUES } from './documents';

export interface KrUniverse {
  /** Linear's AttachmentFilter for the `$krAttachments` of every document. */
  attachments: Record<string, unknown>;
  /** Each KR by its link URL, so a link without our metadata still names its KR. */
  byUrl: ReadonlyMap<string, KrRef>;
  /** Every issue read with `attachments` carries all its links to the KRs of `within`. */
  exact: boolean;
}

/** KR Lens's own links, titled "KR: …". */
const OURS = { title: { startsWith: 'KR: ' } };
const KR_FRAGMENT = '#kr-';

/** `https://okrs.acme.example/2026#kr-x` → `https://okrs.acme.example/2026#kr-`; null without that part. */
export function krUrlPrefix(url: string): string | null {
  const at = url.indexOf(KR_FRAGMENT);
  return at < 0 ? null : url.slice(0, at + KR_FRAGMENT.length);
}

/**
 * The attachments to ask for and how to read them: `within` exactly when given (and `asked`, the
 * KRs a search names, always by URL); without `within`, KR Lens's own links and `asked`'s URLs.
 */
export function krUniverse(within: readonly KrWithUrl[] | undefined, asked: readonly KrWithUrl[] = []): KrUniverse {
  const all = [...(within ?? []), ...asked];
  const byUrl = new Map(all.map((kr) => [kr.url, { setId: kr.setId, krId: kr.krId }]));
  const prefixes = [...new Set(all.flatMap((kr) => krUrlPrefix(kr.url) ?? []))];
  const others = [...new Set(all.filter((kr) => krUrlPrefix(kr.url) === null).map((kr) => kr.url))];
  // Sets whose KR URLs share no prefix are possible (URLs are the file's): past a reasonable
  // filter size, the read reports KR Lens's own links and the searched KRs', and says it is not exact.
  if (within !== undefined && prefixes.length + others.length <= MAX_FILTER_VALUES) {
    return { attachments: { or: [OURS, ...prefixes.map((p) => ({ url: { startsWith: p } })), ...inList(others)] }, byUrl, exact: true };
  }
  const urls = [...new Set(asked.map((kr) => kr.url))];
  return { attachments: urls.length === 0 ? OURS : { or: [OURS, { url: { in: urls } }] }, byUrl, exact: false };
}

const inList = (urls: readonly string[]) => (urls.length === 0 ? [] : [{ url: { in: [...urls] } }]);
