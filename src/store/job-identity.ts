/**
 * Which job this is: the `job-id` input (`${{ job.check_run_id }}`), else the jobs API's in-progress
 * job of this attempt on this runner (SPEC §3.1). The job's display name (matrix values included) is
 * read too, best effort: collect uses it to keep only the newest attempt of each job.
 */
import type { Logger } from '../ports.ts';
import type { RunContext } from '../github/context.ts';
import type { JobSummary, RunsApi } from '../ports.ts';

export interface JobIdentity {
  readonly jobId: number;
  readonly jobName: string | undefined;
}

export async function identifyJob(
  given: number | undefined,
  context: RunContext,
  runs: RunsApi,
  log: Logger,
): Promise<JobIdentity> {
  let jobs: JobSummary[];
  try {
    jobs = await runs.listJobs(context.runId, context.runAttempt);
  } catch (error) {
    if (given === undefined) {
      throw new Error(
        `Cannot tell which job this is: the 'job-id' input is empty and listing the jobs failed (${error instanceof Error ? error.message : String(error)}). ` +
          "Set 'job-id: ${{ job.check_run_id }}' or grant 'actions: read'.",
        { cause: error },
      );
    }
    log.debug(
      `Jobs API unavailable, storing without the job's name: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { jobId: given, jobName: undefined };
  }
  if (given !== undefined) return { jobId: given, jobName: jobs.find((j) => j.id === given)?.name };
  const mine = jobs.filter(
    (j) => j.status === 'in_progress' && j.runnerName === context.runnerName && context.runnerName !== '',
  );
  const [job, ...others] = mine;
  if (job === undefined || others.length > 0) {
    throw new Error(
      `Cannot tell which job this is: ${mine.length} in-progress jobs of run ${context.runId} attempt ${context.runAttempt} run on runner '${context.runnerName}'. ` +
        "Set 'job-id: ${{ job.check_run_id }}'.",
    );
  }
  return { jobId: job.id, jobName: job.name };
}
