/** The Bottleneck patch still applies to both builds (it reaches into a private datastore class). */
import Bottleneck from 'bottleneck';
import { useFastYield } from '../../src/github/bottleneck-yield.ts';

test('both Bottleneck builds yield with setImmediate, and limiters still schedule in order', async () => {
  expect(useFastYield()).toBe(2);
  const limiter = new Bottleneck({ maxConcurrent: 1 });
  const order: number[] = [];
  await Promise.all([1, 2, 3, 4, 5].map((n) => limiter.schedule(async () => order.push(n))));
  expect(order).toEqual([1, 2, 3, 4, 5]);
  await limiter.disconnect();
});
