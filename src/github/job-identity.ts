/**
 * This job's id (its check-run id). The `job-id` input (default `${{ job.check_run_id }}`) gives it
 * directly; otherwise the jobs API names the in-progress job of this attempt on this runner.
 */
import type { RunContext } from './context.ts';
import type { RunsApi } from './runs-api.ts';

export async function resolveJobId(given: number | undefined, context: RunContext, runs: RunsApi): Promise<number> {
  if (given !== undefined) return given;
  const jobs = await runs.listJobs(context.runId, context.runAttempt);
  const mine = jobs.filter((j) => j.status === 'in_progress' && j.runnerName !== null && j.runnerName === context.runnerName);
  if (mine.length === 1 && mine[0]) return mine[0].id;
  throw new Error(
    `Cannot tell this job's id: ${mine.length} in-progress jobs of run ${context.runId} attempt ${context.runAttempt} run on runner '${context.runnerName}'. ` +
    "Set input 'job-id' to ${{ job.check_run_id }}.",
  );
}
