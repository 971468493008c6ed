/**
 * Where uploads go, through the bundle: each upload's first attempt over the direct transport
 * (src/github/direct-upload.ts, user-agent `ci-release-publisher`), every other request through
 * Octokit; anything but a clean first attempt handed to Octokit and its plugins; behind a proxy,
 * Octokit only. Told apart by the user-agent the emulator logs.
 */
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { createWorld, type World } from '../../testkit/world.ts';
import { releasesOf, sha256 } from '../../testkit/inspect.ts';
import { expectOk, expectPublished, FAST, PATHS, publishRun } from './faults-helpers.ts';

const DIRECT = 'ci-release-publisher';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

const uploads = () => world.emulator.log.filter((e) => e.method === 'POST' && PATHS.upload.test(e.path));
const others = () => world.emulator.log.filter((e) => !PATHS.upload.test(e.path));

test('every upload goes direct, once; every other request goes through Octokit', async () => {
  const run = world.startRun({ branch: 'main' });
  expectOk(await publishRun(world, run, 'one'));
  await expectPublished(world, { 'ci-main-latest': 'one', 'ci-main-1': 'one' });
  // Three files and SHA256SUMS, into Numbered and Latest.
  expect(uploads().map((e) => [e.userAgent, e.status])).toEqual(Array(8).fill([DIRECT, 201]));
  expect(others().length).toBeGreaterThan(0);
  expect(others().filter((e) => !e.userAgent.includes('octokit'))).toEqual([]);
});

test('a 502 on a direct attempt: Octokit sends that upload again, the others stay direct', async () => {
  const run = world.startRun({ branch: 'main' });
  const rule = world.emulator.faults.add({ method: 'POST', path: PATHS.upload, nth: 2, action: { status: 502 } });
  expectOk(await publishRun(world, run, 'one'));
  expect(rule.fired).toBe(1);
  await expectPublished(world, { 'ci-main-latest': 'one', 'ci-main-1': 'one' });
  const second = uploads()[1]!.query.name;
  expect(uploads().map((e) => [e.userAgent === DIRECT ? 'direct' : 'octokit', e.status, e.query.name])).toEqual(
    expect.arrayContaining([
      ['direct', 502, second],
      ['octokit', 201, second],
    ]),
  );
  expect(uploads().filter((e) => e.userAgent === DIRECT && e.status === 201)).toHaveLength(7);
});

test('a cut direct attempt: Octokit sends it again, meets the half-uploaded asset, which is repaired', async () => {
  const run = world.startRun({ branch: 'main' });
  const rule = world.emulator.faults.add({ method: 'POST', path: PATHS.upload, nth: 2, action: { reset: true } });
  expectOk(await publishRun(world, run, 'one'));
  expect(rule.fired).toBe(1);
  await expectPublished(world, { 'ci-main-latest': 'one', 'ci-main-1': 'one' });
  const cut = uploads()[1]!.query.name;
  const attempts = uploads()
    .filter((e) => e.query.name === cut)
    .map((e) => [e.userAgent === DIRECT ? 'direct' : 'octokit', e.status]);
  // Numbered's three attempts at that name, then Latest's one.
  expect(attempts).toEqual([
    ['direct', 0],
    ['octokit', 422],
    ['direct', 201],
    ['direct', 201],
  ]);
});

test('a refusal on a direct attempt is GitHub answer: it fails the step as through Octokit, named', async () => {
  const run = world.startRun({ branch: 'main' });
  world.emulator.faults.add({
    method: 'POST',
    path: PATHS.upload,
    action: { status: 404, body: { message: 'Not Found' } },
  });
  const result = await publishRun(world, run, 'one');
  expect(result.exitCode).toBe(1);
  expect(result.errors.join('\n')).toMatch(/Upload asset .* failed: HTTP 404: Not Found\. The 'token' input/);
  // Not sent again: a 404 is an answer, not an accident.
  expect(uploads().filter((e) => e.status === 404)).toHaveLength(1);
  expect(world.repo.releases().filter((r) => !r.draft)).toEqual([]);
});

test('behind a proxy every request, uploads included, goes through Octokit (and its proxy rules)', async () => {
  const run = world.startRun({ branch: 'main' });
  const workspace = await world.workspace({ 'out/a.txt': 'a', 'out/b.txt': 'b' });
  // A proxy that does not exist: loopback bypasses it (no_proxy), as @actions/github decides.
  const env = { ...FAST, https_proxy: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9', no_proxy: '127.0.0.1' };
  expectOk(await world.act(run, { mode: 'publish', path: 'out' }, { workspace, env }));
  expect(uploads()).toHaveLength(6);
  expect(uploads().filter((e) => e.userAgent === DIRECT)).toEqual([]);
});

test('a file of four chunks streams through the two reused buffers byte for byte', async () => {
  const run = world.startRun({ branch: 'main' });
  const big = Buffer.alloc(3 * 1024 * 1024 + 17);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31) % 251;
  const workspace = await world.workspace({ 'out/big.bin': big });
  expectOk(await world.act(run, { mode: 'publish', path: 'out', latest: 'false' }, { workspace, env: FAST }));
  expect(
    uploads()
      .map((e) => [e.query.name, e.userAgent, e.status])
      .sort(),
  ).toEqual([
    ['SHA256SUMS', DIRECT, 201],
    ['big.bin', DIRECT, 201],
  ]);
  const [release] = await releasesOf(world.emulator, world.repo);
  expect(release?.assets['big.bin']).toBe(sha256(big));
});
