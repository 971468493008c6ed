/** The Bottleneck patch still applies to both builds (it reaches into private methods) and keeps its semantics. */
import Bottleneck from '../../src/github/bottleneck.ts';
import { useFastYield } from '../../src/github/bottleneck-yield.ts';

test('the light build (the plugins\' and ours) is patched, idempotently', () => {
  expect(useFastYield()).toBe(1);
  expect(useFastYield()).toBe(1);
  expect((Bottleneck.prototype as unknown as Record<symbol, unknown>)[Symbol.for('crp.bottleneck.fastRun')]).toBe(true);
});

test('limiters still run jobs in order, bounded, and spaced out when minTime asks', async () => {
  useFastYield();
  const limiter = new Bottleneck({ maxConcurrent: 2 });
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  await Promise.all([1, 2, 3, 4, 5, 6].map((n) => limiter.schedule(async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    order.push(n);
    running--;
  })));
  expect(order).toEqual([1, 2, 3, 4, 5, 6]);
  expect(peak).toBe(2);
  const spaced = new Bottleneck({ maxConcurrent: 1, minTime: 30 });
  const at: number[] = [];
  await Promise.all([1, 2, 3].map(() => spaced.schedule(async () => at.push(Date.now()))));
  expect(at[2]! - at[0]!).toBeGreaterThanOrEqual(55);
  await Promise.all([limiter.disconnect(), spaced.disconnect()]);
});
