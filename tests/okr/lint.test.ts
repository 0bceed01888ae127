import { describe, expect, it } from 'vitest';
import {
  LINT_RULE_IDS,
  leadingActivityWord,
  leadingStatusQuoWord,
  lintOkrSet,
  lintSummary,
  type Finding,
  type LintOptions,
} from '../../lib/okr/lint';
import { assignLinkUrls, type Objective, type OkrSet, type OkrSetInput } from '../../lib/okr/model';
import { DEFAULT_PLAYBOOK, resolvePlaybook } from '../../lib/okr/playbook';

const TODAY = '2026-11-21';

function objective(id: string, fields: Partial<Objective> = {}): Objective {
  return {
    id,
    cycleId: 'q4',
    title: `Objective ${id}`,
    level: 'team',
    owner: 'Owner',
    team: 'Platform',
    commitment: 'committed',
    alignment: { inherits: 'kr-co-1', supports: [] },
    ...fields,
  };
}

function keyResult(id: string, objectiveId: string, fields: Partial<OkrSetInput['keyResults'][number]> = {}) {
  return {
    id,
    objectiveId,
    title: `Raise metric ${id} from 1 to 2`,
    owner: 'KR Owner',
    measure: { type: 'metric' as const, start: 1, target: 2 },
    ...fields,
  };
}

/** A set that follows every habit of the default playbook: no finding at all. */
function cleanSet(): OkrSetInput {
  const keyResults = [
    keyResult('kr-co-1', 'o-co'),
    keyResult('kr-co-2', 'o-co'),
    keyResult('kr-t-1', 'o-team', {
      title: 'Checkout p95 under 400 ms',
      measure: { type: 'issues', weighting: 'count', inProgressCredit: 0 },
    }),
    keyResult('kr-t-2', 'o-team', { title: 'Edge cache live in the EU', measure: { type: 'milestone' } }),
  ];
  return {
    schemaVersion: 1,
    id: 'demo',
    name: 'Demo',
    cycles: [{ id: 'q4', name: 'Q4', start: '2026-10-01', end: '2026-12-31', state: 'active' }],
    objectives: [
      objective('o-co', { level: 'company', team: undefined, alignment: { supports: [] } }),
      objective('o-team', { commitment: 'aspirational' }),
    ],
    keyResults,
    checkIns: keyResults.map((kr) => ({ id: `ci-${kr.id}`, krId: kr.id, at: '2026-11-16T10:00:00+01:00', confidence: 6 })),
  };
}

const stored = (input: OkrSetInput): OkrSet => assignLinkUrls(input);
const lint = (input: OkrSetInput, options: Partial<LintOptions> = {}) =>
  lintOkrSet(stored(input), { today: TODAY, playbook: DEFAULT_PLAYBOOK, ...options });
const brief = (findings: Finding[]) => findings.map(({ ruleId, severity, target }) => ({ ruleId, severity, target }));

const objectiveOf = (s: OkrSetInput, id: string) => s.objectives.find((o) => o.id === id)!;
const krOf = (s: OkrSetInput, id: string) => s.keyResults.find((kr) => kr.id === id)!;
const checkInOf = (s: OkrSetInput, krId: string) => s.checkIns.find((c) => c.krId === krId)!;

/** Adds a fully compliant team objective with two KRs checked in recently. */
function addTeamObjective(s: OkrSetInput, id: string, team: string) {
  s.objectives.push(objective(id, { team }));
  for (const n of [1, 2]) {
    const kr = keyResult(`${id}-kr-${n}`, id);
    s.keyResults.push(kr);
    s.checkIns.push({ id: `ci-${kr.id}`, krId: kr.id, at: '2026-11-16T10:00:00Z', confidence: 7 });
  }
}

describe('Rule 9 — playbook lint: activity words', () => {
  it.each([
    { title: 'Launch the new pricing page', word: 'launch' },
    { title: 'launch the new pricing page', word: 'launch' },
    { title: 'Ship v2 of the mobile app', word: 'ship' },
    { title: 'Shipped the onboarding wizard', word: 'shipped' },
    { title: 'Writing the API docs', word: 'writing' },
    { title: 'Successfully migrate billing to the new provider', word: 'migrate' },
    { title: 'Fully roll out SSO', word: 'roll out' },
    { title: 'KR2: Build a partner portal', word: 'build' },
    { title: '- Implement SSO', word: 'implement' },
    { title: 'Roll out SSO to every customer', word: 'roll out' },
    { title: 'Set up on-call rotations', word: 'set up' },
  ])('"$title" opens with the output word "$word"', ({ title, word }) => {
    expect(leadingActivityWord(title, DEFAULT_PLAYBOOK)).toBe(word);
  });

  it.each([
    // The same words as nouns, after an outcome verb: matching anywhere would flag these.
    'Reduce build time from 22 to 10 minutes',
    'Increase release frequency from 9 to 20 a week',
    'Customers complete checkout in under 45 s',
    'Grow trial-to-paid conversion from 18% to 24%',
    // Whole words only.
    'Relaunch signups from the partner page double',
    'Launchpad signups up 20%',
    'Runway extended to 24 months',
    'Build-time under 5 minutes on main',
    // A leading "-ly" word is skipped only when it is an adverb.
    'Apply build caching to every service',
    'Weekly release notes read by 40% of shops',
  ])('"%s" is not flagged', (title) => {
    expect(leadingActivityWord(title, DEFAULT_PLAYBOOK)).toBeUndefined();
  });

  it('uses the playbook’s words, not a fixed list', () => {
    const playbook = resolvePlaybook({ activityWords: ['overhaul'] });
    expect(leadingActivityWord('Overhaul search ranking', playbook)).toBe('overhaul');
    expect(leadingActivityWord('Launch the new pricing page', playbook)).toBeUndefined();
  });
});

describe('Rule 9 — playbook lint: status-quo words', () => {
  it.each([
    { title: 'Maintain 99.9% uptime', word: 'maintain' },
    { title: 'Keep the lights on', word: 'keep' },
    { title: 'Continue to grow EU revenue', word: 'continue' },
    { title: 'Make customers keep coming back', word: undefined },
    { title: 'Maintainability of the billing code', word: undefined },
  ])('"$title" → $word', ({ title, word }) => {
    expect(leadingStatusQuoWord(title, DEFAULT_PLAYBOOK)).toBe(word);
  });
});

describe('Rule 9 — playbook lint: lintOkrSet', () => {
  it('a set that follows the playbook has no finding', () => {
    expect(lint(cleanSet())).toEqual([]);
  });

  const kr = (id: string) => ({ kind: 'key-result' as const, id });
  const obj = (id: string) => ({ kind: 'objective' as const, id });

  it.each<{ name: string; change: (s: OkrSetInput) => void; options?: Partial<LintOptions>; expected: ReturnType<typeof brief> }>([
    {
      name: 'a KR worded as an output',
      change: (s) => (krOf(s, 'kr-co-2').title = 'Launch the new pricing page'),
      expected: [{ ruleId: 'kr-output-not-outcome', severity: 'warning', target: kr('kr-co-2') }],
    },
    {
      name: '"Reduce build time" is an outcome, not an output',
      change: (s) => (krOf(s, 'kr-co-2').title = 'Reduce build time from 22 to 10 minutes'),
      expected: [],
    },
    {
      name: 'a status-quo objective',
      change: (s) => (objectiveOf(s, 'o-co').title = 'Maintain 99.9% uptime'),
      expected: [{ ruleId: 'objective-status-quo', severity: 'warning', target: obj('o-co') }],
    },
    {
      name: 'a status-quo objective that declares itself run work is only info',
      change: (s) => Object.assign(objectiveOf(s, 'o-co'), { title: 'Keep the lights on', theme: 'run' }),
      expected: [{ ruleId: 'objective-status-quo', severity: 'info', target: obj('o-co') }],
    },
    {
      name: 'an objective without owner',
      change: (s) => delete objectiveOf(s, 'o-team').owner,
      expected: [{ ruleId: 'no-owner', severity: 'warning', target: obj('o-team') }],
    },
    {
      name: 'a KR without owner under an objective with one',
      change: (s) => delete krOf(s, 'kr-t-2').owner,
      expected: [{ ruleId: 'no-owner', severity: 'info', target: kr('kr-t-2') }],
    },
    {
      name: 'a KR without owner under an objective without one',
      change: (s) => {
        delete krOf(s, 'kr-t-2').owner;
        delete objectiveOf(s, 'o-team').owner;
      },
      expected: [
        { ruleId: 'no-owner', severity: 'warning', target: obj('o-team') },
        { ruleId: 'no-owner', severity: 'warning', target: kr('kr-t-2') },
      ],
    },
    {
      name: 'a metric KR last checked in 15 days ago',
      change: (s) => (checkInOf(s, 'kr-co-1').at = '2026-11-06T09:00:00Z'),
      expected: [{ ruleId: 'stale-check-in', severity: 'warning', target: kr('kr-co-1') }],
    },
    {
      name: 'a metric KR checked in exactly 14 days ago is not stale yet',
      change: (s) => (checkInOf(s, 'kr-co-1').at = '2026-11-07T09:00:00Z'),
      expected: [],
    },
    {
      name: 'a milestone KR never checked in, 51 days into the cycle',
      change: (s) => (s.checkIns = s.checkIns.filter((c) => c.krId !== 'kr-t-2')),
      expected: [{ ruleId: 'stale-check-in', severity: 'warning', target: kr('kr-t-2') }],
    },
    {
      name: 'an issues KR measures itself: a stale check-in is only info',
      change: (s) => (checkInOf(s, 'kr-t-1').at = '2026-10-20T09:00:00Z'),
      expected: [{ ruleId: 'stale-check-in', severity: 'info', target: kr('kr-t-1') }],
    },
    {
      name: 'a check-in dated after today does not count',
      change: (s) => (checkInOf(s, 'kr-co-1').at = '2026-12-01T09:00:00Z'),
      expected: [{ ruleId: 'stale-check-in', severity: 'warning', target: kr('kr-co-1') }],
    },
    {
      name: 'a planned cycle has no stale check-ins',
      change: (s) => {
        s.cycles[0]!.state = 'planning';
        s.checkIns = [];
      },
      expected: [],
    },
    {
      name: 'a cycle of committed objectives only',
      change: (s) => (objectiveOf(s, 'o-team').commitment = 'committed'),
      expected: [{ ruleId: 'commitment-mix', severity: 'info', target: { kind: 'cycle', id: 'q4' } }],
    },
    {
      name: 'a team objective with neither inherits nor supports',
      change: (s) => (objectiveOf(s, 'o-team').alignment = { supports: [] }),
      expected: [{ ruleId: 'team-objective-unaligned', severity: 'warning', target: obj('o-team') }],
    },
    {
      name: 'a team objective that only supports is aligned (implicitly)',
      change: (s) => (objectiveOf(s, 'o-team').alignment = { supports: ['o-co'] }),
      expected: [],
    },
    {
      name: 'a department objective needs no alignment',
      change: (s) => Object.assign(objectiveOf(s, 'o-team'), { level: 'department', alignment: { supports: [] } }),
      expected: [],
    },
    {
      name: 'an objective with one KR',
      change: (s) => {
        s.keyResults = s.keyResults.filter((k) => k.id !== 'kr-co-2');
        s.checkIns = s.checkIns.filter((c) => c.krId !== 'kr-co-2');
      },
      expected: [{ ruleId: 'krs-per-objective', severity: 'warning', target: obj('o-co') }],
    },
    {
      name: 'an objective with no KR cannot be measured at all',
      change: (s) => s.objectives.push(objective('o-empty', { team: 'Growth' })),
      expected: [{ ruleId: 'krs-per-objective', severity: 'error', target: obj('o-empty') }],
    },
    {
      name: 'an objective with six KRs',
      change: (s) => {
        for (const n of [3, 4, 5, 6]) {
          s.keyResults.push(keyResult(`kr-co-${n}`, 'o-co'));
          s.checkIns.push({ id: `ci-co-${n}`, krId: `kr-co-${n}`, at: '2026-11-20T10:00:00Z', confidence: 5 });
        }
      },
      expected: [{ ruleId: 'krs-per-objective', severity: 'warning', target: obj('o-co') }],
    },
    {
      name: 'a team with six objectives',
      change: (s) => {
        for (const n of [2, 3, 4, 5, 6]) addTeamObjective(s, `o-plat-${n}`, 'Platform');
      },
      expected: [{ ruleId: 'objectives-per-team', severity: 'warning', target: { kind: 'team', id: 'Platform' } }],
    },
    {
      name: 'five objectives in each of two teams is fine',
      change: (s) => {
        for (const n of [2, 3, 4, 5]) addTeamObjective(s, `o-plat-${n}`, 'Platform');
        for (const n of [1, 2, 3, 4, 5]) addTeamObjective(s, `o-grow-${n}`, 'Growth');
      },
      expected: [],
    },
    {
      name: 'an issues KR with no linked issue is not measurable',
      change: () => {},
      options: { linkedIssueCount: (krId) => (krId === 'kr-t-1' ? 0 : 3) },
      expected: [{ ruleId: 'kr-not-measurable', severity: 'warning', target: kr('kr-t-1') }],
    },
    {
      name: 'an unknown linked-issue count is not zero',
      change: () => {},
      options: { linkedIssueCount: () => undefined },
      expected: [],
    },
    {
      name: 'a metric KR is measurable whatever is linked',
      change: () => {},
      options: { linkedIssueCount: (krId) => (krId === 'kr-t-1' ? 2 : 0) },
      expected: [],
    },
  ])('$name', ({ change, options, expected }) => {
    const s = cleanSet();
    change(s);
    expect(brief(lint(s, options))).toEqual(expected);
  });

  it('follows the playbook’s limits', () => {
    const s = cleanSet();
    krOf(s, 'kr-co-1').title = 'Deliver the partner portal';
    const playbook = resolvePlaybook({ keyResultsPerObjective: { min: 3, max: 4 }, activityWords: ['launch'], staleCheckInDays: 3 });
    expect(brief(lint(s, { playbook }))).toEqual([
      { ruleId: 'krs-per-objective', severity: 'warning', target: obj('o-co') },
      { ruleId: 'stale-check-in', severity: 'warning', target: kr('kr-co-1') },
      { ruleId: 'stale-check-in', severity: 'warning', target: kr('kr-co-2') },
      { ruleId: 'krs-per-objective', severity: 'warning', target: obj('o-team') },
      { ruleId: 'stale-check-in', severity: 'info', target: kr('kr-t-1') },
      { ruleId: 'stale-check-in', severity: 'warning', target: kr('kr-t-2') },
    ]);
  });

  it('skips closed cycles unless one is asked for by id', () => {
    const s = cleanSet();
    s.cycles.push({ id: 'q3', name: 'Q3', start: '2026-07-01', end: '2026-09-30', state: 'closed' });
    s.objectives.push(objective('o-q3', { cycleId: 'q3', title: 'Maintain 99.9% uptime' }));
    expect(lint(s)).toEqual([]);
    expect(brief(lint(s, { cycleId: 'q3' }))).toEqual([
      { ruleId: 'commitment-mix', severity: 'info', target: { kind: 'cycle', id: 'q3' } },
      { ruleId: 'krs-per-objective', severity: 'error', target: obj('o-q3') },
      { ruleId: 'objective-status-quo', severity: 'warning', target: obj('o-q3') },
    ]);
  });

  it('says what is wrong and gives one sentence of advice', () => {
    const s = cleanSet();
    krOf(s, 'kr-co-2').title = 'Launch the new pricing page';
    delete objectiveOf(s, 'o-team').owner;
    objectiveOf(s, 'o-team').alignment = { supports: [] };
    const findings = lint(s);
    expect(findings.length).toBe(3);
    for (const finding of findings) {
      expect(finding.message.length).toBeGreaterThan(10);
      expect(finding.advice).toMatch(/^[A-Z][^.!?]*[.]$/);
    }
    expect(findings[0]!.message).toContain('Launch the new pricing page');
  });
});

describe('Rule 9 — playbook lint: lintSummary', () => {
  const finding = (ruleId: Finding['ruleId'], severity: Finding['severity'], id: string): Finding => ({
    ruleId,
    severity,
    target: { kind: 'key-result', id },
    message: 'm',
    advice: 'A.',
  });

  it('groups by rule, worst severity first, then in rule order', () => {
    const findings = [
      finding('stale-check-in', 'info', 'a'),
      finding('no-owner', 'info', 'b'),
      finding('stale-check-in', 'warning', 'c'),
      finding('krs-per-objective', 'error', 'd'),
      finding('kr-output-not-outcome', 'warning', 'e'),
    ];
    const summary = lintSummary(findings);
    expect(summary.groups.map((g) => [g.ruleId, g.severity, g.findings.map((f) => f.target.id)])).toEqual([
      ['krs-per-objective', 'error', ['d']],
      ['kr-output-not-outcome', 'warning', ['e']],
      ['stale-check-in', 'warning', ['a', 'c']],
      ['no-owner', 'info', ['b']],
    ]);
    expect(summary.counts).toEqual({ error: 1, warning: 2, info: 2 });
  });

  it('of nothing is empty', () => {
    expect(lintSummary([])).toEqual({ groups: [], counts: { error: 0, warning: 0, info: 0 } });
  });

  it('knows every rule id once', () => {
    expect(new Set(LINT_RULE_IDS).size).toBe(LINT_RULE_IDS.length);
  });
});
