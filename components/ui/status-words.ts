import type { KrStatusName } from '../../lib/view/types';

/** A KR's status against the calendar (rule 6) in words; colour is never the only cue. */
export const STATUS_WORDS: Readonly<Record<KrStatusName, string>> = {
  'on-track': 'on track',
  'at-risk': 'at risk',
  'off-track': 'off track',
  unknown: 'unknown',
};

/** A status badge among other badges (score, confidence) says what is unknown. */
export const statusBadgeWords = (status: KrStatusName): string => (status === 'unknown' ? 'status unknown' : STATUS_WORDS[status]);
