/**
 * Runs one command-line step and keeps its output together: a step's output is printed in one
 * piece when it ends, so two steps running at once never interleave (run-graph.ts decides which
 * run when).
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { resolve } from 'node:path';

export interface Step {
  name: string;
  /** A binary in node_modules/.bin and its arguments. */
  command: [string, ...string[]];
  env?: Record<string, string>;
  /** A niceness (0-19) for the step and everything it starts: it then takes CPU only that others leave. */
  nice?: number;
}

export interface StepResult {
  name: string;
  ok: boolean;
  seconds: number;
  /** When it started (ms since the epoch); absent when it never ran. */
  startedAt?: number;
  /** Never started: a step it waited for failed. */
  skipped?: boolean;
}

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = resolve(ROOT, 'node_modules/.bin');

/** Runs one step; resolves (never rejects) when it ends, with whether it passed. */
export function runStep(step: Step): Promise<StepResult> {
  const started = Date.now();
  const [bin, ...args] = step.command;
  process.stdout.write(`── ${step.name} started ──\n`);
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let ended = false;
    const env = { ...process.env, ...step.env };
    const child = spawn(resolve(BIN, bin), args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (step.nice !== undefined && child.pid !== undefined) setPriority(child.pid, step.nice);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finish = (ok: boolean, note = '') => {
      if (ended) return;
      ended = true;
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(`\n── ${step.name} (${step.command.join(' ')}) ──\n`);
      process.stdout.write(Buffer.concat(chunks));
      process.stdout.write(`${note}── ${step.name}: ${ok ? 'passed' : 'FAILED'} in ${seconds.toFixed(1)} s ──\n`);
      done({ name: step.name, ok, seconds, startedAt: started });
    };
    child.on('error', (error) => finish(false, `${error.message}\n`));
    child.on('close', (code) => finish(code === 0));
  });
}

export function summary(results: StepResult[], totalSeconds: number, runStartedAt?: number): string {
  const width = Math.max(...results.map((result) => result.name.length));
  const lines = results.map((result) => {
    const from =
      runStartedAt !== undefined && result.startedAt !== undefined
        ? `  from ${((result.startedAt - runStartedAt) / 1000).toFixed(1).padStart(6)} s`
        : '';
    const outcome = result.skipped ? 'skipped' : result.ok ? 'ok' : 'FAILED';
    return `  ${result.name.padEnd(width)}  ${result.seconds.toFixed(1).padStart(6)} s${from}  ${outcome}`;
  });
  return [`npm test: ${totalSeconds.toFixed(1)} s in all (steps side by side overlap)`, ...lines].join('\n');
}
