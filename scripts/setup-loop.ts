/**
 * `node --import tsx scripts/setup-loop.ts [--runs 30] [--load]`: runs the end-to-end setup
 * (sandbox, Chromium with the built extension, Options: import the example set, save the Linear
 * key) again and again, each run in a fresh process as a test file gets, and reports how many
 * passed and how long *Save connections* took. `--load` keeps a Firefox build running beside it
 * (into .output/firefox-mv3, so the Chrome build under test is untouched), as a busy shared
 * machine would. Both loops are bounded by `--runs`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startE2E, importExampleSet, optionsUrl, type E2E } from '../tests/e2e/harness';
import { SANDBOX_LINEAR_KEY } from '../tests/sandbox';
import { waitForOptionsState } from '../tests/e2e/options-state';
import { median } from './bench/stats';

const ROOT = resolve(import.meta.dirname, '..');
const MARK = 'setup-loop-result ';

interface RunResult {
  ok: boolean;
  /** Click on Save → the key shown as stored. */
  saveMs: number | null;
  /** Click on Save → the connection check settled (connected or an error). */
  checkMs: number | null;
  checkState: string | null;
  /** Click on Save → the first request to Linear arrived, and was answered. */
  linearArrivedMs: number | null;
  linearAnsweredMs: number | null;
  /** The longest the test process's event loop was blocked during the save. */
  eventLoopMaxMs: number;
  error?: string;
}

async function watchLinear(e2e: E2E, since: number, stop: { done: boolean }): Promise<{ arrived: number | null; answered: number | null }> {
  let arrived: number | null = null;
  let answered: number | null = null;
  while (!stop.done && answered === null) {
    const first = e2e.sandbox.linear.requests.find((request) => request.at >= since);
    if (first && arrived === null) arrived = first.at - since;
    if (first?.status !== undefined) answered = Date.now() - since;
    await new Promise((done) => setTimeout(done, 5));
  }
  return { arrived, answered };
}

/** After a failure: the save's own status and what is in the key field, to tell a lost key from a lost save. */
async function whatOptionsShows(e2e: E2E): Promise<string> {
  const page = e2e.browser.context.pages().at(-1);
  if (!page) return '';
  const said = await page
    .getByTestId('kr-lens-save-status')
    .textContent({ timeout: 2_000 })
    .catch(() => '?');
  const typed = await page
    .getByTestId('kr-lens-linear-key')
    .inputValue({ timeout: 2_000 })
    .catch(() => '?');
  return ` Save connections said "${said}"; the key field holds ${typed.length} characters.`;
}

async function oneRun(): Promise<RunResult> {
  const e2e = await startE2E({ configure: false });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const result: RunResult = {
    ok: false,
    saveMs: null,
    checkMs: null,
    checkState: null,
    linearArrivedMs: null,
    linearAnsweredMs: null,
    eventLoopMaxMs: 0,
  };
  const stop = { done: false };
  try {
    const { page } = await e2e.newPage();
    await page.goto(optionsUrl(e2e));
    await importExampleSet(page);
    await page.getByTestId('kr-lens-linear-key').fill(SANDBOX_LINEAR_KEY);
    delay.enable();
    const clicked = Date.now();
    const linear = watchLinear(e2e, clicked, stop);
    await page.getByTestId('kr-lens-save').click();
    await waitForOptionsState(page, 'kr-lens-linear-state', ['stored']);
    result.saveMs = Date.now() - clicked;
    result.checkState = await waitForOptionsState(page, 'kr-lens-linear-connection', ['connected', 'error']);
    result.checkMs = Date.now() - clicked;
    stop.done = true;
    const times = await linear;
    result.linearArrivedMs = times.arrived;
    result.linearAnsweredMs = times.answered;
    result.ok = result.checkState === 'connected';
  } catch (error) {
    result.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
    result.error += await whatOptionsShows(e2e);
  } finally {
    stop.done = true;
    delay.disable();
    result.eventLoopMaxMs = Math.round(delay.max / 1e6);
    await e2e.close();
  }
  return result;
}

/** The run under way, so an interrupted loop leaves no browser behind. */
let running: ChildProcess | null = null;

function runChild(): Promise<RunResult> {
  return new Promise((done) => {
    const child = (running = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'scripts/setup-loop.ts'), '--one'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    }));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(MARK));
      done(
        line
          ? (JSON.parse(line.slice(MARK.length)) as RunResult)
          : {
              ok: false,
              saveMs: null,
              checkMs: null,
              checkState: null,
              linearArrivedMs: null,
              linearAnsweredMs: null,
              eventLoopMaxMs: 0,
              error: `exited ${code}`,
            },
      );
    });
  });
}

/** Firefox builds one after another until `stop` is set or `max` builds ran. */
function startLoad(max: number): { stop(): Promise<number> } {
  let stopped = false;
  let current: ChildProcess | null = null;
  let builds = 0;
  const loop = (async () => {
    while (!stopped && builds < max) {
      // Its own process group, so stopping it stops npx's children too.
      current = spawn('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { cwd: ROOT, stdio: 'ignore', detached: true });
      await new Promise((done) => current!.on('close', done));
      builds += 1;
    }
  })();
  return {
    async stop() {
      stopped = true;
      if (current?.pid !== undefined && current.exitCode === null) process.kill(-current.pid, 'SIGTERM');
      await loop;
      return builds;
    },
  };
}

const stat = (values: Array<number | null>) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? 'n/a' : `median ${Math.round(median(known))} ms, max ${Math.max(...known)} ms`;
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--one')) {
    console.log(MARK + JSON.stringify(await oneRun()));
    return;
  }
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Math.max(1, Math.min(100, Number(args[runsAt + 1]) || 30)) : 30;
  const load = args.includes('--load') ? startLoad(runs * 3) : null;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      running?.kill(signal);
      void load?.stop().finally(() => process.exit(130));
    });
  }
  const results: RunResult[] = [];
  for (let i = 1; i <= runs; i++) {
    const result = await runChild();
    results.push(result);
    console.log(
      `run ${i}/${runs}: ${result.ok ? 'pass' : 'FAIL'} save ${result.saveMs ?? '-'} ms, check ${result.checkState ?? '-'} at ${result.checkMs ?? '-'} ms, ` +
        `Linear asked at ${result.linearArrivedMs ?? '-'} ms, answered at ${result.linearAnsweredMs ?? '-'} ms, event loop blocked up to ${result.eventLoopMaxMs} ms` +
        (result.error ? ` — ${result.error}` : ''),
    );
  }
  const builds = load ? await load.stop() : 0;
  const passed = results.filter((r) => r.ok).length;
  console.log(`\n${passed}/${runs} passed${load ? ` (with ${builds} Firefox builds running beside)` : ''}`);
  console.log(`Save connections → key shown stored: ${stat(results.map((r) => r.saveMs))}`);
  console.log(`Save connections → connection check settled: ${stat(results.map((r) => r.checkMs))}`);
  console.log(`Save connections → Linear answered: ${stat(results.map((r) => r.linearAnsweredMs))}`);
  if (passed < runs) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
