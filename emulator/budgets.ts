/**
 * GitHub's secondary rate limits, as documented ("Rate limits for the REST API", "About secondary rate
 * limits"): per token at most 100 requests in flight at once, and at most 80 content-creating requests
 * (POST, PATCH, PUT, DELETE — release asset uploads included) a minute and 500 an hour. A request past
 * a limit is answered 403 with GitHub's "secondary rate limit" message, with `retry-after` unless the
 * emulator is told to leave it out (GitHub sends it only sometimes).
 *
 * GitHub does not publish its counting algorithm. The allowances are modelled as token buckets that
 * refill continuously (80 a minute, 500 an hour): a client may spend a full minute's allowance at once
 * and then go on at the steady rate, and nothing it did more than a minute (an hour) ago counts.
 * Refused requests spend nothing.
 *
 * Time: a "minute" lasts `minuteMs` (tests shorten it so a paced publish takes seconds), an hour sixty
 * of them, and `retry-after` is given in seconds of that scale (a sixtieth of `minuteMs` each).
 */

export interface SecondaryLimits {
  /** Length of a minute in milliseconds; 60 000 unless a test scales time. */
  readonly minuteMs: number;
  readonly contentPerMinute: number;
  readonly contentPerHour: number;
  readonly maxConcurrent: number;
  /** Whether a refusal carries `retry-after` ('sent') or leaves the client to wait a minute ('absent'). */
  readonly retryAfter: 'sent' | 'absent';
}

/** GitHub's documented figures. */
export const GITHUB_SECONDARY_LIMITS: SecondaryLimits = {
  minuteMs: 60_000,
  contentPerMinute: 80,
  contentPerHour: 500,
  maxConcurrent: 100,
  retryAfter: 'sent',
};

export type SecondaryVerdict =
  | { readonly refused: false }
  | {
      readonly refused: true;
      readonly why: 'concurrency' | 'per-minute' | 'per-hour';
      readonly retryAfterSeconds: number | undefined;
    };

interface Bucket {
  tokens: number;
  at: number;
}

interface TokenUsage {
  minute: Bucket;
  hour: Bucket;
  inFlight: number;
}

export class SecondaryLimiter {
  readonly limits: SecondaryLimits;
  private readonly usage = new Map<string, TokenUsage>();
  private readonly clock: () => number;

  constructor(limits: SecondaryLimits, clock: () => number = Date.now) {
    this.limits = limits;
    this.clock = clock;
  }

  private usageOf(key: string): TokenUsage {
    let usage = this.usage.get(key);
    if (usage === undefined) {
      const at = this.clock();
      usage = {
        minute: { tokens: this.limits.contentPerMinute, at },
        hour: { tokens: this.limits.contentPerHour, at },
        inFlight: 0,
      };
      this.usage.set(key, usage);
    }
    return usage;
  }

  private refill(bucket: Bucket, capacity: number, windowMs: number): void {
    const now = this.clock();
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) * capacity) / windowMs);
    bucket.at = now;
  }

  /**
   * Admits one request of `key` (a token): counts it in flight and, when content-creating, spends one
   * from both allowances. The caller calls `done(key)` once it has answered an admitted request.
   */
  admit(key: string, contentCreating: boolean): SecondaryVerdict {
    const { contentPerMinute, contentPerHour, minuteMs, maxConcurrent } = this.limits;
    const usage = this.usageOf(key);
    if (usage.inFlight >= maxConcurrent) return this.refusal('concurrency', minuteMs / 60);
    if (contentCreating) {
      this.refill(usage.minute, contentPerMinute, minuteMs);
      this.refill(usage.hour, contentPerHour, 60 * minuteMs);
      if (usage.minute.tokens < 1)
        return this.refusal('per-minute', ((1 - usage.minute.tokens) * minuteMs) / contentPerMinute);
      if (usage.hour.tokens < 1)
        return this.refusal('per-hour', ((1 - usage.hour.tokens) * 60 * minuteMs) / contentPerHour);
      usage.minute.tokens -= 1;
      usage.hour.tokens -= 1;
    }
    usage.inFlight += 1;
    return { refused: false };
  }

  done(key: string): void {
    const usage = this.usage.get(key);
    if (usage !== undefined && usage.inFlight > 0) usage.inFlight -= 1;
  }

  /** Admin: pretend `key` already spent `spent` content-creating requests just now. */
  spend(key: string, spent: number): void {
    const usage = this.usageOf(key);
    this.refill(usage.minute, this.limits.contentPerMinute, this.limits.minuteMs);
    this.refill(usage.hour, this.limits.contentPerHour, 60 * this.limits.minuteMs);
    usage.minute.tokens -= spent;
    usage.hour.tokens -= spent;
  }

  private refusal(why: 'concurrency' | 'per-minute' | 'per-hour', waitMs: number): SecondaryVerdict {
    const second = this.limits.minuteMs / 60;
    const retryAfterSeconds = this.limits.retryAfter === 'sent' ? Math.max(1, Math.ceil(waitMs / second)) : undefined;
    return { refused: true, why, retryAfterSeconds };
  }
}

/** The methods GitHub counts as content-creating. */
export function isContentCreating(method: string): boolean {
  return method === 'POST' || method === 'PATCH' || method === 'PUT' || method === 'DELETE';
}
