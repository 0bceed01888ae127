/**
 * `npm test`: Biome, the typecheck, the unit and contract suites, the build and the end-to-end
 * suite, as before, but with the steps that don't wait for each other run side by side:
 *
 *   1. `wxt prepare` (the generated `.wxt/` types every later step reads; a clone without
 *      `npm install` has none), then
 *   2. lint, typecheck, the Chrome build and the Firefox build at once (the builds are what the
 *      e2e suite loads and checks, made from the sources under test in this same run, never an
 *      earlier one; the e2e suite is told so, and run on its own it builds Firefox itself), then
 *   3. the unit suite, on every core, then
 *   4. the e2e suite, two files at once (see vitest.e2e.config.ts).
 *
 * The unit suite does not run beside the e2e suite: on this busy two-core machine its CPU-heavy
 * tests (property tests, 50,000-issue scale tests) then went past their 20 s limits, at normal
 * priority as at a lower one.
 *
 * Each step's output is printed whole when it ends; a summary of every step's time closes the
 * run. The first stage that fails stops the run, as `a && b && c` did.
 */
import { runInOrder, runLanes, summary, type Step, type StepResult } from './test/run-steps';

const PREPARE: Step = { name: 'prepare', command: ['wxt', 'prepare'] };
const LINT: Step = { name: 'lint', command: ['biome', 'ci', '.'] };
const TYPECHECK: Step = { name: 'typecheck', command: ['tsc', '--noEmit'] };
const BUILD: Step = { name: 'build', command: ['wxt', 'build'] };
const BUILD_FIREFOX: Step = { name: 'build:firefox', command: ['wxt', 'build', '-b', 'firefox', '--mv3'] };
const UNIT: Step = { name: 'unit', command: ['vitest', 'run'] };
const E2E: Step = {
  name: 'e2e',
  command: ['vitest', 'run', '--config', 'vitest.e2e.config.ts'],
  // Stage 2 built .output/firefox-mv3 from these sources: the packaging test checks it as it is.
  env: { KR_LENS_FIREFOX_BUILT: '1' },
};

const STAGES: Step[][][] = [[[PREPARE]], [[LINT], [TYPECHECK], [BUILD], [BUILD_FIREFOX]], [[UNIT]], [[E2E]]];

async function main(): Promise<void> {
  const started = Date.now();
  const results: StepResult[] = [];
  for (const lanes of STAGES) {
    results.push(...(lanes.length === 1 ? await runInOrder(lanes[0]!) : await runLanes(lanes)));
    if (results.some((result) => !result.ok)) break;
  }
  console.log(`\n${summary(results, (Date.now() - started) / 1000)}`);
  process.exitCode = results.every((result) => result.ok) ? 0 : 1;
}

await main();
