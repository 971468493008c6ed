/**
 * Keeps one token's writes within GitHub's secondary limits, and its waiting within `max-wait`.
 *
 * Pacing: plugin-throttling schedules a job on its documented `write` group (a Bottleneck.Group)
 * before every write request and sends the request when that job runs. The group's limiter carries
 * Bottleneck's documented reservoir options for the per-minute allowance (a burst of 76, then 7 every
 * 5.5 s) and, for a plan past the hour's burst, is chained (`limiter.chain`, documented) to a second
 * limiter with the per-hour allowance, so a write starts only when both allow it. Uploads sent outside
 * Octokit take their turns from the same limiter (`permit`). The figures come from src/planning/budget.ts.
 *
 * Refusals that still come: plugin-throttling waits `retry-after` (else its documented
 * `fallbackSecondaryRateRetryAfter`, GitHub's advice of a minute) and asks first; this object answers,
 * halving the parallelism the uploader reads, and says no once the waits would pass `max-wait`.
 */
import Bottleneck from './bottleneck.ts';
import {
  GRANTED_AHEAD,
  hourReservoir,
  loweredParallelism,
  minuteReservoir,
  type SecondaryFigures,
} from '../planning/budget.ts';

/** plugin-throttling's `id`: the key of this token's limiter in each of its groups. */
export const THROTTLE_ID = 'crp';

const noop = (): Promise<void> => Promise.resolve();

export class Pacing {
  readonly figures: SecondaryFigures;
  readonly maxWaitMs: number;
  private parallel: number;
  private waited = 0;
  private refusedCount = 0;
  private outlastedWait = false;
  private group: InstanceType<typeof Bottleneck.Group> | undefined;
  private readonly waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private asking = false;
  /** Turns granted and not yet taken (at most GRANTED_AHEAD). */
  private ahead = 0;
  /** Uploads expected and not yet granted a turn. */
  private expected = 0;
  /** The content-creating writes of this step's plan, once known. */
  private plannedWrites: number | undefined;

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
    this.group ??= this.createWriteGroup();
    return this.group;
  }

  /**
   * Waits for one write's turn, from the same limiter plugin-throttling schedules this token's writes
   * on (documented `Group.key`), for a write sent outside Octokit (direct-upload.ts).
   *
   * Each Bottleneck job costs a few `setTimeout(0)` steps, and a limiter runs them one at a time
   * (~2.4 ms a job here, ~5 ms from asking to starting): one job per upload capped uploads at ~400 a
   * second and delayed each by the limiter's latency. So turns asked for while the limiter is busy
   * are asked for together, as one job whose documented `weight` is their number (at most a refill's
   * worth), and up to GRANTED_AHEAD turns of the uploads still expected (`expect`) are asked
   * for ahead, so that an upload usually finds its turn waiting. The reservoirs are smaller by as
   * much (planning/budget.ts), so turns granted ahead never let more through than GitHub allows.
   */
  permit(): Promise<void> {
    if (this.ahead > 0) {
      this.ahead--;
      this.askLimiter();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.askLimiter();
    });
  }

  /**
   * What this publish is about to write, before its first write: turns are granted ahead only for
   * its uploads, and the hourly limiter is chained only when its writes exceed the hour's burst.
   */
  expect(plan: { readonly writes: number; readonly uploads: number }): void {
    this.plannedWrites = plan.writes;
    this.expected = plan.uploads;
    this.askLimiter();
  }

  private askLimiter(): void {
    if (this.asking) return;
    const wanted = Math.min(GRANTED_AHEAD, Math.max(0, this.expected - this.waiting.length)) - this.ahead;
    const weight = Math.min(
      minuteReservoir(this.figures).reservoirIncreaseAmount,
      this.waiting.length + Math.max(0, wanted),
    );
    if (weight === 0) return;
    this.asking = true;
    this.writeGroup()
      .key(THROTTLE_ID)
      .schedule({ weight }, noop)
      .then(
        () => {
          this.expected = Math.max(0, this.expected - weight);
          const served = this.waiting.splice(0, weight);
          this.ahead += weight - served.length;
          for (const turn of served) turn.resolve();
        },
        (error: unknown) => {
          for (const turn of this.waiting.splice(0)) turn.reject(error);
        },
      )
      .finally(() => {
        this.asking = false;
        this.askLimiter();
      });
  }

  private createWriteGroup(): InstanceType<typeof Bottleneck.Group> {
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
      // The hourly limiter counts this step's writes only, so a plan within the hour's burst cannot
      // reach it; sparing it spares every write one more limiter's latency.
      const hour = hourReservoir(this.figures);
      if (this.plannedWrites === undefined || this.plannedWrites > hour.reservoir)
        limiter.chain(new Bottleneck({ maxConcurrent: null, minTime: 0, ...hour }));
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
