/** A small valid OKR set, as a file would hold it (no link URLs yet), and helpers to vary it. */
import type { OkrSetInput } from '../../lib/okr/model';

export function sampleSet(): OkrSetInput {
  return {
    schemaVersion: 1,
    id: 'acme',
    name: 'Acme Corp',
    cycles: [
      { id: '2025-q1', name: 'Q1 2025', start: '2025-01-01', end: '2025-03-31', state: 'closed' },
      { id: '2025-q2', name: 'Q2 2025', start: '2025-04-01', end: '2025-06-30', state: 'active' },
    ],
    objectives: [
      {
        id: 'o-growth',
        cycleId: '2025-q2',
        title: 'Customers love onboarding',
        level: 'company',
        commitment: 'committed',
        alignment: { supports: [] },
      },
      {
        id: 'o-web',
        cycleId: '2025-q2',
        title: 'Sign-up takes minutes',
        level: 'team',
        team: 'Web',
        commitment: 'aspirational',
        alignment: { inherits: 'kr-activation', supports: [] },
      },
      {
        id: 'o-ops',
        cycleId: '2025-q2',
        title: 'Support answers fast',
        level: 'team',
        team: 'Support',
        commitment: 'committed',
        alignment: { supports: ['o-growth'] },
      },
    ],
    keyResults: [
      {
        id: 'kr-activation',
        objectiveId: 'o-growth',
        title: 'Activation rate from 20% to 40%',
        measure: { type: 'metric', start: 20, target: 40, unit: '%' },
      },
      { id: 'kr-nps', objectiveId: 'o-growth', title: 'NPS of new users above 50', measure: { type: 'metric', start: 30, target: 50 } },
      {
        id: 'kr-signup',
        objectiveId: 'o-web',
        title: 'Median sign-up time under 3 minutes',
        measure: { type: 'issues', weighting: 'count', inProgressCredit: 0 },
      },
      {
        id: 'kr-sla',
        objectiveId: 'o-ops',
        title: 'First reply within 4 hours',
        measure: { type: 'milestone' },
        url: 'https://okrs.example.com/acme#sla',
      },
    ],
    checkIns: [{ id: 'ci-1', krId: 'kr-activation', at: '2025-04-15T09:00:00Z', value: 24, confidence: 7, note: 'first cohort' }],
  };
}

export const TODAY_IN_Q2 = '2025-05-10';

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
