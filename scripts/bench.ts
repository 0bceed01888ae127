/**
 * `npm run bench`: every performance figure with its goal, printed as a table and written to
 * bench/results.json. Machines here are shared and noisy, so timings are medians of repeated runs.
 *
 * `npm run bench -- requests latency` runs only the named sections. `bundle` makes a fresh
 * `wxt build` first; the Chromium sections (latency, cache, host) load that build, or the one
 * already in .output/chrome-mv3 when `bundle` is not run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchBundle } from './bench/bundle';
import { benchCache } from './bench/cache';
import { benchCore } from './bench/core';
import { benchHostCost } from './bench/host-cost';
import { benchLatency } from './bench/latency';
import { benchRequests } from './bench/requests';
import { benchSpaces } from './bench/spaces';
import { formatTable, type BenchRow } from './bench/stats';

const sections: Array<[string, () => Promise<BenchRow[]>]> = [
  ['bundle', () => benchBundle()],
  ['requests', () => benchRequests()],
  ['spaces', () => benchSpaces()],
  ['latency', () => benchLatency()],
  ['cache', () => benchCache()],
  ['host', () => benchHostCost()],
  ['core', () => benchCore()],
];

const only = process.argv.slice(2);
const unknown = only.filter((name) => !sections.some(([section]) => section === name));
if (unknown.length > 0)
  throw new Error(`Unknown bench section(s): ${unknown.join(', ')}; sections: ${sections.map(([name]) => name).join(', ')}`);

const rows: BenchRow[] = [];
const started = performance.now();
for (const [name, run] of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  const sectionStart = performance.now();
  console.error(`bench: ${name}…`);
  rows.push(...(await run()));
  console.error(`bench: ${name} took ${((performance.now() - sectionStart) / 1000).toFixed(1)} s`);
}
const measuredAt = new Date().toISOString();
const totalSeconds = Math.round((performance.now() - started) / 1000);
mkdirSync('bench', { recursive: true });
writeFileSync('bench/results.json', JSON.stringify({ measuredAt, node: process.version, totalSeconds, rows }, null, 2) + '\n');
console.log(`KR Lens benchmarks, ${measuredAt.slice(0, 10)} (node ${process.version}, ${totalSeconds} s)\n`);
console.log(formatTable(rows));
const unmet = rows.filter((row) => !row.met);
console.log(
  unmet.length === 0
    ? '\nEvery goal is met.'
    : `\n${unmet.length} goal(s) not met:\n${unmet.map((row) => `- ${row.section}: ${row.name}`).join('\n')}`,
);
