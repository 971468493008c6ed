/**
 * Did this job fail or get cancelled? Asked by the post step before it removes the job's stored item.
 *
 * The primary signal is the runner itself: action.yml's `post-if: failure() || cancelled()` runs the
 * post step only then (post-if status functions see the job's status). As a second opinion, where the
 * token may read the jobs API, the job's steps are looked at: a job whose finished steps all
 * succeeded keeps its item, so a `post-if: always()` can never delete a good job's files.
 */

export interface JobSteps {
  readonly conclusion: string | null;
  readonly steps: readonly { readonly name: string; readonly status: string; readonly conclusion: string | null }[];
}

export type JobOutcome =
  { readonly failed: true; readonly reason: string } | { readonly failed: false; readonly reason: string };

const FAILED = new Set(['failure', 'cancelled', 'timed_out']);

/** `job` undefined = the jobs API could not be asked; then the runner's post-if decision stands. */
export function judgeJob(job: JobSteps | undefined): JobOutcome {
  if (job === undefined)
    return {
      failed: true,
      reason: 'the runner ran the post step for a failed or cancelled job (jobs API not readable)',
    };
  if (job.conclusion !== null && FAILED.has(job.conclusion))
    return { failed: true, reason: `the job concluded '${job.conclusion}'` };
  const bad = job.steps.find((s) => s.conclusion !== null && FAILED.has(s.conclusion));
  if (bad) return { failed: true, reason: `step '${bad.name}' concluded '${bad.conclusion}'` };
  const finished = job.steps.filter((s) => s.status === 'completed');
  if (finished.length > 0) return { failed: false, reason: `all ${finished.length} finished steps succeeded` };
  return {
    failed: true,
    reason: 'the runner ran the post step for a failed or cancelled job (the jobs API shows no steps)',
  };
}
