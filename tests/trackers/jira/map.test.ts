/** The pure edge: Jira JSON → snapshots, field discovery, errors. */
import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs, toTrackerError } from '../../../lib/trackers/jira/client';
import {
  boardEstimationFieldId,
  discoverFieldCatalog,
  issueKind,
  JIRA_LINKS_PROPERTY,
  krRefFromGlobalId,
  krRefsFromProperty,
  krRefsFromRemoteLinks,
  linksPropertyValue,
  mapIssue,
  normalizeJiraTimestamp,
} from '../../../lib/trackers/jira/map';
import { TrackerError } from '../../../lib/trackers/tracker';

const SITE = 'https://acme.atlassian.net';

describe('issueKind', () => {
  it.each([
    [{ name: 'Epic', hierarchyLevel: 1 }, 'epic'],
    [{ name: 'Feature', hierarchyLevel: 1 }, 'epic'],
    [{ name: 'Initiative', hierarchyLevel: 2 }, 'epic'],
    [{ name: 'Story', hierarchyLevel: 0 }, 'story'],
    [{ name: 'Task', hierarchyLevel: 0 }, 'task'],
    [{ name: 'Bug', hierarchyLevel: 0 }, 'bug'],
    [{ name: 'Sub-task', hierarchyLevel: -1, subtask: true }, 'subtask'],
    [{ name: 'Subtask', subtask: true }, 'subtask'],
    [{ name: 'Spike', hierarchyLevel: 0 }, 'other'],
    [null, 'other'],
  ] as const)('%j → %s', (type, kind) => {
    expect(issueKind(type)).toBe(kind);
  });
});

describe('normalizeJiraTimestamp', () => {
  it.each([
    ['2025-01-15T10:30:00.000+0000', '2025-01-15T10:30:00.000Z'],
    ['2025-01-15T12:30:00.000+0200', '2025-01-15T10:30:00.000Z'],
    ['2025-01-15T10:30:00.000-0530', '2025-01-15T16:00:00.000Z'],
    ['2025-01-15T10:30:00Z', '2025-01-15T10:30:00.000Z'],
  ])('%s → %s', (jira, iso) => {
    expect(normalizeJiraTimestamp(jira)).toBe(iso);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2025-01-15T10:00:00Z');
  it.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    ['Wed, 15 Jan 2025 10:00:30 GMT', 30_000],
    ['Wed, 15 Jan 2025 09:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j ms', (header, ms) => {
    expect(parseRetryAfterMs(header, now)).toBe(ms);
  });
});

describe('field discovery', () => {
  const field = (id: string, name: string, type: string, custom?: string) => ({
    id,
    name,
    custom: true,
    schema: { type, ...(custom ? { custom } : {}) },
  });
  it.each([
    [
      'team-managed story point estimate',
      [field('customfield_10016', 'Story point estimate', 'number', 'com.pyxis.greenhopper.jira:jsw-story-points')],
      ['customfield_10016'],
    ],
    [
      'company-managed Story Points',
      [field('customfield_10028', 'Story Points', 'number', 'com.atlassian.jira.plugin.system.customfieldtypes:float')],
      ['customfield_10028'],
    ],
    [
      'both, the typed one first',
      [
        field('customfield_10028', 'Story Points', 'number'),
        field('customfield_10016', 'Anything', 'number', 'com.pyxis.greenhopper.jira:jsw-story-points'),
      ],
      ['customfield_10016', 'customfield_10028'],
    ],
    ['a text field named Story Points', [field('customfield_10040', 'Story Points', 'string')], []],
    ['other numbers only', [field('customfield_10090', 'Business Value', 'number')], []],
  ])('%s', (_name, fields, estimateFieldIds) => {
    expect(discoverFieldCatalog(fields).estimateFieldIds).toEqual(estimateFieldIds);
  });

  it('finds the sprint field by its type, whatever its id', () => {
    expect(
      discoverFieldCatalog([field('customfield_12345', 'Iteration', 'array', 'com.pyxis.greenhopper.jira:gh-sprint')]).sprintFieldId,
    ).toBe('customfield_12345');
  });

  it.each([
    [{ estimation: { type: 'field', field: { fieldId: 'customfield_10016' } } }, 'customfield_10016'],
    [{ estimation: { type: 'field', field: { fieldId: 'timeoriginalestimate' } } }, undefined],
    [{ estimation: { type: 'issueCount' } }, undefined],
    [{}, undefined],
  ])('board estimation %j → %s', (configuration, fieldId) => {
    expect(boardEstimationFieldId(configuration)).toBe(fieldId);
  });
});

describe('KR refs', () => {
  it.each([
    ['kr-lens:acme:kr-1', { setId: 'acme', krId: 'kr-1' }],
    ['acme:kr-1', null],
    ['system=http://www.mycompany.com/support&id=1', null],
    ['appId=456&pageId=123', null],
    ['kr-lens:acme', null],
  ])('globalId %s → %j', (globalId, ref) => {
    expect(krRefFromGlobalId(globalId)).toEqual(ref);
  });

  it.each([
    [
      linksPropertyValue(['kr-lens:acme:b', 'kr-lens:acme:a', 'kr-lens:acme:a']),
      [
        { setId: 'acme', krId: 'a' },
        { setId: 'acme', krId: 'b' },
      ],
    ],
    [linksPropertyValue([]), []],
    [{ globalIds: ['kr-lens:acme:a', 'foreign'] }, [{ setId: 'acme', krId: 'a' }]],
    [{ globalIds: 'kr-lens:acme:a' }, null],
    [undefined, null],
  ])('links property %j → %j', (value, refs) => {
    expect(krRefsFromProperty(value)).toEqual(refs);
  });

  it('reads only KR Lens remote links', () => {
    expect(krRefsFromRemoteLinks([{ id: 1, globalId: 'kr-lens:acme:a' }, { id: 2, globalId: 'appId=1' }, { id: 3 }])).toEqual([
      { setId: 'acme', krId: 'a' },
    ]);
  });
});

describe('mapIssue', () => {
  const catalog = { estimateFieldIds: ['customfield_10016', 'customfield_10028'], sprintFieldId: 'customfield_10020' };
  const raw = (fields: Record<string, unknown>, properties?: Record<string, unknown>) => ({
    id: '1',
    key: 'PLAT-1',
    fields,
    ...(properties ? { properties } : {}),
  });

  it('takes the first estimate field that holds a number, and the active sprint', () => {
    const issue = mapIssue(
      raw(
        {
          summary: 'S',
          status: { name: 'Doing', statusCategory: { key: 'indeterminate' } },
          customfield_10016: null,
          customfield_10028: 3,
          customfield_10020: [
            { id: 1, name: 'Old', state: 'closed' },
            { id: 2, name: 'Now', state: 'active' },
          ],
          updated: '2025-01-15T10:30:00.000+0000',
        },
        { [JIRA_LINKS_PROPERTY]: linksPropertyValue(['kr-lens:acme:kr-1']) },
      ),
      { site: SITE, catalog },
    );
    expect(issue).toMatchObject({
      estimate: 3,
      sprintOrCycle: { id: '2', name: 'Now' },
      status: { category: 'in_progress' },
      krRefs: [{ setId: 'acme', krId: 'kr-1' }],
    });
  });

  it.each([
    ['a status without category', { status: { name: 'Odd' } }, { status: { name: 'Odd', category: 'todo' } }],
    [
      'an unknown category',
      { status: { name: 'Odd', statusCategory: { key: 'undefined' } } },
      { status: { name: 'Odd', category: 'todo' } },
    ],
    ['no fields at all', {}, { title: '', kind: 'other', labels: [], krRefs: [] }],
  ])('copes with %s', (_name, fields, expected) => {
    expect(mapIssue(raw(fields), { site: SITE, catalog })).toMatchObject(expected);
  });

  it.each([
    ['a negative estimate', { customfield_10016: -2 }, 'estimate'],
    ['a text estimate', { customfield_10016: '3' }, 'estimate'],
    [
      'sprints in the old string form',
      { customfield_10020: ['com.atlassian.greenhopper.service.sprint.Sprint@1[id=1,name=S1]'] },
      'sprintOrCycle',
    ],
    ['no parent', { parent: null }, 'parent'],
    ['no assignee', { assignee: null }, 'assignee'],
  ])('leaves out what it cannot trust: %s', (_name, fields, property) => {
    expect(mapIssue(raw(fields), { site: SITE, catalog })).not.toHaveProperty(property);
  });

  it('rejects a shape it cannot read with an invalid TrackerError naming the place', () => {
    const attempt = () => mapIssue(raw({ labels: 'not-a-list' }), { site: SITE, catalog });
    expect(attempt).toThrow(TrackerError);
    expect(attempt).toThrow(/labels/);
  });
});

describe('toTrackerError', () => {
  const context = { site: SITE, auth: { type: 'session' } as const, action: 'read PLAT-1', subject: 'Issue PLAT-1' };
  it('names the site in the sentences', () => {
    expect(toTrackerError(new Error('socket hang up'), context).message).toBe(
      "Can't reach Jira at acme.atlassian.net. Check your connection, then try again.",
    );
  });
  it('passes a TrackerError through', () => {
    const error = new TrackerError('invalid', 'x');
    expect(toTrackerError(error, context)).toBe(error);
  });
});
