/**
 * Bounded parallelism with one failure rule for the whole action: at most `limit` tasks run at
 * once; after the first failure no new task starts, the running ones are waited for (so nothing
 * still writes or uploads once the caller sees the error), and the first error is what rejects.
 */

/**
 * Runs `task` over `items` in order of start, at most `limit` at a time (at least one) and, when
 * `allowed` is given, at most `allowed()` before each start: a parallelism lowered while the work
 * runs (after a secondary rate limit) parks workers until running tasks end.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
  allowed?: () => number,
): Promise<void> {
  let next = 0;
  let running = 0;
  let failure: { error: unknown } | undefined;
  const parked: (() => void)[] = [];
  const wakeAll = (): void => {
    for (const wake of parked.splice(0)) wake();
  };
  const worker = async (): Promise<void> => {
    try {
      while (failure === undefined && next < items.length) {
        // With nothing running a worker never parks, so the work always moves on.
        while (allowed !== undefined && running > 0 && running >= Math.max(1, allowed()))
          await new Promise<void>((resolve) => parked.push(resolve));
        if (failure !== undefined || next >= items.length) return;
        const index = next++;
        running++;
        try {
          await task(items[index] as T, index);
        } catch (error) {
          failure ??= { error };
        } finally {
          running--;
          wakeAll();
        }
      }
    } finally {
      // Parked workers look again when any worker stops: none waits for a start that will not come.
      wakeAll();
    }
  };
  const workers = Math.min(Math.max(1, Math.floor(limit) || 1), Math.max(1, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== undefined) throw failure.error;
}

/** {@link forEachLimited} collecting each task's result at its item's index. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  await forEachLimited(items, limit, async (item, index) => {
    results[index] = await task(item, index);
  });
  return results;
}
