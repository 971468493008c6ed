/** store → collect on the draft-release backend, with a fake ReleasesApi and jobs API. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { State } from '../../src/constants.ts';
import { collect } from '../../src/modes/collect.ts';
import { store } from '../../src/modes/store.ts';
import { decodeMarker } from '../../src/planning/marker.ts';
import { FakeReleases, FakeRuns, job, makeContext, makeDeps } from '../store/fakes.ts';
import { collectSettings, storeSettings } from '../store/settings.ts';

let root: string;
let releases: FakeReleases;
let runs: FakeRuns;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'store-releases-'));
  releases = new FakeReleases(join(root, 'assets'));
  runs = new FakeRuns();
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** A job's workspace with `files` under dist/. */
async function workspace(name: string, files: Record<string, string>): Promise<string> {
  const ws = join(root, name);
  await mkdir(join(ws, 'dist'), { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(ws, 'dist', file), content);
  return ws;
}

async function storeAs(jobId: number, files: Record<string, string>, attempt = 1) {
  const ws = await workspace(`ws-${jobId}`, files);
  const context = makeContext({
    workspace: ws,
    tempDir: join(root, 'tmp'),
    runnerName: `runner-${jobId}`,
    runAttempt: attempt,
  });
  const deps = makeDeps(context, { releases, runs });
  const cwd = process.cwd();
  process.chdir(ws); // @actions/glob resolves relative patterns against the working directory, as on a runner
  try {
    return { result: await store(storeSettings({ backend: 'releases' }), deps), deps };
  } finally {
    process.chdir(cwd);
  }
}

async function collectAll(destination = 'out') {
  const ws = join(root, 'collector');
  await mkdir(ws, { recursive: true });
  const deps = makeDeps(makeContext({ workspace: ws, tempDir: join(root, 'tmp'), runnerName: 'collector' }), {
    releases,
    runs,
  });
  return {
    result: await collect(collectSettings({ backend: 'releases', destination }), deps),
    deps,
    dir: join(ws, destination),
  };
}

describe('releases backend', () => {
  it('stores four matrix jobs as marked drafts and collects every file, verified', async () => {
    for (const id of [11, 12, 13, 14]) runs.jobs.push(job(id, `build (os-${id})`));
    for (const id of [11, 12, 13, 14]) {
      const { result, deps } = await storeAs(id, { [`app-${id}.tar.gz`]: `binary ${id}`, [`notes ${id}.txt`]: 'n' });
      expect(result.outputs).toEqual({
        'store-name': `_ci-store-500-${id}`,
        files: '2',
        bytes: String(`binary ${id}`.length + 1),
      });
      expect(JSON.parse(deps.state.get(State.StoredItem) ?? '{}')).toMatchObject({ backend: 'releases', jobId: id });
    }
    expect(releases.releases.every((r) => r.draft)).toBe(true);
    expect(releases.releases.map((r) => decodeMarker(r.body)?.jobId)).toEqual([11, 12, 13, 14]);
    // Files upload in parallel, so their order on the release is not fixed.
    expect(releases.releases[0]?.assets.map((a) => a.name).sort()).toEqual([
      'app-11.tar.gz',
      'ci-release-publisher-manifest.json',
      'notes.11.txt',
    ]);

    const { result, dir } = await collectAll();
    expect(result.outputs).toMatchObject({ files: '8', path: dir });
    expect((await readdir(dir)).sort()).toContain('notes 12.txt');
    expect(await readFile(join(dir, 'app-13.tar.gz'), 'utf8')).toBe('binary 13');
    expect(result.summary).toContain("'build (os-14)'");
  });

  it('a re-run job supersedes the earlier attempt of the same job', async () => {
    runs.jobs.push(job(21, 'build (linux)'), job(22, 'build (mac)'), job(31, 'build (linux)', { runAttempt: 2 }));
    await storeAs(21, { 'app-linux.bin': 'old' });
    await storeAs(22, { 'app-mac.bin': 'mac' });
    await storeAs(31, { 'app-linux.bin': 'new' }, 2);
    const { result, dir, deps } = await collectAll();
    expect(result.outputs.files).toBe('2');
    expect(await readFile(join(dir, 'app-linux.bin'), 'utf8')).toBe('new');
    expect(deps.log.lines.join('\n')).toMatch(
      /Skipping _ci-store-500-21: superseded by 'build \(linux\)' \(job 31, attempt 2\)/,
    );
  });

  it('fails naming both jobs when two jobs store the same asset name', async () => {
    runs.jobs.push(job(41, 'build (a)'), job(42, 'build (b)'));
    await storeAs(41, { 'app.zip': 'a' });
    await storeAs(42, { 'app.zip': 'b' });
    await expect(collectAll()).rejects.toThrow(
      /'build \(a\)' \(job 41, attempt 1\) and 'build \(b\)' \(job 42, attempt 1\) both stored 'app.zip'/,
    );
  });

  it('names the corrupted file and leaves nothing in the destination, not even the good files', async () => {
    runs.jobs.push(job(51, 'build'));
    await storeAs(51, { 'good.bin': 'good', 'bad.bin': 'original' });
    const asset = releases.releases[0]?.assets.find((a) => a.name === 'bad.bin');
    await writeFile(asset?.path ?? '', 'tampered');
    await expect(collectAll()).rejects.toThrow(
      /File 'bad.bin' stored by job 'build' \(job 51, attempt 1\) is corrupted/,
    );
    const left = await readdir(join(root, 'collector', 'out')).catch(() => []);
    // All or nothing: a later step running anyway must not find (and publish) a partial set.
    expect(left).toEqual([]);
  });

  it('refuses files outside the workspace, empty files and sanitised-name clashes before storing anything', async () => {
    runs.jobs.push(job(61, 'build'));
    await expect(storeAs(61, { 'a b.txt': 'x', 'a.b.txt': 'y', 'empty.txt': '' })).rejects.toThrow(
      /empty \(0 bytes\).*would all be uploaded as the asset 'a.b.txt'/,
    );
    expect(releases.releases).toEqual([]);
    const ws = await workspace('ws-outside', {});
    const outside = join(root, 'outside.txt');
    await writeFile(outside, 'o');
    const deps = makeDeps(makeContext({ workspace: ws, tempDir: join(root, 'tmp'), runnerName: 'runner-61' }), {
      releases,
      runs,
    });
    await expect(store(storeSettings({ backend: 'releases', patterns: [outside] }), deps)).rejects.toThrow(
      /outside the workspace/,
    );
    expect(releases.releases).toEqual([]);
  });

  it('finds its job through the jobs API, or says how to set job-id', async () => {
    runs.jobs.push(
      job(71, 'build', { runnerName: 'runner-71' }),
      job(72, 'other', { runnerName: 'runner-72', status: 'completed' }),
    );
    const { result } = await storeAs(71, { 'x.bin': 'x' });
    expect(result.outputs['store-name']).toBe('_ci-store-500-71');
    runs.forbidden = true;
    await expect(storeAs(72, { 'y.bin': 'y' })).rejects.toThrow(/job-id: \$\{\{ job.check_run_id \}\}/);
  });

  it('honours if-no-files-found', async () => {
    const ws = await workspace('ws-empty', {});
    const deps = makeDeps(makeContext({ workspace: ws, tempDir: join(root, 'tmp') }), { releases, runs });
    await expect(store(storeSettings({ backend: 'releases', patterns: [join(ws, 'dist/*')] }), deps)).rejects.toThrow(
      /matches no files/,
    );
    const result = await store(
      storeSettings({ backend: 'releases', patterns: [join(ws, 'dist/*')], ifNoFilesFound: 'warn' }),
      deps,
    );
    expect(result.outputs).toEqual({ 'store-name': '', files: '0', bytes: '0' });
    expect(deps.log.lines.some((l) => l.startsWith('warning: No files were found'))).toBe(true);
  });
});
