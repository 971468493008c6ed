/**
 * The stand-ins for plugin-throttling's limiters, alone and inside Octokit against a small server:
 * rate-limit answers are waited out and retried, 5xx retried by plugin-retry, 4xx answered at once.
 */
import http from 'node:http';
import type net from 'node:net';
import { createOctokit } from '../../src/github/octokit.ts';
import { RequestGate, RetryScheduler } from '../../src/github/throttle-gates.ts';

test('RetryScheduler: runs at once, retries after the wait a failed handler answers, else rejects', async () => {
  const scheduler = new RetryScheduler();
  const seen: { retryCount: number; args: readonly unknown[] }[] = [];
  scheduler.on('failed', (_error, info) => {
    seen.push(info);
    return info.retryCount < 2 ? 20 : undefined;
  });
  scheduler.on('failed', () => undefined);
  let calls = 0;
  const started = Date.now();
  await expect(scheduler.schedule(async (...args: never[]) => {
    calls++;
    expect(args).toEqual(['a', 1]);
    throw new Error('nope');
  }, ...(['a', 1] as never[]))).rejects.toThrow('nope');
  expect(calls).toBe(3);
  expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  expect(seen.map((s) => s.retryCount)).toEqual([0, 1, 2]);
  expect(seen[0]?.args).toEqual(['a', 1]);
  await expect(scheduler.schedule(async () => 'fine')).resolves.toBe('fine');
});

test('RequestGate: at most `limit` at once, FIFO, retries (weight 0) not counted', async () => {
  const gate = new RequestGate(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const job = (n: number) => async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    order.push(n);
    running--;
  };
  await Promise.all([1, 2, 3, 4, 5].map((n) => gate.schedule({}, job(n))));
  expect(peak).toBe(2);
  expect(order).toEqual([1, 2, 3, 4, 5]);
  expect(gate.running).toBe(0);
});

describe('inside Octokit', () => {
  let server: net.Server;
  let base: string;
  let answers: ((res: http.ServerResponse) => void)[];
  let hits: number;

  beforeEach(async () => {
    hits = 0;
    answers = [];
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const answer = answers[hits++] ?? ((r: http.ServerResponse) => r.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
        answer(res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
  });

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => (res: http.ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  test('a secondary rate limit is waited out for its retry-after, warned about, and retried', async () => {
    const warnings: string[] = [];
    answers = [json(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '1' })];
    const octokit = createOctokit('t', { baseUrl: base, concurrency: 4, retryBaseMs: 1, warn: (m) => warnings.push(m) });
    const started = Date.now();
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/releases', { owner: 'o', repo: 'r', tag_name: 'x' });
    expect(data).toEqual({ ok: true });
    expect(hits).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(warnings.join('\n')).toMatch(/secondary rate limit was hit on POST .*waiting 1s and lowering parallel requests to 5/);
  });

  test('a primary limit resetting too late fails with the answer instead of waiting', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    answers = [json(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset })];
    const warnings: string[] = [];
    const octokit = createOctokit('t', { baseUrl: base, concurrency: 4, retryBaseMs: 1, warn: (m) => warnings.push(m) });
    await expect(octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' })).rejects.toMatchObject({ status: 403 });
    expect(hits).toBe(1);
    expect(warnings.join('\n')).toMatch(/resets in \d+s: not waiting/);
  });

  test('5xx is retried by plugin-retry; 422 is an answer, not retried', async () => {
    answers = [json(502, { message: 'Bad gateway' }), json(503, { message: 'Unavailable' })];
    const octokit = createOctokit('t', { baseUrl: base, concurrency: 4, retryBaseMs: 1, warn: () => undefined });
    await expect(octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' })).resolves.toMatchObject({ status: 200 });
    expect(hits).toBe(3);
    hits = 0;
    answers = [json(422, { message: 'Validation Failed' })];
    await expect(octokit.request('POST /repos/{owner}/{repo}/releases', { owner: 'o', repo: 'r', tag_name: 'x' })).rejects.toMatchObject({ status: 422 });
    expect(hits).toBe(1);
  });
});
