/**
 * Sends Octokit's requests with node:http(s) rather than fetch, answering with what Octokit reads of
 * a fetch `Response`, so Octokit and its retry and throttling plugins see no difference. Uploads (a
 * {@link ReplayableBody}) stream the file; JSON requests send their string. Octokit's fetch is kept
 * for downloads (a redirect to a signed URL, a streamed body) and for any answer that redirects.
 *
 * Why not fetch: a streamed fetch body needs a fresh buffer per chunk (fetch may still hold the last
 * one), and those buffers are freed only when V8 next collects, which it does after ~64 MB of them:
 * peak RSS grew by the bytes uploaded between collections (bench P1 +50 MB, P2 +80 MB). Here a write's
 * callback says when the socket is done with a buffer, so each upload reuses two buffers. fetch also
 * cost ~2 ms of CPU per request in P1 (its first requests far more), most of the gap to a raw client.
 *
 * Proxies: the agent comes from @actions/http-client, which reads http(s)_proxy and no_proxy exactly as
 * the fetch @actions/github builds does (still used for downloads and redirects).
 */
import http from 'node:http';
import https from 'node:https';
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { HttpClient } from '@actions/http-client';
import type { ReplayableBody } from './replayable-body.ts';

/** Bytes per read and write: 1 MiB uploaded a big file ~1.5-2× faster than 64-256 KiB (bench P2). */
const CHUNK = 1024 * 1024;
/** As undici's body and headers timeouts: an upload silent this long is cut, and retried. */
export const IDLE_TIMEOUT_MS = 300_000;

export type AgentFor = (url: URL) => http.Agent;

/**
 * Keep-alive agents, through a proxy when the environment names one for that URL; one per origin, as
 * the proxy environment does not change while the action runs. (One HttpClient per protocol: a
 * client caches its first agent whatever the next URL's protocol.)
 */
export function proxyAwareAgents(): AgentFor {
  const clients = new Map<string, HttpClient>();
  const agents = new Map<string, http.Agent>();
  return (url) => {
    const origin = `${url.protocol}//${url.host}`;
    let agent = agents.get(origin);
    if (agent === undefined) {
      let client = clients.get(url.protocol);
      if (client === undefined) {
        client = new HttpClient('ci-release-publisher', [], { keepAlive: true });
        clients.set(url.protocol, client);
      }
      agent = client.getAgent(url.href);
      agents.set(origin, agent);
    }
    return agent;
  };
}

export interface TransportInit {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | null;
  /** Tests shorten it; {@link IDLE_TIMEOUT_MS} otherwise. */
  readonly idleTimeoutMs?: number;
}

/** An answer that redirects: the caller resends through fetch, which follows redirects. */
export class RedirectAnswer extends Error {
  override readonly name = 'RedirectAnswer';
  readonly status: number;
  constructor(status: number) {
    super(`answered with a ${status} redirect`);
    this.status = status;
  }
}

/**
 * Sends `body` (a file, a string or nothing) to `url`; resolves with the answer as a fetch Response,
 * rejects on a transport failure, or with {@link RedirectAnswer} on a 3xx other than 304.
 */
export function sendRequest(url: string, init: TransportInit, body: ReplayableBody | string | undefined, agentFor: AgentFor): Promise<Response> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise<Response>((resolve, reject) => {
    const length = body === undefined ? undefined : typeof body === 'string' ? Buffer.byteLength(body) : body.size;
    const headers = length === undefined ? { ...init.headers } : { ...init.headers, 'content-length': String(length) };
    const request = transport.request(target, { method: init.method, headers, agent: agentFor(target), signal: init.signal ?? undefined });
    let answered = false;
    const idle = init.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
    request.setTimeout(idle, () => request.destroy(new Error(`no progress for ${idle / 1000} s`)));
    request.on('error', reject);
    request.on('response', (incoming) => {
      answered = true;
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        // Answered before the whole body was sent (a refusal): the connection cannot carry another request.
        if (!request.writableFinished) request.destroy();
        try {
          resolve(toResponse(incoming, Buffer.concat(chunks), url));
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    if (body === undefined || typeof body === 'string') request.end(body);
    else writeFile(request, body, () => answered || request.destroyed).catch((error: unknown) => request.destroy(error as Error));
  });
}

/**
 * Buffers shared by all uploads of the process: an upload takes two and gives them back once the
 * socket is done with them, so the process allocates about 2 × concurrency buffers however many files
 * it sends (a fresh buffer per file cost P1 one 256 KiB buffer per file until V8 collected them).
 */
const spare: Buffer[] = [];
/** More than enough for the largest `concurrency` allowed; beyond it a buffer is left to the GC. */
const MAX_SPARE = 32;
const take = (): Buffer => spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK);
const giveBack = (buffers: Buffer[]): void => {
  for (const buffer of buffers) if (spare.length < MAX_SPARE) spare.push(buffer);
};

/**
 * Streams the file through two buffers: one is read into while the other is being written. A buffer
 * is read into again only after its write's callback (the socket no longer needs it). Empty and
 * one-chunk files take the short ways.
 */
async function writeFile(request: http.ClientRequest, body: ReplayableBody, stopped: () => boolean): Promise<void> {
  if (body.size === 0) {
    request.end();
    return;
  }
  if (body.size <= CHUNK) {
    writeSmallFile(request, body);
    return;
  }
  const closed = new Promise<void>((resolve) => request.once('close', resolve));
  const handle = await open(body.path, 'r');
  const buffers = [take(), take()];
  let reusable = false;
  try {
    let flushed: Promise<void> = Promise.resolve();
    let position = 0;
    for (let turn = 0; position < body.size; turn ^= 1) {
      const buffer = buffers[turn] as Buffer;
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, body.size - position), position);
      if (bytesRead === 0) throw new Error(`${body.path} ended at ${position} of its ${body.size} bytes`);
      // One write in flight: the other buffer's write completes before this one is queued, so the
      // buffer read into next turn is free.
      await Promise.race([flushed, closed]);
      if (stopped()) return;
      const chunk = buffer.subarray(0, bytesRead);
      body.onProgress?.(bytesRead, chunk, position);
      position += bytesRead;
      flushed = new Promise<void>((resolve, reject) => request.write(chunk, (error) => (error ? reject(error) : resolve())));
      flushed.catch(() => undefined); // the request's 'error' event reports it
    }
    await Promise.race([flushed, closed]);
    // Only buffers whose every write completed go back; after a cut, the socket may still hold one.
    reusable = !stopped();
    if (reusable) request.end();
  } finally {
    await handle.close();
    if (reusable) giveBack(buffers);
  }
}

/**
 * A file of one chunk is read synchronously: open, read and close through promises cost ~4× the
 * CPU of the read itself (bench P1, 200 files of 256 KiB: 35-42 ms against 10 ms), and a read of
 * at most 1 MiB from the runner's disk blocks for well under a millisecond.
 */
function writeSmallFile(request: http.ClientRequest, body: ReplayableBody): void {
  const buffer = take();
  const fd = openSync(body.path, 'r');
  let bytesRead: number;
  try {
    bytesRead = readSync(fd, buffer, 0, body.size, 0);
  } finally {
    closeSync(fd);
  }
  if (bytesRead !== body.size) throw new Error(`${body.path} ended at ${bytesRead} of its ${body.size} bytes`);
  const chunk = buffer.subarray(0, bytesRead);
  body.onProgress?.(bytesRead, chunk, 0);
  // Back to the pool once the socket has it; after a failed write it may still hold it.
  request.write(chunk, (error) => {
    if (!error) giveBack([buffer]);
  });
  request.end();
}

/**
 * The parts of a fetch Response that Octokit's fetch wrapper reads (status, url, headers as an
 * iterable with `get`, text/json/arrayBuffer). Not a `Response`: constructing one loads Node's own
 * undici and its Headers, ~0.35 ms per upload (bench P1 profile).
 */
function toResponse(incoming: http.IncomingMessage, bytes: Buffer, url: string): Response {
  const status = incoming.statusCode ?? 0;
  if (status >= 300 && status < 400 && status !== 304) throw new RedirectAnswer(status);
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const text = (): Promise<string> => Promise.resolve(bytes.toString('utf8'));
  const response = {
    status,
    statusText: incoming.statusMessage ?? '',
    ok: status >= 200 && status < 300,
    url,
    headers,
    body: null,
    text,
    json: async () => JSON.parse(await text()) as unknown,
    arrayBuffer: () => Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
  };
  return response as unknown as Response;
}
