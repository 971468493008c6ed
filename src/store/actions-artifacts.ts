/**
 * Store backend on Actions artifacts (`@actions/artifact`, the runner's own credentials: no repository
 * permission needed). One zip artifact per job named `crp-<runId>-<jobId>`, holding the files flat
 * under their stored names plus the manifest.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactClientPort, Logger } from '../ports.ts';
import type { ArtifactStore, FetchedItem, ItemToStore, StoredItemRef } from './artifact-store.ts';
import { itemName, parseItemName } from './artifact-store.ts';
import { writeHashed } from '../shared/hashing.ts';
import { MANIFEST_NAME, MAX_MANIFEST_BYTES, parseManifest, type StoredFile } from './manifest.ts';
import { openZipEntry, readZipEntries, unsafeEntryReason, type ZipEntry } from './zip-reader.ts';

function isNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ArtifactNotFoundError';
}

/** The results service refused the signed download URL (its Twirp 404, as the client words it). */
function signedUrlGone(error: unknown): boolean {
  return error instanceof Error && /\(404\)/.test(error.message);
}

/** The REST download's credentials: `token` on the run's repository (needs actions: read). */
export interface RestDownload {
  readonly token: string;
  readonly owner: string;
  readonly repo: string;
}

export class ActionsArtifactStore implements ArtifactStore {
  readonly kind = 'artifacts' as const;
  private readonly client: ArtifactClientPort;
  private readonly tempDir: string;
  private readonly log: Logger;
  private readonly rest: RestDownload | undefined;

  constructor(client: ArtifactClientPort, tempDir: string, log: Logger, rest?: RestDownload) {
    this.client = client;
    this.tempDir = tempDir;
    this.log = log;
    this.rest = rest;
  }

  async put(item: ItemToStore, onCreated: (ref: StoredItemRef) => void): Promise<StoredItemRef> {
    const name = itemName(item.runId, item.jobId);
    // A re-run of the same job id (or a second store step) replaces its own item: GitHub refuses
    // duplicate artifact names within a run.
    const existing = (await this.client.listArtifacts({ latest: true })).artifacts.find((a) => a.name === name);
    if (existing) {
      this.log.info(`Replacing this job's earlier artifact ${name} (id ${existing.id})`);
      await this.remove({ backend: 'artifacts', name, id: existing.id, runId: item.runId, jobId: item.jobId });
    }
    // Stage symlinks under the stored names: the client zips paths relative to a root and follows
    // symlinks, so files from many directories are stored flat without being copied.
    await mkdir(this.tempDir, { recursive: true });
    const staging = await mkdtemp(join(this.tempDir, `${name}-`));
    try {
      const paths: string[] = [];
      for (const file of item.files) {
        const link = join(staging, file.storedName);
        await symlink(file.path, link);
        paths.push(link);
      }
      const manifestPath = join(staging, MANIFEST_NAME);
      await writeFile(manifestPath, JSON.stringify(item.manifest, null, 2));
      paths.push(manifestPath);
      const options = { compressionLevel: 0, ...(item.retentionDays > 0 ? { retentionDays: item.retentionDays } : {}) };
      // Level 0 (stored): build outputs are mostly compressed already, and it keeps store fast.
      const { id } = await this.client.uploadArtifact(name, paths, staging, options);
      if (id === undefined) throw new Error(`Uploading artifact ${name} returned no artifact id`);
      const ref: StoredItemRef = { backend: 'artifacts', name, id, runId: item.runId, jobId: item.jobId };
      onCreated(ref);
      return ref;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async list(runId: number): Promise<StoredItemRef[]> {
    const { artifacts } = await this.client.listArtifacts({ latest: true });
    const refs: StoredItemRef[] = [];
    for (const artifact of artifacts) {
      const parsed = parseItemName(artifact.name);
      if (parsed?.runId !== runId) continue;
      refs.push({ backend: 'artifacts', name: artifact.name, id: artifact.id, runId, jobId: parsed.jobId });
    }
    return refs;
  }

  async fetch(ref: StoredItemRef, workDir: string): Promise<FetchedItem> {
    // Raw zip, unpacked by us: every entry name is checked before anything is written.
    await this.download(ref, workDir);
    const [zipName, ...others] = await readdir(workDir);
    if (zipName === undefined || others.length > 0)
      throw new Error(
        `Downloading artifact ${ref.name} gave ${others.length + (zipName ? 1 : 0)} files instead of one zip`,
      );
    const zipPath = join(workDir, zipName);
    const entries = await readZipEntries(zipPath).catch((error: unknown) => {
      throw new Error(
        `Artifact ${ref.name} is not a readable zip archive: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    for (const entry of entries) {
      const reason = unsafeEntryReason(entry.name);
      if (reason !== undefined) {
        throw new Error(
          `Refusing artifact ${ref.name}: its archive entry '${entry.name}' ${reason} and would escape the destination (zip slip)`,
        );
      }
    }
    const byName = new Map<string, ZipEntry>(entries.filter((e) => !e.isDirectory).map((e) => [e.name, e]));
    const manifestEntry = byName.get(MANIFEST_NAME);
    if (!manifestEntry) throw new Error(`Artifact ${ref.name} has no ${MANIFEST_NAME}`);
    if (manifestEntry.size > MAX_MANIFEST_BYTES) throw new Error(`The manifest of artifact ${ref.name} is too large`);
    const manifestPath = join(workDir, MANIFEST_NAME);
    await writeHashed(await openZipEntry(zipPath, manifestEntry), manifestPath);
    const manifest = parseManifest(await readFile(manifestPath, 'utf8'), `artifact ${ref.name}`);
    const listed = new Set([MANIFEST_NAME, ...manifest.files.map((f) => f.storedName)]);
    const extra = [...byName.keys()].filter((n) => !listed.has(n));
    if (extra.length > 0)
      this.log.warning(`Artifact ${ref.name} holds entries its manifest does not list, ignored: ${extra.join(', ')}`);
    return {
      ref,
      manifest,
      async writeFile(file: StoredFile, destination: string) {
        const entry = byName.get(file.storedName);
        if (!entry)
          throw new Error(
            `Artifact ${ref.name} lacks '${file.name}' (stored as ${file.storedName}) that its manifest lists`,
          );
        return writeHashed(await openZipEntry(zipPath, entry), destination);
      },
    };
  }

  /**
   * Through the runtime token's signed URL; one that answers 404 (items of earlier attempts of a
   * re-run, actions/download-artifact#486) through the REST API with `token` instead.
   */
  private async download(ref: StoredItemRef, workDir: string): Promise<void> {
    try {
      await this.client.downloadArtifact(ref.id, { path: workDir, skipDecompress: true });
      return;
    } catch (error) {
      if (!signedUrlGone(error) || this.rest === undefined) throw error;
    }
    const { token, owner, repo } = this.rest;
    this.log.info(
      `The signed download URL of artifact ${ref.name} answered 404; downloading it through the REST API with 'token' (actions: read).`,
    );
    await rm(workDir, { recursive: true, force: true });
    await mkdir(workDir, { recursive: true });
    try {
      await this.client.downloadArtifact(ref.id, {
        path: workDir,
        skipDecompress: true,
        findBy: { token, workflowRunId: ref.runId, repositoryOwner: owner, repositoryName: repo },
      });
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (status === 401 || status === 403 || status === 404) {
        throw new Error(
          `Artifact ${ref.name} can only be downloaded through the REST API here (its signed URL answered 404), and the 'token' input cannot: GitHub answered HTTP ${status}. ` +
            `The token most likely lacks 'actions: read' on ${owner}/${repo}. Fix: if 'token' is GITHUB_TOKEN, give the job 'permissions: { actions: read }'; for a fine-grained personal access token or a GitHub App installation token, grant 'Actions: Read-only' on ${owner}/${repo}.`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  async remove(ref: StoredItemRef): Promise<boolean> {
    try {
      await this.client.deleteArtifact(ref.name);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }
}
