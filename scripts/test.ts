/**
 * `npm test`: Biome, the typecheck, the unit and contract suites, the builds and the end-to-end
 * suite, each step started as soon as what it needs is there (scripts/test/run-graph.ts):
 *
 *   1. `wxt prepare` (the generated `.wxt/` types every later step reads; a clone without
 *      `npm install` has none), then at once
 *   2. the Chrome and Firefox builds (the e2e suite loads and checks them, made from the sources
 *      under test in this same run, never an earlier one; it is told so, and run on its own it
 *      builds Firefox itself), with lint and the typecheck beside them at a lower priority, then
 *   3. once both builds are done, the unit suite and the e2e suite side by side, the e2e suite
 *      three files at once (vitest.e2e.config.ts).
 *
 * The builds come first because everything after them waits on them; lint and the typecheck only
 * fill what CPU the builds leave. The e2e suite is mostly waiting (Retry-After, slow answers, the
 * 20 s limit, browser starts), so the CPU-bound unit suite fills that time instead of following
 * it. The unit suite does not start beside the builds: it would take the CPU they need, and it
 * has the tight limits (20 s per test; its property and 50,000-issue tests went past them when
 * starved). For the same reason the e2e test processes and the fake trackers run at a lower
 * priority than the unit suite (`nice`; Chromium sets its own processes' priorities): nothing in
 * the e2e suite has an upper bound on time but generous timeouts, and its waits are timers that
 * run regardless.
 *
 * Each step's output is printed whole when it ends; a summary of every step's time (and when it
 * started) closes the run. After a failure no further step starts, as `a && b && c` did.
 */
import { runGraph, type GraphStep } from './test/run-graph';
import { summary } from './test/run-steps';

const STEPS: GraphStep[] = [
  { name: 'prepare', command: ['wxt', 'prepare'] },
  { name: 'build', command: ['wxt', 'build'], after: ['prepare'] },
  { name: 'build:firefox', command: ['wxt', 'build', '-b', 'firefox', '--mv3'], after: ['prepare'] },
  { name: 'lint', command: ['biome', 'ci', '.'], after: ['prepare'], nice: 10 },
  { name: 'typecheck', command: ['tsc', '--noEmit'], after: ['prepare'], nice: 10 },
  { name: 'unit', command: ['vitest', 'run'], after: ['build', 'build:firefox'] },
  {
    name: 'e2e',
    command: ['vitest', 'run', '--config', 'vitest.e2e.config.ts'],
    after: ['build', 'build:firefox'],
    // The builds above made .output/firefox-mv3 from these sources: the packaging test checks it as it is.
    env: { KR_LENS_FIREFOX_BUILT: '1' },
    nice: 5,
  },
];

async function main(): Promise<void> {
  const started = Date.now();
  const results = await runGraph(STEPS);
  console.log(`\n${summary(results, (Date.now() - started) / 1000, started)}`);
  process.exitCode = results.every((result) => result.ok) ? 0 : 1;
}

await main();
