/**
 * publish end to end: the bundled action as a separate process against the emulator (SPEC §2–§5).
 */
import { createWorld, type World } from '../../testkit/world.ts';
import { published, releasesOf, sha256 } from '../../testkit/inspect.ts';

const FILES = {
  'out/app-linux.tar.gz': 'linux build',
  'out/app-windows.zip': 'windows build',
  'out/notes.txt': 'notes',
};
let world: World;

beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

async function publishRun(
  run: ReturnType<World['startRun']>,
  inputs: Record<string, string> = {},
  files: Record<string, string> = FILES,
) {
  const workspace = await world.workspace(files);
  return world.act(run, { mode: 'publish', path: 'out', ...inputs }, { workspace });
}

test('a first nightly makes Latest and Numbered with every file, checksums and a marker', async () => {
  const run = world.startRun({ branch: 'main' });
  const result = await publishRun(run);
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  const releases = published(await releasesOf(world.emulator, world.repo));
  expect([...releases.keys()].sort()).toEqual(['ci-main-1', 'ci-main-latest']);
  for (const tag of ['ci-main-1', 'ci-main-latest']) {
    const release = releases.get(tag)!;
    expect(release.assets['app-linux.tar.gz']).toBe(sha256('linux build'));
    expect(release.assets['app-windows.zip']).toBe(sha256('windows build'));
    expect(Object.keys(release.assets).sort()).toEqual([
      'SHA256SUMS',
      'app-linux.tar.gz',
      'app-windows.zip',
      'notes.txt',
    ]);
    expect(release.marker).toMatchObject({
      kind: tag.endsWith('latest') ? 'latest' : 'numbered',
      branch: 'main',
      runId: run.id,
      runNumber: 1,
      sha: world.sha,
      workflowId: world.workflowId,
    });
    expect(release.body).toContain(sha256('linux build'));
  }
  expect(world.repo.tags()['ci-main-latest']).toBe(world.sha);
  expect(result.outputs['latest-tag']).toBe('ci-main-latest');
  expect(result.outputs['numbered-url']).toContain('/releases/tag/ci-main-1');
  expect(JSON.parse(result.outputs.published!)).toHaveLength(2);
  expect(result.summary).toContain('ci-main-latest');
  // No incomplete draft is left behind.
  expect((await releasesOf(world.emulator, world.repo)).filter((r) => r.draft)).toEqual([]);
});

test('without checksums each file is hashed beside its upload: digests still verified and shown', async () => {
  const run = world.startRun({ branch: 'main' });
  const big = Buffer.alloc(3 * 1024 * 1024 + 1, 9);
  const result = await publishRun(
    run,
    { checksums: 'false', latest: 'false' },
    { 'out/big.bin': big.toString('latin1'), 'out/small.txt': 'small' },
  );
  expect(result.errors).toEqual([]);
  const release = published(await releasesOf(world.emulator, world.repo)).get('ci-main-1')!;
  expect(release.assets).toEqual({
    'big.bin': sha256(Buffer.from(big.toString('latin1'), 'latin1')),
    'small.txt': sha256('small'),
  });
  expect(result.summary).toContain(sha256('small').slice(0, 12));
});

test('four runs in a row with numbered-keep-count 2 keep the two newest Numbered and move Latest', async () => {
  for (let i = 1; i <= 4; i++) {
    const run = world.startRun({ branch: 'main' });
    const result = await publishRun(run, { 'numbered-keep-count': '2' }, { ...FILES, 'out/notes.txt': `notes ${i}` });
    expect(result.errors).toEqual([]);
    run.update({ status: 'completed', conclusion: 'success' });
    if (i >= 3) expect(JSON.parse(result.outputs.deleted!)).toEqual([`ci-main-${i - 2}`]);
  }
  const releases = published(await releasesOf(world.emulator, world.repo));
  expect([...releases.keys()].sort()).toEqual(['ci-main-3', 'ci-main-4', 'ci-main-latest']);
  expect(releases.get('ci-main-latest')!.assets['notes.txt']).toBe(sha256('notes 4'));
  expect(releases.get('ci-main-latest')!.marker?.runNumber).toBe(4);
  expect(Object.keys(world.repo.tags()).sort()).toEqual(['ci-main-3', 'ci-main-4', 'ci-main-latest']);
});

test('two runs publishing at the same time: the older skips Latest and still publishes Numbered', async () => {
  const older = world.startRun({ branch: 'main' });
  const newer = world.startRun({ branch: 'main' });
  const [a, b] = await Promise.all([
    publishRun(older, {}, { ...FILES, 'out/notes.txt': 'older' }),
    publishRun(newer, {}, { ...FILES, 'out/notes.txt': 'newer' }),
  ]);
  expect(a.exitCode).toBe(0);
  expect(b.exitCode).toBe(0);
  expect(JSON.parse(a.outputs.skipped!)).toEqual([
    expect.objectContaining({ kind: 'latest', reason: expect.stringContaining(`#${newer.runNumber}`) }),
    { kind: 'tag', reason: 'not a tag run and no release-tag given' },
  ]);
  const releases = published(await releasesOf(world.emulator, world.repo));
  expect(releases.get('ci-main-latest')!.assets['notes.txt']).toBe(sha256('newer'));
  expect(releases.get('ci-main-1')!.assets['notes.txt']).toBe(sha256('older'));
  expect(releases.get('ci-main-2')).toBeDefined();
});

test('a newer run still in progress makes this run skip Latest', async () => {
  const run = world.startRun({ branch: 'main' });
  world.startRun({ branch: 'main', status: 'queued' });
  const result = await publishRun(run);
  expect(result.exitCode).toBe(0);
  expect(result.notices.join('\n')).toContain('a newer run #2');
  expect([...published(await releasesOf(world.emulator, world.repo)).keys()]).toEqual(['ci-main-1']);
});

test('a newer run that already failed does not block: the older run updates Latest', async () => {
  const run = world.startRun({ branch: 'main' });
  const failed = world.startRun({ branch: 'main' });
  failed.update({ status: 'completed', conclusion: 'failure' });
  const result = await publishRun(run);
  expect(result.errors).toEqual([]);
  expect(published(await releasesOf(world.emulator, world.repo)).get('ci-main-latest')!.marker?.runNumber).toBe(1);
});

test('newer runs of events outside latest-events do not block Latest', async () => {
  const run = world.startRun({ branch: 'main' });
  world.startRun({ branch: 'main', event: 'pull_request' });
  const result = await publishRun(run);
  expect(result.errors).toEqual([]);
  expect(published(await releasesOf(world.emulator, world.repo)).has('ci-main-latest')).toBe(true);
});

test('a re-run of an old run replaces its Numbered release but never downgrades Latest', async () => {
  const first = world.startRun({ branch: 'main' });
  await publishRun(first, {}, { ...FILES, 'out/notes.txt': 'run 1' });
  first.update({ status: 'completed', conclusion: 'success' });
  const second = world.startRun({ branch: 'main' });
  await publishRun(second, {}, { ...FILES, 'out/notes.txt': 'run 2' });
  second.update({ status: 'completed', conclusion: 'success' });
  first.rerun();
  const result = await publishRun(first, {}, { ...FILES, 'out/notes.txt': 'run 1 again' });
  expect(result.errors).toEqual([]);
  const releases = published(await releasesOf(world.emulator, world.repo));
  expect(releases.get('ci-main-latest')!.assets['notes.txt']).toBe(sha256('run 2'));
  expect(releases.get('ci-main-1')!.assets['notes.txt']).toBe(sha256('run 1 again'));
  expect(releases.get('ci-main-1')!.marker?.runAttempt).toBe(2);
  expect(JSON.parse(result.outputs.skipped!)[0].reason).toContain('#2');
});

test('a tag run makes a Tag release; the same tag again fails, and with tag-force-recreate replaces it', async () => {
  const run = world.startRun({ tag: 'v1.2.0' });
  const first = await publishRun(run);
  expect(first.errors).toEqual([]);
  expect([...published(await releasesOf(world.emulator, world.repo)).keys()]).toEqual(['v1.2.0']);
  const again = world.startRun({ tag: 'v1.2.0' });
  const writesBefore = world.emulator.writes().length;
  const refused = await publishRun(again);
  expect(refused.exitCode).toBe(1);
  expect(refused.errors.join('\n')).toMatch(/release for tag v1\.2\.0 already exists.*tag-existing: replace/);
  expect(world.emulator.writes().length).toBe(writesBefore);
  const forced = await publishRun(again, { 'tag-force-recreate': 'true' }, { ...FILES, 'out/notes.txt': 'rebuilt' });
  expect(forced.errors).toEqual([]);
  const releases = published(await releasesOf(world.emulator, world.repo));
  expect(releases.get('v1.2.0')!.assets['notes.txt']).toBe(sha256('rebuilt'));
  expect(releases.size).toBe(1);
});

test('pull-request runs never publish', async () => {
  const run = world.startRun({ branch: 'feature', event: 'pull_request' });
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out' },
    { workspace: await world.workspace(FILES), ref: 'refs/pull/7/merge' },
  );
  expect(result.exitCode).toBe(0);
  expect(result.notices.join('\n')).toContain('Pull-request runs never publish');
  expect(world.emulator.writes()).toEqual([]);
});

test('dry-run prints the plan and writes nothing', async () => {
  const run = world.startRun({ branch: 'main' });
  const result = await publishRun(run, { 'dry-run': 'true' });
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toContain('[dry-run] would create latest release ci-main-latest');
  expect(world.emulator.writes()).toEqual([]);
});

test.each([
  ['feature/login', /^ci-feature-login-[0-9a-f]{8}-latest$/],
  ['-leading-dash', /^ci-leading-dash-[0-9a-f]{8}-latest$/],
  ['weird~name^with:chars', /^ci-weird-name-with-chars-[0-9a-f]{8}-latest$/],
  ['release-1.x', /^ci-release-1\.x-latest$/],
])('branch %s gets a valid, distinct Latest tag', async (branch, expected) => {
  const run = world.startRun({ branch });
  const result = await publishRun(run);
  expect(result.errors).toEqual([]);
  const tags = [...published(await releasesOf(world.emulator, world.repo)).keys()];
  expect(tags.find((t) => t.endsWith('-latest'))).toMatch(expected);
  const latest = [...published(await releasesOf(world.emulator, world.repo)).values()].find((r) =>
    r.tag.endsWith('-latest'),
  )!;
  expect(latest.marker?.branch).toBe(branch);
});

test('SHA256SUMS names the assets as GitHub renamed them, so `sha256sum -c` works on the downloads', async () => {
  const run = world.startRun({ branch: 'main' });
  const result = await publishRun(run, { latest: 'false' }, { 'out/README (windows).txt': 'read me' });
  expect(result.errors).toEqual([]);
  const release = published(await releasesOf(world.emulator, world.repo)).get('ci-main-1')!;
  expect(Object.keys(release.assets).sort()).toEqual(['README.windows.txt', 'SHA256SUMS']);
  const sumsAsset = world.repo
    .releases()
    .find((r) => r.tagName === 'ci-main-1')!
    .assets.find((a) => a.name === 'SHA256SUMS')!;
  expect((await world.emulator.assetBytes(sumsAsset.id)).toString()).toBe(`${sha256('read me')}  README.windows.txt\n`);
});

test('dry-run lists the releases it would make in the job summary', async () => {
  const run = world.startRun({ branch: 'main' });
  const result = await publishRun(run, { 'dry-run': 'true' });
  expect(result.summary).toMatch(/ci-main-latest.*would create/);
  expect(result.summary).toMatch(/ci-main-1.*would create/);
});
