/**
 * `work` over `items`, at most `jobs` at once, the results in the items' order whatever order
 * they finish in.
 */
export async function inPool<T, R>(
  items: readonly T[],
  jobs: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  const lanes = Math.max(1, Math.min(Math.floor(jobs), items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}
