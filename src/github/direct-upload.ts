/**
 * The first attempt of each asset upload, sent over undici's documented `Pool.request` instead of
 * Octokit's fetch. Why: every Octokit request passes five or six Bottleneck limiters (plugin-retry's
 * own, and plugin-throttling's retry limiter, `global`, `write`, the notifications group and the
 * pacing's hourly limiter), each stepping through `setTimeout(0)` a few times, on top of fetch's WHATWG
 * streams: ~25 ms and ~2 ms of CPU a request, most of what a 200-asset publish took (ARCHITECTURE.md).
 *
 * What stays with the plugins and the pacing:
 * - the attempt is paced like any write: it takes its turn from the same `write` limiter Octokit's
 *   writes use (`Pacing.permit`);
 * - a rate limit is judged as plugin-throttling judges one (the same `RateLimitHandlers`, so the same
 *   `max-wait` account, lowered parallelism and warning): waited out, after which Octokit sends the
 *   upload, and every later one too, so that the plugin governs the rest;
 * - a 5xx or a cut connection waits plugin-retry's first backoff, then Octokit sends the upload again
 *   with plugin-retry's remaining retries;
 * - any other answer is GitHub's word: it is thrown as the same `RequestError` Octokit would throw.
 *
 * Behind a proxy (any of the proxy variables set) uploads take Octokit's path only: @actions/github's
 * fetch applies the runner's proxy rules, which this module does not repeat.
 */
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { RequestError } from '@octokit/request-error';
import { Pool } from 'undici';
import type { RateLimitHandlers } from './octokit.ts';

export interface DirectUploadSettings {
  readonly token: string;
  /** Sockets per upload host: the uploads' parallelism. */
  readonly connections: number;
  /** Waits for this write's turn in the token's pacing. */
  readonly permit: () => Promise<void>;
  /** The token's rate-limit decisions, shared with plugin-throttling. */
  readonly handlers: RateLimitHandlers;
  /** A second of GitHub's waits, in ms (scaled in tests). */
  readonly secondMs: number;
  /** plugin-retry's first backoff, in ms. */
  readonly retryBaseMs: number;
}

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];
/** plugin-throttling's documented default when a secondary limit comes without `retry-after`. */
const FALLBACK_SECONDARY_RETRY_AFTER_S = 60;

/** True when no proxy is configured, so a direct connection is what @actions/github would make too. */
export function directUploadsPossible(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.every((name) => !env[name]);
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class DirectUploads {
  private readonly settings: DirectUploadSettings;
  private readonly pools = new Map<string, Pool>();
  private throughOctokit = false;

  constructor(settings: DirectUploadSettings) {
    this.settings = settings;
  }

  /**
   * Sends one upload to `url` (the release's upload URL with `?name=`): the asset GitHub created, as
   * it answered (parsed JSON), or undefined when the caller must send it through Octokit instead.
   */
  async send(url: string, size: number, body: AsyncIterable<Uint8Array>): Promise<unknown> {
    if (this.throughOctokit) return undefined;
    const target = new URL(url);
    const headers = {
      authorization: `token ${this.settings.token}`,
      accept: 'application/vnd.github+json',
      'user-agent': 'ci-release-publisher',
      'content-type': 'application/octet-stream',
      'content-length': String(size),
    };
    await this.settings.permit();
    let answer;
    try {
      const response = await this.pool(target.origin).request({
        method: 'POST',
        path: `${target.pathname}${target.search}`,
        headers,
        body: Readable.from(body, { objectMode: false }),
      });
      const text = await response.body.text();
      answer = { status: response.statusCode, headers: response.headers, data: parsed(text) };
    } catch {
      answer = undefined;
    }
    if (answer !== undefined && answer.status === 201) return answer.data;
    if (answer === undefined || answer.status >= 500) {
      await sleep(this.settings.retryBaseMs);
      return undefined;
    }
    const request = { method: 'POST' as const, url, headers };
    const message = (answer.data as { message?: unknown } | null)?.message;
    const error = new RequestError(typeof message === 'string' ? message : `HTTP ${answer.status}`, answer.status, {
      request,
      response: { status: answer.status, url, headers: answer.headers as Record<string, string>, data: answer.data },
    });
    const waitS = this.rateLimitWait(error, answer.headers);
    if (waitS === undefined) throw error;
    this.throughOctokit = true;
    await sleep(waitS * this.settings.secondMs);
    return undefined;
  }

  /**
   * Seconds to wait when the answer is a rate limit the handlers choose to wait out (plugin-throttling's
   * reading of it); undefined for any other answer, or when they choose not to wait.
   */
  private rateLimitWait(error: RequestError, headers: Headers): number | undefined {
    if (error.status !== 403 && error.status !== 429) return undefined;
    const request = { method: 'POST', url: error.request.url };
    if (/\bsecondary rate\b/i.test(error.message)) {
      const retryAfter = Number(header(headers, 'retry-after')) || FALLBACK_SECONDARY_RETRY_AFTER_S;
      return this.settings.handlers.onSecondaryRateLimit(retryAfter, request, undefined, 0) ? retryAfter : undefined;
    }
    if (header(headers, 'x-ratelimit-remaining') === '0') {
      const resetMs = Number(header(headers, 'x-ratelimit-reset')) * 1000;
      const retryAfter = Math.max(Math.ceil((resetMs - Date.now()) / 1000) + 1, 0);
      return this.settings.handlers.onRateLimit(retryAfter, request, undefined, 0) ? retryAfter : undefined;
    }
    return undefined;
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, { connections: this.settings.connections });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}
