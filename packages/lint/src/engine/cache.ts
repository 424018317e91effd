/**
 * The run-level cache of the rule context (`context.cache(key, compute)`): one per `lint()`
 * run on each thread, so what rules derive once (skills by name, a project's hook guards, a
 * trust store) is shared by every rule and file of the run and let go with it.
 */
export type RunCache = <T>(key: string, compute: () => T) => T;

export function createRunCache(): RunCache {
  const values = new Map<string, unknown>();
  return <T>(key: string, compute: () => T): T => {
    if (values.has(key)) return values.get(key) as T;
    const value = compute();
    values.set(key, value);
    return value;
  };
}
