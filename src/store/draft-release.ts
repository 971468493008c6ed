/**
 * Store backend on draft releases of the source repository: one draft per job, tag
 * `<incomplete-prefix><tag-prefix>-store-<runId>-<jobId>`, carrying a `store` marker. Drafts are
 * visible only to people with push access and create no git tag, so nothing public ever shows them.
 * Works on GitHub Enterprise Server, where Actions artifacts v4 do not.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../ports.ts';
import type { RunContext } from '../github/context.ts';
import type { AssetData, ReleaseData, ReleasesApi } from '../ports.ts';
import type { RunsApi } from '../ports.ts';
import { IntegrityError } from '../errors.ts';
import { decodeMarker, withMarker } from '../planning/marker.ts';
import type { Marker } from '../planning/types.ts';
import type { ArtifactStore, FetchedItem, ItemToStore, FileToStore, StoredItemRef } from './artifact-store.ts';
import { hashFile } from '../shared/hashing.ts';
import { MANIFEST_NAME, MAX_MANIFEST_BYTES, parseManifest, type StoredFile } from './manifest.ts';
import { forEachLimited } from '../shared/parallel.ts';

export interface DraftReleaseStoreOptions {
  readonly releases: ReleasesApi;
  readonly runs: RunsApi;
  readonly context: RunContext;
  readonly tagPrefix: string;
  readonly incompletePrefix: string;
  readonly log: Logger;
  /** Parallel asset uploads/downloads. */
  readonly concurrency?: number;
}

export class DraftReleaseStore implements ArtifactStore {
  readonly kind = 'releases' as const;
  private readonly o: DraftReleaseStoreOptions;

  constructor(options: DraftReleaseStoreOptions) {
    this.o = options;
  }

  tagFor(runId: number, jobId: number): string {
    return `${this.o.incompletePrefix}${this.o.tagPrefix}-store-${runId}-${jobId}`;
  }

  async put(item: ItemToStore, onCreated: (ref: StoredItemRef) => void): Promise<StoredItemRef> {
    const { releases, context } = this.o;
    const tag = this.tagFor(item.runId, item.jobId);
    const marker = await this.marker(item.jobId);
    // A re-run of the same job id (or a second store step) replaces its own earlier draft.
    for (const old of await this.ownItems(item.runId)) {
      if (old.jobId === item.jobId) {
        this.o.log.info(`Replacing this job's earlier stored draft ${old.name} (release ${old.id})`);
        await releases.deleteRelease(old.id);
      }
    }
    const release = await releases.createRelease({
      tagName: tag,
      name: `Stored files of job ${item.manifest.jobName ?? item.jobId}, run ${item.runId}`,
      body: withMarker(
        `Temporary: files stored by job ${item.jobId} of workflow run ${context.runId} (attempt ${context.runAttempt}) for a later \`collect\`. ` +
          'Removed by the post step if the job fails, and by `cleanup`.',
        marker,
      ),
      draft: true,
      prerelease: false,
    });
    const ref: StoredItemRef = { backend: 'releases', name: tag, id: release.id, runId: item.runId, jobId: item.jobId };
    onCreated(ref);
    await forEachLimited(item.files, this.o.concurrency ?? 4, (file) => this.upload(release, file));
    await this.uploadManifest(release, item);
    return ref;
  }

  private async marker(jobId: number): Promise<Marker> {
    const { context, runs } = this.o;
    const run = await runs.getRun(context.runId);
    const where = context.refType === 'tag' ? { tag: context.refName } : { branch: context.refName };
    return {
      v: 1,
      kind: 'store',
      workflowId: run.workflowId,
      ...where,
      runId: context.runId,
      runNumber: context.runNumber,
      runAttempt: context.runAttempt,
      sha: context.sha.toLowerCase(),
      jobId,
    };
  }

  private async upload(release: ReleaseData, file: FileToStore): Promise<void> {
    const asset = await this.o.releases.uploadAsset(release, {
      path: file.path,
      name: file.storedName,
      size: file.size,
    });
    checkUploaded(asset, file);
  }

  private async uploadManifest(release: ReleaseData, item: ItemToStore): Promise<void> {
    await mkdir(this.o.context.tempDir, { recursive: true });
    const dir = await mkdtemp(join(this.o.context.tempDir, 'crp-manifest-'));
    try {
      const path = join(dir, MANIFEST_NAME);
      await writeFile(path, JSON.stringify(item.manifest, null, 2));
      const digest = await hashFile(path);
      await this.upload(release, { path, name: MANIFEST_NAME, storedName: MANIFEST_NAME, ...digest });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Drafts of this workflow run that carry a `store` marker. */
  private async ownItems(runId: number): Promise<StoredItemRef[]> {
    const refs: StoredItemRef[] = [];
    for (const release of await this.o.releases.listReleases()) {
      const marker = decodeMarker(release.body);
      if (!release.draft || marker?.kind !== 'store' || marker.runId !== runId || marker.jobId === undefined) continue;
      refs.push({ backend: 'releases', name: release.tagName, id: release.id, runId, jobId: marker.jobId });
    }
    return refs;
  }

  list(runId: number): Promise<StoredItemRef[]> {
    return this.ownItems(runId);
  }

  async fetch(ref: StoredItemRef, workDir: string): Promise<FetchedItem> {
    const { releases } = this.o;
    const assets = await releases.listAssets(ref.id);
    const byName = new Map(assets.map((a) => [a.name, a]));
    const manifestAsset = byName.get(MANIFEST_NAME);
    if (!manifestAsset || manifestAsset.state !== 'uploaded')
      throw new Error(
        `Stored draft ${ref.name} has no complete ${MANIFEST_NAME}: its job may have failed while storing`,
      );
    if (manifestAsset.size > MAX_MANIFEST_BYTES)
      throw new Error(`The manifest of stored draft ${ref.name} is too large`);
    const manifestPath = join(workDir, MANIFEST_NAME);
    await releases.downloadAsset(manifestAsset.id, manifestPath);
    const manifest = parseManifest(await readFile(manifestPath, 'utf8'), `stored draft ${ref.name}`);
    return {
      ref,
      manifest,
      async writeFile(file: StoredFile, destination: string) {
        const asset = byName.get(file.storedName);
        if (!asset || asset.state !== 'uploaded')
          throw new Error(
            `Stored draft ${ref.name} lacks '${file.name}' (asset ${file.storedName}) that its manifest lists`,
          );
        await releases.downloadAsset(asset.id, destination);
        // The REST download gives no stream to hash on the way: hash the written file (page cache).
        return hashFile(destination);
      },
    };
  }

  remove(ref: StoredItemRef): Promise<boolean> {
    return this.o.releases.deleteRelease(ref.id);
  }
}

/** GitHub renames instead of refusing, and reports its own digest: both must match what we sent. */
function checkUploaded(asset: AssetData, file: FileToStore): void {
  if (asset.name !== file.storedName) {
    throw new Error(`GitHub stored '${file.name}' as '${asset.name}' instead of '${file.storedName}'`);
  }
  if (asset.digest !== null && asset.digest !== `sha256:${file.sha256}`) {
    throw new IntegrityError(
      `Uploaded '${file.name}' but GitHub reports digest ${asset.digest}, expected sha256:${file.sha256}`,
    );
  }
}
