/**
 * `tag-existing: append` (SPEC §3.5): this run's files go into the release that already exists for
 * the tag — a draft a person prepared or a published release — which keeps its title, body and
 * assets. Every name is checked before the first upload: an asset of the same name with other bytes
 * stops the step with nothing uploaded; one with the same digest is kept and not sent again.
 * With checksums on, SHA256SUMS goes last, listing this step's files under the names GitHub gave
 * them; a SHA256SUMS already there is a clash like any other (before any upload, judged by the
 * predicted file), unless it holds the same bytes.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../ports.ts';
import { ConflictError } from '../errors.ts';
import type { AssetData, ReleaseData } from '../ports.ts';
import { sha256SumsFile } from '../planning/format.ts';
import { sanitizeAssetName } from '../planning/naming.ts';
import type { PublishTarget } from './targets.ts';
import { publishedAsset, type Checksums, type Outcome, type PublishedAsset } from './writer.ts';
import { uploadAssets, type AssetFile } from './uploader.ts';

/** Which files need uploading, and which clash with an asset already there (checked with digests). */
export async function sortForAppend(
  files: readonly AssetFile[],
  existing: readonly AssetData[],
): Promise<{ upload: AssetFile[]; kept: PublishedAsset[]; clashes: string[] }> {
  const upload: AssetFile[] = [];
  const kept: PublishedAsset[] = [];
  const clashes: string[] = [];
  for (const file of files) {
    const name = sanitizeAssetName(file.name);
    const holder = existing.find((a) => a.name === name);
    if (holder === undefined) {
      upload.push(file);
      continue;
    }
    const sha256 = file.sha256 !== '' ? file.sha256 : await (file.digest?.() ?? Promise.resolve(''));
    if (holder.state === 'uploaded' && holder.digest !== null && holder.digest === `sha256:${sha256}`)
      kept.push(publishedAsset(holder, { ...file, sha256 }));
    else clashes.push(file.name === name ? name : `${file.name} (asset ${name})`);
  }
  return { upload, kept, clashes };
}

export interface AppendPlan {
  readonly release: ReleaseData;
  readonly upload: readonly AssetFile[];
  readonly kept: readonly PublishedAsset[];
  /** With checksums on: whether SHA256SUMS is still to be uploaded (false: the same one is there). */
  readonly uploadSums: boolean;
}

const CHECKSUMS_NAME = 'SHA256SUMS';

/**
 * The SHA256SUMS this step would add, under the names GitHub is expected to give the files: only to
 * judge, before any write, an existing SHA256SUMS (the uploaded one lists the names GitHub returns).
 */
function predictedSums(files: readonly AssetFile[]): AssetFile {
  const text = sha256SumsFile(files.map((f) => ({ name: sanitizeAssetName(f.name), sha256: f.sha256 })));
  return {
    path: '',
    name: CHECKSUMS_NAME,
    size: Buffer.byteLength(text),
    sha256: createHash('sha256').update(text).digest('hex'),
  };
}

/** Reads the release's assets and refuses a clash; run before the step's first write. */
export async function planAppend(
  target: PublishTarget,
  release: ReleaseData,
  files: readonly AssetFile[],
  deps: Pick<Deps, 'releases'>,
  withChecksums: boolean,
): Promise<AppendPlan> {
  const existing = await deps.releases.listAssets(release.id);
  const { upload, kept, clashes } = await sortForAppend(
    withChecksums ? [...files, predictedSums(files)] : files,
    existing,
  );
  const sumsKept = kept.some((a) => a.name === CHECKSUMS_NAME);
  if (clashes.length > 0) {
    throw new ConflictError(
      `Cannot append to the release for tag ${target.finalTag} (release ${release.id}): ${clashes.join(', ')} already ${clashes.length === 1 ? 'exists' : 'exist'} there with other bytes; nothing was uploaded. Rename the file, delete the asset, or use tag-existing: replace.`,
    );
  }
  return {
    release,
    upload: upload.filter((f) => f.name !== CHECKSUMS_NAME || f.path !== ''),
    kept: kept.filter((a) => a.name !== CHECKSUMS_NAME),
    uploadSums: withChecksums && !sumsKept,
  };
}

export async function appendToRelease(
  target: PublishTarget,
  plan: AppendPlan,
  deps: Deps,
  concurrency: number,
  checksums: Checksums | undefined,
): Promise<Outcome> {
  const { release, upload, kept } = plan;
  if (kept.length > 0)
    deps.log.info(
      `Kept ${kept.length} assets of release ${release.id} that already hold the same bytes: ${kept.map((a) => a.name).join(', ')}.`,
    );
  deps.log.info(
    `Appending ${upload.length} assets to the ${release.draft ? 'draft' : 'published'} release for tag ${target.finalTag} (release ${release.id}); its title, body and other assets stay.`,
  );
  const options = { concurrency, log: deps.log, label: target.finalTag };
  const stored = await uploadAssets(deps.releases, release, upload, options);
  const assets = [...kept, ...upload.map((file) => publishedAsset(stored.get(file.name) as AssetData, file))];
  if (checksums !== undefined) {
    // Written on disk either way (the `checksums-file` output); uploaded last unless the same one is there.
    const sums = await checksums.file(assets);
    if (plan.uploadSums)
      assets.push(
        publishedAsset((await uploadAssets(deps.releases, release, [sums], options)).get(sums.name) as AssetData, sums),
      );
  }
  return {
    kind: target.kind,
    status: 'published',
    tag: target.finalTag,
    url: release.htmlUrl,
    releaseId: release.id,
    replaced: undefined,
    assets,
    immutable: release.immutable,
  };
}
