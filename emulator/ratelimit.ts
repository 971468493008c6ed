/**
 * GitHub's primary rate limit: a per-caller budget per hour window, reported on every response in the
 * x-ratelimit-* headers and by `GET /rate_limit` (which does not count); once spent, 403 "API rate
 * limit exceeded". The budget depends on the kind of token, as documented: a `GITHUB_TOKEN` 1,000
 * requests an hour per repository, a personal access token 5,000, a GitHub App installation 5,000.
 */
import type { EmulatorOptions } from './http.ts';
import type { TokenGrant, TokenKind } from './state.ts';

/** GitHub's documented primary budgets per hour, by kind of token. */
export const GITHUB_PRIMARY_LIMITS: Readonly<Record<TokenKind, number>> = {
  'github-token': 1000,
  installation: 5000,
  'fine-grained-pat': 5000,
  'classic-pat': 5000,
};

/** The token's hourly budget: its grant's own figure, else the emulator-wide override, else its kind's. */
export function primaryLimitFor(grant: TokenGrant, options: EmulatorOptions): number {
  return grant.rateLimit ?? options.rateLimit ?? options.primaryLimits[grant.kind ?? 'installation'];
}

interface Bucket {
  limit: number;
  used: number;
  /** Epoch seconds when the window resets. */
  reset: number;
}

export interface RateLimitVerdict {
  headers: Record<string, string>;
  exceeded: boolean;
}

const WINDOW_SECONDS = 3600;

export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  private bucketFor(key: string, limit: number): Bucket {
    const now = Math.floor(Date.now() / 1000);
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.reset <= now) {
      bucket = { limit, used: 0, reset: now + WINDOW_SECONDS };
      this.buckets.set(key, bucket);
    }
    bucket.limit = limit;
    return bucket;
  }

  /** Counts one request for the caller and returns the headers GitHub would send with it. */
  consume(key: string, limit: number): RateLimitVerdict {
    const bucket = this.bucketFor(key, limit);
    const exceeded = bucket.used >= bucket.limit;
    if (!exceeded) bucket.used += 1;
    return { headers: headersOf(bucket), exceeded };
  }

  /** Headers without counting (for answers that GitHub does not charge, e.g. 401). */
  peek(key: string, limit: number): Record<string, string> {
    return headersOf(this.bucketFor(key, limit));
  }

  /** Admin: pretend the caller has already used `used` requests in this window. */
  setUsed(key: string, limit: number, used: number): void {
    this.bucketFor(key, limit).used = used;
  }
}

function headersOf(bucket: Bucket): Record<string, string> {
  return {
    'x-ratelimit-limit': String(bucket.limit),
    'x-ratelimit-remaining': String(Math.max(0, bucket.limit - bucket.used)),
    'x-ratelimit-reset': String(bucket.reset),
    'x-ratelimit-used': String(bucket.used),
    'x-ratelimit-resource': 'core',
  };
}
