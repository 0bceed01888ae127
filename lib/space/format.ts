/**
 * How team-space records and check-ins appear in a tracker (SPEC "Team spaces"): labels, the
 * property and metadata names, the attachment URLs, and the sentence a check-in reads as.
 */
import { idSchema, type CheckIn, type KeyResult } from '../okr/model';
import { formatNumber } from '../okr/progress';
import { z } from 'zod';

export const recordKindSchema = z.enum(['set', 'cycle', 'objective', 'kr']);
export type RecordKind = z.infer<typeof recordKindSchema>;

export const SPACE_LABEL = 'kr-lens';
export const SPACE_SET_LABEL = 'kr-lens-set';
/** Where the record lives: the Jira issue property and the Linear attachment metadata field. */
export const JIRA_RECORD_PROPERTY = 'kr-lens.record';
export const JIRA_CHECKIN_PROPERTY = 'kr-lens.checkin';
export const LINEAR_RECORD_FIELD = 'krLensRecord';
export const LINEAR_CHECKIN_FIELD = 'krLensCheckIn';

// ---------------------------------------------------------------------------------------------
// URLs: where a record or check-in attachment points (Linear), and what identifies it anywhere.

export const SPACE_URL_BASE = 'https://kr-lens.invalid/space/';

export const spaceUrlPrefix = (setId: string): string => `${SPACE_URL_BASE}${encodeURIComponent(setId)}/`;
export const recordUrl = (setId: string, kind: RecordKind, id: string): string =>
  `${spaceUrlPrefix(setId)}${kind}/${encodeURIComponent(id)}`;
export const checkInUrl = (setId: string, checkInId: string): string => `${spaceUrlPrefix(setId)}checkin/${encodeURIComponent(checkInId)}`;

export type SpaceUrl = { setId: string; kind: RecordKind; id: string } | { setId: string; kind: 'checkin'; id: string };

export function parseSpaceUrl(url: string): SpaceUrl | null {
  if (!url.startsWith(SPACE_URL_BASE)) return null;
  const parts = url.slice(SPACE_URL_BASE.length).split('/');
  if (parts.length !== 3) return null;
  const [setId, kind, id] = parts.map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return '';
    }
  }) as [string, string, string];
  if (!idSchema.safeParse(setId).success || !idSchema.safeParse(id).success) return null;
  if (kind === 'checkin') return { setId, kind, id };
  const parsedKind = recordKindSchema.safeParse(kind);
  return parsedKind.success ? { setId, kind: parsedKind.data, id } : null;
}

// ---------------------------------------------------------------------------------------------
// Check-in text: how a check-in reads to a person looking at the tracker.

function valueWithUnit(value: number, unit: string | undefined): string {
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

/**
 * "Check-in: 240 ms (target 300 ms), confidence 7/10 — <note>"; without a value "Check-in:
 * confidence 7/10 — <note>". A milestone says reached or not; other KRs show the bare value.
 */
export function checkInText(checkIn: CheckIn, kr?: Pick<KeyResult, 'measure'>): string {
  const parts: string[] = [];
  if (checkIn.value !== undefined) {
    const measure = kr?.measure;
    if (measure?.type === 'metric') {
      parts.push(`${valueWithUnit(checkIn.value, measure.unit)} (target ${valueWithUnit(measure.target, measure.unit)})`);
    } else if (measure?.type === 'milestone') {
      parts.push(checkIn.value >= 1 ? 'milestone reached' : 'milestone not reached');
    } else {
      parts.push(formatNumber(checkIn.value));
    }
  }
  parts.push(`confidence ${formatNumber(checkIn.confidence)}/10`);
  const note = checkIn.note?.trim();
  return `Check-in: ${parts.join(', ')}${note ? ` — ${note}` : ''}`;
}
