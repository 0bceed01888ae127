/**
 * The Acme example set (public/examples/acme.okr.json) is what the demo imports and what the
 * sandbox Jira and Linear servers link issues to, so its ids are a contract. This file says what
 * the set holds; if the set changes, these descriptions change with it on purpose.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { lintOkrSet } from '../../lib/okr/lint';
import { assignLinkUrls, type OkrSetInput } from '../../lib/okr/model';
import { DEFAULT_PLAYBOOK } from '../../lib/okr/playbook';
import { parseOkrSet } from '../../lib/okr/validate';

const readExample = (name: string) => readFileSync(new URL(`../../public/examples/${name}`, import.meta.url), 'utf8');
const rawJson: unknown = JSON.parse(readExample('acme.okr.json'));
const rawYaml: unknown = YAML.parse(readExample('acme.okr.yaml'));

/** The demo's "today": the sandbox data is written as of this day. */
const TODAY = '2026-11-21';

function parsedExample(): OkrSetInput {
  const result = parseOkrSet(rawJson);
  if (!result.ok) throw new Error(`example set invalid:\n${result.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`);
  return result.set;
}

describe('the Acme example set — files', () => {
  it('parses with zero errors', () => {
    expect(parseOkrSet(rawJson)).toMatchObject({ ok: true });
  });

  it('has a YAML twin holding the same data', () => {
    expect(rawYaml).toEqual(rawJson);
  });

  it('round-trips through YAML unchanged', () => {
    const set = parsedExample();
    const again = parseOkrSet(YAML.parse(YAML.stringify(set)));
    expect(again).toEqual({ ok: true, set });
  });
});

describe('the Acme example set — shape', () => {
  const set = parsedExample();
  const q4 = set.objectives.filter((o) => o.cycleId === '2026-q4');
  const krsOf = (objectiveId: string) => set.keyResults.filter((kr) => kr.objectiveId === objectiveId);
  const objectiveOf = (krId: string) => set.objectives.find((o) => o.id === set.keyResults.find((kr) => kr.id === krId)?.objectiveId);

  it('is the set the sandbox servers link to', () => {
    expect({ id: set.id, name: set.name, homeUrl: set.homeUrl }).toEqual({
      id: 'acme',
      name: 'Acme Corp OKRs',
      homeUrl: 'https://okrs.acme.example/2026',
    });
  });

  it('has a closed Q3 and an active Q4', () => {
    expect(set.cycles.map(({ id, start, end, state }) => ({ id, start, end, state }))).toEqual([
      { id: '2026-q3', start: '2026-07-01', end: '2026-09-30', state: 'closed' },
      { id: '2026-q4', start: '2026-10-01', end: '2026-12-31', state: 'active' },
    ]);
  });

  it('keeps a review of the closed cycle naming its own objectives and KRs', () => {
    const review = set.cycles.find((c) => c.id === '2026-q3')?.review;
    expect(review).toBeDefined();
    const q3Objectives = set.objectives.filter((o) => o.cycleId === '2026-q3').map((o) => o.id);
    expect(review!.objectives.map((s) => s.id)).toEqual(q3Objectives);
    expect(review!.keyResults.map((s) => s.id).sort()).toEqual(q3Objectives.flatMap((id) => krsOf(id).map((kr) => kr.id)).sort());
  });

  it.each([
    { id: 'kr-plat-p95-checkout', team: 'Platform', measure: { type: 'issues', weighting: 'count' } },
    { id: 'kr-grow-activation', team: 'Growth', measure: { type: 'issues', weighting: 'estimate', inProgressCredit: 0.5 } },
    { id: 'kr-mob-crash-free', team: 'Mobile', measure: { type: 'issues', weighting: 'count' } },
    { id: 'kr-mob-offline', team: 'Mobile', measure: { type: 'issues', weighting: 'estimate' } },
  ])('$id is an issues KR of team $team in Q4', ({ id, team, measure }) => {
    const kr = set.keyResults.find((k) => k.id === id);
    expect(kr?.measure).toMatchObject(measure);
    expect(kr?.teams).toContain(team);
    expect(objectiveOf(id)).toMatchObject({ team, cycleId: '2026-q4' });
  });

  it('has two company objectives and a department objective in Q4', () => {
    expect(q4.filter((o) => o.level === 'company')).toHaveLength(2);
    expect(q4.filter((o) => o.level === 'department').length).toBeGreaterThanOrEqual(1);
  });

  it('has team objectives for Platform, Growth and Mobile, each aligned', () => {
    const teamObjectives = q4.filter((o) => o.level === 'team');
    expect(new Set(teamObjectives.map((o) => o.team))).toEqual(new Set(['Platform', 'Growth', 'Mobile']));
    for (const o of teamObjectives) expect(o.alignment.inherits !== undefined || o.alignment.supports.length > 0).toBe(true);
  });

  it('shows explicit alignment (inherits a company KR) and implicit alignment (supports)', () => {
    const companyKrIds = new Set(q4.filter((o) => o.level === 'company').flatMap((o) => krsOf(o.id).map((kr) => kr.id)));
    const inheritsCompanyKr = q4.filter((o) => o.alignment.inherits !== undefined && companyKrIds.has(o.alignment.inherits));
    expect(new Set(inheritsCompanyKr.map((o) => o.team))).toEqual(new Set(['Platform', 'Growth', 'Mobile']));
    expect(q4.filter((o) => o.alignment.supports.length > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('mixes committed and aspirational objectives', () => {
    expect(new Set(q4.map((o) => o.commitment))).toEqual(new Set(['committed', 'aspirational']));
  });

  it('gives every objective 2–5 key results', () => {
    for (const o of set.objectives) expect(krsOf(o.id).length, o.id).toBeGreaterThanOrEqual(2);
    for (const o of set.objectives) expect(krsOf(o.id).length, o.id).toBeLessThanOrEqual(5);
  });

  it('uses every kind of measure, metrics both rising and falling, with units', () => {
    const metrics = set.keyResults.flatMap((kr) => (kr.measure.type === 'metric' ? [kr.measure] : []));
    expect(metrics.some((m) => m.target > m.start && m.unit !== undefined)).toBe(true);
    expect(metrics.some((m) => m.target < m.start && m.unit !== undefined)).toBe(true);
    expect(new Set(set.keyResults.map((kr) => kr.measure.type))).toEqual(new Set(['issues', 'metric', 'milestone']));
  });

  it('leaves link URLs to the defaults but one, and every KR ends up with its own', () => {
    expect(set.keyResults.filter((kr) => kr.url !== undefined)).toHaveLength(1);
    const urls = assignLinkUrls(set).keyResults.map((kr) => kr.url);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('has check-ins with confidence over several weeks, one KR gone quiet', () => {
    const days = set.checkIns.filter((c) => c.at >= '2026-10-01').map((c) => c.at.slice(0, 10));
    const weeks =
      (Date.parse(days.reduce((a, b) => (a > b ? a : b))) - Date.parse(days.reduce((a, b) => (a < b ? a : b)))) / (7 * 86_400_000);
    expect(weeks).toBeGreaterThanOrEqual(5);
    const lastByKr = new Map<string, string>();
    for (const c of set.checkIns) if ((lastByKr.get(c.krId) ?? '') < c.at) lastByKr.set(c.krId, c.at);
    const quiet = [...lastByKr].filter(([krId, at]) => objectiveOf(krId)?.cycleId === '2026-q4' && at < '2026-11-07');
    expect(quiet.map(([krId]) => krId)).toEqual(['kr-grow-referral-rewards']);
  });

  it(`shows the lint a few believable findings on ${TODAY}`, () => {
    const findings = lintOkrSet(assignLinkUrls(set), { today: TODAY, playbook: DEFAULT_PLAYBOOK });
    expect(findings.map(({ ruleId, target }) => ({ ruleId, target }))).toEqual([
      { ruleId: 'kr-output-not-outcome', target: { kind: 'key-result', id: 'kr-plat-ci-migration' } },
      { ruleId: 'stale-check-in', target: { kind: 'key-result', id: 'kr-grow-referral-rewards' } },
    ]);
  });
});
