/**
 * The first attempt of each asset upload, sent over Node's own `http`/`https` client (a keep-alive agent
 * per upload host) instead of Octokit's fetch. Why: every Octokit request passes five or six Bottleneck
 * limiters (plugin-retry's own, and plugin-throttling's retry limiter, `global`, `write`, the
 * notifications group and the pacing's hourly limiter), each stepping through `setTimeout(0)` a few
 * times, on top of fetch's WHATWG streams: ~25 ms and ~2 ms of CPU a request, most of what a 200-asset
 * publish took. And `request.write`'s callback says when a chunk has left, so a file streams through
 * two reused buffers, where fetch and undici's `request` need a fresh buffer per chunk that only V8's
 * next collection frees (ARCHITECTURE.md has the figures).
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
import { open } from 'node:fs/promises';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { RequestError } from '@octokit/request-error';
import type { RateLimitHandlers } from './octokit.ts';
import type { ProgressCallback } from './replayable-body.ts';

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
/** Bytes per read and write: large enough that a 1.5 GiB upload is not dominated by per-chunk overhead. */
const CHUNK = 1024 * 1024;
/** A connection silent this long is cut (undici's default for headers and body), and Octokit resends. */
const IDLE_TIMEOUT_MS = 300_000;

/** True when no proxy is configured, so a direct connection is what @actions/github would make too. */
export function directUploadsPossible(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.every((name) => !env[name]);
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/**
 * Streams `size` bytes of the file at `path` into `req` through two buffers, each reused only once
 * `write`'s callback says its previous chunk has left; `onProgress` sees each chunk before it is sent.
 */
async function streamFile(req: http.ClientRequest, path: string, size: number, onProgress?: ProgressCallback) {
  const handle = await open(path, 'r');
  try {
    const buffers = [Buffer.allocUnsafe(Math.min(CHUNK, size)), Buffer.allocUnsafe(Math.min(CHUNK, size))];
    const sent: Promise<Error | null | undefined>[] = [Promise.resolve(null), Promise.resolve(null)];
    for (let position = 0, i = 0; position < size; i = 1 - i) {
      const failed = await sent[i];
      if (failed) throw failed;
      const buffer = buffers[i] as Buffer;
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - position), position);
      if (bytesRead === 0) throw new Error(`${path} ended at ${position} of its ${size} bytes`);
      const chunk = buffer.subarray(0, bytesRead);
      onProgress?.(bytesRead, chunk, position);
      position += bytesRead;
      sent[i] = new Promise((resolve) => req.write(chunk, resolve));
    }
    for (const failed of await Promise.all(sent)) if (failed) throw failed;
  } finally {
    await handle.close();
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
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
  private readonly agents = new Map<string, http.Agent>();
  private throughOctokit = false;

  constructor(settings: DirectUploadSettings) {
    this.settings = settings;
  }

  /**
   * Sends the file at `path` (`size` bytes) to `url` (the release's upload URL with `?name=`): the
   * asset GitHub created, as it answered (parsed JSON), or undefined when the caller must send it
   * through Octokit instead.
   */
  async send(url: string, path: string, size: number, onProgress?: ProgressCallback): Promise<unknown> {
    if (this.throughOctokit) return undefined;
    const headers = {
      authorization: `token ${this.settings.token}`,
      accept: 'application/vnd.github+json',
      'user-agent': 'ci-release-publisher',
      'content-type': 'application/octet-stream',
      'content-length': String(size),
    };
    await this.settings.permit();
    const answer = await this.post(new URL(url), headers, path, size, onProgress).catch(() => undefined);
    if (answer !== undefined && answer.status === 201) return parsed(answer.text);
    if (answer === undefined || answer.status >= 500) {
      // A cut connection or a 5xx: plugin-retry's first backoff, then Octokit resends.
      await sleep(this.settings.retryBaseMs);
      return undefined;
    }
    const data = parsed(answer.text);
    const message = (data as { message?: unknown } | null)?.message;
    const error = new RequestError(typeof message === 'string' ? message : `HTTP ${answer.status}`, answer.status, {
      request: { method: 'POST', url, headers },
      response: { status: answer.status, url, headers: answer.headers as Record<string, string>, data },
    });
    const waitS = this.rateLimitWait(error, answer.headers);
    if (waitS === undefined) throw error;
    this.throughOctokit = true;
    await sleep(waitS * this.settings.secondMs);
    return undefined;
  }

  private post(
    target: URL,
    headers: Record<string, string>,
    path: string,
    size: number,
    onProgress?: ProgressCallback,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const client = target.protocol === 'https:' ? https : http;
      const req = client.request(target, { method: 'POST', headers, agent: this.agent(target) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.setTimeout(IDLE_TIMEOUT_MS, () => req.destroy(new Error(`no answer for ${IDLE_TIMEOUT_MS} ms`)));
      // GitHub may answer before the body is sent (a refusal): the answer counts, not the cut write.
      streamFile(req, path, size, onProgress).then(
        () => req.end(),
        (error: unknown) => req.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    });
  }

  /**
   * Seconds to wait when the answer is a rate limit the handlers choose to wait out (plugin-throttling's
   * reading of it); undefined for any other answer, or when they choose not to wait.
   */
  private rateLimitWait(error: RequestError, headers: IncomingHttpHeaders): number | undefined {
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

  private agent(target: URL): http.Agent {
    let agent = this.agents.get(target.origin);
    if (agent === undefined) {
      const options = { keepAlive: true, maxSockets: this.settings.connections };
      agent = target.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
      this.agents.set(target.origin, agent);
    }
    return agent;
  }
}
