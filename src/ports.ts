/**
 * The ports: the types every layer shares. `Deps` is what a mode receives — the run's facts and the
 * adapters to GitHub and the artifact store — and `Logger` where it writes. The interfaces here are
 * what src/github/ and @actions/artifact are reached through; deps.ts builds the implementations,
 * tests pass plain fakes.
 */
import type { RepositoryRef } from './settings.ts';
import type { PrimaryBudget } from './planning/budget.ts';
import type { Comparison } from './planning/changes.ts';
import type { TokenInput } from './planning/permissions.ts';
import type { RunStatus, RunSummary } from './planning/types.ts';
import type { RunContext } from './github/context.ts';
import type { Pacing } from './github/pacing.ts';
import type { ProgressCallback } from './github/replayable-body.ts';
import type { AccessProbe } from './preflight/probe.ts';
import type { JobSteps } from './store/job-outcome.ts';

export type { JobSteps };

/** Where modes write what they say; core's functions in production, arrays in tests. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  notice(message: string): void;
  debug(message: string): void;
}

export interface Deps {
  readonly context: RunContext;
  /** Releases of the publish target (`repository`), with `release-token`. */
  readonly releases: ReleasesApi;
  /** Releases of the source repository, with `token` (the releases store backend keeps drafts there). */
  readonly sourceReleases: ReleasesApi;
  /** Runs, jobs and commit statuses of the source repository, with `token`. */
  readonly runs: RunsApi;
  /** Per token input, the preflight's probes (src/preflight); absent in unit tests with fakes. */
  readonly access?: Readonly<Record<TokenInput, AccessProbe>>;
  /** Pacing and rate-limit waits of the release token's requests; absent in unit tests with fakes. */
  readonly pacing?: Pacing;
  /** `@actions/artifact`'s client for the current run's artifacts, loaded on first use. */
  readonly artifactClient: () => ArtifactClientPort;
  /** The source repository's artifacts over REST with `token` (earlier runs' stored items). */
  readonly repoArtifacts: () => RepoArtifactsApi;
  readonly log: Logger;
  /** Records post-step state as soon as a resource exists. */
  readonly saveState: (key: string, value: string) => void;
  readonly now: () => Date;
}

// GitHub Releases and tags of one repository (src/github/releases-api.ts).

export interface ReleaseData {
  readonly id: number;
  readonly tagName: string;
  readonly name: string;
  readonly body: string;
  readonly draft: boolean;
  readonly prerelease: boolean;
  readonly createdAt: string;
  readonly publishedAt: string | null;
  readonly htmlUrl: string;
  readonly uploadUrl: string;
  readonly targetCommitish: string;
  readonly immutable: boolean;
  /** The assets GitHub listed in its answer, where it gave them (it documents no cap, nor promises none). */
  readonly assets?: readonly AssetData[];
}

export interface AssetData {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  /** `uploaded` when complete; anything else is a half-uploaded leftover holding the name. */
  readonly state: string;
  /** `sha256:<hex>`, or null where GitHub has not computed it. */
  readonly digest: string | null;
  readonly browserDownloadUrl: string;
}

export interface ReleaseFields {
  readonly tagName: string;
  readonly name?: string;
  readonly body?: string;
  readonly draft?: boolean;
  readonly prerelease?: boolean;
  readonly targetCommitish?: string;
  readonly makeLatest?: 'true' | 'false' | 'legacy';
}

export interface UploadFile {
  readonly path: string;
  readonly name: string;
  readonly size: number;
}

export type ImmutableSetting = 'on' | 'off' | 'unknown';

export interface ReleasesApi {
  readonly repository: RepositoryRef;
  listReleases(): Promise<ReleaseData[]>;
  getReleaseByTag(tag: string): Promise<ReleaseData | undefined>;
  createRelease(fields: ReleaseFields): Promise<ReleaseData>;
  /** Always sends tag_name: a PATCH without it can reset a draft to `untagged-…`. */
  updateRelease(id: number, fields: ReleaseFields): Promise<ReleaseData>;
  /** Deletes the release (not its tag); false when it was already gone. */
  deleteRelease(id: number): Promise<boolean>;
  listAssets(releaseId: number): Promise<AssetData[]>;
  uploadAsset(release: ReleaseData, file: UploadFile, onProgress?: ProgressCallback): Promise<AssetData>;
  deleteAsset(id: number): Promise<boolean>;
  /** Streams an asset's bytes to `destination`. */
  downloadAsset(id: number, destination: string): Promise<void>;
  /**
   * Deletes `refs/tags/<tag>`; false when there was no such tag (404, or 422 "Reference does not
   * exist": rulesets answer 422 too, with other messages, and those are errors).
   */
  deleteTag(tag: string): Promise<boolean>;
  /**
   * Points `refs/tags/<tag>` at `sha`: a forced update of the existing ref, else its creation.
   * `likelyExists` (default true) only picks which of the two is tried first.
   */
  moveTag(tag: string, sha: string, likelyExists?: boolean): Promise<void>;
  /** The commit sha a branch name, tag name or full sha names; undefined when it names nothing. */
  commitSha(commitish: string): Promise<string | undefined>;
  getTagSha(tag: string): Promise<string | undefined>;
  /** The repository setting: `unknown` when the token may not read it (403: administration read). */
  immutableReleasesEnabled(): Promise<ImmutableSetting>;
  defaultBranch(): Promise<string>;
  /** The token's primary budget (`GET /rate_limit`, not counted); undefined where rate limiting is off (GHES). */
  primaryBudget(): Promise<PrimaryBudget | undefined>;
}

// Runs, jobs, statuses and commits of the source repository (src/github/runs-api.ts).

export interface RunDetails extends RunSummary {
  readonly headSha: string;
  readonly htmlUrl: string;
}

export interface JobSummary {
  readonly id: number;
  readonly runId: number;
  readonly runAttempt: number;
  readonly name: string;
  readonly status: RunStatus;
  readonly conclusion: string | null;
  readonly runnerName: string | null;
}

export interface CommitStatus {
  readonly state: 'error' | 'failure' | 'pending' | 'success';
  readonly targetUrl?: string;
  readonly description: string;
  readonly context: string;
}

export interface RunsApi {
  readonly repository: RepositoryRef;
  getRun(runId: number): Promise<RunDetails>;
  /**
   * Runs of a workflow on a branch (or tag), newest first, stopping once `stopBelowRunNumber` is
   * passed: only newer runs matter to the Latest decision, so old history is never paged through.
   */
  listWorkflowRuns(workflowId: number, branch: string, stopBelowRunNumber: number): Promise<RunDetails[]>;
  /** Jobs of the run's given attempt (GitHub's `filter=latest` when attempt is undefined). */
  listJobs(runId: number, attempt?: number): Promise<JobSummary[]>;
  /** One job with its steps (the post step's second opinion on whether the job failed). */
  getJobSteps(jobId: number): Promise<JobSteps>;
  createCommitStatus(sha: string, status: CommitStatus): Promise<void>;
  /** GitHub's comparison `base...head` (needs contents: read on the source). */
  compareCommits(base: string, head: string): Promise<Comparison>;
}

// Actions artifacts: the REST side (src/github/artifacts-api.ts) and @actions/artifact's client.

export interface RepoArtifact {
  readonly id: number;
  readonly name: string;
  readonly expired: boolean;
}

export interface FinishedRun {
  readonly id: number;
  readonly runNumber: number;
  readonly conclusion: string | null;
}

export interface RepoArtifactsApi {
  /** The workflow's most recent completed runs, newest first: one page of at most `limit`. */
  recentCompletedRuns(workflowId: number, limit: number): Promise<FinishedRun[]>;
  /** The artifacts of one run whose name starts with `prefix` (pagination followed). */
  listForRun(runId: number, prefix: string): Promise<RepoArtifact[]>;
  /** Deletes the artifact; false when it was already gone. */
  remove(id: number): Promise<boolean>;
}

/** The part of `@actions/artifact`'s client this backend uses; tests pass a fake. */
export interface ArtifactClientPort {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { retentionDays?: number; compressionLevel?: number },
  ): Promise<{ id?: number; size?: number }>;
  listArtifacts(options?: { latest?: boolean }): Promise<{ artifacts: { id: number; name: string; size: number }[] }>;
  downloadArtifact(
    artifactId: number,
    options?: {
      path?: string;
      skipDecompress?: boolean;
      findBy?: { token: string; workflowRunId: number; repositoryOwner: string; repositoryName: string };
    },
  ): Promise<{ downloadPath?: string }>;
  deleteArtifact(artifactName: string): Promise<{ id: number }>;
}
