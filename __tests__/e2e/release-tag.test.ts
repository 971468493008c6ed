/**
 * A Tag release for an existing git tag from any event (`release-tag`), and `tag-existing`
 * (SPEC §3.5): append adds this run's files to the release a person drafted, keeping its title,
 * body and assets, and refuses a clashing asset before any upload.
 */
import { createWorld, type World } from '../../testkit/world.ts';
import { releasesOf, sha256 } from '../../testkit/inspect.ts';

const FILES = { 'out/app.tar.gz': 'app build', 'out/notes.txt': 'notes' };
let world: World;

beforeEach(async () => {
  world = await createWorld();
  world.repo.record.refs.set('refs/tags/v2.0.0', world.sha);
});
afterEach(async () => {
  await world.close();
});

async function dispatch(inputs: Record<string, string>, files: Record<string, string> = FILES) {
  const run = world.startRun({ branch: 'main', event: 'workflow_dispatch' });
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out', latest: 'false', numbered: 'false', 'release-tag': 'v2.0.0', ...inputs },
    { workspace: await world.workspace(files) },
  );
  return { run, result };
}

const tagRelease = async () => (await releasesOf(world.emulator, world.repo)).filter((r) => r.tag === 'v2.0.0');

test('a workflow_dispatch run on a branch makes the Tag release for release-tag; the git tag stays where it was', async () => {
  const { run, result } = await dispatch({});
  expect(result.errors).toEqual([]);
  const [release] = await tagRelease();
  expect(release).toMatchObject({ draft: false, marker: { kind: 'tag', tag: 'v2.0.0', runNumber: run.runNumber } });
  expect(release!.assets['app.tar.gz']).toBe(sha256('app build'));
  expect(world.repo.tags()['v2.0.0']).toBe(world.sha);
  expect(result.outputs['tag-tag']).toBe('v2.0.0');
});

test('release-tag naming no git tag: one line, exit 1, no write', async () => {
  const before = world.emulator.writes().length;
  const { result } = await dispatch({ 'release-tag': 'v9.9.9' });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toEqual([
    "Input 'release-tag' has invalid value 'v9.9.9': no such git tag in octo/nightly; release-tag publishes for a tag that exists (push it first).",
  ]);
  expect(world.emulator.writes().length).toBe(before);
});

test('append adds the files to a draft a person prepared, keeping its title and body; the same bytes again are kept', async () => {
  world.repo.addRelease({ tagName: 'v2.0.0', name: 'Version 2', body: 'Hand-written notes.', draft: true });
  const { result } = await dispatch({ 'tag-existing': 'append' });
  expect(result.errors).toEqual([]);
  const [release] = await tagRelease();
  expect(release).toMatchObject({ draft: true, name: 'Version 2', body: 'Hand-written notes.', marker: undefined });
  expect(Object.keys(release!.assets).sort()).toEqual(['SHA256SUMS', 'app.tar.gz', 'notes.txt']);
  // A second SHA256SUMS would clash with the first (other bytes): later appends go without one.
  const again = await dispatch(
    { 'tag-existing': 'append', checksums: 'false' },
    { ...FILES, 'out/extra.txt': 'extra' },
  );
  expect(again.result.errors).toEqual([]);
  expect(again.result.stdout).toContain('Kept 2 assets');
  const [after] = await tagRelease();
  expect(after!.assets['extra.txt']).toBe(sha256('extra'));
  expect(after!.assets['app.tar.gz']).toBe(sha256('app build'));
});

test('append refuses a file whose asset exists with other bytes, before any upload', async () => {
  world.repo.addRelease({ tagName: 'v2.0.0', name: 'Version 2', body: 'Published by hand.' });
  expect((await dispatch({ 'tag-existing': 'append', checksums: 'false' })).result.errors).toEqual([]);
  const before = world.emulator.writes().length;
  const { result } = await dispatch(
    { 'tag-existing': 'append', checksums: 'false' },
    { ...FILES, 'out/app.tar.gz': 'other build', 'out/new.txt': 'new' },
  );
  expect(result.exitCode).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(
    /Cannot append to the release for tag v2\.0\.0 \(release \d+\): app\.tar\.gz already exists there with other bytes; nothing was uploaded/,
  );
  expect(world.emulator.writes().length).toBe(before);
  const [release] = await tagRelease();
  expect(release).toMatchObject({ draft: false, body: 'Published by hand.' });
  expect(release!.assets['app.tar.gz']).toBe(sha256('app build'));
});

test('tag-existing: replace and its synonym tag-force-recreate replace the release; fail names both choices', async () => {
  world.repo.addRelease({ tagName: 'v2.0.0', name: 'By hand', body: 'x' });
  const refused = await dispatch({});
  expect(refused.result.errors[0]).toMatch(/set tag-existing: replace .* or tag-existing: append/);
  for (const inputs of [{ 'tag-existing': 'replace' }, { 'tag-force-recreate': 'true' }] as Record<string, string>[]) {
    const { run, result } = await dispatch(inputs);
    expect(result.errors).toEqual([]);
    const releases = await tagRelease();
    expect(releases.filter((r) => !r.draft).map((r) => r.marker?.runNumber)).toEqual([run.runNumber]);
  }
});

test('on: release — the run of a release a person published appends its files to that release', async () => {
  world.repo.addRelease({ tagName: 'v2.0.0', name: 'Version 2', body: 'Release notes by hand.' });
  const run = world.startRun({ tag: 'v2.0.0', event: 'release' });
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out', 'tag-existing': 'append' },
    { workspace: await world.workspace(FILES) },
  );
  expect(result.errors).toEqual([]);
  const [release] = await tagRelease();
  expect(release).toMatchObject({ draft: false, name: 'Version 2', body: 'Release notes by hand.' });
  expect(Object.keys(release!.assets).sort()).toEqual(['SHA256SUMS', 'app.tar.gz', 'notes.txt']);
  const assets = JSON.parse(result.outputs.assets!) as { kind: string; assets: { name: string }[] }[];
  expect(assets.map((a) => [a.kind, a.assets.length])).toEqual([['tag', 3]]);
});
