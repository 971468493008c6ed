/**
 * Bottleneck (under @octokit/plugin-retry and plugin-throttling, and our own throttle groups) yields
 * to the event loop with `setTimeout(0)` on every step of its local datastore: at least 1 ms each,
 * several per job and two or three jobs per request. That was 18 ms of idle latency per GET and 28 ms
 * per POST against a server answering in 2 ms, and it capped 4 parallel uploads of small files at
 * ~120 a second (bench P1, where the action sat idle half the time). `setImmediate` yields to the
 * event loop just the same, without the clamp. Both of Bottleneck's builds are patched (the plugins
 * import `bottleneck/light.js`); bottleneck is pinned (2.19.5, its last release) and a test checks
 * that the patch still applies.
 */
import Bottleneck from 'bottleneck';
// @ts-expect-error -- the light build ships no typings of its own; it has the same class.
import BottleneckLight from 'bottleneck/light.js';

interface LocalDatastore {
  Promise: PromiseConstructor;
  yieldLoop(t?: number): Promise<void>;
}

function fastYieldLoop(this: LocalDatastore, t = 0): Promise<void> {
  return new this.Promise<void>((resolve) => (t > 0 ? setTimeout(resolve, t) : setImmediate(resolve)));
}

/** Patches both builds once; returns how many datastore classes now yield with setImmediate. */
export function useFastYield(): number {
  let patched = 0;
  for (const Limiter of [Bottleneck, BottleneckLight as typeof Bottleneck]) {
    const store = (new Limiter() as unknown as { _store?: object })._store;
    const proto = store === undefined ? undefined : (Object.getPrototypeOf(store) as Partial<LocalDatastore>);
    if (proto === undefined || typeof proto.yieldLoop !== 'function') continue;
    proto.yieldLoop = fastYieldLoop;
    patched++;
  }
  return patched;
}
