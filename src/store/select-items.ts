/**
 * Which fetched items `collect` uses: only this run's, only the newest attempt of each job, and never
 * two files that would become the same release asset. Pure: takes manifests, returns decisions.
 */
import { sanitizeAssetName } from '../planning/naming.ts';
import { describeJob, type Manifest } from './manifest.ts';

export interface Candidate<T> {
  readonly item: T;
  readonly manifest: Manifest;
}

export interface Selection<T> {
  readonly chosen: Candidate<T>[];
  /** Items skipped, with why (for the log). */
  readonly skipped: { readonly candidate: Candidate<T>; readonly reason: string }[];
}

/**
 * Keeps the items of `runId`; of items from the same job (same job name: a re-run gets a new job id
 * but keeps its name), only the newest attempt (then the highest job id). Items without a job name
 * are each their own job.
 */
export function newestPerJob<T>(candidates: readonly Candidate<T>[], runId: number): Selection<T> {
  const skipped: Selection<T>['skipped'] = [];
  const byJob = new Map<string, Candidate<T>>();
  const newer = (a: Manifest, b: Manifest): boolean =>
    a.runAttempt > b.runAttempt || (a.runAttempt === b.runAttempt && a.jobId > b.jobId);
  for (const candidate of candidates) {
    const m = candidate.manifest;
    if (m.runId !== runId) {
      skipped.push({ candidate, reason: `stored by run ${m.runId}, not this run` });
      continue;
    }
    const key = m.jobName !== undefined ? `name:${m.jobName}` : `id:${m.jobId}`;
    const current = byJob.get(key);
    if (current === undefined) {
      byJob.set(key, candidate);
    } else if (newer(m, current.manifest)) {
      skipped.push({ candidate: current, reason: `superseded by ${describeJob(m)}` });
      byJob.set(key, candidate);
    } else {
      skipped.push({ candidate, reason: `superseded by ${describeJob(current.manifest)}` });
    }
  }
  const chosen = [...byJob.values()].sort((a, b) => a.manifest.jobId - b.manifest.jobId);
  return { chosen, skipped };
}

/**
 * One message per asset name two jobs both stored (compared after GitHub's sanitising, as publish
 * will upload them), naming both jobs and both files. Empty when the names are disjoint.
 */
export function nameClashes(chosen: readonly Candidate<unknown>[]): string[] {
  const owner = new Map<string, { manifest: Manifest; name: string }>();
  const clashes: string[] = [];
  for (const { manifest } of chosen) {
    for (const file of manifest.files) {
      const asset = sanitizeAssetName(file.name);
      const first = owner.get(asset);
      if (first === undefined) owner.set(asset, { manifest, name: file.name });
      else {
        const same =
          first.name === file.name
            ? `'${file.name}'`
            : `'${first.name}' and '${file.name}' (both the asset '${asset}')`;
        clashes.push(`Jobs ${describeJob(first.manifest)} and ${describeJob(manifest)} both stored ${same}`);
      }
    }
  }
  return clashes;
}

/** A job of the run as the jobs API lists it, per attempt. */
export interface AttemptJob {
  readonly id: number;
  readonly name: string;
  readonly runAttempt: number;
}

/**
 * Before anything is downloaded: of the listed items (named by job id), only those of the newest
 * attempt of each job name. An item whose job the jobs API does not know is kept (its manifest
 * decides after download). Since July 2026 the listing also holds earlier attempts' items, whose
 * download may fail (actions/download-artifact#486): choosing first avoids them.
 */
export function newestAttemptItems<T extends { readonly jobId: number; readonly name: string }>(
  items: readonly T[],
  jobs: readonly AttemptJob[],
): { chosen: T[]; skipped: { item: T; reason: string }[] } {
  const jobOf = new Map(jobs.map((j) => [j.id, j]));
  const newest = new Map<string, AttemptJob>();
  for (const item of items) {
    const job = jobOf.get(item.jobId);
    if (job === undefined) continue;
    const current = newest.get(job.name);
    if (
      current === undefined ||
      job.runAttempt > current.runAttempt ||
      (job.runAttempt === current.runAttempt && job.id > current.id)
    )
      newest.set(job.name, job);
  }
  const chosen: T[] = [];
  const skipped: { item: T; reason: string }[] = [];
  for (const item of items) {
    const job = jobOf.get(item.jobId);
    const winner = job && newest.get(job.name);
    if (job === undefined || winner === undefined || winner.id === job.id) chosen.push(item);
    else
      skipped.push({
        item,
        reason: `stored by attempt ${job.runAttempt} of job '${job.name}', superseded by attempt ${winner.runAttempt} (job ${winner.id})`,
      });
  }
  return { chosen, skipped };
}
