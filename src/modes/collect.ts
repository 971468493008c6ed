/**
 * `mode: collect`: every item this run stored (newest attempt of each job) is downloaded, each file
 * verified against its manifest's sha256, and written flat into `path` (SPEC §1, §6).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Deps } from '../ports.ts';
import { IntegrityError } from '../errors.ts';
import type { CollectSettings } from '../settings.ts';
import { humanBytes, markdownTable, shortDigest } from '../planning/format.ts';
import type { FetchedItem } from '../store/artifact-store.ts';
import { forEachLimited } from '../shared/parallel.ts';
import { createStore, resolveBackend } from '../store/index.ts';
import { describeJob, type StoredFile } from '../store/manifest.ts';
import {
  nameClashes,
  newestAttemptItems,
  newestPerJob,
  type AttemptJob,
  type Candidate,
} from '../store/select-items.ts';
import type { StoredItemRef } from '../store/artifact-store.ts';
import type { ModeResult } from './result.ts';
import { preflight } from '../preflight/index.ts';

const FETCH_CONCURRENCY = 3;
const WRITE_CONCURRENCY = 4;

/** Collects this run's stored files into `settings.destination` */
export async function collect(settings: CollectSettings, deps: Deps): Promise<ModeResult> {
  const { context, log } = deps;
  const kind = resolveBackend(settings.backend, context.serverUrl);
  await preflight(settings, deps);
  const backend = await createStore(kind, deps, settings);
  const destination = resolve(context.workspace, settings.destination);
  const listed = await backend.list(context.runId);
  log.info(`Found ${listed.length} stored items of run ${context.runId} (${kind} backend)`);
  const refs = await newestAttempts(listed, deps);

  await mkdir(context.tempDir, { recursive: true });
  const workRoot = await mkdtemp(join(context.tempDir, 'crp-collect-'));
  try {
    const fetched: Candidate<FetchedItem>[] = [];
    // The first failure stops new downloads and waits for those in flight, so the work directory
    // is removed only once nothing writes into it any more.
    await forEachLimited(refs, FETCH_CONCURRENCY, async (ref) => {
      const workDir = join(workRoot, String(ref.id));
      await mkdir(workDir);
      const item = await backend.fetch(ref, workDir);
      fetched.push({ item, manifest: item.manifest });
    });
    const { chosen, skipped } = newestPerJob(fetched, context.runId);
    for (const { candidate, reason } of skipped) log.info(`Skipping ${candidate.item.ref.name}: ${reason}`);
    // Every refusal before the first file lands in the destination.
    const clashes = nameClashes(chosen);
    if (clashes.length > 0)
      throw new Error(`Two jobs stored files under the same asset name; rename one of them. ${clashes.join('; ')}`);
    if (chosen.length === 0) log.warning(`No stored files found for run ${context.runId} with the ${kind} backend`);

    await mkdir(destination, { recursive: true });
    const work = chosen.flatMap(({ item }) => item.manifest.files.map((file) => ({ item, file })));
    // All or nothing: files wait in a hidden directory beside their final place (same file system,
    // so the moves are renames) and get their real names only once every one is verified. A failed
    // collect leaves `path` as it was, so a later step running anyway (`if: always()`) cannot
    // publish a partial set.
    const staging = await mkdtemp(join(destination, '.crp-collecting-'));
    try {
      await forEachLimited(work, WRITE_CONCURRENCY, ({ item, file }) =>
        writeVerified(item, file, staging, destination),
      );
      for (const { file } of work) await rename(join(staging, file.name), join(destination, file.name));
    } finally {
      await rm(staging, { recursive: true, force: true });
    }

    const files = work.length;
    const bytes = work.reduce((sum, w) => sum + w.file.size, 0);
    log.info(`Collected ${files} files (${humanBytes(bytes)}) from ${chosen.length} jobs into ${destination}`);
    return {
      outputs: { path: destination, files: String(files), bytes: String(bytes) },
      summary: summarise(chosen, files, bytes),
    };
  } finally {
    await rm(workRoot, { recursive: true, force: true });
  }
}

/**
 * On a re-run (attempt > 1) the listing also holds items of earlier attempts: the jobs API tells
 * which attempt stored each, so only the newest of each job is downloaded. Without `actions: read`
 * every item is downloaded and the manifests decide, as before.
 */
async function newestAttempts(listed: StoredItemRef[], deps: Deps): Promise<StoredItemRef[]> {
  const { context, log } = deps;
  if (context.runAttempt <= 1 || listed.length <= 1) return listed;
  const jobs: AttemptJob[] = [];
  try {
    for (let attempt = 1; attempt <= context.runAttempt; attempt++)
      jobs.push(...(await deps.runs.listJobs(context.runId, attempt)));
  } catch (error) {
    log.warning(
      `Could not list the jobs of every attempt of run ${context.runId}, so every stored item is downloaded and the newest per job kept ('token' needs 'actions: read' to choose before downloading): ${error instanceof Error ? error.message : String(error)}`,
    );
    return listed;
  }
  const { chosen, skipped } = newestAttemptItems(listed, jobs);
  for (const { item, reason } of skipped) log.info(`Skipping ${item.name}: ${reason}`);
  return chosen;
}

/** Writes one file into `staging` under a temporary name, and gives it its name only once its digest matches. */
async function writeVerified(item: FetchedItem, file: StoredFile, staging: string, destination: string): Promise<void> {
  const job = describeJob(item.manifest);
  const target = join(staging, file.name);
  // Manifest names are plain file names (checked when parsed): this is a belt to those braces.
  if (resolve(destination, file.name) !== join(resolve(destination), file.name))
    throw new Error(`Refusing '${file.name}' of job ${job}: it would escape ${destination}`);
  const partial = join(staging, `.${file.storedName}.${randomBytes(4).toString('hex')}.partial`);
  try {
    let written: { sha256: string; size: number };
    try {
      written = await item.writeFile(file, partial);
    } catch (error) {
      throw new IntegrityError(
        `File '${file.name}' stored by job ${job} could not be read back: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (written.sha256 !== file.sha256 || written.size !== file.size) {
      throw new IntegrityError(
        `File '${file.name}' stored by job ${job} is corrupted: expected ${file.size} bytes with sha256 ${file.sha256}, got ${written.size} bytes with sha256 ${written.sha256}`,
      );
    }
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
}

function summarise(chosen: readonly Candidate<FetchedItem>[], files: number, bytes: number): string {
  let out = `### Collected files\n\n${files} files (${humanBytes(bytes)}) from ${chosen.length} jobs, every sha256 verified.\n`;
  for (const { manifest, item } of chosen) {
    out += `\n#### Job ${describeJob(manifest)} — \`${item.ref.name}\`\n\n`;
    out += markdownTable(
      ['File', 'Size', 'sha256'],
      manifest.files.map((f) => [f.name, humanBytes(f.size), `\`${shortDigest(f.sha256)}\``]),
    );
  }
  return out;
}
