/**
 * `npm test`: Biome, the typecheck, the unit and contract suites, the builds and the end-to-end
 * suite, each step started as soon as what it needs is there (scripts/test/run-graph.ts):
 *
 *   1. `wxt prepare` (the generated `.wxt/` types every later step reads; a clone without
 *      `npm install` has none), then at once
 *   2. the Chrome and Firefox builds (the e2e suite loads and checks them, made from the sources
 *      under test in this same run, never an earlier one; it is told so, and run on its own it
 *      builds Firefox itself), with lint and the typecheck beside them at a lower priority, then
 *   3. once both builds are done, the unit suite, then
 *   4. the e2e suite, four files at once (vitest.e2e.config.ts).
 *
 * The builds come first because everything after them waits on them; lint and the typecheck only
 * fill what CPU the builds leave. The unit suite does not start beside the builds, nor beside the
 * e2e suite: it has the tight limits (20 s per test, and timing checks of the request time limit),
 * and on a busy two-core machine its property, time-limit and rate-limit tests went past them
 * when it shared the CPU, at normal priority as with the e2e suite at a lower one. The e2e test
 * processes and the fake trackers run at a lower priority than lint and the typecheck would
 * (`nice`; Chromium sets its own processes' priorities).
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
    after: ['build', 'build:firefox', 'unit'],
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
