/**
 * `tag-existing: append` (SPEC §3.5): this run's files go into the release that already exists for
 * the tag — a draft a person prepared or a published release — which keeps its title, body and
 * assets. Every name is checked before the first upload: an asset of the same name with other bytes
 * stops the step with nothing uploaded; one with the same digest is kept and not sent again.
 * The release is the maintainer's: no SHA256SUMS is added to it (the step still writes one on disk,
 * the `checksums-file` output).
 */
import type { Deps } from '../deps.ts';
import { ConflictError } from '../errors.ts';
import type { AssetData, ReleaseData } from '../github/releases-api.ts';
import { sanitizeAssetName } from '../planning/naming.ts';
import type { PublishTarget } from './targets.ts';
import { publishedAsset, type Outcome } from './writer.ts';
import { uploadAssets, type AssetFile } from './uploader.ts';

/** Which files need uploading, and which clash with an asset already there (checked with digests). */
export async function sortForAppend(files: readonly AssetFile[], existing: readonly AssetData[]): Promise<{ upload: AssetFile[]; kept: string[]; clashes: string[] }> {
  const upload: AssetFile[] = [];
  const kept: string[] = [];
  const clashes: string[] = [];
  for (const file of files) {
    const name = sanitizeAssetName(file.name);
    const holder = existing.find((a) => a.name === name);
    if (holder === undefined) {
      upload.push(file);
      continue;
    }
    const sha256 = file.sha256 !== '' ? file.sha256 : await (file.digest?.() ?? Promise.resolve(''));
    if (holder.state === 'uploaded' && holder.digest !== null && holder.digest === `sha256:${sha256}`) kept.push(name);
    else clashes.push(file.name === name ? name : `${file.name} (asset ${name})`);
  }
  return { upload, kept, clashes };
}

export interface AppendPlan {
  readonly release: ReleaseData;
  readonly upload: readonly AssetFile[];
  readonly kept: readonly string[];
}

/** Reads the release's assets and refuses a clash; run before the step's first write. */
export async function planAppend(target: PublishTarget, release: ReleaseData, files: readonly AssetFile[], deps: Pick<Deps, 'releases'>): Promise<AppendPlan> {
  const { upload, kept, clashes } = await sortForAppend(files, await deps.releases.listAssets(release.id));
  if (clashes.length > 0) {
    throw new ConflictError(
      `Cannot append to the release for tag ${target.finalTag} (release ${release.id}): ${clashes.join(', ')} already ${clashes.length === 1 ? 'exists' : 'exist'} there with other bytes; nothing was uploaded. Rename the file, delete the asset, or use tag-existing: replace.`,
    );
  }
  return { release, upload, kept };
}

export async function appendToRelease(target: PublishTarget, plan: AppendPlan, deps: Deps, concurrency: number): Promise<Outcome> {
  const { release, upload, kept } = plan;
  if (kept.length > 0) deps.log.info(`Kept ${kept.length} assets of release ${release.id} that already hold the same bytes: ${kept.join(', ')}.`);
  deps.log.info(`Appending ${upload.length} assets to the ${release.draft ? 'draft' : 'published'} release for tag ${target.finalTag} (release ${release.id}); its title, body and other assets stay.`);
  const stored = await uploadAssets(deps.releases, release, upload, { concurrency, log: deps.log, label: target.finalTag });
  const assets = upload.map((file) => publishedAsset(stored.get(file.name) as AssetData, file));
  return { kind: target.kind, status: 'published', tag: target.finalTag, url: release.htmlUrl, releaseId: release.id, replaced: undefined, assets, immutable: release.immutable };
}
