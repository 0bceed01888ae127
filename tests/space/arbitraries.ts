/**
 * Generated OKR sets for the team-space property tests: any size the format has to carry, with
 * every optional field, unicode, alignment of both kinds, closed cycles with reviews, playbooks
 * and check-ins with and without values. Each is normalised the way a stored set is (zod output,
 * link URLs assigned), since a space only ever holds stored sets.
 */
import fc from 'fast-check';
import { assignLinkUrls, okrSetSchema, type OkrSet } from '../../lib/okr/model';

const title = (max: number) =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
      fc.constantFrom('p95 < 300 ms', 'Ünïcödé — “quotes”', '<b>x</b>', 'a\nb'),
    )
    .filter((s) => s.trim().length > 0 && s.length <= max);
const isoDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const isoDateTime = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
/** JSON turns -0 into 0, and a tracker stores JSON: -0 is not a value a space can hold apart. */
const finite = fc
  .oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true }))
  .filter((n) => !Object.is(n, -0));
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

const measure = fc.oneof(
  fc.record({
    type: fc.constant('issues' as const),
    weighting: fc.constantFrom('count' as const, 'estimate' as const),
    inProgressCredit: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc
    .tuple(finite, finite, maybe(fc.constantFrom('ms', '%', 'sessions')))
    .filter(([a, b]) => a !== b)
    .map(([start, target, unit]) => ({ type: 'metric' as const, start, target, ...optional('unit', unit) })),
  fc.constant({ type: 'milestone' as const }),
);

const playbook = maybe(
  fc.record(
    {
      staleCheckInDays: fc.integer({ min: 1, max: 365 }),
      runLabels: fc.array(title(60), { maxLength: 3 }),
      canceledStatuses: fc.array(title(60), { maxLength: 2 }),
      objectivesPerTeam: fc.record({ min: fc.integer({ min: 0, max: 2 }), max: fc.integer({ min: 3, max: 6 }) }),
    },
    { requiredKeys: [] },
  ),
);

const generated = fc.record({
  setId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
  name: title(200),
  homeUrl: maybe(fc.constantFrom('https://okrs.example.com', 'https://okrs.example.com/2026/')),
  playbook,
  cycles: fc.array(
    fc.record({
      a: isoDate,
      b: isoDate,
      name: title(200),
      state: fc.constantFrom('planning' as const, 'active' as const, 'closed' as const),
      learnings: maybe(fc.array(title(200), { maxLength: 2 })),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  objectives: fc.array(
    fc.record({
      title: title(500),
      description: maybe(fc.string({ maxLength: 80 })),
      owner: maybe(title(200)),
      team: maybe(title(200)),
      level: fc.constantFrom('company' as const, 'department' as const, 'team' as const, 'individual' as const),
      commitment: fc.constantFrom('committed' as const, 'aspirational' as const),
      theme: maybe(fc.constantFrom('run' as const, 'change' as const)),
      cycle: fc.nat(),
      supports: fc.array(fc.nat(), { maxLength: 2 }),
      inherits: maybe(fc.nat()),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  keyResults: fc.array(
    fc.record({
      title: title(500),
      objective: fc.nat(),
      owner: maybe(title(200)),
      teams: maybe(fc.array(title(200), { maxLength: 2 })),
      weight: maybe(fc.double({ min: 0.01, max: 100, noNaN: true })),
      explicitUrl: fc.boolean(),
      measure,
    }),
    { maxLength: 8 },
  ),
  checkIns: fc.array(
    fc.record({
      kr: fc.nat(),
      at: isoDateTime,
      value: maybe(finite),
      confidence: fc.integer({ min: 0, max: 10 }),
      note: maybe(fc.string({ maxLength: 60 })),
      author: maybe(title(200)),
    }),
    { maxLength: 12 },
  ),
});

type Generated = typeof generated extends fc.Arbitrary<infer T> ? T : never;

function cyclesOf(g: Generated) {
  return g.cycles.map((c, i) => ({
    id: `c-${i}`,
    name: c.name,
    start: c.a < c.b ? c.a : c.b,
    end: c.a < c.b ? c.b : c.a,
    state: c.state,
    ...(c.state === 'closed' && c.learnings
      ? { review: { closedAt: `${c.a}T12:00:00.000Z`, objectives: [], keyResults: [], learnings: c.learnings } }
      : {}),
  }));
}

function toSet(g: Generated): OkrSet {
  const cycles = cyclesOf(g);
  const objectiveIds = g.objectives.map((_, i) => `o-${i}`);
  const keyResults = g.keyResults.map((kr, i) => ({
    id: `kr-${i}`,
    objectiveId: objectiveIds[kr.objective % objectiveIds.length]!,
    title: kr.title,
    measure: kr.measure,
    ...optional('owner', kr.owner),
    ...optional('teams', kr.teams),
    ...optional('weight', kr.weight),
    ...(kr.explicitUrl ? { url: `https://links.example.org/${g.setId}/kr-${i}` } : {}),
  }));
  // Alignment points only at earlier objectives and their KRs, so there are no loops.
  const objectives = g.objectives.map((o, i) => {
    const earlierKrs = keyResults.filter((kr) => Number(kr.objectiveId.slice(2)) < i);
    const supports = i === 0 ? [] : [...new Set(o.supports.map((n) => objectiveIds[n % i]!))];
    const inherits = o.inherits !== undefined && earlierKrs.length > 0 ? earlierKrs[o.inherits % earlierKrs.length]!.id : undefined;
    const { cycle, supports: _s, inherits: _i, ...rest } = o;
    const fields = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    return {
      id: objectiveIds[i]!,
      cycleId: cycles[cycle % cycles.length]!.id,
      ...fields,
      alignment: { ...optional('inherits', inherits), supports },
    };
  });
  const checkIns =
    keyResults.length === 0
      ? []
      : g.checkIns.map((c, i) => ({
          id: `ci-${i}`,
          krId: keyResults[c.kr % keyResults.length]!.id,
          at: c.at,
          confidence: c.confidence,
          ...optional('value', c.value),
          ...optional('note', c.note),
          ...optional('author', c.author),
        }));
  const input = {
    schemaVersion: 1,
    id: g.setId,
    name: g.name,
    ...optional('homeUrl', g.homeUrl),
    ...optional('playbook', g.playbook),
    cycles,
    objectives,
    keyResults,
    checkIns,
  };
  return assignLinkUrls(okrSetSchema.parse(input));
}

export const okrSetArbitrary: fc.Arbitrary<OkrSet> = generated.map(toSet);
