/**
 * The real `@actions/artifact` 6 client, in-process, against the emulator's artifact service mounted
 * the way the emulator mounts it: Twirp and blob URLs first, then the REST route table.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { createArtifactService, runtimeTokenFor, type ArtifactService } from '../../emulator/artifacts/index.ts';
import { Router } from '../../emulator/router.ts';
import { GITHUB_SECONDARY_LIMITS, SecondaryLimiter } from '../../emulator/budgets.ts';
import { allRoutes } from '../../emulator/routes/index.ts';
import { createRequestHandler } from '../../emulator/server.ts';
import { createState, type EmulatorState } from '../../emulator/state.ts';
import { createRepo } from '../../emulator/admin.ts';
import { FaultInjector } from '../../emulator/faults.ts';
import { GITHUB_PRIMARY_LIMITS, RateLimiter } from '../../emulator/ratelimit.ts';

let dir: string;
let server: Server;
let origin: string;
let service: ArtifactService;
let state: EmulatorState;
const failures: unknown[] = [];
const owner = 'octo';
const repo = 'app';
const runId = 77;

function actAs(jobId: number): void {
  process.env.ACTIONS_RUNTIME_TOKEN = runtimeTokenFor({ owner, repo, runId, jobId });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'artifact-service-'));
  state = createState(join(dir, 'blobs'));
  await mkdir(state.blobDir);
  createRepo(state, { owner, repo });
  state.tokens.set('reader', { repos: { [`${owner}/${repo}`]: { actions: 'read' } } });
  state.tokens.set('writer', { repos: { [`${owner}/${repo}`]: { actions: 'write' } } });
  service = createArtifactService({ blobDir: state.blobDir, publicUrl: () => origin });
  const rest = createRequestHandler({
    state,
    router: new Router([...allRoutes, ...service.routes]),
    faults: new FaultInjector(),
    rateLimiter: new RateLimiter(),
    secondary: new SecondaryLimiter(GITHUB_SECONDARY_LIMITS),
    log: [],
    invalid: [],
    options: {
      rateLimit: undefined,
      primaryLimits: GITHUB_PRIMARY_LIMITS,
      draftPatchWithoutTagUntags: false,
      validateRequests: true,
    },
    urls: () => ({ apiUrl: origin, serverUrl: origin }),
  });
  server = createServer((req, res) => {
    // Never unhandled: a rejected handler would fail whichever test runs at that moment.
    service.handle(req, res, new URL(req.url ?? '/', origin)).then(
      (served) => {
        if (!served) rest(req, res);
      },
      (error: unknown) => {
        failures.push(error);
        res.destroy();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.ACTIONS_RESULTS_URL = `${origin}/`;
  // @actions/artifact refuses any host but github.com, *.ghe.com and *.localhost.
  process.env.GITHUB_SERVER_URL = 'https://github.localhost';
  process.env.GITHUB_WORKSPACE = dir;
});

afterAll(async () => {
  expect(failures).toEqual([]);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function sourceFiles(name: string, files: Record<string, string>): Promise<string> {
  const root = join(dir, name);
  await mkdir(root, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(root, file), content);
  return root;
}

describe('artifact service with the real client', () => {
  const client = new DefaultArtifactClient();

  it('uploads, lists, downloads and deletes an artifact', async () => {
    actAs(1);
    const root = await sourceFiles('up1', { 'a.txt': 'alpha', 'b.bin': 'x'.repeat(100_000) });
    const uploaded = await client.uploadArtifact('first', [join(root, 'a.txt'), join(root, 'b.bin')], root, {
      compressionLevel: 0,
    });
    expect(uploaded.id).toBeGreaterThan(0);
    expect(uploaded.size).toBeGreaterThan(100_000);

    actAs(2); // another job of the same run sees it
    const { artifacts } = await client.listArtifacts();
    expect(artifacts.map((a) => a.name)).toEqual(['first']);
    expect(artifacts[0]?.digest).toBe(`sha256:${uploaded.digest}`);

    const target = join(dir, 'down1');
    await client.downloadArtifact(uploaded.id as number, { path: target });
    expect(await readFile(join(target, 'a.txt'), 'utf8')).toBe('alpha');
    expect((await readFile(join(target, 'b.bin'))).length).toBe(100_000);

    const raw = join(dir, 'raw1');
    await client.downloadArtifact(uploaded.id as number, { path: raw, skipDecompress: true });
    const [zipName] = await readdir(raw);
    expect(zipName).toBe('first.zip');
    const zipHash = createHash('sha256')
      .update(await readFile(join(raw, zipName ?? '')))
      .digest('hex');
    expect(zipHash).toBe(uploaded.digest);

    await client.deleteArtifact('first');
    expect((await client.listArtifacts()).artifacts).toEqual([]);
  });

  it('refuses a duplicate name in the same run, as GitHub does', async () => {
    actAs(3);
    const root = await sourceFiles('up2', { 'c.txt': 'c' });
    await client.uploadArtifact('dup', [join(root, 'c.txt')], root);
    await expect(client.uploadArtifact('dup', [join(root, 'c.txt')], root)).rejects.toThrow(
      /already exists on the workflow run/,
    );
  });

  it('keeps runs apart: another run sees none of these artifacts', async () => {
    process.env.ACTIONS_RUNTIME_TOKEN = runtimeTokenFor({ owner, repo, runId: runId + 1, jobId: 9 });
    expect((await client.listArtifacts()).artifacts).toEqual([]);
  });

  it('serves the REST endpoints with actions permissions', async () => {
    const artifact = service.list().find((a) => a.name === 'dup' && a.finalized);
    expect(artifact).toBeDefined();
    const get = (path: string, token: string, method = 'GET') =>
      fetch(`${origin}${path}`, { method, headers: { authorization: `token ${token}` }, redirect: 'manual' });
    const list = await get(`/repos/${owner}/${repo}/actions/runs/${runId}/artifacts`, 'reader');
    expect(list.status).toBe(200);
    const body = (await list.json()) as {
      total_count: number;
      artifacts: { id: number; name: string; digest: string }[];
    };
    expect(body.total_count).toBe(1);
    expect(body.artifacts[0]).toMatchObject({ id: artifact?.id, name: 'dup' });

    const zip = await get(`/repos/${owner}/${repo}/actions/artifacts/${artifact?.id}/zip`, 'reader');
    expect(zip.status).toBe(302);
    const blob = await fetch(zip.headers.get('location') ?? '');
    expect(blob.headers.get('content-type')).toBe('application/zip');

    expect((await get(`/repos/${owner}/${repo}/actions/artifacts/${artifact?.id}`, 'reader', 'DELETE')).status).toBe(
      403,
    );
    expect((await get(`/repos/${owner}/${repo}/actions/artifacts/${artifact?.id}`, 'writer', 'DELETE')).status).toBe(
      204,
    );
    expect((await get(`/repos/${owner}/${repo}/actions/artifacts/${artifact?.id}`, 'reader')).status).toBe(404);
  });

  it('rejects blob requests without the right signature', async () => {
    actAs(4);
    const root = await sourceFiles('up3', { 'd.txt': 'd' });
    const { id } = await client.uploadArtifact('signed', [join(root, 'd.txt')], root);
    const record = service.list().find((a) => a.id === id);
    const response = await fetch(`${origin}/devstoreaccount1/actions-results/${id}/signed.zip?sig=wrong`);
    expect(response.status).toBe(403);
    expect(record?.finalized).toBe(true);
  });

  it('lets tests corrupt an entry and craft archives', async () => {
    actAs(5);
    const root = await sourceFiles('up4', { 'e.txt': 'e'.repeat(1000) });
    const { id } = await client.uploadArtifact('tamper', [join(root, 'e.txt')], root, { compressionLevel: 0 });
    await service.corruptEntry(id as number, 'e.txt');
    const target = join(dir, 'down4');
    await client.downloadArtifact(id as number, { path: target, skipDecompress: true });
    await service.replaceArchive(id as number, [{ name: '../escape.txt', data: Buffer.from('x') }]);
    expect(service.list().find((a) => a.id === id)?.size).toBeGreaterThan(0);
  });
});
