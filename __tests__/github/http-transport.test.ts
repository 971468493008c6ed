/**
 * sendRequest against small real servers: the bytes arrive whole and in order whatever the size and
 * however slowly the server reads (the shared buffers are reused only once written), refusals and
 * cuts are reported rather than hung on, and an http(s)_proxy is used the way @actions/github uses it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOctokit } from '../../src/github/octokit.ts';
import { ReplayableBody } from '../../src/github/replayable-body.ts';
import { proxyAwareAgents, sendRequest } from '../../src/github/http-transport.ts';

const MiB = 1024 * 1024;
let dir: string;
const servers: net.Server[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crp-upload-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen<T extends net.Server>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

async function fileOf(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Answers 201 with the sha256 and length of what it received. With `stallMs`, it starts reading only
 * after that long, so the sockets' kernel buffers fill and the client's writes queue in Node, holding
 * their buffers.
 */
function hashingServer(stallMs = 0): http.Server {
  return http.createServer((req, res) => {
    const hash = createHash('sha256');
    let length = 0;
    if (stallMs > 0) {
      req.pause();
      setTimeout(() => req.resume(), stallMs);
    }
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      length += chunk.length;
    });
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'x-seen-length': req.headers['content-length'] });
      res.end(JSON.stringify({ sha256: hash.digest('hex'), length, url: req.url, authorization: req.headers.authorization }));
    });
  });
}

const agents = proxyAwareAgents();
const post = { method: 'POST', headers: { authorization: 'token t', 'content-type': 'application/octet-stream' } };

test.each([0, 1, MiB - 1, MiB, MiB + 1, 3 * MiB + 5])('a file of %i bytes arrives whole, with progress for each chunk', async (size) => {
  const port = await listen(hashingServer());
  const bytes = randomBytes(size);
  const seen: [number, number][] = [];
  const body = new ReplayableBody(await fileOf(`f${size}`, bytes), size, (n, chunk, position) => {
    expect(chunk.length).toBe(n);
    seen.push([position, n]);
  });
  const response = await sendRequest(`http://127.0.0.1:${port}/upload?name=x`, post, body, agents);
  expect(response.status).toBe(201);
  expect(response.headers.get('x-seen-length')).toBe(String(size));
  expect(response.headers.get('content-type')).toMatch(/json/);
  expect(await response.json()).toEqual({ sha256: sha256(bytes), length: size, url: '/upload?name=x', authorization: 'token t' });
  expect(seen.reduce((s, [, n]) => s + n, 0)).toBe(size);
  expect(seen.map(([p]) => p)).toEqual(seen.map((_, i) => i * MiB));
});

test('parallel uploads to a stalled reader, twice over: no buffer is reused before it is sent', async () => {
  const port = await listen(hashingServer(150));
  const files = await Promise.all(Array.from({ length: 4 }, async (_, i) => {
    const bytes = randomBytes(16 * MiB + 1000 * i);
    return { bytes, path: await fileOf(`p${i}`, bytes) };
  }));
  for (let round = 0; round < 2; round++) {
    const answers = await Promise.all(files.map(async (f) => {
      const response = await sendRequest(`http://127.0.0.1:${port}/u`, post, new ReplayableBody(f.path, f.bytes.length), agents);
      return (await response.json()) as { sha256: string };
    }));
    expect(answers.map((a) => a.sha256)).toEqual(files.map((f) => sha256(f.bytes)));
  }
});

test('many one-chunk files at once to a stalled reader: each arrives as its own bytes', async () => {
  const port = await listen(hashingServer(150));
  const files = await Promise.all(Array.from({ length: 24 }, async (_, i) => {
    const bytes = randomBytes(MiB - i);
    return { bytes, path: await fileOf(`s${i}`, bytes) };
  }));
  const answers = await Promise.all(files.map(async (f) => {
    const response = await sendRequest(`http://127.0.0.1:${port}/u`, post, new ReplayableBody(f.path, f.bytes.length), agents);
    return ((await response.json()) as { sha256: string }).sha256;
  }));
  expect(answers).toEqual(files.map((f) => sha256(f.bytes)));
});

test('a refusal sent before the body is read comes back as the answer, not a hang', async () => {
  const port = await listen(http.createServer((_req, res) => {
    res.writeHead(422, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Validation Failed', errors: [{ code: 'already_exists' }] }));
  }));
  const bytes = randomBytes(5 * MiB);
  const response = await sendRequest(`http://127.0.0.1:${port}/u`, post, new ReplayableBody(await fileOf('refused', bytes), bytes.length), agents);
  expect(response.status).toBe(422);
  expect(await response.json()).toMatchObject({ errors: [{ code: 'already_exists' }] });
  // The connection is not reused for the next upload: this one still arrives whole.
  const ok = await listen(hashingServer());
  const next = await sendRequest(`http://127.0.0.1:${ok}/u`, post, new ReplayableBody(await fileOf('after', bytes), bytes.length), agents);
  expect(((await next.json()) as { sha256: string }).sha256).toBe(sha256(bytes));
});

test('a connection cut mid-body rejects (the retry plugin resends)', async () => {
  const port = await listen(http.createServer((req) => {
    let got = 0;
    req.on('data', (c: Buffer) => {
      got += c.length;
      if (got > MiB) req.socket.destroy();
    });
  }));
  const bytes = randomBytes(4 * MiB);
  await expect(sendRequest(`http://127.0.0.1:${port}/u`, post, new ReplayableBody(await fileOf('cut', bytes), bytes.length), agents)).rejects.toThrow();
});

test('a server that never answers is given up after the idle timeout', async () => {
  const port = await listen(http.createServer(() => undefined));
  const bytes = randomBytes(1000);
  const started = Date.now();
  await expect(sendRequest(`http://127.0.0.1:${port}/u`, { ...post, idleTimeoutMs: 200 }, new ReplayableBody(await fileOf('silent', bytes), bytes.length), agents)).rejects.toThrow(/no progress/);
  expect(Date.now() - started).toBeLessThan(5000);
});

test('a redirect is refused rather than followed with the file', async () => {
  const port = await listen(http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(307, { location: 'http://elsewhere.test/' }).end());
  }));
  await expect(sendRequest(`http://127.0.0.1:${port}/u`, post, new ReplayableBody(await fileOf('r', Buffer.from('x')), 1), agents)).rejects.toMatchObject({ name: 'RedirectAnswer', status: 307 });
});

test('a JSON body arrives whole (length in bytes, not characters); no body means no length', async () => {
  const port = await listen(http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, length: req.headers['content-length'] ?? null, text })));
  }));
  const body = JSON.stringify({ name: 'Nightly — ✅ ’' });
  const posted = await sendRequest(`http://127.0.0.1:${port}/r`, { method: 'POST', headers: { 'content-type': 'application/json' } }, body, agents);
  expect(await posted.json()).toEqual({ method: 'POST', length: String(Buffer.byteLength(body)), text: body });
  const got = await sendRequest(`http://127.0.0.1:${port}/r`, { method: 'GET', headers: {} }, undefined, agents);
  expect(await got.json()).toEqual({ method: 'GET', length: null, text: '' });
});

test('through Octokit: JSON over node:http, a redirect followed by fetch, a download streamed by fetch', async () => {
  const seen: string[] = [];
  const port = await listen(http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers['user-agent']?.includes('undici') || req.headers['sec-fetch-mode'] ? 'fetch' : 'node'}`);
    req.resume();
    req.on('end', () => {
      if (req.url === '/repos/o/old') res.writeHead(301, { location: `http://127.0.0.1:${port}/repos/o/new` }).end();
      else if (req.url === '/repos/o/new') res.writeHead(200, { 'content-type': 'application/json' }).end('{"full_name":"o/new"}');
      else if (req.url?.startsWith('/repos/o/r/releases/assets/')) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('bytes');
      else res.writeHead(201, { 'content-type': 'application/json', link: '<x>; rel="next"' }).end(JSON.stringify({ id: 1 }));
    });
  }));
  const octokit = createOctokit('t', { baseUrl: `http://127.0.0.1:${port}`, concurrency: 4, retryBaseMs: 1, warn: () => undefined });
  const created = await octokit.request('POST /repos/{owner}/{repo}/releases', { owner: 'o', repo: 'r', tag_name: 'x' });
  expect(created).toMatchObject({ status: 201, data: { id: 1 }, headers: { link: '<x>; rel="next"' } });
  expect((await octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'old' })).data).toEqual({ full_name: 'o/new' });
  const asset = await octokit.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', { owner: 'o', repo: 'r', asset_id: 9, headers: { accept: 'application/octet-stream' } });
  expect(Buffer.from(asset.data as unknown as ArrayBuffer).toString()).toBe('bytes');
  expect(seen).toEqual(['POST /repos/o/r/releases node', 'GET /repos/o/old node', 'GET /repos/o/old fetch', 'GET /repos/o/new fetch', 'GET /repos/o/r/releases/assets/9 fetch']);
});

describe('through a proxy named by http_proxy', () => {
  const saved = { http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  /** A CONNECT proxy that sends every tunnel to `target` on loopback and records what was asked. */
  async function tunnellingProxy(target: number, asked: string[]): Promise<number> {
    const proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      asked.push(String(req.url));
      const upstream = net.connect(target, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    return listen(proxy);
  }

  test('uploads go through the proxy unless no_proxy names the host', async () => {
    const port = await listen(hashingServer());
    const asked: string[] = [];
    process.env.http_proxy = `http://127.0.0.1:${await tunnellingProxy(port, asked)}`;
    delete process.env.no_proxy;
    const bytes = randomBytes(MiB + 7);
    const path = await fileOf('proxied', bytes);
    // A non-loopback name: @actions/http-client never proxies loopback addresses.
    const response = await sendRequest(`http://uploads.example.test:${port}/u`, post, new ReplayableBody(path, bytes.length), proxyAwareAgents());
    expect(((await response.json()) as { sha256: string }).sha256).toBe(sha256(bytes));
    expect(asked).toEqual([`uploads.example.test:${port}`]);

    process.env.no_proxy = 'example.test';
    await expect(sendRequest(`http://uploads.example.test:${port}/u`, post, new ReplayableBody(path, bytes.length), proxyAwareAgents())).rejects.toThrow();
    expect(asked).toHaveLength(1);
  });
});
