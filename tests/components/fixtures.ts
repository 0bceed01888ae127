/** Literal view models for component tests; each test overrides only what it is about. */
import type { ExplanationView, KrCardView, KrOptionView, MarkerView, OverlayView } from '../../lib/view/types';

export const NOW = Date.parse('2025-05-14T12:00:00Z');

export function explanation(overrides: Partial<ExplanationView> = {}): ExplanationView {
  return {
    measure: 'issues',
    weighting: 'count',
    formula: '5 done + 0.5 × 1 in progress of 9 issues = 62%',
    notes: ['Canceled issues are left out.'],
    issues: [
      {
        key: 'ACME-11',
        title: 'Cache the checkout token',
        url: 'https://acme.atlassian.net/browse/ACME-11',
        statusName: 'Done',
        counted: 'done',
        weight: 1,
        estimated: false,
      },
      {
        key: 'ACME-12',
        title: 'Retry failed payments',
        url: 'https://acme.atlassian.net/browse/ACME-12',
        statusName: 'In Review',
        counted: 'in_progress',
        weight: 1,
        estimated: false,
        via: 'ACME-10',
      },
    ],
    checkIns: [{ at: '2025-05-12T09:30:00Z', confidence: 7, note: 'Payments team on it', author: 'Dana' }],
    ...overrides,
  };
}

export function card(overrides: Partial<KrCardView> = {}): KrCardView {
  return {
    setId: 'acme-2025',
    krId: 'kr-checkout',
    title: 'Checkout conversion from 2.1% to 3%',
    url: 'https://okrs.acme.example/#kr-kr-checkout',
    objectiveId: 'obj-payments',
    objectiveTitle: 'Payments feel instant',
    chain: [
      { kind: 'kr', id: 'kr-checkout', title: 'Checkout conversion from 2.1% to 3%' },
      { kind: 'objective', id: 'obj-payments', title: 'Payments feel instant', level: 'team' },
      { kind: 'kr', id: 'kr-revenue', title: 'Online revenue +20%' },
      { kind: 'objective', id: 'obj-company', title: 'Win the mid-market', level: 'company' },
    ],
    measure: 'issues',
    progress: 0.62,
    progressText: '62%',
    score: 0.6,
    band: 'yellow',
    status: 'on-track',
    confidence: 7,
    direct: true,
    explanation: explanation(),
    ...overrides,
  };
}

export function view(overrides: Partial<OverlayView> = {}): OverlayView {
  return {
    issue: {
      tracker: 'jira',
      site: 'acme.atlassian.net',
      key: 'ACME-10',
      title: 'Payments revamp',
      url: 'https://acme.atlassian.net/browse/ACME-10',
      kind: 'epic',
      statusName: 'In Progress',
      category: 'in_progress',
    },
    classification: 'aligned',
    krs: [card()],
    fetchedAt: NOW - 3 * 60_000,
    stale: false,
    ...overrides,
  };
}

export function option(overrides: Partial<KrOptionView> = {}): KrOptionView {
  return {
    setId: 'acme-2025',
    krId: 'kr-x',
    title: 'Some key result',
    objectiveTitle: 'Some objective',
    teams: [],
    measure: 'issues',
    progressText: '10%',
    suggested: false,
    linked: false,
    ...overrides,
  };
}

export const OPTIONS: KrOptionView[] = [
  option({ krId: 'kr-latency', title: 'p95 API latency under 300 ms', objectiveTitle: 'A platform teams trust', teams: ['Platform'] }),
  option({
    krId: 'kr-nps',
    title: 'NPS from 31 to 45',
    objectiveTitle: 'Customers love support',
    teams: ['Équipe Support'],
    measure: 'metric',
  }),
  option({
    krId: 'kr-checkout',
    title: 'Checkout conversion from 2.1% to 3%',
    objectiveTitle: 'Payments feel instant',
    teams: ['Payments'],
    suggested: true,
  }),
  option({
    krId: 'kr-refunds',
    title: 'Refunds processed within 1 day',
    objectiveTitle: 'Payments feel instant',
    teams: ['Payments'],
    linked: true,
  }),
];

export function marker(overrides: Partial<MarkerView> = {}): MarkerView {
  return { key: 'ACME-10', classification: 'aligned', krTitles: ['Checkout conversion from 2.1% to 3%'], ...overrides };
}
