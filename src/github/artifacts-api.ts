/**
 * The REST side of Actions artifacts, for what `@actions/artifact` cannot do: it only sees the
 * current run (runtime token), so `cleanup` of earlier runs' stored items lists and deletes through
 * `GET/DELETE /repos/{o}/{r}/actions/artifacts`, with `token`. Deleting needs `actions: write`.
 */
import type { RepositoryRef } from '../settings.ts';
import type { Octokit } from './octokit.ts';
import { apiCall, isStatus, errorContextFor, type ErrorContext } from './api-errors.ts';

export interface RepoArtifact {
  readonly id: number;
  readonly name: string;
  readonly expired: boolean;
}

export interface RepoArtifactsApi {
  /** Every artifact of the repository whose name starts with `prefix` (pagination followed). */
  list(prefix: string): Promise<RepoArtifact[]>;
  /** Deletes the artifact; false when it was already gone. */
  remove(id: number): Promise<boolean>;
}

export class OctokitRepoArtifactsApi implements RepoArtifactsApi {
  private readonly octokit: Octokit;
  private readonly repository: RepositoryRef;
  private readonly ctx: (permission: string) => ErrorContext;

  constructor(octokit: Octokit, repository: RepositoryRef) {
    this.octokit = octokit;
    this.repository = repository;
    this.ctx = errorContextFor('token', repository);
  }

  async list(prefix: string): Promise<RepoArtifact[]> {
    return apiCall('List artifacts', this.ctx('actions: read'), async () => {
      const all = await this.octokit.paginate(this.octokit.rest.actions.listArtifactsForRepo, { ...this.repository, per_page: 100 });
      return all.filter((a) => a.name.startsWith(prefix)).map((a) => ({ id: a.id, name: a.name, expired: a.expired }));
    });
  }

  async remove(id: number): Promise<boolean> {
    try {
      await apiCall(`Delete artifact ${id}`, this.ctx('actions: write'), () =>
        this.octokit.rest.actions.deleteArtifact({ ...this.repository, artifact_id: id }));
      return true;
    } catch (error) {
      if (isStatus(error, 404)) return false;
      throw error;
    }
  }
}
