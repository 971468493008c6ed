/**
 * Which drafts `cleanup` deletes (SPEC §3.6, §4). Only drafts carrying this workflow's marker are
 * candidates; a run that is still unfinished keeps everything it made.
 */
import type { ReleaseSummary, RunSummary } from './types.ts';

/** Whose leftovers: this job's, this run's (any attempt), or finished/deleted earlier runs'. */
export type CleanupScope = 'current-job' | 'current-run' | 'previous-runs';
/** Which leftovers: stored-item drafts (releases backend) or incomplete release drafts. */
export type CleanupWhat = 'store' | 'incomplete';

/** Input of {@link planCleanup}. */
export interface CleanupInput {
  readonly releases: readonly ReleaseSummary[];
  /**
   * Runs named by candidate markers, by run id. A run id missing here means the runs API does not
   * know it (404: the run was deleted); a run the caller could not look up for another reason must
   * not be passed as missing.
   */
  readonly runs: ReadonlyMap<number, RunSummary>;
  readonly current: { readonly workflowId: number; readonly runId: number; readonly jobId?: number };
  readonly scopes: ReadonlySet<CleanupScope>;
  readonly what: ReadonlySet<CleanupWhat>;
  readonly incompletePrefix: string;
}

/** A release to delete and why (for the log and the job summary). */
export interface CleanupItem {
  readonly release: ReleaseSummary;
  readonly reason: string;
}

/**
 * The drafts to delete. A release qualifies only if it is a draft whose marker has this workflow id,
 * and it is a `store` draft (what=store) or a latest/numbered/tag draft whose tag name starts with
 * `incompletePrefix` (what=incomplete), and its run falls in a scope:
 * - current-job: marker run id = this run and marker job id = this job (needs `current.jobId`; only
 *   markers that record a job id, i.e. stored items, can match);
 * - current-run: marker run id = this run;
 * - previous-runs: another run that the runs API reports completed, or does not know (deleted);
 *   never a run that is requested, queued, pending, waiting or in progress.
 * Published releases and releases without this workflow's marker are never returned.
 */
export function planCleanup(input: CleanupInput): CleanupItem[] {
  const { current } = input;
  const items: CleanupItem[] = [];
  for (const release of input.releases) {
    const m = release.marker;
    if (!release.draft || m === undefined || m.workflowId !== current.workflowId) continue;
    let what: string;
    if (m.kind === 'store') {
      if (!input.what.has('store')) continue;
      what = `stored files of job ${m.jobId ?? '?'}`;
    } else {
      if (
        !input.what.has('incomplete') ||
        input.incompletePrefix === '' ||
        !release.tagName.startsWith(input.incompletePrefix)
      )
        continue;
      what = `incomplete ${m.kind} release ${release.tagName}`;
    }
    const whose = scopeReason(input, m.runId, m.jobId);
    if (whose !== undefined) items.push({ release, reason: `${what} ${whose}` });
  }
  return items;
}

/** Why the run/job falls in a requested scope, or undefined when it does not. */
function scopeReason(input: CleanupInput, runId: number, jobId: number | undefined): string | undefined {
  const { current, scopes } = input;
  if (runId === current.runId) {
    if (scopes.has('current-run')) return 'of this run';
    if (scopes.has('current-job') && current.jobId !== undefined && jobId === current.jobId) return 'of this job';
    return undefined;
  }
  if (!scopes.has('previous-runs')) return undefined;
  const run = input.runs.get(runId);
  if (run === undefined) return `of run ${runId}, which no longer exists`;
  if (run.status !== 'completed') return undefined;
  return `of run #${run.runNumber} (id ${runId}), which completed${run.conclusion === null ? '' : ` (${run.conclusion})`}`;
}
