/**
 * Uploads a release's assets with bounded parallelism and verifies each against GitHub's digest.
 * Retries of transient failures happen inside Octokit's plugins; this module only repairs what a
 * retry cannot: a half-uploaded asset that holds the name.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Logger } from '../ports.ts';
import { IntegrityError } from '../errors.ts';
import { isStatus } from '../github/api-errors.ts';
import type { AssetData, ReleaseData, ReleasesApi } from '../ports.ts';
import type { ProgressCallback } from '../github/replayable-body.ts';
import { sanitizeAssetName } from '../planning/naming.ts';
import { forEachLimited } from '../shared/parallel.ts';
import { planResume } from '../planning/resume.ts';
import { progressTracker, type ProgressTracker } from './progress.ts';

export interface AssetFile {
  readonly path: string;
  readonly name: string;
  readonly size: number;
  /** Hex sha256, or '' when not computed yet: then `digest` gives it. */
  readonly sha256: string;
  /** The sha256, computed once on demand: run beside the first upload rather than before it. */
  readonly digest?: () => Promise<string>;
  /** Told the sha256 once an upload has read the whole file, so `digest` need not read it again. */
  readonly remember?: (sha256: string) => void;
}

function digestOf(file: AssetFile): Promise<string> {
  return file.digest ? file.digest() : Promise.resolve(file.sha256);
}

export interface UploadOptions {
  readonly concurrency: number;
  readonly log: Logger;
  /** Milliseconds clock, injectable for tests of the progress line. */
  readonly clock?: () => number;
  /** What the progress line names (the final tag); the draft's tag otherwise. */
  readonly label?: string;
  /** Parallel uploads allowed now, when lower than `concurrency` (lowered after a secondary limit). */
  readonly parallelism?: () => number;
}

function verify(asset: AssetData, file: AssetFile, release: ReleaseData): void {
  if (asset.size !== file.size) {
    throw new IntegrityError(
      `Asset ${asset.name} of ${release.tagName} has ${asset.size} bytes on GitHub but ${file.path} has ${file.size}: upload corrupted.`,
    );
  }
  if (asset.digest !== null && asset.digest !== `sha256:${file.sha256}`) {
    throw new IntegrityError(
      `Asset ${asset.name} of ${release.tagName} has digest ${asset.digest} on GitHub but ${file.path} has sha256:${file.sha256}: upload corrupted.`,
    );
  }
}

/**
 * Hashes the bytes an upload sends, as the body reads them (no second open and read of the file: on
 * P1's 200 small files those cost more than the hashing itself). A retry reopens the file at 0 and
 * starts the hash again; chunks out of order (not expected) give up, and `digest` reads the file.
 */
function sendTap(file: AssetFile): {
  onChunk: (bytes: number, chunk: Uint8Array, position: number) => void;
  sha256: () => string | undefined;
} {
  let hash: Hash | undefined;
  let expected = 0;
  let done: string | undefined;
  return {
    onChunk: (bytes, chunk, position) => {
      if (position === 0) {
        hash = createHash('sha256');
        expected = 0;
        done = undefined;
      }
      if (hash === undefined || position !== expected) {
        hash = undefined;
        return;
      }
      hash.update(chunk);
      expected += bytes;
      if (expected === file.size) {
        done = hash.digest('hex');
        hash = undefined;
      }
    },
    sha256: () => done,
  };
}

/** Repairs per asset before giving up: each follows a cut attempt the plugins already retried. */
const MAX_REPAIRS = 3;

/**
 * A retried upload can meet its own earlier attempt (GitHub answers 422 `already_exists`): either a
 * half-uploaded asset (state not `uploaded`) holding the name, which is deleted before one more try,
 * or a complete one with our digest (the attempt succeeded but its answer was lost), kept.
 */
async function uploadRepairing(
  api: ReleasesApi,
  release: ReleaseData,
  file: AssetFile,
  onProgress: ProgressCallback,
): Promise<AssetData> {
  const name = sanitizeAssetName(file.name);
  for (let repairs = 0; ; repairs++) {
    try {
      return await api.uploadAsset(release, file, onProgress);
    } catch (error) {
      if (!isStatus(error, 422) || repairs >= MAX_REPAIRS) throw error;
      const holder = (await api.listAssets(release.id)).find((a) => a.name === name);
      if (holder === undefined) throw error;
      if (holder.state === 'uploaded' && holder.digest === `sha256:${await digestOf(file)}`) return holder;
      await api.deleteAsset(holder.id);
    }
  }
}

/** Uploads every file into `release`; returns the assets by file name, each verified. */
export async function uploadAssets(
  api: ReleasesApi,
  release: ReleaseData,
  files: readonly AssetFile[],
  options: UploadOptions,
): Promise<Map<string, AssetData>> {
  const clock = options.clock ?? Date.now;
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const progress = progressTracker(options.label ?? release.tagName, total, options.log, clock);
  // A line every 5 s even while no byte moves; unref'd, so it never keeps the process alive.
  const ticker = setInterval(() => progress.tick(), 1000);
  ticker.unref();
  const assets = new Map<string, AssetData>();
  // Largest first: the long uploads start early and the small ones fill the gaps.
  const ordered = [...files].sort((a, b) => b.size - a.size);
  try {
    await forEachLimited(
      ordered,
      options.concurrency,
      async (file) => {
        assets.set(file.name, await uploadVerified(api, release, file, progress));
      },
      options.parallelism,
    );
  } finally {
    clearInterval(ticker);
  }
  return assets;
}

/**
 * One file, verified. A file not hashed yet is hashed from the bytes its upload reads; `digest` only
 * when that fell through (an API that does not report chunks, a repaired upload that never re-sent).
 */
async function uploadVerified(
  api: ReleasesApi,
  release: ReleaseData,
  file: AssetFile,
  progress: ProgressTracker,
): Promise<AssetData> {
  if (file.sha256 !== '' || file.size === 0) {
    const asset = await uploadRepairing(api, release, file, (bytes, _chunk, position) =>
      progress.chunk(file.name, bytes, position),
    );
    verify(asset, { ...file, sha256: await digestOf(file) }, release);
    return asset;
  }
  const tap = sendTap(file);
  const asset = await uploadRepairing(api, release, file, (bytes, chunk, position) => {
    tap.onChunk(bytes, chunk, position);
    progress.chunk(file.name, bytes, position);
  });
  const sent = tap.sha256();
  if (sent !== undefined) file.remember?.(sent);
  verify(asset, { ...file, sha256: sent ?? (await digestOf(file)) }, release);
  return asset;
}

/**
 * Resuming a draft an earlier attempt of this run left (SPEC §3.6): keeps its complete assets whose
 * size and digest match a file (hashing only those files, and only when not hashed yet), deletes the
 * others, and returns the kept assets by file name; the caller uploads the rest.
 */
export async function keepUploaded(
  api: ReleasesApi,
  draft: ReleaseData,
  files: readonly AssetFile[],
): Promise<Map<string, AssetData>> {
  const assets = await api.listAssets(draft.id);
  const byName = new Map(assets.map((a) => [a.name, a]));
  const wanted = [];
  for (const file of files) {
    const name = sanitizeAssetName(file.name);
    const asset = byName.get(name);
    // A file is hashed here only when its asset could be kept: the rest are hashed as they upload.
    const candidate = asset !== undefined && asset.state === 'uploaded' && asset.size === file.size;
    wanted.push({ file, name, size: file.size, sha256: candidate ? await digestOf(file) : '' });
  }
  const plan = planResume(assets, wanted);
  for (const id of plan.remove) await api.deleteAsset(id);
  const kept = new Map<string, AssetData>();
  for (const { file, name } of wanted) {
    const asset = byName.get(name);
    if (asset !== undefined && plan.keep.has(name)) kept.set(file.name, asset);
  }
  return kept;
}
