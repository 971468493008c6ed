/**
 * The REST side of Actions artifacts, for what `@actions/artifact` cannot do: it only sees the
 * current run (runtime token), so `cleanup` of earlier runs' stored items lists them per run
 * (`GET /repos/{o}/{r}/actions/runs/{run_id}/artifacts`, never the repository's whole list) and
 * deletes them, with `token`. Listing needs `actions: read`, deleting `actions: write`.
 */
import type { RepositoryRef } from '../settings.ts';
import type { FinishedRun, RepoArtifact, RepoArtifactsApi } from '../ports.ts';
import type { Octokit } from './octokit.ts';
import { apiCall, isStatus, errorContextFor, type ErrorContext } from './api-errors.ts';
import { cappedListing } from './listing-cap.ts';

export class OctokitRepoArtifactsApi implements RepoArtifactsApi {
  private readonly octokit: Octokit;
  private readonly repository: RepositoryRef;
  private readonly ctx: (permission: string) => ErrorContext;

  constructor(octokit: Octokit, repository: RepositoryRef) {
    this.octokit = octokit;
    this.repository = repository;
    this.ctx = errorContextFor('token', repository);
  }

  async recentCompletedRuns(workflowId: number, limit: number): Promise<FinishedRun[]> {
    return apiCall(`List completed runs of workflow ${workflowId}`, this.ctx('actions: read'), async () => {
      const { data } = await this.octokit.rest.actions.listWorkflowRuns({
        ...this.repository,
        workflow_id: workflowId,
        status: 'completed',
        per_page: limit,
      });
      return data.workflow_runs.map((r) => ({ id: r.id, runNumber: r.run_number, conclusion: r.conclusion ?? null }));
    });
  }

  async listForRun(runId: number, prefix: string): Promise<RepoArtifact[]> {
    return apiCall(`List artifacts of run ${runId}`, this.ctx('actions: read'), async () => {
      const all = await this.octokit.paginate(
        this.octokit.rest.actions.listWorkflowRunArtifacts,
        { ...this.repository, run_id: runId, per_page: 100 },
        cappedListing(
          `the artifacts of run ${runId}`,
          (response) => response.data as unknown as { id: number; name: string; expired: boolean }[],
        ),
      );
      return all.filter((a) => a.name.startsWith(prefix)).map((a) => ({ id: a.id, name: a.name, expired: a.expired }));
    });
  }

  async remove(id: number): Promise<boolean> {
    try {
      await apiCall(`Delete artifact ${id}`, this.ctx('actions: write'), () =>
        this.octokit.rest.actions.deleteArtifact({ ...this.repository, artifact_id: id }),
      );
      return true;
    } catch (error) {
      if (isStatus(error, 404)) return false;
      throw error;
    }
  }
}
