/**
 * Over HTTPS, as GitHub serves: the bundle against the emulator with a test certificate, trusted
 * the way a self-hosted runner trusts its GitHub Enterprise Server's (NODE_EXTRA_CA_CERTS). Every
 * upload's first attempt takes the direct transport's `https` branch, everything else Octokit's
 * fetch; a certificate nobody trusts stops the step before anything is written; store and collect
 * reach the results API and the blob store (@actions/artifact's clients) over HTTPS too.
 */
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createWorld, type World } from '../../testkit/world.ts';
import { releasesOf, sha256 } from '../../testkit/inspect.ts';
import { collectAndPublish, finishJob, storeJob } from '../../testkit/matrix.ts';
import { expectOk, expectPublished, FAST, PATHS, publishRun } from './faults-helpers.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../../__fixtures__/tls/${name}`, import.meta.url));
const CERT = fixture('localhost.crt');
const TRUSTED = { ...FAST, NODE_EXTRA_CA_CERTS: CERT };

let world: World;
beforeEach(async () => {
  // github.localhost: @actions/artifact refuses GHES, which it tells by GITHUB_SERVER_URL's host.
  world = await createWorld({
    serverHost: 'github.localhost',
    tls: { key: readFileSync(fixture('localhost.key')), cert: readFileSync(CERT) },
  });
});
afterEach(async () => {
  await world.close();
});

const uploads = () => world.emulator.log.filter((e) => e.method === 'POST' && PATHS.upload.test(e.path));

test('the emulator speaks HTTPS only', () => {
  expect(world.emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
});

test('a publish over HTTPS: every upload direct, once, byte for byte; the rest through Octokit', async () => {
  const run = world.startRun({ branch: 'main' });
  const big = Buffer.alloc(2 * 1024 * 1024 + 5);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7) % 253;
  const workspace = await world.workspace({ 'out/big.bin': big, 'out/notes.txt': 'notes' });
  const result = await world.act(run, { mode: 'publish', path: 'out' }, { workspace, env: TRUSTED });
  expectOk(result);
  await expectPublished(world, {}, { noDrafts: true });
  // Two files and SHA256SUMS, into Numbered and Latest.
  expect(uploads().map((e) => [e.userAgent, e.status])).toEqual(Array(6).fill(['ci-release-publisher', 201]));
  const others = world.emulator.log.filter((e) => !PATHS.upload.test(e.path));
  expect(others.filter((e) => !e.userAgent.includes('octokit'))).toEqual([]);
  for (const release of await releasesOf(world.emulator, world.repo)) {
    expect(release.assets['big.bin']).toBe(sha256(big));
    expect(release.assets['notes.txt']).toBe(sha256('notes'));
  }
});

test('a 502 on a direct HTTPS attempt: Octokit sends it again over its own HTTPS client', async () => {
  const run = world.startRun({ branch: 'main' });
  const rule = world.emulator.faults.add({ method: 'POST', path: PATHS.upload, nth: 1, action: { status: 502 } });
  const workspace = await world.workspace({ 'out/a.txt': 'a' });
  expectOk(await world.act(run, { mode: 'publish', path: 'out', latest: 'false' }, { workspace, env: TRUSTED }));
  expect(rule.fired).toBe(1);
  expect(uploads().map((e) => [e.userAgent.includes('octokit') ? 'octokit' : e.userAgent, e.status])).toEqual([
    ['ci-release-publisher', 502],
    ['octokit', 201],
    ['ci-release-publisher', 201],
  ]);
});

test('a certificate the runner does not trust: the step fails before any write', async () => {
  const run = world.startRun({ branch: 'main' });
  const result = await publishRun(world, run, 'one');
  expect(result.exitCode).toBe(1);
  expect(result.errors).toEqual([expect.stringMatching(/failed: no answer from GitHub: self-signed certificate/)]);
  expect(world.emulator.writes()).toEqual([]);
});

test.each(['artifacts', 'releases'] as const)(
  'store → collect → publish over HTTPS (%s backend): results API, blob storage and releases',
  async (backend) => {
    const run = world.startRun({ branch: 'main' });
    const built = Buffer.alloc(600 * 1024, 'linux build ');
    const stored = await storeJob(world, run, {
      name: 'build',
      backend,
      files: { 'dist/app-linux.bin': built },
      env: TRUSTED,
    });
    expectOk(stored.result);
    finishJob(stored);
    const { collect, publish } = await collectAndPublish(world, run, backend, { latest: 'false' }, { env: TRUSTED });
    expectOk(collect);
    expectOk(publish!);
    const [release] = (await releasesOf(world.emulator, world.repo)).filter((r) => !r.draft);
    expect(release?.assets['app-linux.bin']).toBe(sha256(built));
  },
);
