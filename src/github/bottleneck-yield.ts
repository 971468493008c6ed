/**
 * Bottleneck (under @octokit/plugin-retry and plugin-throttling, and our own throttle groups) yields
 * to the event loop with `setTimeout(0)` on every step of its local datastore and starts each job
 * with another `setTimeout(…, 0)`: at least 1 ms each, several per job, three or four jobs per
 * request. That was 18 ms of idle latency per GET and 28 ms per POST against a server answering in
 * 2 ms, and it capped 4 parallel uploads of small files at ~120 a second (bench P1, where the action
 * sat idle half the time). Those steps only imitate an asynchronous datastore (Redis, in clustering
 * mode, which is not used): a resolved promise keeps them asynchronous without waiting for the event
 * loop at all. setImmediate, tried first, took 18 → 4 ms per GET, 28 → 5 ms per POST; a microtask
 * still saved ~5 % of P1 (plugin-retry puts every request through a fresh limiter), and a job due
 * now starts in one too. Waits (minTime, retries) stay timers. The light build is patched (the plugins import
 * `bottleneck/light.js`, and so does ./bottleneck.ts); bottleneck is pinned (2.19.5, its last release)
 * and a test checks that the patch still applies.
 */
import Bottleneck from './bottleneck.ts';

interface LocalDatastore {
  Promise: PromiseConstructor;
  yieldLoop(t?: number): Promise<void>;
}

function fastYieldLoop(this: LocalDatastore, t = 0): Promise<void> {
  return t > 0 ? new this.Promise<void>((resolve) => setTimeout(resolve, t)) : this.Promise.resolve();
}

interface Job {
  doExecute(limiter: unknown, clearGlobalState: () => unknown, run: (wait: number) => unknown, free: () => unknown): unknown;
}

interface LimiterInternals {
  _limiter: unknown;
  _clearGlobalState(index: number): unknown;
  _free(index: number, job: Job): unknown;
  _run(index: number, job: Job, wait: number): { timeout: unknown };
}

const PATCHED = Symbol.for('crp.bottleneck.fastRun');

/**
 * A job due now (`wait` 0) starts in a microtask rather than the setTimeout(0) `_run` schedules:
 * the same callback as Bottleneck's own. Only `stop()` (unused here) would have cleared that timer.
 */
function patchRun(proto: LimiterInternals & { [PATCHED]?: true }): boolean {
  if (proto[PATCHED] || typeof proto._run !== 'function') return Boolean(proto[PATCHED]);
  const run = proto._run;
  proto._run = function (this: LimiterInternals, index, job, wait) {
    const scheduled = run.call(this, index, job, wait);
    if (wait === 0) {
      clearTimeout(scheduled.timeout as NodeJS.Timeout);
      queueMicrotask(() => job.doExecute(this._limiter, this._clearGlobalState.bind(this, index), this._run.bind(this, index, job), this._free.bind(this, index, job)));
    }
    return scheduled;
  };
  proto[PATCHED] = true;
  return true;
}

/** Patches Bottleneck (idempotent); returns 1 once it yields and starts due jobs without timers. */
export function useFastYield(): number {
  let patched = 0;
  for (const Limiter of [Bottleneck]) {
    const store = (new Limiter() as unknown as { _store?: object })._store;
    const proto = store === undefined ? undefined : (Object.getPrototypeOf(store) as Partial<LocalDatastore>);
    if (proto === undefined || typeof proto.yieldLoop !== 'function') continue;
    proto.yieldLoop = fastYieldLoop;
    if (patchRun(Limiter.prototype as unknown as LimiterInternals)) patched++;
  }
  return patched;
}
