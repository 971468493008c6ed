/**
 * Keeps one token's writes within GitHub's secondary limits, and its waiting within `max-wait`.
 *
 * Pacing: plugin-throttling schedules a job on its documented `write` group (a Bottleneck.Group)
 * before every write request and sends the request when that job runs. The group's limiter carries
 * Bottleneck's documented reservoir options for the per-minute allowance (a burst of 78, then 7 every
 * 5.5 s) and is chained (`limiter.chain`, documented) to a second limiter with the per-hour allowance,
 * so a write starts only when both allow it. The figures come from src/planning/budget.ts.
 *
 * Refusals that still come: plugin-throttling waits `retry-after` (else its documented
 * `fallbackSecondaryRateRetryAfter`, GitHub's advice of a minute) and asks first; this object answers,
 * halving the parallelism the uploader reads, and says no once the waits would pass `max-wait`.
 */
import Bottleneck from './bottleneck.ts';
import { hourReservoir, loweredParallelism, minuteReservoir, type SecondaryFigures } from '../planning/budget.ts';

export class Pacing {
  readonly figures: SecondaryFigures;
  readonly maxWaitMs: number;
  private parallel: number;
  private waited = 0;
  private refusedCount = 0;
  private outlastedWait = false;

  constructor(figures: SecondaryFigures, concurrency: number, maxWaitMs: number) {
    this.figures = figures;
    this.maxWaitMs = maxWaitMs;
    this.parallel = concurrency;
  }

  /** A second of GitHub's waits in ms: 1000, unless a test scales time (a sixtieth of its minute). */
  get secondMs(): number {
    return this.figures.minuteMs / 60;
  }

  /** plugin-throttling's `write` option: every write of this token waits for both allowances. */
  writeGroup(): InstanceType<typeof Bottleneck.Group> {
    // Both start at the first write (the group creates its limiter then), so their refills start about
    // when GitHub's do; kept for two hours without writes, so a pause never refills them early.
    const keep = 120 * this.figures.minuteMs;
    const group = new Bottleneck.Group({
      maxConcurrent: null,
      minTime: 0,
      timeout: keep,
      ...minuteReservoir(this.figures),
    });
    group.on('created', (limiter) => {
      limiter.chain(new Bottleneck({ maxConcurrent: null, minTime: 0, ...hourReservoir(this.figures) }));
    });
    return group;
  }

  /** Parallel uploads allowed now (lowered after each refusal). */
  parallelism(): number {
    return this.parallel;
  }

  /**
   * A rate limit answered a request; GitHub asks to wait `retryAfterSeconds`. True to wait and retry,
   * false when that wait would take the total past `max-wait`.
   */
  shouldWait(retryAfterSeconds: number, secondary: boolean): boolean {
    if (secondary) {
      this.refusedCount++;
      this.parallel = loweredParallelism(this.parallel);
    }
    const waitMs = retryAfterSeconds * this.secondMs;
    if (this.waited + waitMs > this.maxWaitMs) {
      this.outlastedWait = true;
      return false;
    }
    this.waited += waitMs;
    return true;
  }

  /** Refusals by a secondary limit so far. */
  get refusals(): number {
    return this.refusedCount;
  }

  /** Milliseconds waited for GitHub's limits so far. */
  get waitedMs(): number {
    return this.waited;
  }

  /** True once a wait was refused for passing `max-wait`: the step stops and the next attempt resumes. */
  get outlasted(): boolean {
    return this.outlastedWait;
  }
}
