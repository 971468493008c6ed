/**
 * Which Numbered releases retention deletes (SPEC §3.4). Only finished Numbered releases of this
 * workflow and branch, identified by marker, are ever candidates.
 */
import type { ReleaseSummary } from './types.ts';

/** Input of {@link selectRetention}. */
export interface RetentionInput {
  readonly releases: readonly ReleaseSummary[];
  readonly workflowId: number;
  /** The branch, verbatim (as in markers). */
  readonly branch: string;
  /** `numbered-keep-count`: how many to keep, newer runs' and this run's included; 0 = no count limit. */
  readonly keepCount: number;
  /** `numbered-keep-age` in seconds: delete releases published longer ago; 0 = no age limit. */
  readonly keepAgeSeconds: number;
  readonly now: Date;
  /** The publishing run's number: only releases of lower run numbers are ever deleted. */
  readonly ownRunNumber: number;
}

/**
 * The releases to delete, oldest run first. Candidates are published (non-draft) releases whose
 * marker is kind `numbered` with this workflow id and exactly this branch, ranked by run number,
 * newest first. A candidate is deleted only when its run number is lower than `ownRunNumber` (as the
 * Travis tool only trimmed build numbers below its own), and then when it ranks beyond `keepCount`
 * (if > 0) or was published more than `keepAgeSeconds` before `now` (if > 0). So a re-run of an old
 * run keeps its own release and every newer one, and trims only below itself; the next new run
 * brings the count back to `keepCount`. A candidate without a readable `publishedAt` is never deleted
 * for its age.
 */
export function selectRetention(input: RetentionInput): ReleaseSummary[] {
  const { keepCount, keepAgeSeconds } = input;
  if (!Number.isSafeInteger(keepCount) || keepCount < 0)
    throw new Error(`keepCount must be a non-negative integer, got ${keepCount}`);
  if (!Number.isSafeInteger(keepAgeSeconds) || keepAgeSeconds < 0) {
    throw new Error(`keepAgeSeconds must be a non-negative integer, got ${keepAgeSeconds}`);
  }
  const ranked = input.releases
    .filter(
      (r) =>
        !r.draft &&
        r.marker?.kind === 'numbered' &&
        r.marker.workflowId === input.workflowId &&
        r.marker.branch === input.branch,
    )
    .sort((a, b) => runNumberOf(b) - runNumberOf(a) || b.id - a.id);
  const cutoffMs = input.now.getTime() - keepAgeSeconds * 1000;
  const doomed = ranked.filter((r, rank) => {
    if (runNumberOf(r) >= input.ownRunNumber) return false;
    if (keepCount > 0 && rank >= keepCount) return true;
    if (keepAgeSeconds === 0 || r.publishedAt === null) return false;
    const publishedMs = Date.parse(r.publishedAt);
    return Number.isFinite(publishedMs) && publishedMs < cutoffMs;
  });
  return doomed.sort((a, b) => runNumberOf(a) - runNumberOf(b) || a.id - b.id);
}

function runNumberOf(r: ReleaseSummary): number {
  return r.marker?.runNumber ?? 0;
}

export interface LeftoverInput {
  readonly releases: readonly ReleaseSummary[];
  /** The incomplete tags this publish step created its drafts under. */
  readonly incompleteTags: readonly string[];
  readonly runId: number;
  readonly runAttempt: number;
}

/**
 * Drafts this very publish step left behind once all its releases are written: drafts under one of
 * its incomplete tags whose marker names this run attempt. Its own drafts are by then published
 * (under their final tags) or deleted, so any such draft is a second creation: GitHub created the
 * first, but its answer was lost and the creation was retried.
 */
export function selectLeftoverDrafts(input: LeftoverInput): ReleaseSummary[] {
  const tags = new Set(input.incompleteTags);
  return input.releases.filter(
    (r) =>
      r.draft &&
      tags.has(r.tagName) &&
      r.marker !== undefined &&
      r.marker.kind !== 'store' &&
      r.marker.runId === input.runId &&
      r.marker.runAttempt === input.runAttempt,
  );
}
