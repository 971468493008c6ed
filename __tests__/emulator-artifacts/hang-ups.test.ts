/**
 * Clients hang up: a download dropped after the headers, an upload aborted mid-block. The service
 * must take that calmly (no rejected handler, no truncated block left to commit), because under CPU
 * load even a well-behaved client closing its socket right after the last byte can beat the
 * server's 'finish' — that race once failed whole test files with an unhandled "Premature close".
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { jobBackendId, runBackendId, runtimeTokenFor, type ArtifactRecord } from '../../emulator/artifacts/index.ts';
import { startArtifactServer, type ArtifactServer } from './server.ts';

let root: string;
let server: ArtifactServer;
const runId = 31;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'artifact-hangups-'));
  await mkdir(join(root, 'blobs'));
  server = await startArtifactServer(join(root, 'blobs'));
  process.env.GITHUB_WORKSPACE = root;
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

function blobUrl(record: ArtifactRecord, query: string): string {
  return `${server.origin}/devstoreaccount1/actions-results/${record.id}/${encodeURIComponent(record.name)}.zip?sig=${record.signature}${query}`;
}

/** Sends a request, writes `body` (fewer bytes than `length` announces), then drops the connection. */
function hangUp(
  method: string,
  url: string,
  o: { length?: number; body?: Buffer; afterHeaders?: boolean },
): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, { method, headers: o.length === undefined ? {} : { 'content-length': String(o.length) } });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    if (o.afterHeaders) req.on('response', () => req.destroy());
    if (o.body) req.write(o.body, () => setTimeout(() => req.destroy(), 50));
    else req.end();
  });
}

describe('artifact service when clients hang up', () => {
  it('a download dropped after the headers is not a service failure', async () => {
    server.actAs(runId, 1);
    await writeFile(join(root, 'small.txt'), 'small');
    const { id } = await new DefaultArtifactClient().uploadArtifact('big', [join(root, 'small.txt')], root);
    // Big enough that the response is still being written when the client goes.
    await server.service.replaceArchive(id as number, [{ name: 'big.bin', data: Buffer.alloc(32 * 1024 * 1024, 7) }]);
    const record = server.service.list().find((a) => a.id === id) as ArtifactRecord;
    for (let i = 0; i < 3; i++) await hangUp('GET', blobUrl(record, ''), { afterHeaders: true });
    await server.settled();
    expect(server.failures).toEqual([]);
    const full = await fetch(blobUrl(record, ''));
    expect((await full.arrayBuffer()).byteLength).toBe(record.size);
  });

  it('an upload aborted mid-block leaves no block to commit and no stray file', async () => {
    const token = runtimeTokenFor({ owner: 'octo', repo: 'app', runId, jobId: 2 });
    const created = await fetch(`${server.origin}/twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        workflow_run_backend_id: runBackendId('octo', 'app', runId),
        workflow_job_run_backend_id: jobBackendId(2),
        name: 'aborted',
        version: 4,
      }),
    });
    expect(created.status).toBe(200);
    const record = server.service.list().find((a) => a.name === 'aborted') as ArtifactRecord;
    const blockId = Buffer.from('block-0').toString('base64');
    await hangUp('PUT', blobUrl(record, `&comp=block&blockid=${encodeURIComponent(blockId)}`), {
      length: 1024 * 1024,
      body: Buffer.alloc(64 * 1024, 1),
    });
    await hangUp('PUT', blobUrl(record, ''), { length: 1024 * 1024, body: Buffer.alloc(64 * 1024, 1) });
    await server.settled();
    expect(server.failures).toEqual([]);
    const commit = await fetch(blobUrl(record, '&comp=blocklist'), {
      method: 'PUT',
      body: `<BlockList><Latest>${blockId}</Latest></BlockList>`,
    });
    expect(commit.status).toBe(400);
    expect(record.committed).toBe(false);
    const leftovers = (await readdir(join(root, 'blobs'), { recursive: true })).filter(
      (f) => f.includes('partial') || f.includes(`artifact-${record.id}`),
    );
    expect(leftovers.filter((f) => !f.endsWith('.blocks'))).toEqual([]);
  });
});
