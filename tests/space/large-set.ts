/**
 * A set that makes a large team space: 200 records (1 set, 4 cycles, 35 objectives, 160 KRs) and
 * 2,000 check-ins. The scale suite and `npm run bench -- spaces` read it from the fakes.
 */
import { assignLinkUrls, okrSetSchema, type OkrSet } from '../../lib/okr/model';

export const LARGE_SET_RECORDS = 200;
export const LARGE_SET_CHECK_INS = 2000;

/** 1 set + 4 cycles + 35 objectives + 160 KRs = 200 records; 2,000 check-ins over the KRs. */
export function largeSet(checkInsOnFirstKr = 0): OkrSet {
  const cycles = [1, 2, 3, 4].map((q) => ({
    id: `2027-q${q}`,
    name: `Q${q} 2027`,
    start: `2027-${String(q * 3 - 2).padStart(2, '0')}-01`,
    end: `2027-${String(q * 3).padStart(2, '0')}-28`,
    state: 'active',
  }));
  const objectives = Array.from({ length: 35 }, (_, i) => ({
    id: `obj-${i}`,
    cycleId: cycles[i % 4]!.id,
    title: `Objective ${i}`,
    level: 'team',
    commitment: 'committed',
  }));
  const keyResults = Array.from({ length: 160 }, (_, i) => ({
    id: `kr-${i}`,
    objectiveId: objectives[i % 35]!.id,
    title: `Key result ${i}: p95 below ${200 + i} ms`,
    measure: { type: 'metric', start: 400, target: 200 + i, unit: 'ms' },
  }));
  const checkIns = Array.from({ length: 2000 }, (_, i) => ({
    id: `ci-${i}`,
    krId: i < checkInsOnFirstKr ? 'kr-0' : `kr-${i % 160}`,
    at: new Date(Date.UTC(2027, 0, 1) + i * 3_600_000).toISOString(),
    value: 400 - (i % 150),
    confidence: i % 11,
    note: `Week ${i}: steady`,
  }));
  return assignLinkUrls(
    okrSetSchema.parse({ schemaVersion: 1, id: 'big', name: 'Big company OKRs', cycles, objectives, keyResults, checkIns }),
  );
}
