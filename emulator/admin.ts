/**
 * In-process helpers that set up and inspect state directly (not over HTTP): repositories, commits,
 * branches, workflows, runs and jobs. Tests use them to arrange the world the action sees.
 */
import { randomBytes } from 'node:crypto';
import { ensureTag, markPublished, newReleaseRecord } from './release-rules.ts';
import type { TagRuleset } from './tag-rules.ts';
import type {
  EmulatorState,
  JobRecord,
  ReleaseRecord,
  RepoRecord,
  RunRecord,
  RunStatus,
  StatusRecord,
} from './state.ts';
import { allocateId, nodeIdFor, nowIso, repoKey, toGitHubTime } from './state.ts';

export interface JobHandle {
  readonly id: number;
  readonly record: JobRecord;
  update(o: { status?: RunStatus; conclusion?: string | null; runnerName?: string | null }): void;
  /**
   * The job's steps as the jobs API will show them, replacing any before (GitHub lists the job's steps
   * so far: finished ones with their conclusion, the running one in_progress).
   */
  setSteps(steps: readonly { name: string; status: RunStatus; conclusion?: string | null }[]): void;
}

export interface RunHandle {
  readonly id: number;
  readonly runNumber: number;
  readonly runAttempt: number;
  readonly record: RunRecord;
  update(o: { status?: RunStatus; conclusion?: string | null }): void;
  /** New attempt: run_attempt + 1, status in_progress, conclusion null, the previous attempt's jobs copied as queued. */
  rerun(): RunHandle;
  addJob(o: { name: string; runnerName?: string; status?: RunStatus; conclusion?: string | null }): JobHandle;
  /** Jobs of the latest attempt. */
  jobs(): JobHandle[];
}

export interface SeedRelease {
  tagName: string;
  name?: string;
  body?: string;
  draft?: boolean;
  prerelease?: boolean;
  targetCommitish?: string;
  /** Override creation time (ISO 8601) to control list order. */
  createdAt?: string;
}

export interface RepoHandle {
  readonly owner: string;
  readonly repo: string;
  readonly fullName: string;
  readonly defaultBranch: string;
  readonly record: RepoRecord;
  /**
   * Adds a commit; by default its parent is the commit added before it (a straight history), with a
   * message and author of its own. `parents: []` makes a root (a rewritten history). `touchesWorkflows`:
   * its workflow files differ from the branch heads' (tagging it needs `workflows`).
   */
  addCommit(
    sha?: string,
    o?: { parents?: string[]; message?: string; author?: string; touchesWorkflows?: boolean },
  ): string;
  /** A tag ruleset: matching tags may not be created / moved / deleted, as its rules say. */
  addTagRuleset(ruleset: TagRuleset): void;
  setBranch(name: string, sha: string): void;
  setImmutableReleases(on: boolean): void;
  addWorkflow(path: string, name?: string): { id: number };
  addRun(o: {
    workflowId: number;
    headBranch: string;
    headSha: string;
    event?: string;
    status?: RunStatus;
    conclusion?: string | null;
    runNumber?: number;
    createdAt?: string;
  }): RunHandle;
  /** Creates a release directly (no HTTP), with GitHub's rules: a published one gets its tag if absent. */
  addRelease(o: SeedRelease): ReleaseRecord;
  releases(): ReleaseRecord[];
  tags(): Record<string, string>;
  statuses(sha: string): StatusRecord[];
}

function jobHandle(job: JobRecord): JobHandle {
  return {
    id: job.id,
    record: job,
    update(o) {
      if (o.status !== undefined) job.status = o.status;
      if (o.conclusion !== undefined) job.conclusion = o.conclusion;
      if (o.runnerName !== undefined) job.runnerName = o.runnerName;
      job.completedAt = job.status === 'completed' ? (job.completedAt ?? nowIso()) : null;
    },
    setSteps(steps) {
      const now = nowIso();
      job.steps = steps.map((step, i) => ({
        number: i + 1,
        name: step.name,
        status: step.status,
        conclusion: step.status === 'completed' ? (step.conclusion ?? 'success') : null,
        startedAt: step.status === 'queued' ? null : now,
        completedAt: step.status === 'completed' ? now : null,
      }));
    },
  };
}

function runHandle(state: EmulatorState, run: RunRecord): RunHandle {
  const handle: RunHandle = {
    id: run.id,
    runNumber: run.runNumber,
    get runAttempt() {
      return run.runAttempt;
    },
    record: run,
    update(o) {
      if (o.status !== undefined) run.status = o.status;
      if (o.conclusion !== undefined) run.conclusion = o.conclusion;
      run.updatedAt = nowIso();
    },
    rerun() {
      const previous = run.jobs.filter((job) => job.runAttempt === run.runAttempt);
      run.runAttempt += 1;
      run.status = 'in_progress';
      run.conclusion = null;
      run.runStartedAt = nowIso();
      run.updatedAt = run.runStartedAt;
      for (const job of previous) {
        run.jobs.push(newJob(state, run, { name: job.name, status: 'queued', conclusion: null }));
      }
      return handle;
    },
    addJob(o) {
      const job = newJob(state, run, {
        name: o.name,
        runnerName: o.runnerName,
        status: o.status ?? 'in_progress',
        conclusion: o.conclusion ?? null,
      });
      run.jobs.push(job);
      return jobHandle(job);
    },
    jobs() {
      return run.jobs.filter((job) => job.runAttempt === run.runAttempt).map(jobHandle);
    },
  };
  return handle;
}

function newJob(
  state: EmulatorState,
  run: RunRecord,
  o: { name: string; runnerName?: string | undefined; status: RunStatus; conclusion: string | null },
): JobRecord {
  const now = nowIso();
  return {
    id: allocateId(state),
    runId: run.id,
    runAttempt: run.runAttempt,
    name: o.name,
    status: o.status,
    conclusion: o.conclusion,
    runnerName: o.runnerName ?? null,
    createdAt: now,
    startedAt: now,
    completedAt: o.status === 'completed' ? now : null,
    steps: [],
  };
}

export function createRepo(
  state: EmulatorState,
  o: { owner: string; repo: string; private?: boolean; defaultBranch?: string; immutableReleases?: boolean },
): RepoHandle {
  const record: RepoRecord = {
    id: allocateId(state),
    owner: o.owner,
    name: o.repo,
    private: o.private ?? false,
    defaultBranch: o.defaultBranch ?? 'main',
    immutableReleases: o.immutableReleases ?? false,
    commits: new Set(),
    workflowCommits: new Set(),
    tagRulesets: [],
    commitInfo: new Map(),
    refs: new Map(),
    releases: [],
    latestReleaseId: null,
    burnedTagNames: new Set(),
    workflows: [],
    runs: [],
    statuses: [],
  };
  state.repos.set(repoKey(o.owner, o.repo), record);
  return repoHandle(state, record);
}

export function repoHandle(state: EmulatorState, record: RepoRecord): RepoHandle {
  return {
    owner: record.owner,
    repo: record.name,
    fullName: `${record.owner}/${record.name}`,
    defaultBranch: record.defaultBranch,
    record,
    addCommit(sha, o = {}) {
      const commit = sha ?? randomBytes(20).toString('hex');
      if (!/^[0-9a-f]{40}$/.test(commit)) throw new Error(`addCommit: not a 40-hex sha: ${commit}`);
      const first = record.commits.size === 0;
      const previous = [...record.commitInfo.keys()].pop();
      const parents = o.parents ?? (previous !== undefined ? [previous] : []);
      for (const parent of parents)
        if (!record.commits.has(parent)) throw new Error(`addCommit: unknown parent ${parent}`);
      const author = o.author ?? 'Octo Cat';
      record.commitInfo.set(commit, {
        sha: commit,
        parents,
        message: o.message ?? `Change ${record.commitInfo.size + 1}`,
        author: {
          name: author,
          email: `${author.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.test`,
          date: nowIso(),
        },
      });
      record.commits.add(commit);
      if (o.touchesWorkflows) record.workflowCommits.add(commit);
      if (first) record.refs.set(`refs/heads/${record.defaultBranch}`, commit);
      return commit;
    },
    setBranch(name, sha) {
      record.commits.add(sha);
      record.refs.set(`refs/heads/${name}`, sha);
    },
    addTagRuleset(ruleset) {
      record.tagRulesets.push(ruleset);
    },
    setImmutableReleases(on) {
      record.immutableReleases = on;
    },
    addWorkflow(path, name) {
      const id = allocateId(state);
      const fileName = path.split('/').pop() ?? path;
      record.workflows.push({
        id,
        nodeId: nodeIdFor('Workflow', id),
        name: name ?? fileName.replace(/\.ya?ml$/, ''),
        path,
        createdAt: nowIso(),
      });
      return { id };
    },
    addRun(o) {
      if (!record.workflows.some((w) => w.id === o.workflowId))
        throw new Error(`addRun: unknown workflow ${o.workflowId}`);
      record.commits.add(o.headSha);
      const sameWorkflow = record.runs.filter((r) => r.workflowId === o.workflowId);
      const runNumber = o.runNumber ?? sameWorkflow.reduce((max, r) => Math.max(max, r.runNumber), 0) + 1;
      const now = o.createdAt ? toGitHubTime(o.createdAt) : nowIso();
      const run: RunRecord = {
        id: allocateId(state),
        workflowId: o.workflowId,
        runNumber,
        runAttempt: 1,
        event: o.event ?? 'push',
        status: o.status ?? 'in_progress',
        conclusion: o.conclusion ?? null,
        headBranch: o.headBranch,
        headSha: o.headSha,
        createdAt: now,
        updatedAt: now,
        runStartedAt: now,
        jobs: [],
      };
      record.runs.push(run);
      return runHandle(state, run);
    },
    addRelease(o) {
      const release = newReleaseRecord(state, {
        tagName: o.tagName,
        targetCommitish: o.targetCommitish ?? record.defaultBranch,
        name: o.name ?? null,
        body: o.body ?? null,
        prerelease: o.prerelease ?? false,
        ...(o.createdAt ? { createdAt: toGitHubTime(o.createdAt) } : {}),
      });
      if (!o.draft) ensureTag(record, o.tagName, release.targetCommitish);
      record.releases.push(release);
      if (!o.draft) markPublished(record, release, 'false');
      return release;
    },
    releases() {
      return record.releases;
    },
    tags() {
      const tags: Record<string, string> = {};
      for (const [ref, sha] of record.refs)
        if (ref.startsWith('refs/tags/')) tags[ref.slice('refs/tags/'.length)] = sha;
      return tags;
    },
    statuses(sha) {
      return record.statuses.filter((s) => s.sha === sha);
    },
  };
}
