/**
 * The floor: the least a client must do to publish the same release, with plain node:http and no
 * library. Create a draft, upload every file (streamed from disk, same parallelism, largest first),
 * publish. Run as its own process (like the action) with FLOOR_CONFIG; prints a JSON line.
 */
import { createReadStream } from 'node:fs';
import http from 'node:http';

interface FloorConfig {
  apiUrl: string;
  token: string;
  repository: string;
  tag: string;
  concurrency: number;
  files: { path: string; name: string; size: number }[];
}

const config = JSON.parse(process.env.FLOOR_CONFIG ?? '{}') as FloorConfig;
const agent = new http.Agent({ keepAlive: true, maxSockets: config.concurrency });

function send(
  method: string,
  url: string,
  headers: Record<string, string | number>,
  body?: string | { path: string; size: number },
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          authorization: `token ${config.token}`,
          accept: 'application/vnd.github+json',
          'user-agent': 'floor',
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 300) reject(new Error(`${method} ${url}: ${status} ${text}`));
          else resolve({ status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body === undefined) req.end();
    else if (typeof body === 'string') req.end(body);
    else
      createReadStream(body.path, { highWaterMark: Math.max(1, Math.min(1024 * 1024, body.size)) })
        .on('error', reject)
        .pipe(req);
  });
}

function json(
  method: string,
  url: string,
  payload: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const text = JSON.stringify(payload);
  return send(method, url, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }, text);
}

const releases = `${config.apiUrl}/repos/${config.repository}/releases`;
const draft = (await json('POST', releases, { tag_name: `_${config.tag}`, name: config.tag, draft: true })).json;
const uploadUrl = String(draft.upload_url).replace(/\{[^}]*\}$/, '');
const queue = [...config.files].sort((a, b) => b.size - a.size);
let next = 0;
const worker = async (): Promise<void> => {
  while (next < queue.length) {
    const file = queue[next++] as FloorConfig['files'][number];
    await send(
      'POST',
      `${uploadUrl}?name=${encodeURIComponent(file.name)}`,
      { 'content-type': 'application/octet-stream', 'content-length': file.size },
      { path: file.path, size: file.size },
    );
  }
};
await Promise.all(Array.from({ length: Math.min(config.concurrency, queue.length) }, worker));
await json('PATCH', `${releases}/${String(draft.id)}`, { tag_name: config.tag, draft: false });
agent.destroy();
process.stdout.write(`${JSON.stringify({ releaseId: draft.id, assets: queue.length })}\n`);
