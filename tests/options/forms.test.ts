import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK, resolvePlaybook } from '../../lib/okr/playbook';
import { savedNewLinearKey } from '../../lib/trackers/linear/connection';
import {
  buildSettingsUpdate,
  parseSiteOrigin,
  rowMatchesSaved,
  type JiraRow,
  type LinearForm,
} from '../../entrypoints/options/state/connection-form';
import { formToPlaybook, playbookToForm, splitList, type PlaybookForm } from '../../entrypoints/options/state/playbook-form';

const SITE = 'https://acme.atlassian.net';

function row(patch: Partial<JiraRow> = {}): JiraRow {
  return { key: 'r', site: SITE, auth: 'session', email: '', token: '', saved: null, ...patch };
}

const savedBasic = { site: SITE, auth: 'basic' as const, email: 'dana@acme.example' };
const noLinear: LinearForm = { key: '', stored: false, remove: false };

describe('parseSiteOrigin', () => {
  it.each([
    ['https://acme.atlassian.net', SITE],
    ['  acme.atlassian.net  ', SITE],
    ['https://acme.atlassian.net/browse/ACME-1?x=1', SITE],
    ['https://jira.example.com:8443/jira', 'https://jira.example.com:8443'],
  ])('%j is %s', (typed, origin) => {
    expect(parseSiteOrigin(typed)).toEqual({ ok: true, origin });
  });

  it.each(['http://jira.local', 'ftp://acme.atlassian.net', 'https://'])('%j is refused with a sentence', (typed) => {
    const parsed = parseSiteOrigin(typed);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/\.$/);
  });
});

describe('buildSettingsUpdate', () => {
  it.each<[string, JiraRow[], LinearForm, unknown]>([
    ['session row', [row()], noLinear, { jira: [{ site: SITE, auth: { type: 'session' } }], linear: null }],
    ['blank session row is dropped', [row({ site: ' ' })], noLinear, { jira: [], linear: null }],
    [
      'stored token kept when blank and the email is unchanged',
      [row({ auth: 'basic', email: 'dana@acme.example', saved: savedBasic })],
      { key: '', stored: true, remove: false },
      { jira: [{ site: SITE, auth: { type: 'basic', email: 'dana@acme.example' } }], linear: { keepKey: true } },
    ],
    [
      'typed token and key are sent trimmed',
      [row({ auth: 'basic', email: 'dana@acme.example', token: ' t0k ', saved: savedBasic })],
      { key: ' lin_api_x ', stored: true, remove: false },
      { jira: [{ site: SITE, auth: { type: 'basic', email: 'dana@acme.example', apiToken: 't0k' } }], linear: { apiKey: 'lin_api_x' } },
    ],
    ['removing the Linear key', [], { key: '', stored: true, remove: true }, { jira: [], linear: null }],
  ])('%s', (_name, rows, linear, update) => {
    const built = buildSettingsUpdate(rows, linear);
    expect(built.ok && built.update).toEqual(update);
  });

  it.each<[string, JiraRow[], string]>([
    ['token row without a site', [row({ site: '', auth: 'basic', email: 'dana@acme.example', token: 't' })], 'Enter the Jira site address'],
    ['duplicate sites', [row(), row({ key: 's', site: `${SITE}/browse/X-1` })], `${SITE} is listed twice`],
    ['bad email', [row({ auth: 'basic', email: 'dana', token: 't' })], 'Enter the email address'],
    [
      'changed email needs a token',
      [row({ auth: 'basic', email: 'sam@acme.example', saved: savedBasic })],
      'Enter the API token for sam@acme.example',
    ],
    ['new token row needs a token', [row({ auth: 'basic', email: 'dana@acme.example' })], 'Enter the API token for dana@acme.example'],
  ])('refuses %s', (_name, rows, message) => {
    const built = buildSettingsUpdate(rows, noLinear);
    expect(!built.ok && built.message).toContain(message);
  });
});

describe('rowMatchesSaved', () => {
  it.each<[string, JiraRow, boolean]>([
    ['unchanged token row', row({ auth: 'basic', email: 'dana@acme.example', saved: savedBasic }), true],
    [
      'site typed differently, same origin',
      row({ site: 'acme.atlassian.net/', auth: 'basic', email: 'dana@acme.example', saved: savedBasic }),
      true,
    ],
    ['a token typed', row({ auth: 'basic', email: 'dana@acme.example', token: 'x', saved: savedBasic }), false],
    ['auth switched', row({ saved: savedBasic }), false],
    ['new row', row(), false],
  ])('%s → %s', (_name, r, expected) => {
    expect(rowMatchesSaved(r)).toBe(expected);
  });
});

describe('playbook form', () => {
  it('the default playbook round-trips to no playbook at all', () => {
    expect(formToPlaybook(playbookToForm(resolvePlaybook(undefined)))).toEqual({ ok: true, playbook: undefined });
  });

  it.each<[string, Partial<PlaybookForm>, unknown]>([
    ['stale days', { staleCheckInDays: ' 21 ' }, { staleCheckInDays: 21 }],
    ['a limit', { keyResultsMin: '3' }, { keyResultsPerObjective: { min: 3, max: DEFAULT_PLAYBOOK.keyResultsPerObjective.max } }],
    ['run kinds in a stable order', { runKinds: ['other', 'bug', 'epic'] }, { runKinds: ['epic', 'bug', 'other'] }],
    ['an emptied list', { canceledResolutions: ' , ' }, { canceledResolutions: [] }],
    ['words', { activityWords: 'ship, launch' }, { activityWords: ['ship', 'launch'] }],
  ])('keeps only the changed %s', (_name, patch, playbook) => {
    const form = { ...playbookToForm(resolvePlaybook(undefined)), ...patch };
    expect(formToPlaybook(form)).toEqual({ ok: true, playbook });
  });

  it('lists every invalid number at once', () => {
    const form = { ...playbookToForm(resolvePlaybook(undefined)), objectivesMin: '-1', keyResultsMax: '0', staleCheckInDays: '400' };
    const built = formToPlaybook(form);
    expect(built.ok).toBe(false);
    expect(!built.ok && built.errors).toHaveLength(3);
  });

  it.each([
    ['a, b,, a ', ['a', 'b']],
    ['', []],
    ["Won't Do,Duplicate", ["Won't Do", 'Duplicate']],
  ])('splitList(%j)', (text, list) => {
    expect(splitList(text)).toEqual(list);
  });
});

describe('savedNewLinearKey', () => {
  it.each([
    ['a new key', { apiKey: 'lin_api_x' }, true],
    ['the stored key kept', { keepKey: true } as const, false],
    ['no key', null, false],
  ])('%s → %s', (_name, linear, expected) => {
    expect(savedNewLinearKey({ jira: [], linear })).toBe(expected);
  });
});
