/**
 * Bounded parallelism with one failure rule for the whole action: at most `limit` tasks run at
 * once; after the first failure no new task starts, the running ones are waited for (so nothing
 * still writes or uploads once the caller sees the error), and the first error is what rejects.
 */

/** Runs `task` over `items` in order of start, at most `limit` at a time (at least one). */
export async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        await task(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Math.min(Math.max(1, Math.floor(limit) || 1), Math.max(1, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== undefined) throw failure.error;
}

/** {@link forEachLimited} collecting each task's result at its item's index. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  await forEachLimited(items, limit, async (item, index) => {
    results[index] = await task(item, index);
  });
  return results;
}
