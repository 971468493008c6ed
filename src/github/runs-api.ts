/**
 * The port to the source repository's Actions data (workflow runs, jobs) and commit statuses, and
 * its Octokit adapter. Uses `token`, never `release-token` (SPEC §7).
 */
import type { RepositoryRef } from '../settings.ts';
import type { Comparison } from '../planning/changes.ts';
import type { CommitStatus, JobSteps, JobSummary, RunDetails, RunsApi } from '../ports.ts';
import type { Octokit } from './octokit.ts';
import { apiCall, errorContextFor, type ErrorContext } from './api-errors.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- GitHub payloads are mapped field by field here. */
function toRun(r: any): RunDetails {
  return {
    id: r.id,
    workflowId: r.workflow_id,
    runNumber: r.run_number,
    runAttempt: r.run_attempt ?? 1,
    status: r.status,
    conclusion: r.conclusion ?? null,
    event: r.event,
    headBranch: r.head_branch ?? null,
    headSha: r.head_sha,
    htmlUrl: r.html_url,
  };
}

function toJob(j: any): JobSummary {
  return {
    id: j.id,
    runId: j.run_id,
    runAttempt: j.run_attempt ?? 1,
    name: j.name,
    status: j.status,
    conclusion: j.conclusion ?? null,
    runnerName: j.runner_name ?? null,
  };
}

function toComparison(c: any): Comparison {
  return {
    status: c.status,
    aheadBy: c.ahead_by,
    commits: (c.commits as any[]).map((commit) => ({
      sha: commit.sha,
      message: commit.commit?.message ?? '',
      author: commit.commit?.author?.name ?? commit.author?.login ?? 'unknown',
    })),
    htmlUrl: c.html_url,
  };
}

export class OctokitRunsApi implements RunsApi {
  readonly repository: RepositoryRef;
  private readonly octokit: Octokit;
  private readonly ctx: (permission: string) => ErrorContext;

  constructor(octokit: Octokit, repository: RepositoryRef) {
    this.octokit = octokit;
    this.repository = repository;
    this.ctx = errorContextFor('token', repository);
  }

  private get repo() {
    return { owner: this.repository.owner, repo: this.repository.repo };
  }

  async getRun(runId: number): Promise<RunDetails> {
    return apiCall(`Get workflow run ${runId}`, this.ctx('actions: read'), async () =>
      toRun((await this.octokit.rest.actions.getWorkflowRun({ ...this.repo, run_id: runId })).data),
    );
  }

  async listWorkflowRuns(workflowId: number, branch: string, stopBelowRunNumber: number): Promise<RunDetails[]> {
    return apiCall(`List runs of workflow ${workflowId} on ${branch}`, this.ctx('actions: read'), async () =>
      this.octokit.paginate(
        this.octokit.rest.actions.listWorkflowRuns,
        { ...this.repo, workflow_id: workflowId, branch, per_page: 100 },
        (response, done) => {
          const runs = (response.data as unknown as any[]).map(toRun);
          if (runs.some((r) => r.runNumber < stopBelowRunNumber)) done();
          return runs;
        },
      ),
    );
  }

  async listJobs(runId: number, attempt?: number): Promise<JobSummary[]> {
    return apiCall(`List jobs of run ${runId}`, this.ctx('actions: read'), async () => {
      const jobs =
        attempt === undefined
          ? await this.octokit.paginate(this.octokit.rest.actions.listJobsForWorkflowRun, {
              ...this.repo,
              run_id: runId,
              filter: 'latest',
              per_page: 100,
            })
          : await this.octokit.paginate(this.octokit.rest.actions.listJobsForWorkflowRunAttempt, {
              ...this.repo,
              run_id: runId,
              attempt_number: attempt,
              per_page: 100,
            });
      return jobs.map(toJob);
    });
  }

  async getJobSteps(jobId: number): Promise<JobSteps> {
    return apiCall(`Get job ${jobId}`, this.ctx('actions: read'), async () => {
      const { data } = await this.octokit.rest.actions.getJobForWorkflowRun({ ...this.repo, job_id: jobId });
      return {
        conclusion: data.conclusion ?? null,
        steps: (data.steps ?? []).map((step) => ({
          name: step.name,
          status: step.status,
          conclusion: step.conclusion ?? null,
        })),
      };
    });
  }

  async createCommitStatus(sha: string, status: CommitStatus): Promise<void> {
    await apiCall(`Create commit status ${status.context}`, this.ctx('statuses: write'), () =>
      this.octokit.rest.repos.createCommitStatus({
        ...this.repo,
        sha,
        state: status.state,
        description: status.description.slice(0, 140),
        context: status.context,
        ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
      }),
    );
  }

  async compareCommits(base: string, head: string): Promise<Comparison> {
    // Without page or per_page GitHub answers in one response: at most 250 commits, the newest
    // ones, and the full count in ahead_by, which is all the list of changes shows.
    return apiCall(`Compare ${base.slice(0, 7)}...${head.slice(0, 7)}`, this.ctx('contents: read'), async () =>
      toComparison(
        (await this.octokit.rest.repos.compareCommitsWithBasehead({ ...this.repo, basehead: `${base}...${head}` }))
          .data,
      ),
    );
  }
}
