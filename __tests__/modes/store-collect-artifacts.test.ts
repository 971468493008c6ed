/** store → collect on the Actions-artifacts backend: the real client against the emulator's service. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { State } from '../../src/constants.ts';
import { collect } from '../../src/modes/collect.ts';
import { store } from '../../src/modes/store.ts';
import { FakeRuns, job, makeContext, makeDeps } from '../store/fakes.ts';
import { collectSettings, storeSettings } from '../store/settings.ts';
import { startArtifactServer, type ArtifactServer } from '../emulator-artifacts/server.ts';

let root: string;
let server: ArtifactServer;
const client = new DefaultArtifactClient();
let runId = 600;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'store-artifacts-'));
  await mkdir(join(root, 'blobs'));
  server = await startArtifactServer(join(root, 'blobs'));
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

async function storeAs(runs: FakeRuns, jobId: number, files: Record<string, string>, attempt = 1) {
  const ws = join(root, `ws-${runId}-${jobId}-${attempt}`);
  await mkdir(join(ws, 'dist'), { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(ws, 'dist', file), content);
  server.actAs(runId, jobId);
  const deps = makeDeps(makeContext({ runId, workspace: ws, tempDir: join(root, 'tmp'), runAttempt: attempt }), {
    runs,
    artifactClient: client,
  });
  const result = await store(storeSettings({ backend: 'artifacts', patterns: [join(ws, 'dist/*')], jobId }), deps);
  return { result, deps };
}

async function collectAll(runs: FakeRuns) {
  const ws = join(root, `collector-${runId}`);
  await mkdir(ws, { recursive: true });
  server.actAs(runId, 999);
  const deps = makeDeps(makeContext({ runId, workspace: ws, tempDir: join(root, 'tmp') }), {
    runs,
    artifactClient: client,
  });
  return {
    result: await collect(collectSettings({ backend: 'artifacts', destination: 'out' }), deps),
    deps,
    dir: join(ws, 'out'),
  };
}

function runWithJobs(...jobs: [number, string, number?][]): FakeRuns {
  runId += 1;
  const runs = new FakeRuns();
  runs.jobs = jobs.map(([id, name, attempt]) => job(id, name, { runId, runAttempt: attempt ?? 1 }));
  return runs;
}

describe('artifacts backend', () => {
  it('stores a matrix of four jobs and collects every file, verified', async () => {
    const runs = runWithJobs([1, 'build (a)'], [2, 'build (b)'], [3, 'build (c)'], [4, 'build (d)']);
    for (const id of [1, 2, 3, 4]) {
      const { result, deps } = await storeAs(runs, id, {
        [`app-${id}.bin`]: `bytes of ${id}`.repeat(1000),
        [`My Notes (${id}).txt`]: 'n',
      });
      expect(result.outputs['store-name']).toBe(`crp-${runId}-${id}`);
      expect(JSON.parse(deps.state.get(State.StoredItem) ?? '{}')).toMatchObject({
        backend: 'artifacts',
        name: `crp-${runId}-${id}`,
      });
    }
    const { result, dir } = await collectAll(runs);
    expect(result.outputs.files).toBe('8');
    expect((await readdir(dir)).sort()).toEqual([
      'My Notes (1).txt',
      'My Notes (2).txt',
      'My Notes (3).txt',
      'My Notes (4).txt',
      'app-1.bin',
      'app-2.bin',
      'app-3.bin',
      'app-4.bin',
    ]);
    expect(await readFile(join(dir, 'app-3.bin'), 'utf8')).toBe('bytes of 3'.repeat(1000));
  });

  it('replaces its own earlier item when the same job stores again, and prefers the newest attempt', async () => {
    const runs = runWithJobs([1, 'build (a)'], [2, 'build (a)', 2]);
    await storeAs(runs, 1, { 'a.bin': 'first' });
    await storeAs(runs, 1, { 'a.bin': 'second' });
    expect(server.service.list().filter((a) => a.name === `crp-${runId}-1`)).toHaveLength(1);
    await storeAs(runs, 2, { 'a.bin': 'rerun' }, 2);
    const { dir } = await collectAll(runs);
    expect(await readFile(join(dir, 'a.bin'), 'utf8')).toBe('rerun');
  });

  it('names the corrupted file', async () => {
    const runs = runWithJobs([1, 'build']);
    await storeAs(runs, 1, { 'ok.bin': 'fine', 'broken.bin': 'z'.repeat(4096) });
    const artifact = server.service.list().find((a) => a.name === `crp-${runId}-1`);
    await server.service.corruptEntry(artifact?.id ?? 0, 'broken.bin');
    await expect(collectAll(runs)).rejects.toThrow(
      /File 'broken.bin' stored by job 'build' \(job 1, attempt 1\) is corrupted/,
    );
  });

  it('refuses an archive entry that would escape the destination, writing nothing', async () => {
    const runs = runWithJobs([1, 'build']);
    await storeAs(runs, 1, { 'ok.bin': 'fine' });
    const artifact = server.service.list().find((a) => a.name === `crp-${runId}-1`);
    await server.service.replaceArchive(artifact?.id ?? 0, [{ name: '../../escape.txt', data: Buffer.from('evil') }]);
    await expect(collectAll(runs)).rejects.toThrow(
      /archive entry '..\/..\/escape.txt' contains a '..' component and would escape the destination \(zip slip\)/,
    );
    await expect(readdir(join(root, `collector-${runId}`, 'out'))).rejects.toThrow();
  });

  it('fails naming both jobs on an asset-name clash', async () => {
    const runs = runWithJobs([1, 'linux'], [2, 'mac']);
    await storeAs(runs, 1, { 'tool.zip': '1' });
    await storeAs(runs, 2, { 'tool.zip': '2' });
    await expect(collectAll(runs)).rejects.toThrow(
      /'linux' \(job 1, attempt 1\) and 'mac' \(job 2, attempt 1\) both stored 'tool.zip'/,
    );
  });
});
