/**
 * Structural validation for content scripts: the same schema style as zod's (`object`, `array`,
 * `optional`, `nullable`, `literal`), checking untrusted JSON against a type, in well under 1 KB.
 * zod's smallest build (`zod/mini`) costs 8 KB gzip in a content script (measured: the Jira
 * script went from 18.5 to 26.6 KB against its 20 KB budget), so content scripts use this and
 * everything else keeps zod. `Infer` gives the type a schema accepts, so a test can hold the
 * schema to the view type it guards.
 */

export interface Shape<T> {
  check(value: unknown): boolean;
  /** Set by `optional`: the key may be missing. */
  readonly optional?: true;
  /** Type only: what the shape accepts. */
  readonly infer?: T;
}

export type Infer<S> = S extends Shape<infer T> ? T : never;

const shape = <T>(check: (value: unknown) => boolean): Shape<T> => ({ check });

export const string = (max = 5_000): Shape<string> => shape((v) => typeof v === 'string' && v.length <= max);
/** A finite number, as zod's `number()` (storage holds JSON, so no NaN or Infinity arrives anyway). */
export const number = (): Shape<number> => shape((v) => typeof v === 'number' && Number.isFinite(v));
export const boolean = (): Shape<boolean> => shape((v) => typeof v === 'boolean');
export const literal = <const T extends readonly string[]>(values: T): Shape<T[number]> =>
  shape((v) => typeof v === 'string' && values.includes(v));
export const nullable = <T>(inner: Shape<T>): Shape<T | null> => shape((v) => v === null || inner.check(v));
export const optional = <T>(inner: Shape<T>): Shape<T | undefined> & { optional: true } => ({
  check: (v) => v === undefined || inner.check(v),
  optional: true,
});
export const array = <T>(item: Shape<T>, max = 10_000): Shape<T[]> =>
  shape((v) => Array.isArray(v) && v.length <= max && v.every((element) => item.check(element)));

type OptionalKeys<P> = { [K in keyof P]: P[K] extends { optional: true } ? K : never }[keyof P];
type Simplify<T> = { [K in keyof T]: T[K] };
type ObjectOf<P> = Simplify<
  { [K in Exclude<keyof P, OptionalKeys<P>>]: Infer<P[K]> } & { [K in OptionalKeys<P>]?: Exclude<Infer<P[K]>, undefined> }
>;

/** A plain object whose listed keys pass their shapes; other keys are ignored, as zod's `object`. */
export function object<P extends Record<string, Shape<unknown>>>(props: P): Shape<ObjectOf<P>> {
  const entries = Object.entries(props);
  return shape((v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const record = v as Record<string, unknown>;
    return entries.every(([key, inner]) => inner.check(Object.hasOwn(record, key) ? record[key] : undefined));
  });
}
