/**
 * The bounded-parallel helper's one failure rule, under every interleaving fast-check's scheduler
 * picks: never more than `limit` in flight, nothing starts after a failure, running work is waited
 * for, and the first error is the one that rejects.
 */
import fc from 'fast-check';
import { forEachLimited, mapLimited } from '../../src/shared/parallel.ts';

interface Observed {
  started: number[];
  maxInFlight: number;
  /** Index of the first task that failed, in time. */
  firstFailure: number | undefined;
  startedAfterFailure: number[];
  /** Tasks not finished when the helper's promise settled. */
  runningAtSettle: number;
  outcome: { ok: true } | { ok: false; error: unknown };
}

async function observe(s: fc.Scheduler, fails: readonly boolean[], limit: number): Promise<Observed> {
  let inFlight = 0;
  const o: Observed = {
    started: [],
    maxInFlight: 0,
    firstFailure: undefined,
    startedAfterFailure: [],
    runningAtSettle: -1,
    outcome: { ok: true },
  };
  const done = forEachLimited(fails, limit, async (fail, index) => {
    if (o.firstFailure !== undefined) o.startedAfterFailure.push(index);
    o.started.push(index);
    inFlight++;
    o.maxInFlight = Math.max(o.maxInFlight, inFlight);
    try {
      await s.schedule(Promise.resolve(), `task ${index}`);
      if (fail) {
        o.firstFailure ??= index;
        throw new Error(`task ${index} failed`);
      }
    } finally {
      inFlight--;
    }
  }).then(
    () => {
      o.runningAtSettle = inFlight;
    },
    (error: unknown) => {
      o.runningAtSettle = inFlight;
      o.outcome = { ok: false, error };
    },
  );
  await s.waitFor(done);
  return o;
}

const plans = fc.array(fc.boolean(), { maxLength: 12 });
const limits = fc.integer({ min: 1, max: 5 });

test('never more than limit in flight; without failures every item runs once, in order of start', async () => {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), fc.nat({ max: 12 }), limits, async (s, count, limit) => {
      const o = await observe(
        s,
        Array.from({ length: count }, () => false),
        limit,
      );
      expect(o.outcome).toEqual({ ok: true });
      expect(o.started).toEqual([...Array(count).keys()]);
      expect(o.maxInFlight).toBeLessThanOrEqual(limit);
      expect(o.maxInFlight).toBe(Math.min(limit, count));
    }),
  );
});

test('after a failure nothing new starts, the running work is waited for, and the first error rejects', async () => {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), plans, limits, async (s, fails, limit) => {
      const o = await observe(s, fails, limit);
      expect(o.maxInFlight).toBeLessThanOrEqual(limit);
      expect(o.runningAtSettle).toBe(0);
      expect(o.startedAfterFailure).toEqual([]);
      if (o.firstFailure === undefined) {
        expect(fails.every((fail) => !fail)).toBe(true);
        expect(o.outcome).toEqual({ ok: true });
        return;
      }
      expect(o.outcome).toEqual({ ok: false, error: new Error(`task ${o.firstFailure} failed`) });
      // Items start in order, so what started is a prefix; it holds the failure.
      expect(o.started).toEqual([...Array(o.started.length).keys()]);
      expect(o.started).toContain(o.firstFailure);
    }),
  );
});

test('a failure leaves later items unstarted when the limit is one', async () => {
  const started: number[] = [];
  await expect(
    forEachLimited([0, 1, 2, 3], 1, async (item) => {
      started.push(item);
      if (item === 1) throw new Error('second');
    }),
  ).rejects.toThrow('second');
  expect(started).toEqual([0, 1]);
});

test('a limit below one, or not a number, still runs the work one at a time', async () => {
  for (const limit of [0, -3, Number.NaN]) {
    const seen: number[] = [];
    await forEachLimited([1, 2, 3], limit, async (item) => {
      seen.push(item);
    });
    expect(seen).toEqual([1, 2, 3]);
  }
});

test("mapLimited keeps each result at its item's index, whatever order the work finishes in", async () => {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), fc.array(fc.integer(), { maxLength: 10 }), limits, async (s, items, limit) => {
      const done = mapLimited(items, limit, async (item, index) => {
        await s.schedule(Promise.resolve(), `item ${index}`);
        return item * 2;
      });
      expect(await s.waitFor(done)).toEqual(items.map((item) => item * 2));
    }),
  );
});
