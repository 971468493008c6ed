/**
 * GitHub's rules the emulator models after GitHub's docs and public reports (emulator/README.md),
 * through the bundle: a refused tag never costs the Latest release (SPEC §3.3), asset names are the
 * ones GitHub returned (§6), and a token without contents write is stopped at the invisible draft
 * (§7).
 */
import { createHash } from 'node:crypto';
import { createWorld, GITHUB_TOKEN, type World } from '../../testkit/world.ts';
import { published, releasesOf } from '../../testkit/inspect.ts';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

async function publishRun(
  inputs: Record<string, string> = {},
  files: Record<string, string> = { 'out/app.zip': 'build' },
  token?: string,
  sha?: string,
) {
  const run = world.startRun({ branch: 'main', ...(sha ? { sha } : {}) });
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out', ...inputs },
    { workspace: await world.workspace(files), ...(token ? { token } : {}) },
  );
  run.update({ status: 'completed', conclusion: result.exitCode === 0 ? 'success' : 'failure' });
  return result;
}

/** What a refused swap must leave: the first run's Latest, its tag where it was, no draft. */
async function expectLatestOfRunOne(tagsBefore: Record<string, string>): Promise<void> {
  const views = await releasesOf(world.emulator, world.repo);
  expect(published(views).get('ci-main-latest')?.marker?.runNumber).toBe(1);
  expect(views.filter((v) => v.draft)).toEqual([]);
  expect(world.repo.tags()).toEqual(tagsBefore);
}

test('a tag ruleset on ci-*: Latest stays whole, no draft is left, the error names the rule and the fix', async () => {
  expect((await publishRun({ numbered: 'false' })).errors).toEqual([]);
  world.repo.addTagRuleset({ name: 'protect ci tags', include: ['ci-*'], rules: ['update', 'deletion'] });
  const tagsBefore = world.repo.tags();
  const second = await publishRun({ numbered: 'false' });
  expect(second.exitCode).toBe(1);
  expect(second.errors).toHaveLength(1);
  expect(second.errors[0]).toMatch(
    /tag ruleset of octo\/nightly refuses to create or move tag ci-main-latest .*Repository rule violations found Cannot update this protected ref.*bypass list.*previous release at ci-main-latest is untouched; the incomplete draft was removed/,
  );
  await expectLatestOfRunOne(tagsBefore);
});

test('a commit whose workflow files changed: GITHUB_TOKEN may not tag it; Latest stays whole and the error says why', async () => {
  expect((await publishRun({ numbered: 'false' })).errors).toEqual([]);
  const touching = world.repo.addCommit(undefined, { message: 'Update the build workflow', touchesWorkflows: true });
  const tagsBefore = world.repo.tags();
  const second = await publishRun({ numbered: 'false' }, undefined, undefined, touching);
  expect(second.exitCode).toBe(1);
  expect(second.errors[0]).toMatch(
    /workflow files differ.*'workflows' permission, which GITHUB_TOKEN never has.*'contents: write' or 'contents: write, workflows: write'.*release-token/,
  );
  await expectLatestOfRunOne(tagsBefore);
});

test('the tag moves to the new commit by a forced update, before the old release goes', async () => {
  expect((await publishRun({ numbered: 'false' })).errors).toEqual([]);
  const next = world.repo.addCommit();
  const run = world.startRun({ branch: 'main' });
  const facts = world.facts(run, { workspace: await world.workspace({ 'out/app.zip': 'build 2' }) });
  const { runAction } = await import('../../testkit/action-runner.ts');
  const from = world.emulator.log.length;
  const result = await runAction({
    inputs: { mode: 'publish', path: 'out', numbered: 'false' },
    facts: { ...facts, sha: next },
  });
  expect(result.errors).toEqual([]);
  expect(world.repo.tags()['ci-main-latest']).toBe(next);
  const writes = world.emulator.log
    .slice(from)
    .filter((e) => e.write && e.handled)
    .map((e) => `${e.method} ${decodeURIComponent(e.path).replace(/\d+/g, 'N')}`);
  const move = writes.indexOf('PATCH /repos/octo/nightly/git/refs/tags/ci-main-latest');
  const deleteOld = writes.findIndex((w, i) => i > move && w === 'DELETE /repos/octo/nightly/releases/N');
  expect(move).toBeGreaterThan(-1);
  expect(deleteOld).toBeGreaterThan(move);
  expect(writes.filter((w) => w.startsWith('DELETE /repos/octo/nightly/git/refs'))).toEqual([]);
});

test('immutable-releases: on refuses Latest before any write; Numbered publishes', async () => {
  const refused = await publishRun({ 'immutable-releases': 'on' });
  expect(refused.exitCode).toBe(1);
  expect(refused.errors[0]).toMatch(
    /latest release ci-main-latest could be published once and never updated again.*immutable releases.*Numbered releases only/,
  );
  expect(world.emulator.writes()).toEqual([]);
  expect((await publishRun({ 'immutable-releases': 'on', latest: 'false' })).errors).toEqual([]);
  expect([...published(await releasesOf(world.emulator, world.repo)).keys()]).toEqual(['ci-main-2']);
});

test('immutable-releases: an unknown value is a bad input, nothing changed', async () => {
  const result = await publishRun({ 'immutable-releases': 'maybe' });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toEqual([
    "Input 'immutable-releases' has invalid value 'maybe': expected one of auto, on, off.",
  ]);
  expect(world.emulator.writes()).toEqual([]);
});

test('SHA256SUMS lists the names GitHub returned (a + kept, a space and a leading dot renamed), uploaded last', async () => {
  const files = { 'out/lib+x.so': 'shared object', 'out/a b.txt': 'notes', 'out/.env': 'A=1' };
  const from = world.emulator.log.length;
  const result = await publishRun({ numbered: 'false' }, files);
  expect(result.errors).toEqual([]);
  const latest = world.repo.releases().find((r) => r.tagName === 'ci-main-latest')!;
  const names = latest.assets.map((a) => a.name).sort();
  expect(names).toEqual(['SHA256SUMS', 'a.b.txt', 'default.env', 'lib+x.so']);
  const sums = (await world.emulator.assetBytes(latest.assets.find((a) => a.name === 'SHA256SUMS')!.id)).toString(
    'utf8',
  );
  const expected = Object.entries({
    'lib+x.so': files['out/lib+x.so'],
    'a.b.txt': files['out/a b.txt'],
    'default.env': files['out/.env'],
  })
    .map(([name, content]) => `${createHash('sha256').update(content).digest('hex')}  ${name}\n`)
    .sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1))
    .join('');
  expect(sums).toBe(expected);
  const uploads = world.emulator.log
    .slice(from)
    .filter((e) => e.path.endsWith('/assets') && e.method === 'POST')
    .map((e) => e.query.name);
  expect(uploads[uploads.length - 1]).toBe('SHA256SUMS');
  expect(latest.body).toContain('lib+x.so');
});

test('a release-token without contents write is refused at the draft: nothing changed, the message names token, permission, repository', async () => {
  const releaseToken = 'ghs_releaseTokenWithContentsReadOnly000001';
  world.emulator.addToken(releaseToken, {
    kind: 'installation',
    repos: { [world.repo.fullName]: { contents: 'read' } },
  });
  const result = await publishRun({ 'release-token': releaseToken });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(
    /^Permission check failed before any change on GitHub\. The 'release-token' input lacks 'contents: write' on octo\/nightly, needed to create, upload to and delete releases.*X-Accepted-GitHub-Permissions: contents=write/,
  );
  expect(world.emulator.writes().filter((w) => w.status < 400)).toEqual([]);
  expect(world.repo.releases()).toEqual([]);
  expect(world.repo.tags()).toEqual({});
  expect(GITHUB_TOKEN).not.toBe(releaseToken);
});
