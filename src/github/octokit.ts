/**
 * Builds Octokit once per token, with the retry and throttling plugins tuned for publishing:
 * transient failures are retried with backoff, GitHub's primary and secondary rate limits are obeyed
 * when GitHub signals them, and parallel uploads stay parallel until it does.
 *
 * Who retries what (no hand loops elsewhere):
 * - plugin-retry: 5xx and connection failures (@octokit/request reports those as status 500), up to
 *   `retries` times, waiting (n+1)² × retryBaseMs. 4xx are answers, not accidents, and are not retried.
 * - plugin-throttling: 403/429 that GitHub marks as a rate limit. Primary (`x-ratelimit-remaining: 0`):
 *   waits until `x-ratelimit-reset` + 1 s, when that is at most MAX_PRIMARY_WAIT_S away (a longer wait
 *   would outlive most jobs: fail with GitHub's message instead). Secondary ("secondary rate limit"):
 *   waits `retry-after` (60 s when absent, GitHub's advice), then halves the parallelism and spaces
 *   writes out for the rest of the process.
 * Waits GitHub asks for are obeyed as given. Waits the action picks itself (5xx backoff, write spacing)
 * scale with retryBaseMs, which tests shorten through the CRP_RETRY_BASE_MS environment variable.
 */
import { getOctokit } from '@actions/github';
import { defaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from './bottleneck.ts';
import { RequestGate, RetryScheduler, WriteSpacing } from './throttle-gates.ts';
import { useFastYield } from './bottleneck-yield.ts';
import { ReplayableBody } from './replayable-body.ts';
import { proxyAwareAgents, RedirectAnswer, sendRequest, type AgentFor } from './http-transport.ts';

// Bottleneck's setTimeout(0) yields cost ~20 ms per request: see bottleneck-yield.ts (bench P1).
useFastYield();

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

/** Statuses that are GitHub's answer, not a transient failure. 403/429 go to the throttling plugin. */
export const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];
export const DEFAULT_RETRIES = 4;
export const DEFAULT_RETRY_BASE_MS = 500;
/** A primary limit resetting later than this fails the step rather than stalling the job. */
export const MAX_PRIMARY_WAIT_S = 600;
/** Reads and writes in flight at once per token before any push-back (the plugin's own default). */
const GLOBAL_CONCURRENCY = 10;

type Fetch = typeof globalThis.fetch;

/**
 * Octokit's fetch: uploads (a {@link ReplayableBody}, streamed from disk afresh on every attempt so
 * the retry plugins can resend one that was cut) and JSON requests go through `sendRequest`
 * (http-transport.ts says why); downloads, and any request answered with a redirect, through fetch,
 * which follows it. An upload is never resent elsewhere: GitHub's upload endpoint does not redirect.
 */
function octokitFetch(base: Fetch, agentFor: AgentFor): Fetch {
  return async (input, init) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body = init?.body;
    const options = { method: init?.method ?? 'GET', headers, signal: init?.signal ?? null };
    if (body instanceof ReplayableBody) return sendRequest(String(input), options, body, agentFor);
    if ((body !== undefined && body !== null && typeof body !== 'string') || /octet-stream/.test(headers.accept ?? '')) return base(input, init);
    try {
      return await sendRequest(String(input), options, body ?? undefined, agentFor);
    } catch (error) {
      if (error instanceof RedirectAnswer) return base(input, init);
      throw error;
    }
  };
}

/** CRP_RETRY_BASE_MS (tests only: keeps 5xx backoff in milliseconds), else the default. */
export function retryBaseFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.CRP_RETRY_BASE_MS;
  if (value === undefined || !/^\d+$/.test(value)) return DEFAULT_RETRY_BASE_MS;
  return Number(value);
}

interface ThrottledRequest {
  method: string;
  url: string;
}

export function createOctokit(token: string, settings: OctokitSettings): Octokit {
  const baseFetch = (defaults.request?.fetch as Fetch | undefined) ?? globalThis.fetch;
  const rateLimitRetries = settings.rateLimitRetries ?? 4;
  const retryBaseMs = settings.retryBaseMs ?? retryBaseFromEnv();
  // Own gates per Octokit (the plugin's default groups are process-wide). Writes start unspaced (the
  // plugin's default group sends one write per second, which would serialise parallel uploads).
  // Requests themselves pass the global gate, so that is where parallelism is bounded and lowered.
  const write = new WriteSpacing();
  const global = new RequestGate(Math.max(GLOBAL_CONCURRENCY, settings.concurrency + 2));
  const slowDown = (): void => {
    global.limit = Math.max(1, Math.floor(global.limit / 2));
    write.space(2 * retryBaseMs);
  };
  // `global` and `retryLimiter` are read by the plugin but missing from its option types, and the
  // gates are not Bottleneck Groups to TypeScript: passed via a variable.
  const throttleGroups = { global, write, retryLimiter: new RetryScheduler() } as Record<string, unknown>;
  return getOctokit(
    token,
    {
      baseUrl: settings.baseUrl,
      request: { fetch: octokitFetch(baseFetch, proxyAwareAgents()) },
      retry: {
        retries: settings.retries ?? DEFAULT_RETRIES,
        retryAfterBaseValue: retryBaseMs,
        doNotRetry: DO_NOT_RETRY,
      },
      throttle: {
        ...throttleGroups,
        id: 'crp',
        notifications: new Bottleneck.Group({ maxConcurrent: null, minTime: 0 }),
        onRateLimit: (retryAfter: number, options: ThrottledRequest, _o: unknown, retryCount: number) => {
          const again = retryCount < rateLimitRetries && retryAfter <= MAX_PRIMARY_WAIT_S;
          settings.warn(again
            ? `GitHub's API rate limit was reached on ${options.method} ${options.url}; waiting ${retryAfter}s for it to reset (retry ${retryCount + 1} of ${rateLimitRetries}).`
            : `GitHub's API rate limit was reached on ${options.method} ${options.url} and resets in ${retryAfter}s: not waiting.`);
          return again;
        },
        onSecondaryRateLimit: (retryAfter: number, options: ThrottledRequest, _o: unknown, retryCount: number) => {
          slowDown();
          const again = retryCount < rateLimitRetries;
          settings.warn(`GitHub's secondary rate limit was hit on ${options.method} ${options.url}; ${again ? `waiting ${retryAfter}s and lowering parallel requests to ${global.limit}` : 'giving up'}.`);
          return again;
        },
      },
    },
    retry,
    throttling,
  );
}
