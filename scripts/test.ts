/**
 * `npm test`: Biome, the typecheck, the unit and contract suites, the builds and the end-to-end
 * suite, each step started as soon as what it needs is there (scripts/test/run-graph.ts):
 *
 *   1. `wxt prepare` (the generated `.wxt/` types every later step reads; a clone without
 *      `npm install` has none), then at once
 *   2. the Chrome and Firefox builds (the e2e suite loads and checks them, made from the sources
 *      under test in this same run, never an earlier one; it is told so, and run on its own it
 *      builds Firefox itself), lint, the typecheck and the unit suite, and
 *   3. the e2e suite as soon as both builds are done, three files at once (vitest.e2e.config.ts),
 *      beside whatever of step 2 is still running.
 *
 * The e2e suite is mostly waiting (Retry-After, slow answers, the 20 s limit, browser starts), so
 * the CPU-bound steps fill that time instead of following it. It runs at a lower priority
 * (`nice`): the unit suite has 20 s limits per test and its property and 50,000-issue tests went
 * past them when the two shared the CPU as equals, while nothing in the e2e suite has an upper
 * bound on time except generous timeouts, and its waits are timers that run regardless.
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
  { name: 'lint', command: ['biome', 'ci', '.'], after: ['prepare'] },
  { name: 'typecheck', command: ['tsc', '--noEmit'], after: ['prepare'] },
  { name: 'unit', command: ['vitest', 'run'], after: ['prepare'] },
  {
    name: 'e2e',
    command: ['vitest', 'run', '--config', 'vitest.e2e.config.ts'],
    after: ['build', 'build:firefox'],
    // The builds above made .output/firefox-mv3 from these sources: the packaging test checks it as it is.
    env: { KR_LENS_FIREFOX_BUILT: '1' },
    nice: 10,
  },
];

async function main(): Promise<void> {
  const started = Date.now();
  const results = await runGraph(STEPS);
  console.log(`\n${summary(results, (Date.now() - started) / 1000, started)}`);
  process.exitCode = results.every((result) => result.ok) ? 0 : 1;
}

await main();
