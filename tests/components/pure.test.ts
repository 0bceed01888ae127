// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { truncateTitle } from '../../components/BoardMarker';
import { weightText } from '../../components/Explanation';
import { nextActiveIndex } from '../../components/KrPicker';
import { filterKrOptions, normalizeForSearch } from '../../components/kr-filter';
import { chainAbove, childrenSentence, chipLabel, confidenceText, whyLabel } from '../../components/labels';
import { formatTimeAgo, updatedAgo } from '../../components/relative-time';
import { krHomeHref, safeHref } from '../../components/safe-href';
import { card, NOW, OPTIONS, view } from './fixtures';

describe('safeHref', () => {
  it.each([
    ['https://acme.atlassian.net/browse/ACME-1', 'https://acme.atlassian.net/browse/ACME-1'],
    ['http://jira.internal:8080/browse/X-1', 'http://jira.internal:8080/browse/X-1'],
    ['  https://linear.app/acme/issue/ENG-1  ', 'https://linear.app/acme/issue/ENG-1'],
    ['javascript:alert(1)', undefined],
    ['JavaScript:alert(1)', undefined],
    ['java\tscript:alert(1)', undefined],
    [' javascript:alert(1)', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['vbscript:msgbox(1)', undefined],
    ['file:///etc/passwd', undefined],
    ['/browse/ACME-1', undefined],
    ['//evil.example/x', undefined],
    ['not a url', undefined],
    ['', undefined],
    [undefined, undefined],
    [null, undefined],
  ])('%j → %j', (input, expected) => {
    expect(safeHref(input)).toBe(expected);
  });

  it.each([
    ['https://okrs.acme.example/#kr-a', 'https://okrs.acme.example/#kr-a'],
    ['https://kr-lens.invalid/acme-2025#kr-a', undefined],
    ['javascript:alert(1)', undefined],
  ])('krHomeHref %j → %j', (input, expected) => {
    expect(krHomeHref(input)).toBe(expected);
  });
});

describe('formatTimeAgo', () => {
  const s = 1000;
  const min = 60 * s;
  const h = 60 * min;
  const d = 24 * h;
  it.each([
    [0, 'just now'],
    [44 * s, 'just now'],
    [-5 * min, 'just now'],
    [45 * s, '1 min ago'],
    [89 * s, '1 min ago'],
    [3 * min, '3 min ago'],
    [59 * min, '59 min ago'],
    [59 * min + 40 * s, '1 h ago'],
    [90 * min, '2 h ago'],
    [23 * h, '23 h ago'],
    [24 * h, 'yesterday'],
    [36 * h - 1, 'yesterday'],
    [3 * d, '3 days ago'],
    [400 * d, '400 days ago'],
    [Number.NaN, 'just now'],
  ])('%d ms → %s', (elapsed, expected) => {
    expect(formatTimeAgo(NOW - elapsed, NOW)).toBe(expected);
  });

  it('prefixes the freshness line', () => {
    expect(updatedAgo(NOW - 3 * 60_000, NOW)).toBe('updated 3 min ago');
  });
});

describe('KR search', () => {
  it.each([
    ['Éclair Équipe', 'eclair equipe'],
    ['ÅNGSTRÖM', 'angstrom'],
    ['Ça va', 'ca va'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeForSearch(input)).toBe(expected);
  });

  it.each([
    ['', ['kr-checkout', 'kr-latency', 'kr-nps', 'kr-refunds']],
    ['   ', ['kr-checkout', 'kr-latency', 'kr-nps', 'kr-refunds']],
    ['latency', ['kr-latency']],
    ['LATENCY', ['kr-latency']],
    ['payments', ['kr-checkout', 'kr-refunds']],
    ['instant refunds', ['kr-refunds']],
    ['equipe', ['kr-nps']],
    ['support équipe', ['kr-nps']],
    ['platform trust', ['kr-latency']],
    ['nothing-like-this', []],
  ])('%j finds %j, suggested first', (query, expected) => {
    expect(filterKrOptions(OPTIONS, query).map((o) => o.krId)).toEqual(expected);
  });

  it('does not reorder its input', () => {
    const before = OPTIONS.map((o) => o.krId);
    filterKrOptions(OPTIONS, '');
    expect(OPTIONS.map((o) => o.krId)).toEqual(before);
  });
});

describe('picker keys', () => {
  it.each([
    ['ArrowDown', 0, 3, 1],
    ['ArrowDown', 2, 3, 2],
    ['ArrowUp', 2, 3, 1],
    ['ArrowUp', 0, 3, 0],
    ['Home', 2, 3, 0],
    ['End', 0, 3, 2],
    ['ArrowDown', -1, 0, undefined],
    ['a', 1, 3, undefined],
  ])('%s from %d of %d → %j', (key, current, count, expected) => {
    expect(nextActiveIndex(key, current, count)).toBe(expected);
  });
});

describe('labels', () => {
  it.each([
    [{ done: 4, total: 9 }, 1, '4 of 9 child issues done — they count toward this KR'],
    [{ done: 0, total: 1 }, 1, '0 of 1 child issue done — they count toward this KR'],
    [{ done: 2, total: 3 }, 2, '2 of 3 child issues done — they count toward these KRs'],
    [{ done: 2, total: 3 }, 0, '2 of 3 child issues done — they would count toward a key result linked here'],
  ])('children %j with %d KRs', (children, krCount, expected) => {
    expect(childrenSentence(children, krCount)).toBe(expected);
  });

  it.each([
    ['62%', 'why 62%?'],
    ['—', 'why unknown?'],
  ])('why label for %s', (text, expected) => {
    expect(whyLabel(text)).toBe(expected);
  });

  it.each([
    [7, 'confidence 7/10'],
    [0, 'confidence 0/10'],
    [undefined, undefined],
  ])('confidence %j', (value, expected) => {
    expect(confidenceText(value)).toBe(expected);
  });

  it('orders the chain top-down without the card’s own KR and objective', () => {
    expect(chainAbove(card()).map((item) => item.id)).toEqual(['obj-company', 'kr-revenue']);
  });

  it('keeps a chain that starts above the card as it is, reversed', () => {
    const chain = card().chain.slice(2);
    expect(chainAbove(card({ chain })).map((item) => item.id)).toEqual(['obj-company', 'kr-revenue']);
  });

  it.each([
    [undefined, 'KR'],
    [view(), '1 KR'],
    [view({ krs: [card(), card({ krId: 'b' })] }), '2 KRs'],
    [view({ krs: [], classification: 'unaligned' }), 'No KR'],
    [view({ krs: [], classification: 'run' }), 'Run work'],
  ])('chip label %#', (v, expected) => {
    expect(chipLabel(v)).toBe(expected);
  });

  it.each([
    [{ weight: 3, estimated: true }, 'estimate', 'weight 3'],
    [{ weight: 2.5, estimated: false }, 'estimate', 'weight 2.5 (no estimate)'],
    [{ weight: 1, estimated: false }, 'count', 'weight 1'],
    [{ weight: 1, estimated: false }, undefined, 'weight 1'],
    [{ weight: 1 / 3, estimated: true }, 'estimate', 'weight 0.33'],
  ] as const)('weight %j (%s)', (issue, weighting, expected) => {
    expect(weightText(issue, weighting)).toBe(expected);
  });

  it.each([
    ['Short title', 'Short title'],
    ['A very long key result title that keeps going', 'A very long key result titl…'],
    ['  padded  ', 'padded'],
    ['😀'.repeat(30), `${'😀'.repeat(27)}…`],
  ])('truncates %j', (title, expected) => {
    expect(truncateTitle(title)).toBe(expected);
  });
});
