/**
 * `mode: store`: this job's files, with a manifest of their sizes and sha256 digests, go into the
 * store under the job's identity (run id + job id), for the publishing job's `collect` (SPEC §3.1).
 */
import { State } from '../constants.ts';
import type { Deps } from '../ports.ts';
import type { StoreSettings } from '../settings.ts';
import { humanBytes, markdownTable, shortDigest } from '../planning/format.ts';
import type { FileToStore } from '../store/artifact-store.ts';
import { forEachLimited } from '../shared/parallel.ts';
import { hashFile } from '../shared/hashing.ts';
import { createStore, resolveBackend } from '../store/index.ts';
import { identifyJob } from '../store/job-identity.ts';
import type { Manifest } from '../store/manifest.ts';
import { selectFiles } from '../store/select-files.ts';
import type { ModeResult } from './result.ts';
import { preflight } from '../preflight/index.ts';

/** Files hashed at once: enough to keep a disk busy, few enough not to thrash it. */
const HASH_CONCURRENCY = 4;

/** Stores the files `settings.patterns` match */
export async function store(settings: StoreSettings, deps: Deps): Promise<ModeResult> {
  const { context, log } = deps;
  // Every check comes before the first write.
  const selected = await selectFiles(settings.patterns, context.workspace, settings.ifNoFilesFound, log);
  if (selected.length === 0) {
    return {
      outputs: { 'store-name': '', files: '0', bytes: '0' },
      summary: '### Stored files\n\nNo files matched; nothing was stored.\n',
    };
  }
  const kind = resolveBackend(settings.backend, context.serverUrl);
  await preflight(settings, deps);
  const job = await identifyJob(settings.jobId, context, deps.runs, log);

  const files: FileToStore[] = new Array<FileToStore>(selected.length);
  await forEachLimited([...selected.keys()], HASH_CONCURRENCY, async (i) => {
    const file = selected[i];
    if (file === undefined) return;
    const digest = await hashFile(file.path);
    // The file changed between the checks and now: refuse rather than store a manifest that lies.
    if (digest.size !== file.size)
      throw new Error(`File '${file.path}' changed size while being stored (${file.size} → ${digest.size} bytes)`);
    files[i] = { ...file, sha256: digest.sha256 };
  });

  const manifest: Manifest = {
    version: 1,
    runId: context.runId,
    runAttempt: context.runAttempt,
    jobId: job.jobId,
    ...(job.jobName !== undefined ? { jobName: job.jobName } : {}),
    files: files.map(({ name, storedName, size, sha256 }) => ({ name, storedName, size, sha256 })),
  };
  const backend = await createStore(kind, deps, settings);
  log.info(`Storing ${files.length} files of job ${job.jobId} with the ${kind} backend`);
  const ref = await backend.put(
    { runId: context.runId, jobId: job.jobId, files, manifest, retentionDays: settings.retentionDays },
    (created) => {
      // Right after the item exists: the post step removes it if the job fails from here on.
      deps.saveState(State.StoredItem, JSON.stringify(created));
      deps.saveState(State.StoreBackend, created.backend);
    },
  );

  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  const rows = files.map((f) => [f.name, humanBytes(f.size), `\`${shortDigest(f.sha256)}\``]);
  const summary =
    `### Stored files\n\n${files.length} files (${humanBytes(bytes)}) stored as \`${ref.name}\` (${kind} backend) by job ${job.jobName ? `'${job.jobName}' ` : ''}${job.jobId}.\n\n` +
    markdownTable(['File', 'Size', 'sha256'], rows);
  return { outputs: { 'store-name': ref.name, files: String(files.length), bytes: String(bytes) }, summary };
}
