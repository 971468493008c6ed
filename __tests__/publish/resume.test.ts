/** The uploader's resume decisions against a plain fake ReleasesApi (SPEC §3.6). */
import { afterAll, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AssetData, ReleaseData, ReleasesApi, UploadFile } from '../../src/ports.ts';
import { keepUploaded } from '../../src/publish/uploader.ts';
import type { AssetFile } from '../../src/publish/uploader.ts';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Only what resuming touches: the draft's assets, and what was deleted or hashed. */
function fakeApi(assets: AssetData[]): { api: ReleasesApi; deleted: number[] } {
  const deleted: number[] = [];
  const unused = (): never => {
    throw new Error('not used by resuming');
  };
  const api: ReleasesApi = {
    repository: { owner: 'o', repo: 'r' },
    listAssets: async () => assets,
    deleteAsset: async (id: number) => {
      deleted.push(id);
      return true;
    },
    uploadAsset: async (_r: ReleaseData, _f: UploadFile) => unused(),
    listReleases: unused,
    getReleaseByTag: unused,
    createRelease: unused,
    updateRelease: unused,
    deleteRelease: unused,
    downloadAsset: unused,
    deleteTag: unused,
    getTagSha: unused,
    immutableReleasesEnabled: unused,
    defaultBranch: unused,
    primaryBudget: unused,
    moveTag: unused,
    commitSha: unused,
  };
  return { api, deleted };
}

const draft = { id: 7, tagName: '_ci-main-5' } as ReleaseData;
const asset = (id: number, name: string, content: string, o: Partial<AssetData> = {}): AssetData => ({
  id,
  name,
  size: Buffer.byteLength(content),
  state: 'uploaded',
  digest: `sha256:${sha(content)}`,
  browserDownloadUrl: '',
  ...o,
});

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

test('keeps intact assets, deletes half-uploaded, changed and foreign ones, and hashes only the files it could keep', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'crp-resume-'));
  dirs.push(dir);
  const files: AssetFile[] = [];
  const hashed: string[] = [];
  for (const [name, content] of [
    ['a.bin', 'alpha'],
    ['b b.bin', 'beta'],
    ['c.bin', 'gamma'],
    ['d.bin', 'delta'],
  ] as const) {
    const path = join(dir, name);
    await writeFile(path, content);
    // Not hashed yet (checksums off): `digest` is asked only where an asset could be kept.
    files.push({ path, name, size: content.length, sha256: '', digest: async () => (hashed.push(name), sha(content)) });
  }
  const { api, deleted } = fakeApi([
    asset(1, 'a.bin', 'alpha'),
    asset(2, 'b.b.bin', 'beta'), // kept under GitHub's sanitised name
    asset(3, 'c.bin', 'gamma', { state: 'starter', digest: null }),
    asset(4, 'd.bin', 'DELTA'),
    asset(5, 'gone.bin', 'old'),
  ]);
  const kept = await keepUploaded(api, draft, files);
  expect([...kept.keys()].sort()).toEqual(['a.bin', 'b b.bin']);
  expect(deleted.sort()).toEqual([3, 4, 5]);
  expect(hashed.sort()).toEqual(['a.bin', 'b b.bin', 'd.bin']);
});

test('a draft without assets keeps nothing and deletes nothing', async () => {
  const { api, deleted } = fakeApi([]);
  const kept = await keepUploaded(api, draft, [{ path: '/nonexistent', name: 'a.bin', size: 3, sha256: 'ab' }]);
  expect(kept.size).toBe(0);
  expect(deleted).toEqual([]);
});
