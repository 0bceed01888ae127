/**
 * Runs steps as soon as the steps they wait for have passed, rather than stage after stage: a
 * step that needs only the Chrome build need not wait for the typecheck. Output stays whole per
 * step (see run-steps.ts). After a failure no further step starts; those already running end on
 * their own, and every step that never ran is reported as skipped.
 */
import { runStep, type Step, type StepResult } from './run-steps';

export interface GraphStep extends Step {
  /** Names of the steps that must have passed before this one starts. */
  after?: string[];
}

/** Throws when two steps share a name, a step waits for an unknown one, or steps wait in a cycle. */
export function checkGraph(steps: GraphStep[]): void {
  const names = new Set(steps.map((step) => step.name));
  if (names.size !== steps.length) throw new Error('Two steps share a name.');
  for (const step of steps) {
    for (const name of step.after ?? []) if (!names.has(name)) throw new Error(`${step.name} waits for an unknown step: ${name}`);
  }
  const done = new Set<string>();
  while (done.size < steps.length) {
    const ready = steps.filter((step) => !done.has(step.name) && (step.after ?? []).every((name) => done.has(name)));
    if (ready.length === 0) throw new Error('The steps wait for each other in a cycle.');
    for (const step of ready) done.add(step.name);
  }
}

/** Runs every step once its `after` steps have passed; answers all results once nothing runs. */
export function runGraph(steps: GraphStep[], run: (step: Step) => Promise<StepResult> = runStep): Promise<StepResult[]> {
  checkGraph(steps);
  const results = new Map<string, StepResult>();
  const started = new Set<string>();
  let running = 0;
  return new Promise((finish) => {
    const failed = () => [...results.values()].some((result) => !result.ok);
    const launch = () => {
      if (!failed()) {
        for (const step of steps) {
          if (started.has(step.name) || !(step.after ?? []).every((name) => results.get(name)?.ok)) continue;
          started.add(step.name);
          running++;
          void run(step).then((result) => {
            results.set(step.name, result);
            running--;
            launch();
          });
        }
      }
      if (running > 0) return;
      const skipped = steps.filter((step) => !started.has(step.name));
      finish([...results.values(), ...skipped.map((step) => ({ name: step.name, ok: false, seconds: 0, skipped: true }))]);
    };
    launch();
  });
}
