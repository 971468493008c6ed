/**
 * OctokitReleasesApi.moveTag against the emulator: the likely request goes first and a wrong guess
 * costs one more write, never a wrong tag.
 */
import { afterEach, expect, test } from '@jest/globals';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { createOctokit } from '../../src/github/octokit.ts';
import { OctokitReleasesApi } from '../../src/github/releases-api.ts';

const TOKEN = 'ghs_releases_api';
let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setUp() {
  const e = await startEmulator();
  emu = e;
  const repo = e.createRepo({ owner: 'octo', repo: 'app' });
  const [first, second] = [repo.addCommit(), repo.addCommit()];
  e.addToken(TOKEN, { kind: 'installation', repos: { 'octo/app': { contents: 'write' } } });
  const octokit = createOctokit(TOKEN, { baseUrl: e.url, concurrency: 2, warn: () => undefined });
  const api = new OctokitReleasesApi(octokit, { owner: 'octo', repo: 'app' }, 'token');
  const refWrites = () =>
    e.log.filter((l) => l.write && l.path.includes('/git/refs')).map((l) => `${l.method} ${l.status}`);
  return { e, repo, first, second, api, refWrites };
}

test.each([
  [false, 'absent', ['POST 201']],
  [false, 'present', ['POST 422', 'PATCH 200']],
  [true, 'present', ['PATCH 200']],
  [true, 'absent', ['PATCH 422', 'POST 201']],
] as const)('likelyExists %s, tag %s: %j, and the tag ends on the commit', async (likely, state, writes) => {
  const { repo, first, second, api, refWrites } = await setUp();
  if (state === 'present') await api.moveTag('ci-main-1', first, true);
  const before = refWrites().length;
  await api.moveTag('ci-main-1', second, likely);
  expect(refWrites().slice(before)).toEqual(writes);
  expect(repo.tags()['ci-main-1']).toBe(second);
});
