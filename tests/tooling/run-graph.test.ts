import { describe, expect, it } from 'vitest';
import { checkGraph, runGraph, type GraphStep } from '../../scripts/test/run-graph';
import type { Step, StepResult } from '../../scripts/test/run-steps';

const step = (name: string, after?: string[]): GraphStep => ({ name, command: ['true'], ...(after ? { after } : {}) });

/** A runner that records starts and ends, and ends each step when the test says so. */
function controlledRunner(failing: string[] = []) {
  const events: string[] = [];
  const pending = new Map<string, () => void>();
  const run = (s: Step) =>
    new Promise<StepResult>((done) => {
      events.push(`start ${s.name}`);
      pending.set(s.name, () => {
        events.push(`end ${s.name}`);
        done({ name: s.name, ok: !failing.includes(s.name), seconds: 0 });
      });
    });
  const end = async (name: string) => {
    pending.get(name)!();
    pending.delete(name);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { run, events, end, running: () => [...pending.keys()].sort() };
}

describe('runGraph', () => {
  it('starts a step only once every step it waits for has passed, and others at once', async () => {
    const runner = controlledRunner();
    const all = runGraph([step('prepare'), step('build', ['prepare']), step('unit', ['prepare']), step('e2e', ['build'])], runner.run);
    expect(runner.running()).toEqual(['prepare']);
    await runner.end('prepare');
    expect(runner.running()).toEqual(['build', 'unit']);
    await runner.end('build');
    expect(runner.running()).toEqual(['e2e', 'unit']);
    await runner.end('e2e');
    await runner.end('unit');
    const results = await all;
    expect(results.map((r) => r.name)).toEqual(['prepare', 'build', 'e2e', 'unit']);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('starts nothing after a failure, lets running steps end, and reports the rest as skipped', async () => {
    const runner = controlledRunner(['lint']);
    const all = runGraph([step('lint'), step('unit'), step('e2e', ['unit'])], runner.run);
    await runner.end('lint');
    expect(runner.running()).toEqual(['unit']);
    await runner.end('unit');
    const results = await all;
    expect(runner.events).toEqual(['start lint', 'start unit', 'end lint', 'end unit']);
    expect(results).toEqual([
      { name: 'lint', ok: false, seconds: 0 },
      { name: 'unit', ok: true, seconds: 0 },
      { name: 'e2e', ok: false, seconds: 0, skipped: true },
    ]);
  });

  it('refuses unknown names, shared names and cycles before running anything', () => {
    expect(() => checkGraph([step('a', ['b'])])).toThrow('unknown step: b');
    expect(() => checkGraph([step('a'), step('a')])).toThrow('share a name');
    expect(() => checkGraph([step('a', ['b']), step('b', ['a'])])).toThrow('cycle');
    expect(() => checkGraph([step('a'), step('b', ['a'])])).not.toThrow();
  });
});
