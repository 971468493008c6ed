/**
 * Builds Octokit once per token, with the retry and throttling plugins on their documented options:
 * transient failures are retried with backoff, writes are paced to GitHub's secondary limits, and
 * GitHub's primary and secondary rate limits are waited out when it signals them, within `max-wait`.
 *
 * Who retries what (no hand loops elsewhere):
 * - plugin-retry: 5xx and connection failures (@octokit/request reports those as status 500), up to
 *   `retries` times, waiting (n+1)² × retryBaseMs (`retryAfterBaseValue`). 4xx are answers, not
 *   accidents, and are not retried (`doNotRetry`).
 * - plugin-throttling: 403/429 that GitHub marks as a rate limit. Primary (`x-ratelimit-remaining: 0`):
 *   waits until `x-ratelimit-reset` + 1 s when that is at most MAX_PRIMARY_WAIT_S away and within
 *   `max-wait`. Secondary ("secondary rate limit"): waits `retry-after` (else a minute, its
 *   `fallbackSecondaryRateRetryAfter`) while `max-wait` allows, and the uploads' parallelism is halved.
 *   Writes pass its `write` group, which paces them (pacing.ts).
 * Requests go through @actions/github's own fetch (undici, honouring the runner's proxy settings);
 * streamed uploads with `window: null` and `redirect: 'error'` (uploadSafeFetch says why).
 * Waits the action picks itself (5xx backoff) scale with retryBaseMs, which tests shorten through the
 * CRP_RETRY_BASE_MS environment variable; GitHub's minute, through CRP_PACING_MINUTE_MS (pacing.ts).
 */
import { getOctokit } from '@actions/github';
import { defaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from './bottleneck.ts';
import { GITHUB_SECONDARY, type SecondaryFigures } from '../planning/budget.ts';
import { Pacing, THROTTLE_ID } from './pacing.ts';

export type Octokit = ReturnType<typeof getOctokit>;

export interface OctokitSettings {
  readonly baseUrl: string;
  /** Parallel uploads before GitHub pushes back. */
  readonly concurrency: number;
  /** Pacing and waiting for this token; a default one (GitHub's figures, 30 min) when absent. */
  readonly pacing?: Pacing;
  /** How many times a rate-limited request is retried after waiting. */
  readonly rateLimitRetries?: number;
  /** Transient-failure retries (5xx, resets); each waits (n+1)² × retryBaseMs. */
  readonly retries?: number;
  readonly retryBaseMs?: number;
  readonly warn: (message: string) => void;
}

/** Statuses that are GitHub's answer, not a transient failure. 403/429 go to the throttling plugin. */
export const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];
export const DEFAULT_RETRIES = 4;
export const DEFAULT_RETRY_BASE_MS = 500;
/** `max-wait`'s default: 30 minutes. */
export const DEFAULT_MAX_WAIT_MS = 30 * 60_000;
/** A primary limit resetting later than this fails the step rather than stalling the job. */
export const MAX_PRIMARY_WAIT_S = 600;
const DEFAULT_RATE_LIMIT_RETRIES = 8;

/** CRP_RETRY_BASE_MS (tests only: keeps 5xx backoff in milliseconds), else the default. */
export function retryBaseFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.CRP_RETRY_BASE_MS;
  if (value === undefined || !/^\d+$/.test(value)) return DEFAULT_RETRY_BASE_MS;
  return Number(value);
}

/**
 * GitHub's secondary figures; CRP_PACING_MINUTE_MS (tests and the bench only) shortens the minute,
 * and with it every wait GitHub asks for, to match an emulator whose minute is as short.
 */
export function secondaryFiguresFromEnv(env: NodeJS.ProcessEnv = process.env): SecondaryFigures {
  const value = env.CRP_PACING_MINUTE_MS;
  if (value === undefined || !/^[1-9]\d*$/.test(value)) return GITHUB_SECONDARY;
  return { ...GITHUB_SECONDARY, minuteMs: Number(value) };
}

type Fetch = typeof globalThis.fetch;

/**
 * @actions/github's fetch (undici, through the runner's proxy), given to Octokit through its
 * documented `request.fetch`. A streamed upload body is sent with the standard RequestInit members
 * `window: null` and `redirect: 'error'`: otherwise undici clones the request to be able to follow a
 * redirect, teeing the body, and the branch never read holds every byte sent (1.5 GiB of memory for
 * a 1.5 GiB file). GitHub's upload endpoint never redirects; everything else is sent unchanged.
 */
function uploadSafeFetch(base: Fetch): Fetch {
  return (input, init) => {
    const streamed = init?.body !== undefined && init.body !== null && typeof init.body !== 'string';
    return base(input, streamed ? { ...init, window: null, redirect: 'error' } : init);
  };
}

export interface ThrottledRequest {
  method: string;
  url: string;
}

/** plugin-throttling's two decisions: true to wait `retryAfter` seconds and send the request again. */
export interface RateLimitHandlers {
  onRateLimit(retryAfter: number, options: ThrottledRequest, octokit: unknown, retryCount: number): boolean;
  onSecondaryRateLimit(retryAfter: number, options: ThrottledRequest, octokit: unknown, retryCount: number): boolean;
}

/**
 * Whether to wait out a rate limit, and the warning that says so: for plugin-throttling, and for the
 * direct uploads' first attempts (direct-upload.ts), which meet the same limits.
 */
export function rateLimitHandlers(
  pacing: Pacing,
  warn: (message: string) => void,
  rateLimitRetries = DEFAULT_RATE_LIMIT_RETRIES,
): RateLimitHandlers {
  const seconds = (s: number): string => `${Math.round((s * pacing.secondMs) / 100) / 10}s`;
  return {
    onRateLimit: (retryAfter, options, _octokit, retryCount) => {
      const again =
        retryCount < rateLimitRetries && retryAfter <= MAX_PRIMARY_WAIT_S && pacing.shouldWait(retryAfter, false);
      warn(
        again
          ? `GitHub's API rate limit was reached on ${options.method} ${options.url}; waiting ${seconds(retryAfter)} for it to reset (retry ${retryCount + 1} of ${rateLimitRetries}).`
          : `GitHub's API rate limit was reached on ${options.method} ${options.url} and resets in ${seconds(retryAfter)}: not waiting.`,
      );
      return again;
    },
    onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
      const again = retryCount < rateLimitRetries && pacing.shouldWait(retryAfter, true);
      warn(
        `GitHub's secondary rate limit was hit on ${options.method} ${options.url}; ${again ? `waiting ${seconds(retryAfter)} and lowering parallel uploads to ${pacing.parallelism()}` : pacing.outlasted ? `waiting ${seconds(retryAfter)} more would pass max-wait: stopping` : 'giving up'}.`,
      );
      return again;
    },
  };
}

export function createOctokit(token: string, settings: OctokitSettings): Octokit {
  const pacing = settings.pacing ?? new Pacing(secondaryFiguresFromEnv(), settings.concurrency, DEFAULT_MAX_WAIT_MS);
  const rateLimitRetries = settings.rateLimitRetries ?? DEFAULT_RATE_LIMIT_RETRIES;
  const retryBaseMs = settings.retryBaseMs ?? retryBaseFromEnv();
  const baseFetch = (defaults.request?.fetch as Fetch | undefined) ?? globalThis.fetch;
  return getOctokit(
    token,
    {
      baseUrl: settings.baseUrl,
      request: { fetch: uploadSafeFetch(baseFetch) },
      retry: {
        retries: settings.retries ?? DEFAULT_RETRIES,
        retryAfterBaseValue: retryBaseMs,
        doNotRetry: DO_NOT_RETRY,
      },
      throttle: {
        id: THROTTLE_ID,
        retryAfterBaseValue: pacing.secondMs,
        write: pacing.writeGroup(),
        // The plugin's default spaces notification-triggering writes (release creation) 3 s apart.
        notifications: new Bottleneck.Group({ maxConcurrent: null, minTime: 0 }),
        ...rateLimitHandlers(pacing, settings.warn, rateLimitRetries),
      },
    },
    retry,
    throttling,
  );
}
