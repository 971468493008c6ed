/**
 * Builds Octokit once per token, with the retry and throttling plugins tuned for publishing:
 * transient failures are retried with backoff, GitHub's primary and secondary rate limits are obeyed
 * when GitHub signals them, and parallel uploads stay parallel until it does.
 */
import { getOctokit } from '@actions/github';
import { defaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { ReplayableBody } from './replayable-body.ts';

export type Octokit = ReturnType<typeof getOctokit>;

export interface OctokitSettings {
  readonly baseUrl: string;
  /** Parallel write requests allowed before GitHub pushes back. */
  readonly concurrency: number;
  /** How many times a rate-limited request is retried after waiting. */
  readonly rateLimitRetries?: number;
  /** Transient-failure retries (5xx, resets); each waits (n+1)² × retryBaseMs. */
  readonly retries?: number;
  readonly retryBaseMs?: number;
  readonly warn: (message: string) => void;
}

type Fetch = typeof globalThis.fetch;

/**
 * A fetch that opens a fresh stream for a {@link ReplayableBody} on every attempt, so the retry
 * plugins can resend an upload whose first stream was consumed or cut.
 */
function replayingFetch(base: Fetch): Fetch {
  return (input, init) => {
    if (init?.body instanceof ReplayableBody) {
      return base(input, { ...init, body: init.body.open() as never, duplex: 'half' } as RequestInit);
    }
    return base(input, init);
  };
}

export function createOctokit(token: string, settings: OctokitSettings): Octokit {
  const baseFetch = (defaults.request?.fetch as Fetch | undefined) ?? globalThis.fetch;
  const rateLimitRetries = settings.rateLimitRetries ?? 4;
  // The plugin's default write group sends one write per second, serialising parallel uploads.
  // Start parallel; halve the parallelism and space writes out only when GitHub says "secondary".
  const write = new Bottleneck.Group({ maxConcurrent: settings.concurrency, minTime: 0 });
  let writeConcurrency = settings.concurrency;
  const slowDown = (): void => {
    writeConcurrency = Math.max(1, Math.floor(writeConcurrency / 2));
    write.updateSettings({ maxConcurrent: writeConcurrency, minTime: 250 });
  };
  return getOctokit(
    token,
    {
      baseUrl: settings.baseUrl,
      request: { fetch: replayingFetch(baseFetch) },
      retry: {
        retries: settings.retries ?? 4,
        retryAfterBaseValue: settings.retryBaseMs ?? 500,
        // 4xx are answers, not accidents; 429 is handled by the throttling plugin.
        doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
      },
      throttle: {
        // Every request also passes the plugin's global group (10 at a time): enough above our ceiling of 8.
        write,
        notifications: new Bottleneck.Group({ maxConcurrent: settings.concurrency, minTime: 0 }),
        onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
          settings.warn(`GitHub's rate limit was reached on ${options.method} ${options.url}; waiting ${retryAfter}s (retry ${retryCount + 1} of ${rateLimitRetries}).`);
          return retryCount < rateLimitRetries;
        },
        onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
          slowDown();
          settings.warn(`GitHub's secondary rate limit was hit on ${options.method} ${options.url}; waiting ${retryAfter}s and lowering parallel writes to ${writeConcurrency}.`);
          return retryCount < rateLimitRetries;
        },
      },
    },
    retry,
    throttling,
  );
}
