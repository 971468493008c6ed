/**
 * store → collect → publish end to end, for both backends: the bundle as separate processes, one per
 * job, as the runner starts them (SPEC §1, §3.1, §3.6). Matrix jobs run at the same time; each has
 * its own job id and runtime token.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { createWorld, type World } from '../../testkit/world.ts';
import { published, releasesOf, sha256 } from '../../testkit/inspect.ts';
import {
  actAsJob,
  collectAndPublish,
  failAfterStore,
  finishJob,
  storeJob,
  storeMatrix,
  type Backend,
  type JobRun,
} from '../../testkit/matrix.ts';

jest.setTimeout(240_000);

const BACKENDS: Backend[] = ['artifacts', 'releases'];
const OS = ['linux', 'windows', 'macos', 'freebsd'] as const;

/** What matrix job `os` builds: two files, one binary-ish and sizeable, one with a name GitHub renames. */
function buildOutput(os: string, version = 'v1'): Record<string, string | Buffer> {
  return {
    [`dist/app-${os}.bin`]: Buffer.from(`${os} ${version} `.repeat(20_000)),
    [`dist/Notes ${os}.txt`]: `release notes for ${os} ${version}`,
  };
}

/** Asset name → sha256 the published release should hold for these workspace files. */
function expectedAssets(outputs: Record<string, string | Buffer>[]): Record<string, string> {
  const assets: Record<string, string> = {};
  for (const files of outputs) {
    for (const [path, content] of Object.entries(files))
      assets[(path.split('/').pop() ?? '').replace(/[^A-Za-z0-9._-]+/g, '.')] = sha256(content);
  }
  return assets;
}

/** Published releases by tag → their assets without SHA256SUMS. */
async function publishedAssets(world: World): Promise<Map<string, Record<string, string>>> {
  const result = new Map<string, Record<string, string>>();
  for (const [tag, view] of published(await releasesOf(world.emulator, world.repo))) {
    const { SHA256SUMS: _sums, ...assets } = view.assets;
    result.set(tag, assets);
  }
  return result;
}

/** Names of the stored items still in the emulator for `backend`. */
function storedItems(world: World, backend: Backend): string[] {
  if (backend === 'artifacts')
    return world.emulator.artifacts
      .list()
      .filter((a) => a.finalized)
      .map((a) => a.name);
  return world.repo
    .releases()
    .filter((r) => r.draft && r.tagName.startsWith('_ci-store-'))
    .map((r) => r.tagName);
}

function expectSuccess(...results: { exitCode: number | null; errors: string[]; stderr: string }[]): void {
  for (const r of results) {
    expect(r.errors).toEqual([]);
    expect(r.exitCode).toBe(0);
  }
}

describe.each(BACKENDS)('%s backend', (backend) => {
  let world: World;
  beforeEach(async () => {
    // *.localhost: @actions/artifact refuses any other host but github.com and *.ghe.com.
    world = await createWorld({ serverHost: 'github.localhost' });
  });
  afterEach(async () => {
    await world.close();
  });

  test('a matrix of four jobs storing at the same time → collect → publish: the releases hold exactly the stored files', async () => {
    const run = world.startRun({ branch: 'main' });
    const outputs = Object.fromEntries(OS.map((os) => [`build (${os})`, buildOutput(os)]));
    const stored = await storeMatrix(world, run, backend, outputs);
    expectSuccess(...stored.map((s) => s.result));
    stored.forEach((s) => finishJob(s));
    expect(stored.map((s) => s.result.outputs.files)).toEqual(['2', '2', '2', '2']);
    // The four processes really overlapped: the last one started before the first one ended.
    expect(Math.max(...stored.map((s) => s.startedAt))).toBeLessThan(Math.min(...stored.map((s) => s.endedAt)));
    expect(storedItems(world, backend).sort()).toEqual(stored.map((s) => s.result.outputs['store-name']).sort());

    const publishing = await collectAndPublish(world, run, backend, { 'numbered-keep-count': '2' });
    expectSuccess(publishing.collect, publishing.publish!);
    expect(publishing.collect.outputs.files).toBe('8');
    expect(Number(publishing.collect.outputs.bytes)).toBe(
      Object.values(outputs)
        .flatMap((o) => Object.values(o))
        .reduce((n, c) => n + Buffer.byteLength(c), 0),
    );
    expect(publishing.collect.summary).toContain('build (linux)');

    const releases = await publishedAssets(world);
    expect([...releases.keys()].sort()).toEqual(['ci-main-1', 'ci-main-latest']);
    const expected = expectedAssets(Object.values(outputs));
    expect(releases.get('ci-main-latest')).toEqual(expected);
    expect(releases.get('ci-main-1')).toEqual(expected);
  });

  test('a failed matrix job re-run: its new attempt replaces what the failed attempt left, the others keep theirs', async () => {
    const run = world.startRun({ branch: 'main' });
    const first = await storeMatrix(
      world,
      run,
      backend,
      Object.fromEntries(OS.map((os) => [`build (${os})`, buildOutput(os)])),
    );
    expectSuccess(...first.map((s) => s.result));
    // 'build (macos)' stored, then a later step failed and the runner died before its post step:
    // its attempt-1 item stays behind. The publishing job never ran (needs: failed).
    first.forEach((s) => finishJob(s, s.job.record.name === 'build (macos)' ? 'failure' : 'success'));
    run.update({ status: 'completed', conclusion: 'failure' });

    // "Re-run failed jobs": attempt 2 runs 'build (macos)' and the publishing job again.
    const attempt2 = run.rerun();
    for (const job of attempt2.jobs()) job.update({ status: 'completed', conclusion: 'success' });
    const rerun = await storeJob(world, attempt2, {
      name: 'build (macos)',
      backend,
      files: buildOutput('macos', 'v2'),
    });
    expectSuccess(rerun.result);
    finishJob(rerun);
    expect(rerun.result.outputs['store-name']).not.toBe(
      first.find((s) => s.job.record.name === 'build (macos)')?.result.outputs['store-name'],
    );

    const publishing = await collectAndPublish(world, attempt2, backend);
    expectSuccess(publishing.collect, publishing.publish!);
    // Chosen from the listing and the jobs API, before anything is downloaded.
    expect(publishing.collect.stdout).toMatch(
      /Skipping \S+: stored by attempt 1 of job 'build \(macos\)', superseded by attempt 2 \(job \d+\)/,
    );
    const expected = expectedAssets([
      ...OS.filter((os) => os !== 'macos').map((os) => buildOutput(os)),
      buildOutput('macos', 'v2'),
    ]);
    const releases = await publishedAssets(world);
    expect(releases.get('ci-main-1')).toEqual(expected);
    expect(releases.get('ci-main-latest')).toEqual(expected);
    const marker = published(await releasesOf(world.emulator, world.repo)).get('ci-main-1')?.marker;
    expect(marker).toMatchObject({ runNumber: 1, runAttempt: 2 });
  });

  test("a full re-run replaces Numbered #1 and Latest with the new attempt's files, never mixing attempts", async () => {
    const run = world.startRun({ branch: 'main' });
    const jobs = (version: string) =>
      Object.fromEntries(OS.slice(0, 2).map((os) => [`build (${os})`, buildOutput(os, version)]));
    (await storeMatrix(world, run, backend, jobs('v1'))).forEach((s) => finishJob(s));
    expectSuccess((await collectAndPublish(world, run, backend)).publish!);
    run.update({ status: 'completed', conclusion: 'success' });

    const attempt2 = run.rerun();
    for (const job of attempt2.jobs()) job.update({ status: 'completed', conclusion: 'success' });
    const again = await storeMatrix(world, attempt2, backend, jobs('v2'));
    expectSuccess(...again.map((s) => s.result));
    again.forEach((s) => finishJob(s));
    const publishing = await collectAndPublish(world, attempt2, backend);
    expectSuccess(publishing.collect, publishing.publish!);
    expect(publishing.collect.outputs.files).toBe('4');

    const expected = expectedAssets(OS.slice(0, 2).map((os) => buildOutput(os, 'v2')));
    const releases = await publishedAssets(world);
    expect([...releases.keys()].sort()).toEqual(['ci-main-1', 'ci-main-latest']);
    expect(releases.get('ci-main-1')).toEqual(expected);
    expect(releases.get('ci-main-latest')).toEqual(expected);
  });

  test('a job that fails after storing: the post step removes its item, and collect never sees it', async () => {
    const run = world.startRun({ branch: 'main' });
    const [good, bad] = (await storeMatrix(world, run, backend, {
      'build (linux)': buildOutput('linux'),
      'build (windows)': buildOutput('windows'),
    })) as [JobRun, JobRun];
    expectSuccess(good.result, bad.result);
    finishJob(good);
    expect(storedItems(world, backend)).toHaveLength(2);

    const post = await failAfterStore(world, run, bad, { backend });
    expect(post.exitCode).toBe(0);
    expect(post.warnings).toEqual([]);
    expect(post.stdout).toContain(
      `Removed stored item ${bad.result.outputs['store-name']} because step 'Run tests' concluded 'failure'.`,
    );
    expect(storedItems(world, backend)).toEqual([good.result.outputs['store-name']]);

    // Running the post step again (e.g. a cancelled job's second post) is harmless.
    const again = await failAfterStore(world, run, bad, { backend });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('was already gone');

    // A workflow whose publishing job runs anyway (if: always()) publishes only the good job's files.
    const publishing = await collectAndPublish(world, run, backend, { latest: 'false' });
    expectSuccess(publishing.collect, publishing.publish!);
    expect((await publishedAssets(world)).get('ci-main-1')).toEqual(expectedAssets([buildOutput('linux')]));
  });

  test('a post step run for a job whose steps all succeeded (post-if changed to always()) keeps its item', async () => {
    const run = world.startRun({ branch: 'main' });
    const [good] = (await storeMatrix(world, run, backend, { 'build (linux)': buildOutput('linux') })) as [JobRun];
    good.job.setSteps([
      { name: 'Set up job', status: 'completed' },
      { name: 'Run ci-release-publisher (store)', status: 'completed' },
      { name: 'Post Run ci-release-publisher (store)', status: 'in_progress' },
    ]);
    const post = await actAsJob(
      world,
      run,
      good.job,
      { mode: 'store', path: 'dist/*', backend },
      { workspace: good.workspace, entry: 'post', state: good.result.state },
    );
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain(
      `Keeping stored item ${good.result.outputs['store-name']}: all 2 finished steps succeeded.`,
    );
    expect(storedItems(world, backend)).toEqual([good.result.outputs['store-name']]);
  });
});
