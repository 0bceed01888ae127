import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import type { TestSpecification } from 'vitest/node';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';
import { rankedSequencer } from './scripts/test/ranked-sequencer';

/** The environment a file asks for in its docblock (`@vitest-environment happy-dom`), else Node. */
function environmentOf(file: TestSpecification): string {
  return /@vitest-environment\s+(\S+)/.exec(readFileSync(file.moduleId, 'utf8'))?.[1] ?? 'node';
}

/**
 * Node files first, then the DOM ones. A worker that keeps its modules is only handed a next file
 * of the same environment: interleaved, the 25 happy-dom files among the 80 Node ones made Vitest
 * end a worker and start a fresh one (its modules loaded again) about 35 times in a run.
 */
const ByEnvironment = rankedSequencer((file) => (environmentOf(file) === 'node' ? 0 : 1));

export default defineConfig({
  // WxtVitest does not read wxt.config's plugins, so Preact is added again here.
  plugins: [WxtVitest(), preact()],
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // tests/e2e and tests/firefox drive real browsers with their own configs.
    exclude: ['tests/e2e/**', 'tests/firefox/**'],
    testTimeout: 20_000,
    // Vitest's default is one worker fewer than the cores: one worker on a two-core machine, with
    // the other core idle. The main process only collects results, so use every core.
    maxWorkers: Math.max(2, availableParallelism()),
    // Each file in a fresh module graph re-evaluated jira.js, @linear/sdk, happy-dom and the fakes'
    // contract checkers (the 2.4 MB Jira OpenAPI document) for every one of ~100 files, which was
    // most of the suite's time. Workers now keep their modules from file to file. Nothing here
    // relies on a fresh graph: no helper registers hooks at its top level, no file mocks a module,
    // fake timers are undone after each test, and the suite passes in shuffled orders.
    pool: 'threads',
    isolate: false,
    sequence: { sequencer: ByEnvironment },
  },
});
