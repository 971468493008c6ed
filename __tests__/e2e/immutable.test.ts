/**
 * A target repository with immutable releases (SPEC §3.7): whatever would replace a published release or
 * reuse its tag name is refused before any write, naming the remedy; no tag name is burned.
 */
import { createWorld, type World } from '../../testkit/world.ts';
import { published, releasesOf } from '../../testkit/inspect.ts';

let world: World;
beforeEach(async () => {
  world = await createWorld({ immutableReleases: true });
});
afterEach(async () => {
  await world.close();
});

async function publishRun(inputs: Record<string, string> = {}) {
  const run = world.startRun({ branch: 'main' });
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out', ...inputs },
    { workspace: await world.workspace({ 'out/app.zip': `build ${run.runNumber}` }) },
  );
  run.update({ status: 'completed', conclusion: result.exitCode === 0 ? 'success' : 'failure' });
  return result;
}

test('the first Latest is fine; replacing it is refused before any write, with the remedy', async () => {
  // GITHUB_TOKEN cannot read the setting (administration read): unknown, so the first run goes
  // ahead and warns at once that GitHub froze the new Latest.
  const first = await publishRun();
  expect(first.errors).toEqual([]);
  expect(first.warnings.join('\n')).toMatch(
    /GitHub made latest release ci-main-latest immutable: its tag and assets are frozen.*Remedy: publish to a separate repository.*immutable-releases: on/,
  );
  expect([...published(await releasesOf(world.emulator, world.repo)).keys()].sort()).toEqual([
    'ci-main-1',
    'ci-main-latest',
  ]);
  const tagsBefore = world.repo.tags();
  const writesBefore = world.emulator.writes().length;
  const second = await publishRun();
  expect(second.exitCode).toBe(1);
  expect(second.errors).toHaveLength(1);
  expect(second.errors[0]).toMatch(
    /ci-main-latest.*immutable.*repository without immutable releases.*Numbered releases only/,
  );
  expect(world.emulator.writes().length).toBe(writesBefore);
  expect(world.repo.tags()).toEqual(tagsBefore);
  expect(published(await releasesOf(world.emulator, world.repo)).get('ci-main-latest')!.marker?.runNumber).toBe(1);
});

test('Numbered only keeps publishing on an immutable repository', async () => {
  for (let i = 0; i < 2; i++)
    expect((await publishRun({ latest: 'false', 'numbered-keep-count': '5' })).errors).toEqual([]);
  const releases = published(await releasesOf(world.emulator, world.repo));
  expect([...releases.keys()].sort()).toEqual(['ci-main-1', 'ci-main-2']);
  expect(world.repo.releases().every((r) => r.immutable)).toBe(true);
});
