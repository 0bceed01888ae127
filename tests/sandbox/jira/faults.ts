/**
 * Faults a test can inject into the fake: a status (429 with Retry-After, 5xx, 401, 403, 404), a
 * slow answer, or a dropped connection, for requests matching a method and path pattern, a given
 * number of times.
 */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string | number; body?: unknown }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset' };

export interface FaultRule {
  /** Exact path (no query), or a pattern tested against the path. */
  path: string | RegExp;
  method?: string;
  /** How many matching requests get the fault; Infinity for all. Default 1. */
  times?: number;
  fault: Fault;
}

interface ActiveRule extends FaultRule {
  remaining: number;
}

export interface FaultInjector {
  add(rule: FaultRule): void;
  /** The fault for this request, consuming one use of the first matching rule. */
  take(method: string, path: string): Fault | undefined;
  clear(): void;
}

export function createFaultInjector(): FaultInjector {
  const rules: ActiveRule[] = [];
  const matches = (rule: FaultRule, method: string, path: string) =>
    (rule.method === undefined || rule.method.toUpperCase() === method) &&
    (typeof rule.path === 'string' ? rule.path === path : rule.path.test(path));
  return {
    add(rule) {
      rules.push({ ...rule, remaining: rule.times ?? 1 });
    },
    take(method, path) {
      const rule = rules.find((r) => r.remaining > 0 && matches(r, method, path));
      if (!rule) return undefined;
      rule.remaining--;
      return rule.fault;
    },
    clear() {
      rules.length = 0;
    },
  };
}
