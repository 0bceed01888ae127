/**
 * The benchmark's own arithmetic: which files a page loads, how a CPU profile is attributed to us,
 * how probe times become latencies, how request ratios are judged, and what the naive client reads.
 */
import { describe, expect, it } from 'vitest';
import { pageScripts, staticImports } from '../../scripts/bench/bundle';
import { ourSamples, ourTime } from '../../scripts/bench/host-cost';
import { timedFrom } from '../../scripts/bench/latency';
import { naivePage, naiveScope, naiveSubtree, type NaiveClient, type NaiveIssue } from '../../scripts/bench/naive';
import { requestRow } from '../../scripts/bench/requests';

describe('what a page loads', () => {
  it('reads module scripts and preloads from the HTML, without the leading slash', () => {
    const html = `<script type="module" crossorigin src="/chunks/options-FI5.js"></script>
      <link rel="modulepreload" crossorigin href="/chunks/jsxRuntime-Cc.js"><link rel="stylesheet" href="/assets/options.css">`;
    expect(pageScripts(html).sort()).toEqual(['chunks/jsxRuntime-Cc.js', 'chunks/options-FI5.js']);
  });

  it.each([
    ['import{n as a}from"./jsxRuntime-Cc.js";', ['./jsxRuntime-Cc.js']],
    ['import"./side.js";export{x}from"../shared/y.js"', ['./side.js', '../shared/y.js']],
    // A dynamic import is not loaded with the page, and a bare specifier is not a file of ours.
    ['const m=import("./lazy.js");import"preact"', []],
  ] as const)('finds static relative imports in %s', (code, expected) => {
    expect(staticImports(code)).toEqual(expected);
  });
});

describe('attributing a CPU profile to our content script', () => {
  // root → page code (1) and root → ours (2) → a DOM call inside ours (3).
  const profile = {
    startTime: 1_000_000,
    nodes: [
      { id: 0, callFrame: { url: '' }, children: [1, 2] },
      { id: 1, callFrame: { url: 'https://acme.atlassian.net/app.js' } },
      { id: 2, callFrame: { url: 'chrome-extension://abc/content-scripts/jira.js' }, children: [3] },
      { id: 3, callFrame: { url: '' } },
    ],
    // 10 ms of ours (nodes 2 and 3), 5 ms of the page, 30 ms of ours, the page again: 1 ms apart.
    // A sample lasts until the next one, so the last sample carries no time.
    samples: [...Array(10).fill(2), ...Array(5).fill(1), ...Array(20).fill(3), ...Array(10).fill(2), 1],
    timeDeltas: Array(46).fill(1000),
  };
  const samples = ourSamples(profile, (url) => url.startsWith('chrome-extension://abc/'), 1000);

  it('counts a frame called from ours as ours, on the page clock', () => {
    expect(samples.filter((s) => s.ours)).toHaveLength(40);
    expect(samples[0]!.at).toBe(1);
  });

  it('gives total time, the longest stretch, and the long tasks we filled', () => {
    const time = ourTime(samples, [
      { start: 15, duration: 60 }, // 30 ms ours of 60: half
      { start: 0, duration: 14 },
    ]);
    expect(time.totalMs).toBeCloseTo(40, 5);
    expect(time.longestStretchMs).toBeCloseTo(30, 5);
    expect(time.longTasksOfOurs).toBe(2);
  });
});

describe('probe times', () => {
  it.each([
    [
      'a full navigation counts from the host',
      { host: 100, answer: 130, paint: 140, key: 'A-1', armedAt: null },
      { afterKey: 40, inDomAfterKey: 30, total: 140 },
    ],
    [
      'SPA navigation counts from the click',
      { host: 300, answer: 320, paint: 330, key: 'A-2', armedAt: 250 },
      { afterKey: 80, inDomAfterKey: 70, total: 80 },
    ],
  ])('%s', (_name, probe, expected) => {
    expect(timedFrom(probe)).toEqual(expected);
  });

  it('refuses a run the probe did not see painted', () => {
    expect(() => timedFrom({ host: 100, answer: null, paint: null, key: null, armedAt: null })).toThrow(/no paint/);
  });
});

describe('request ratios', () => {
  it.each([
    [11, 10, true],
    [12, 10, false],
    [4, 4, true],
  ])('%i requests against a bound of %i: met = %s', (measured, lowerBound, met) => {
    const row = requestRow('requests', { name: 'x', measured, lowerBound, naive: 100 });
    expect(row.met).toBe(met);
    expect(row.detail).toContain(`lower bound ${lowerBound}`);
  });
});

describe('the naive client', () => {
  // P → C1, C2; C1 → G. Children come only from a search (as in Jira).
  const issues: Record<string, NaiveIssue> = {
    P: { key: 'P', mayHaveChildren: true, krIds: ['set:a'] },
    C1: { key: 'C1', parent: 'P', mayHaveChildren: true, krIds: [] },
    C2: { key: 'C2', parent: 'P', mayHaveChildren: false, krIds: [] },
    G: { key: 'G', parent: 'C1', mayHaveChildren: false, krIds: [] },
  };
  const childrenOf: Record<string, string[]> = { P: ['C1', 'C2'], C1: ['G'] };

  function countingClient() {
    const calls: string[] = [];
    const client: NaiveClient = {
      issue: async (key) => (calls.push(`issue ${key}`), issues[key] ?? null),
      childrenOf: async (key) => (calls.push(`children ${key}`), childrenOf[key] ?? []),
      linkedKeys: async () => (calls.push('linked'), ['P']),
    };
    return { client, calls };
  }

  it('reads every issue of a subtree once, and searches children only where there may be some', async () => {
    const { client, calls } = countingClient();
    expect((await naiveSubtree(client, ['P'])).map((i) => i.key)).toEqual(['P', 'C1', 'C2', 'G']);
    expect(calls).toEqual(['issue P', 'children P', 'issue C1', 'children C1', 'issue C2', 'issue G']);
  });

  it('reads a page: the issue, its ancestors, the linked tree, its own children', async () => {
    const { client, calls } = countingClient();
    await naivePage(client, 'G', new Set(['set:a']));
    expect(calls).toEqual([
      'issue G',
      'issue C1',
      'issue P',
      'linked',
      'issue P',
      'children P',
      'issue C1',
      'children C1',
      'issue C2',
      'issue G',
    ]);
  });

  it('reads a scope and each ancestor once', async () => {
    const { client, calls } = countingClient();
    expect(await naiveScope(client, async () => ['G', 'C2'])).toBe(4);
    expect(calls).toEqual(['issue G', 'issue C2', 'issue C1', 'issue P']);
  });
});
