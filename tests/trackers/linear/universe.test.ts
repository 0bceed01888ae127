/** Which attachments a Linear read asks for, so every issue carries all its links to the active set's KRs. */
import { describe, expect, it } from 'vitest';
import type { KrWithUrl } from '../../../lib/trackers/tracker';
import { krUniverse, krUrlPrefix } from '../../../lib/trackers/linear/universe';

const kr = (krId: string, url: string, setId = 'acme'): KrWithUrl => ({ setId, krId, url });
const OURS = { title: { startsWith: 'KR: ' } };

describe('krUrlPrefix', () => {
  it.each([
    ['https://okrs.acme.example/2026#kr-kr-mob-offline', 'https://okrs.acme.example/2026#kr-'],
    ['https://kr-lens.invalid/acme#kr-kr-a', 'https://kr-lens.invalid/acme#kr-'],
    ['https://okrs.acme.example/2026/platform#rollback', null],
  ])('%s → %s', (url, prefix) => {
    expect(krUrlPrefix(url)).toBe(prefix);
  });
});

describe('krUniverse', () => {
  it("asks for KR Lens's own links, one prefix per set and the exact URLs that have none", () => {
    const within = [
      kr('kr-a', 'https://okrs.acme.example/2026#kr-kr-a'),
      kr('kr-b', 'https://okrs.acme.example/2026#kr-kr-b'),
      kr('kr-rollback', 'https://okrs.acme.example/2026/platform#rollback'),
    ];
    const universe = krUniverse(within);
    expect(universe.exact).toBe(true);
    expect(universe.attachments).toEqual({
      or: [
        OURS,
        { url: { startsWith: 'https://okrs.acme.example/2026#kr-' } },
        { url: { in: ['https://okrs.acme.example/2026/platform#rollback'] } },
      ],
    });
    expect(universe.byUrl.get('https://okrs.acme.example/2026/platform#rollback')).toEqual({ setId: 'acme', krId: 'kr-rollback' });
  });

  it('takes the searched KRs in too, even outside the set', () => {
    const universe = krUniverse(
      [kr('kr-a', 'https://okrs.acme.example/2026#kr-kr-a')],
      [kr('x', 'https://kr-lens.invalid/other#kr-x', 'other')],
    );
    expect(universe.attachments).toEqual({
      or: [
        OURS,
        { url: { startsWith: 'https://okrs.acme.example/2026#kr-' } },
        { url: { startsWith: 'https://kr-lens.invalid/other#kr-' } },
      ],
    });
    expect(universe.byUrl.get('https://kr-lens.invalid/other#kr-x')).toEqual({ setId: 'other', krId: 'x' });
  });

  it('without the set: our own links and the searched URLs, not exact', () => {
    expect(krUniverse(undefined)).toMatchObject({ attachments: OURS, exact: false });
    const searched = krUniverse(undefined, [kr('kr-a', 'https://okrs.acme.example/2026#kr-kr-a')]);
    expect(searched).toMatchObject({
      attachments: { or: [OURS, { url: { in: ['https://okrs.acme.example/2026#kr-kr-a'] } }] },
      exact: false,
    });
  });

  it('a set whose KR URLs share no prefix, past the filter size, is not claimed exact', () => {
    const within = Array.from({ length: 101 }, (_, i) => kr(`kr-${i}`, `https://okrs.acme.example/kr/${i}`));
    const universe = krUniverse(within, [within[0]!]);
    expect(universe.exact).toBe(false);
    expect(universe.attachments).toEqual({ or: [OURS, { url: { in: ['https://okrs.acme.example/kr/0'] } }] });
  });
});
