/**
 * Light stand-ins for the Bottleneck limiters plugin-throttling schedules every request through
 * (its `global`, `write` and `retryLimiter` options). The plugin's defaults cost ~1 ms of CPU per
 * Bottleneck job on their own events and datastore steps, several jobs per request (bench P1); these
 * keep the plugin's behaviour (what is retried, when, how parallelism is lowered) at the cost of a
 * counter or a loop. Waits between retries are plain timers.
 */
import Bottleneck from './bottleneck.ts';

/** What plugin-throttling passes to a group's `schedule`: retries come with priority 0 and weight 0. */
interface JobOptions {
  priority?: number;
  weight?: number;
}

/**
 * Stand-in for plugin-throttling's `global` Bottleneck group (its `global` option; the plugin only
 * calls `key(id).schedule(jobOptions, request, options)`): at most `limit` requests in flight, FIFO,
 * retries (weight 0, as in Bottleneck) not counted and queued first.
 */
export class RequestGate {
  limit: number;
  running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(limit: number) {
    this.limit = limit;
  }

  key(): this {
    return this;
  }

  async schedule<T>(options: JobOptions, task: (...args: never[]) => Promise<T>, ...args: never[]): Promise<T> {
    if (options.weight === 0) return task(...args);
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((resolve) => (options.priority === 0 ? this.waiting.unshift(resolve) : this.waiting.push(resolve)));
    try {
      return await task(...args);
    } finally {
      // Hand the slot to the next waiter, unless the limit was lowered below what is running.
      const next = this.running <= this.limit ? this.waiting.shift() : undefined;
      if (next) next();
      else this.running--;
    }
  }
}

/**
 * Stand-in for plugin-throttling's `write` group, which only spaces writes out (the plugin schedules a
 * no-op on it before each write). Unspaced, the no-op runs at once instead of as a Bottleneck job;
 * once `space(ms)` is called (secondary limit), writes go through a Bottleneck limiter with that minTime.
 */
export class WriteSpacing {
  private limiter: Bottleneck | undefined;
  key(): this {
    return this;
  }

  space(minTime: number): void {
    if (this.limiter) this.limiter.updateSettings({ minTime });
    else this.limiter = new Bottleneck({ maxConcurrent: null, minTime });
  }

  schedule<T>(options: JobOptions, task: (...args: never[]) => Promise<T>, ...args: never[]): Promise<T> {
    return this.limiter ? this.limiter.schedule(options, () => task(...args)) : task(...args);
  }
}

/** What plugin-throttling's `failed` handler reads of Bottleneck's event info. */
interface FailedInfo {
  readonly args: readonly unknown[];
  readonly retryCount: number;
}

type FailedHandler = (error: unknown, info: FailedInfo) => unknown;

/**
 * Stand-in for plugin-throttling's `retryLimiter` (the plugin calls `on('failed', handler)` once and
 * `schedule(task, ...args)` per request): runs the task at once; when it fails, asks the `failed`
 * handlers as Bottleneck does (all of them, the first number answered is the wait in ms) and, given
 * a wait, runs it again after it; otherwise rejects with the failure.
 */
export class RetryScheduler {
  private readonly failed: FailedHandler[] = [];

  on(event: string, handler: FailedHandler): void {
    if (event === 'failed') this.failed.push(handler);
  }

  async schedule<T>(task: (...args: never[]) => Promise<T>, ...args: never[]): Promise<T> {
    for (let retryCount = 0; ; retryCount++) {
      try {
        return await task(...args);
      } catch (error) {
        const answers = await Promise.all(this.failed.map(async (handler) => handler(error, { args, retryCount })));
        const wait = answers.find((answer) => answer !== undefined && answer !== null);
        if (wait === undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.trunc(Number(wait)))));
      }
    }
  }
}
