/**
 * One run of an operation at a time, shared: whoever asks while a run is under way gets that
 * run's answer instead of starting another. Starting anew (`restart`) replaces the shared run,
 * so nobody joins a run whose inputs have since changed.
 */
export interface SingleFlight<T> {
  /** The run under way, or a new one when none is. */
  join(start: () => Promise<T>): Promise<T>;
  /** A new run that later callers join, whatever was under way. */
  restart(start: () => Promise<T>): Promise<T>;
}

export function createSingleFlight<T>(): SingleFlight<T> {
  let current: Promise<T> | null = null;
  const restart = (start: () => Promise<T>): Promise<T> => {
    const run = start();
    current = run;
    const settle = () => {
      if (current === run) current = null;
    };
    // Also marks a rejection as handled: a run nobody joined must not be an unhandled rejection.
    run.then(settle, settle);
    return run;
  };
  return { restart, join: (start) => current ?? restart(start) };
}
