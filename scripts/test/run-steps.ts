/**
 * Runs command-line steps, some side by side, and keeps each one's output together: a step's
 * output is printed in one piece when it ends, so two steps running at once never interleave.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface Step {
  name: string;
  /** A binary in node_modules/.bin and its arguments. */
  command: [string, ...string[]];
  env?: Record<string, string>;
}

export interface StepResult {
  name: string;
  ok: boolean;
  seconds: number;
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
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finish = (ok: boolean, note = '') => {
      if (ended) return;
      ended = true;
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(`\n── ${step.name} (${step.command.join(' ')}) ──\n`);
      process.stdout.write(Buffer.concat(chunks));
      process.stdout.write(`${note}── ${step.name}: ${ok ? 'passed' : 'FAILED'} in ${seconds.toFixed(1)} s ──\n`);
      done({ name: step.name, ok, seconds });
    };
    child.on('error', (error) => finish(false, `${error.message}\n`));
    child.on('close', (code) => finish(code === 0));
  });
}

/** Runs steps one after another, stopping at the first that fails. */
export async function runInOrder(steps: Step[]): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const step of steps) {
    const result = await runStep(step);
    results.push(result);
    if (!result.ok) break;
  }
  return results;
}

/** Runs lanes side by side (each lane in order) and answers every result once all have ended. */
export async function runLanes(lanes: Step[][]): Promise<StepResult[]> {
  return (await Promise.all(lanes.map((lane) => runInOrder(lane)))).flat();
}

export function summary(results: StepResult[], totalSeconds: number): string {
  const width = Math.max(...results.map((result) => result.name.length));
  const lines = results.map(
    (result) => `  ${result.name.padEnd(width)}  ${result.seconds.toFixed(1).padStart(6)} s  ${result.ok ? 'ok' : 'FAILED'}`,
  );
  return [`npm test: ${totalSeconds.toFixed(1)} s in all (steps side by side overlap)`, ...lines].join('\n');
}
