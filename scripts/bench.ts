/**
 * `npm run bench`: every performance figure with its goal, printed as a table and written to
 * bench/results.json. Machines here are shared and noisy, so figures are medians of repeated runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchCore } from './bench/core';
import { formatTable, type BenchRow } from './bench/stats';

const sections: Array<[string, () => Promise<BenchRow[]>]> = [['core', () => benchCore()]];

const only = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const [name, run] of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.error(`bench: ${name}…`);
  rows.push(...(await run()));
}
const measuredAt = new Date().toISOString();
mkdirSync('bench', { recursive: true });
writeFileSync('bench/results.json', JSON.stringify({ measuredAt, node: process.version, rows }, null, 2) + '\n');
console.log(`KR Lens benchmarks, ${measuredAt.slice(0, 10)} (node ${process.version})\n`);
console.log(formatTable(rows));
