/**
 * The swap's order (SPEC §3.3) with a recording fake of the releases port: every asset, SHA256SUMS
 * last under the names GitHub returned, the tag moved before the old release goes, and a refused
 * tag leaving the old release whole and no draft behind.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../../src/errors.ts';
import type { AssetData, ReleaseData, ReleaseFields, UploadFile } from '../../src/ports.ts';
import type { GateDecision } from '../../src/planning/publish-gate.ts';
import type { PublishTarget } from '../../src/publish/targets.ts';
import { writeRelease, type Checksums } from '../../src/publish/writer.ts';
import { FakeReleases, makeContext, makeDeps } from '../store/fakes.ts';

const SHA = 'b'.repeat(40);

/** Records each call in order; names assets as GitHub does for `+` (kept) and spaces (a dot). */
class RecordingReleases extends FakeReleases {
  readonly calls: string[] = [];
  refuseTag: ApiError | undefined;
  override async createRelease(f: ReleaseFields): Promise<ReleaseData> {
    this.calls.push(`create ${f.tagName}`);
    return super.createRelease(f);
  }
  override async uploadAsset(release: ReleaseData, file: UploadFile): Promise<AssetData> {
    this.calls.push(`upload ${file.name}`);
    const asset = await super.uploadAsset(release, file);
    return { ...asset, name: file.name.replace(/ /g, '.') };
  }
  override async moveTag(tag: string, sha: string): Promise<void> {
    this.calls.push(`move ${tag} ${sha.slice(0, 1)}`);
    if (this.refuseTag) throw this.refuseTag;
  }
  override async deleteRelease(id: number): Promise<boolean> {
    this.calls.push(`delete release ${id}`);
    return super.deleteRelease(id);
  }
  override async updateRelease(id: number, f: ReleaseFields): Promise<ReleaseData> {
    this.calls.push(`publish ${id} as ${f.tagName}`);
    const release = this.releases.find((r) => r.id === id)!;
    Object.assign(release, { tagName: f.tagName, draft: false, body: f.body ?? release.body });
    return release;
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'writer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function setup() {
  const releases = new RecordingReleases(join(dir, 'assets'));
  const deps = makeDeps(makeContext({ workspace: dir, tempDir: dir }), { releases });
  return { releases, deps };
}

async function file(name: string, content: string) {
  const path = join(dir, name);
  await writeFile(path, content);
  const { createHash } = await import('node:crypto');
  return { path, name, size: Buffer.byteLength(content), sha256: createHash('sha256').update(content).digest('hex') };
}

function target(existingId?: number): PublishTarget {
  const existing =
    existingId === undefined
      ? undefined
      : {
          id: existingId,
          tagName: 'ci-main-latest',
          draft: false,
          prerelease: false,
          createdAt: '',
          publishedAt: '',
          immutable: false,
          marker: undefined,
        };
  return {
    kind: 'latest',
    finalTag: 'ci-main-latest',
    incompleteTag: '_ci-main-latest',
    marker: { v: 1, kind: 'latest', workflowId: 1, branch: 'main', runId: 1, runNumber: 2, runAttempt: 1, sha: SHA },
    name: 'Latest',
    body: 'predicted',
    bodyWith: (table) => `table: ${table}`,
    existing,
    look: { title: '', body: '', draft: false, prerelease: false, targetCommitish: '', makeLatest: 'false' },
  };
}

const publishing = (replace?: number): GateDecision => ({
  action: 'publish',
  replace: replace === undefined ? undefined : target(replace).existing,
});

function checksums(seen: string[]): Checksums {
  return {
    async file(assets) {
      seen.push(...assets.map((a) => a.name));
      const text = assets.map((a) => `${a.sha256}  ${a.name}\n`).join('');
      return file('SHA256SUMS', text);
    },
    body: (_t, assets) => `table of ${assets.map((a) => a.name).join(',')}`,
  };
}

test('uploads every file, SHA256SUMS last from the returned names, then moves the tag, deletes the old release and publishes', async () => {
  const { releases, deps } = setup();
  const old = await releases.createRelease({ tagName: 'ci-main-latest', draft: false });
  releases.calls.length = 0;
  const seen: string[] = [];
  const files = [await file('a b.txt', 'one'), await file('lib+x.so', 'two')];
  const outcome = await writeRelease(target(old.id), files, deps, {
    concurrency: 1,
    tagSha: SHA,
    targetCommitish: SHA,
    recheck: async () => publishing(old.id),
    checksums: checksums(seen),
  });
  expect(releases.calls).toEqual([
    'create _ci-main-latest',
    'upload a b.txt',
    'upload lib+x.so',
    'upload SHA256SUMS',
    'move ci-main-latest b',
    `delete release ${old.id}`,
    `publish ${old.id + 1} as ci-main-latest`,
  ]);
  expect(seen.sort()).toEqual(['a.b.txt', 'lib+x.so']);
  expect(outcome.status === 'published' && outcome.assets.map((a) => a.name)).toEqual([
    'a.b.txt',
    'lib+x.so',
    'SHA256SUMS',
  ]);
  const sums = releases.releases
    .find((r) => r.tagName === 'ci-main-latest')!
    .assets.find((a) => a.name === 'SHA256SUMS')!;
  expect(await readFile(sums.path, 'utf8')).toContain('  a.b.txt\n');
  expect(releases.releases.find((r) => r.tagName === 'ci-main-latest')!.body).toBe(
    'table of a.b.txt,lib+x.so,SHA256SUMS',
  );
});

test('a refused tag move stops the swap: the old release stays, the draft goes, the error names the ruleset', async () => {
  const { releases, deps } = setup();
  const old = await releases.createRelease({ tagName: 'ci-main-latest', draft: false });
  releases.refuseTag = new ApiError(
    'Move tag ci-main-latest',
    422,
    'Move tag ci-main-latest failed: HTTP 422: Repository rule violations found Cannot update this protected ref..',
  );
  releases.calls.length = 0;
  const run = writeRelease(target(old.id), [await file('a.txt', 'one')], deps, {
    concurrency: 1,
    tagSha: SHA,
    targetCommitish: SHA,
    recheck: async () => publishing(old.id),
  });
  await expect(run).rejects.toThrow(
    /tag ruleset of octo\/app refuses to create or move tag ci-main-latest.*previous release at ci-main-latest is untouched; the incomplete draft was removed/,
  );
  expect(releases.calls).toEqual([
    'create _ci-main-latest',
    'upload a.txt',
    'move ci-main-latest b',
    `delete release ${old.id + 1}`,
  ]);
  expect(releases.releases.map((r) => r.id)).toEqual([old.id]);
});

test('a workflows refusal names the permission and the remedy', async () => {
  const { releases, deps } = setup();
  releases.refuseTag = new ApiError(
    'Move tag ci-main-latest',
    403,
    "Move tag ci-main-latest failed: HTTP 403: Resource not accessible by integration. The 'token' input's token most likely lacks 'contents: write' or 'contents: write, workflows: write'.",
  );
  const run = writeRelease(target(), [await file('a.txt', 'one')], deps, {
    concurrency: 1,
    tagSha: SHA,
    targetCommitish: SHA,
    recheck: async () => publishing(),
  });
  await expect(run).rejects.toThrow(
    /workflow files differ.*'workflows' permission, which GITHUB_TOKEN never has.*Workflows: Read and write.*nothing was published; the incomplete draft was removed/,
  );
  expect(releases.releases).toEqual([]);
});

test('a Tag release never moves the git tag: the user owns it', async () => {
  const { releases, deps } = setup();
  await writeRelease({ ...target(), kind: 'tag', finalTag: 'v1.0.0' }, [await file('a.txt', 'one')], deps, {
    concurrency: 1,
    tagSha: undefined,
    targetCommitish: undefined,
    recheck: async () => publishing(),
  });
  expect(releases.calls.filter((c) => c.startsWith('move'))).toEqual([]);
});

test('a recheck that says skip removes the draft and writes nothing public', async () => {
  const { releases, deps } = setup();
  const outcome = await writeRelease(target(), [await file('a.txt', 'one')], deps, {
    concurrency: 1,
    tagSha: SHA,
    targetCommitish: SHA,
    recheck: async () => ({ action: 'skip', reason: 'a newer run #3 will publish' }),
  });
  expect(outcome.status).toBe('skipped');
  expect(releases.calls).toEqual(['create _ci-main-latest', 'upload a.txt', 'delete release 1']);
});

test('onPublishing is told the publishing request as it is sent, after the tag moved', async () => {
  const { releases, deps } = setup();
  const told: Promise<ReleaseData>[] = [];
  const outcome = await writeRelease(target(), [await file('a.txt', 'one')], deps, {
    concurrency: 1,
    tagSha: SHA,
    targetCommitish: SHA,
    recheck: async () => publishing(),
    onPublishing: (published) => {
      releases.calls.push('told');
      told.push(published);
    },
  });
  expect(releases.calls.slice(-3)).toEqual(['move ci-main-latest b', 'publish 1 as ci-main-latest', 'told']);
  expect(told).toHaveLength(1);
  expect((await told[0]!).id).toBe(outcome.status === 'published' ? outcome.releaseId : -1);
});
