/**
 * What a nightly maintainer relies on, end to end through the bundle (SPEC §3.8, §4, §5): quiet
 * nights publish nothing, release notes say what changed, and the outputs feed download pages and
 * attestations.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createWorld, GITHUB_TOKEN, type World } from '../../testkit/world.ts';
import { published, releasesOf, sha256 } from '../../testkit/inspect.ts';

const FILES = { 'out/app.tar.gz': 'app build', 'out/notes.txt': 'notes' };
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
  return world.act(run, { mode: 'publish', path: 'out', ...inputs }, { workspace: await world.workspace(files) });
}

describe('skip-unchanged', () => {
  test('a night on the commit Latest already holds publishes nothing, says why, and writes nothing', async () => {
    const first = world.startRun({ branch: 'main' });
    expect((await publishRun(first)).exitCode).toBe(0);
    first.update({ status: 'completed', conclusion: 'success' });
    const before = world.emulator.writes().length;
    const quiet = world.startRun({ branch: 'main', event: 'schedule', sha: world.sha });
    const result = await publishRun(quiet, { 'numbered-keep-count': '1' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(world.emulator.writes().length).toBe(before);
    expect(JSON.parse(result.outputs.skipped!)).toEqual([
      { kind: 'numbered', tag: `ci-main-${quiet.runNumber}`, reason: 'unchanged since run #1' },
      { kind: 'latest', tag: 'ci-main-latest', reason: 'unchanged since run #1' },
      { kind: 'tag', reason: 'not a tag run and no release-tag given' },
    ]);
    expect(JSON.parse(result.outputs.published!)).toEqual([]);
    // Retention did not run: keep-count 1 would otherwise have removed ci-main-1.
    expect(JSON.parse(result.outputs.deleted!)).toEqual([]);
    expect([...published(await releasesOf(world.emulator, world.repo)).keys()].sort()).toEqual([
      'ci-main-1',
      'ci-main-latest',
    ]);
    expect(result.summary).toContain('unchanged since run #1');
  });

  test('a re-run of the same run number, and skip-unchanged: false, publish again', async () => {
    const first = world.startRun({ branch: 'main' });
    expect((await publishRun(first)).exitCode).toBe(0);
    const again = first.rerun();
    const rerun = await publishRun(again, {}, { ...FILES, 'out/notes.txt': 'rebuilt' });
    expect(rerun.errors).toEqual([]);
    expect(
      JSON.parse(rerun.outputs.published!)
        .map((p: { kind: string }) => p.kind)
        .sort(),
    ).toEqual(['latest', 'numbered']);
    const forced = await publishRun(world.startRun({ branch: 'main', sha: world.sha }), { 'skip-unchanged': 'false' });
    expect(forced.errors).toEqual([]);
    expect(JSON.parse(forced.outputs.published!)).toHaveLength(2);
  });
});

describe('{changes}', () => {
  test('the first release says so; the next lists the new commits newest first with a compare link', async () => {
    const first = await publishRun(world.startRun({ branch: 'main' }));
    expect(first.errors).toEqual([]);
    const releases = published(await releasesOf(world.emulator, world.repo));
    expect(releases.get('ci-main-latest')!.body).toContain('First Latest release: no earlier build to compare with.');
    const fix = world.repo.addCommit(undefined, {
      message: 'Fix the crash on start\n\nLong explanation.',
      author: 'Ada Lovelace',
    });
    const run = world.startRun({
      branch: 'main',
      sha: world.repo.addCommit(undefined, { message: 'Add dark mode', author: 'Grace Hopper' }),
    });
    const second = await publishRun(run);
    expect(second.errors).toEqual([]);
    const body = published(await releasesOf(world.emulator, world.repo)).get('ci-main-latest')!.body;
    const head = run.record.headSha;
    expect(body).toContain(`2 commits since run #1 (${world.sha.slice(0, 7)}):`);
    expect(body).toContain(
      `- ${head.slice(0, 7)} Add dark mode (Grace Hopper)\n- ${fix.slice(0, 7)} Fix the crash on start (Ada Lovelace)`,
    );
    expect(body).not.toContain('Long explanation');
    expect(body).toContain(
      `[Full comparison](${world.emulator.serverUrl}/${world.repo.fullName}/compare/${world.sha}...${head})`,
    );
    // Numbered counts from the previous Numbered release, here the same commit.
    expect(published(await releasesOf(world.emulator, world.repo)).get(`ci-main-${run.runNumber}`)!.body).toContain(
      '2 commits since run #1',
    );
  });

  test('at most 50 commits, then "and N more"; a rewritten history gets a note instead', async () => {
    expect((await publishRun(world.startRun({ branch: 'main' }))).exitCode).toBe(0);
    for (let i = 1; i < 60; i++) world.repo.addCommit(undefined, { message: `Change number ${i}` });
    const many = world.startRun({
      branch: 'main',
      sha: world.repo.addCommit(undefined, { message: 'Change number 60' }),
    });
    expect((await publishRun(many)).errors).toEqual([]);
    const body = published(await releasesOf(world.emulator, world.repo)).get('ci-main-latest')!.body;
    expect(body).toContain('60 commits since run #1');
    expect(body.match(/^- [0-9a-f]{7} Change number/gm)).toHaveLength(50);
    expect(body).toContain('Change number 60 (Octo Cat)');
    expect(body).not.toContain('Change number 10 ');
    expect(body).toContain('- and 10 more');
    many.update({ status: 'completed', conclusion: 'success' });
    const rewritten = world.startRun({
      branch: 'main',
      sha: world.repo.addCommit(undefined, { parents: [], message: 'Squashed history' }),
    });
    expect((await publishRun(rewritten)).errors).toEqual([]);
    const after = published(await releasesOf(world.emulator, world.repo)).get('ci-main-latest')!.body;
    expect(after).toMatch(
      /is not an ancestor of this build \(the history was rewritten\), so there is no list of changes/,
    );
  });

  test('a token that cannot read the source contents: the notes say so, a warning names the permission, publishing goes on', async () => {
    world.repo.record.private = true;
    const target = world.emulator.createRepo({ owner: 'other', repo: 'nightlies', private: true });
    target.addCommit();
    world.emulator.addToken(GITHUB_TOKEN, {
      kind: 'installation',
      repos: { [world.repo.fullName]: { actions: 'read' } },
    });
    const RELEASE = 'ghs_releaseTokenForTheTargetRepositoryOnly01';
    world.emulator.addToken(RELEASE, { kind: 'installation', repos: { [target.fullName]: { contents: 'write' } } });
    const inputs = { repository: target.fullName, 'release-token': RELEASE, numbered: 'false' };
    const first = world.startRun({ branch: 'main' });
    expect((await publishRun(first, inputs)).errors).toEqual([]);
    first.update({ status: 'completed', conclusion: 'success' });
    const second = await publishRun(world.startRun({ branch: 'main' }), inputs);
    expect(second.errors).toEqual([]);
    expect(second.exitCode).toBe(0);
    expect(second.warnings.join('\n')).toMatch(/'token' needs contents: read on octo\/nightly/);
    const body = published(await releasesOf(world.emulator, target)).get('ci-main-latest')!.body;
    expect(body).toMatch(/The changes since run #1 \([0-9a-f]{7}\) could not be read: .*contents: read/);
  });
});

describe('outputs for download pages and attestations', () => {
  test('assets lists every asset per kind as GitHub stored it; checksums-file is the SHA256SUMS on disk', async () => {
    // The file lives in RUNNER_TEMP, which the runner removes after the job: read it before that.
    let onDisk: string | undefined;
    const result = await world.act(
      world.startRun({ branch: 'main' }),
      { mode: 'publish', path: 'out' },
      {
        workspace: await world.workspace({ 'out/My App.zip': 'zip', 'out/notes.txt': 'notes' }),
        beforeCleanup: (done) => {
          const path = done.outputs['checksums-file']!;
          onDisk = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
        },
      },
    );
    expect(result.errors).toEqual([]);
    const assets = JSON.parse(result.outputs.assets!) as {
      kind: string;
      tag: string;
      assets: { name: string; browser_download_url: string; size: number; sha256: string }[];
    }[];
    expect(assets.map((a) => [a.kind, a.tag])).toEqual([
      ['numbered', 'ci-main-1'],
      ['latest', 'ci-main-latest'],
    ]);
    for (const kind of assets) {
      expect(kind.assets.map((a) => a.name)).toEqual(['My.App.zip', 'SHA256SUMS', 'notes.txt']);
      const zip = kind.assets[0]!;
      expect(zip).toEqual({
        name: 'My.App.zip',
        size: 3,
        sha256: sha256('zip'),
        browser_download_url: `${world.emulator.serverUrl}/${world.repo.fullName}/releases/download/${kind.tag}/My.App.zip`,
      });
    }
    expect(result.outputs['checksums-file']).toMatch(/SHA256SUMS$/);
    expect(onDisk).toBe(`${sha256('zip')}  My.App.zip\n${sha256('notes')}  notes.txt\n`);
  });

  test('checksums: false leaves checksums-file empty', async () => {
    const result = await publishRun(world.startRun({ branch: 'main' }), { checksums: 'false', latest: 'false' });
    expect(result.errors).toEqual([]);
    expect(result.outputs['checksums-file']).toBe('');
    expect(JSON.parse(result.outputs.assets!)[0].assets.map((a: { name: string }) => a.name)).toEqual([
      'app.tar.gz',
      'notes.txt',
    ]);
  });
});

describe('the slips', () => {
  test('a tag run reports Latest and Numbered as asked for and not made', async () => {
    const run = world.startRun({ tag: 'v1.0.0' });
    const result = await publishRun(run);
    expect(result.errors).toEqual([]);
    expect(JSON.parse(result.outputs.skipped!)).toEqual([
      { kind: 'numbered', reason: expect.stringContaining('a tag run makes no Numbered release') },
      { kind: 'latest', reason: expect.stringContaining('a tag run makes no Latest release') },
    ]);
  });

  test('dry-run lists the releases to create or replace, the tags to move and what retention would delete', async () => {
    for (let i = 0; i < 2; i++) {
      const run = world.startRun({ branch: 'main' });
      expect((await publishRun(run, { 'numbered-keep-count': '2' })).errors).toEqual([]);
      run.update({ status: 'completed', conclusion: 'success' });
    }
    const before = world.emulator.writes().length;
    const run = world.startRun({ branch: 'main' });
    const result = await publishRun(run, { 'numbered-keep-count': '2', 'dry-run': 'true' });
    expect(result.errors).toEqual([]);
    expect(world.emulator.writes().length).toBe(before);
    const latestId = world.repo.releases().find((r) => r.tagName === 'ci-main-latest')!.id;
    const short = run.record.headSha.slice(0, 7);
    expect(result.stdout).toContain(
      `[dry-run] would create numbered release ci-main-3 with 3 assets via draft _ci-main-3.`,
    );
    expect(result.stdout).toContain(`[dry-run] would replace release ${latestId} with latest release ci-main-latest`);
    expect(result.stdout).toContain(`[dry-run] would move tag ci-main-3 → ${short}.`);
    expect(result.stdout).toContain(`[dry-run] would move tag ci-main-latest → ${short}.`);
    expect(result.stdout).toContain('[dry-run] retention would delete the releases and tags ci-main-1.');
    expect(result.summary).toContain('Retention would delete the releases and tags `ci-main-1`.');
    expect(result.summary).toContain(`would replace release ${latestId}`);
    expect(result.summary).toContain(`Would move the tags \`ci-main-3 → ${short}\`, \`ci-main-latest → ${short}\`.`);
  });
});
