/** Plain fakes of the ports the store modes use: run context, jobs API, releases API, deps. */
import type { Comparison } from '../../src/planning/changes.ts';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps, Logger } from '../../src/ports.ts';
import type { RunContext } from '../../src/github/context.ts';
import type { AssetData, ReleaseData, ReleaseFields, ReleasesApi, UploadFile } from '../../src/ports.ts';
import type {
  ArtifactClientPort,
  JobSteps,
  JobSummary,
  RepoArtifactsApi,
  RunDetails,
  RunsApi,
} from '../../src/ports.ts';
import { hashFile } from '../../src/shared/hashing.ts';

export function makeContext(o: Partial<RunContext> & { workspace: string; tempDir: string }): RunContext {
  return {
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    repository: { owner: 'octo', repo: 'app' },
    runId: 500,
    runNumber: 41,
    runAttempt: 1,
    sha: 'a'.repeat(40),
    ref: 'refs/heads/main',
    refName: 'main',
    refType: 'branch',
    eventName: 'push',
    runnerName: 'runner-1',
    job: 'build',
    ...o,
  };
}

export class FakeRuns implements RunsApi {
  readonly repository = { owner: 'octo', repo: 'app' };
  jobs: JobSummary[] = [];
  forbidden = false;
  async getRun(runId: number): Promise<RunDetails> {
    return {
      id: runId,
      workflowId: 9,
      runNumber: 41,
      runAttempt: 1,
      status: 'in_progress',
      conclusion: null,
      event: 'push',
      headBranch: 'main',
      headSha: 'a'.repeat(40),
      htmlUrl: '',
    };
  }
  async listWorkflowRuns(): Promise<RunDetails[]> {
    return [];
  }
  async listJobs(runId: number, attempt?: number): Promise<JobSummary[]> {
    if (this.forbidden) throw new Error('List jobs: 403 Resource not accessible by integration');
    return this.jobs.filter((j) => j.runId === runId && (attempt === undefined || j.runAttempt === attempt));
  }
  /** Steps as a test sets them per job id; a job without any reads as concluded successfully. */
  jobSteps = new Map<number, JobSteps>();
  async getJobSteps(jobId: number): Promise<JobSteps> {
    return this.jobSteps.get(jobId) ?? { conclusion: 'success', steps: [] };
  }

  async createCommitStatus(): Promise<void> {}
  /** Set by tests that read `{changes}`; a comparison nobody set is a bug in the test. */
  comparison: Comparison | undefined;
  async compareCommits(): Promise<Comparison> {
    if (this.comparison === undefined) throw new Error('Compare: 403 Resource not accessible by integration');
    return this.comparison;
  }
}

export function job(id: number, name: string, o: Partial<JobSummary> = {}): JobSummary {
  return {
    id,
    runId: 500,
    runAttempt: 1,
    name,
    status: 'in_progress',
    conclusion: null,
    runnerName: `runner-${id}`,
    ...o,
  };
}

/** Releases in memory, asset bytes in `dir`; GitHub's digest reported on every upload. */
export class FakeReleases implements ReleasesApi {
  readonly repository = { owner: 'octo', repo: 'app' };
  readonly releases: (Omit<ReleaseData, 'assets'> & { assets: (AssetData & { path: string })[] })[] = [];
  private nextId = 1;
  private readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }
  async listReleases(): Promise<ReleaseData[]> {
    return [...this.releases];
  }
  async getReleaseByTag(tag: string) {
    return this.releases.find((r) => !r.draft && r.tagName === tag);
  }
  async createRelease(f: ReleaseFields): Promise<ReleaseData> {
    const release = {
      id: this.nextId++,
      tagName: f.tagName,
      name: f.name ?? '',
      body: f.body ?? '',
      draft: f.draft ?? false,
      prerelease: f.prerelease ?? false,
      createdAt: '',
      publishedAt: null,
      htmlUrl: '',
      uploadUrl: '',
      targetCommitish: '',
      immutable: false,
      assets: [],
    };
    this.releases.push(release);
    return release;
  }
  async updateRelease(_id: number, _fields: ReleaseFields): Promise<ReleaseData> {
    throw new Error('not used');
  }
  async deleteRelease(id: number): Promise<boolean> {
    const i = this.releases.findIndex((r) => r.id === id);
    if (i < 0) return false;
    this.releases.splice(i, 1);
    return true;
  }
  async listAssets(releaseId: number): Promise<AssetData[]> {
    return this.releases.find((r) => r.id === releaseId)?.assets ?? [];
  }
  async uploadAsset(release: ReleaseData, file: UploadFile): Promise<AssetData> {
    const target = this.releases.find((r) => r.id === release.id);
    if (!target) throw new Error('no release');
    const id = this.nextId++;
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `asset-${id}`);
    await copyFile(file.path, path);
    const { sha256 } = await hashFile(path);
    const asset = {
      id,
      name: file.name,
      size: (await stat(path)).size,
      state: 'uploaded',
      digest: `sha256:${sha256}`,
      browserDownloadUrl: '',
      path,
    };
    target.assets.push(asset);
    return asset;
  }
  async deleteAsset(): Promise<boolean> {
    return true;
  }
  async downloadAsset(id: number, destination: string): Promise<void> {
    const asset = this.releases.flatMap((r) => r.assets).find((a) => a.id === id);
    if (!asset) throw new Error(`no asset ${id}`);
    await copyFile(asset.path, destination);
  }
  async deleteTag(): Promise<boolean> {
    return false;
  }
  async moveTag(_tag: string, _sha: string): Promise<void> {}
  async commitSha(commitish: string) {
    return commitish;
  }
  async getTagSha() {
    return undefined;
  }
  async immutableReleasesEnabled(): Promise<'on' | 'off' | 'unknown'> {
    return 'off';
  }
  async defaultBranch() {
    return 'main';
  }
  async primaryBudget() {
    return undefined;
  }
}

export interface RecordingLogger extends Logger {
  readonly lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warning: (m) => lines.push(`warning: ${m}`),
    notice: (m) => lines.push(`notice: ${m}`),
    debug: () => undefined,
  };
}

/** A `Deps` part no test of this kind reaches: fails loudly if one does. */
function notInThisTest(what: string): () => never {
  return () => {
    throw new Error(`${what} is not part of this test's fakes`);
  };
}

export function makeDeps(
  context: RunContext,
  o: {
    runs?: FakeRuns;
    releases?: FakeReleases;
    state?: Map<string, string>;
    artifactClient?: ArtifactClientPort;
    repoArtifacts?: RepoArtifactsApi;
  } = {},
): Deps & { log: RecordingLogger; state: Map<string, string> } {
  const state = o.state ?? new Map<string, string>();
  const releases = o.releases ?? new FakeReleases(join(context.tempDir, 'fake-assets'));
  return {
    context,
    releases,
    sourceReleases: releases,
    runs: o.runs ?? new FakeRuns(),
    artifactClient: o.artifactClient ? () => o.artifactClient as ArtifactClientPort : notInThisTest('artifactClient'),
    repoArtifacts: o.repoArtifacts ? () => o.repoArtifacts as RepoArtifactsApi : notInThisTest('repoArtifacts'),
    log: recordingLogger(),
    saveState: (k, v) => state.set(k, v),
    now: () => new Date('2026-01-01T00:00:00Z'),
    state,
  };
}
