/**
 * The nightly workflow's jobs on top of a {@link World}: matrix jobs that `store` (each its own job
 * in the run, with its own runtime token, as the runner gives every job one), and the publishing job
 * that `collect`s and `publish`es. Used by the end-to-end tests, the demo and bench/store-collect.ts.
 */
import { runtimeTokenFor } from '../emulator/artifacts/index.ts';
import type { JobHandle, RunHandle } from '../emulator/index.ts';
import type { ActionResult } from './action-runner.ts';
import type { World } from './world.ts';

export type Backend = 'artifacts' | 'releases';

export interface JobRun {
  readonly job: JobHandle;
  readonly workspace: string;
  readonly result: ActionResult;
  /** Wall-clock start and end of the process (ms since the epoch): to show jobs overlapped. */
  readonly startedAt: number;
  readonly endedAt: number;
}

/** ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL the runner hands job `jobId` of `run`. */
export function runnerCredentials(world: World, run: RunHandle, jobId: number): Record<string, string> {
  return {
    ACTIONS_RUNTIME_TOKEN: runtimeTokenFor({ owner: world.repo.owner, repo: world.repo.repo, runId: run.id, jobId }),
    ACTIONS_RESULTS_URL: `${world.emulator.url}/`,
  };
}

/** Runs the bundle (main or post entry) as job `job` of `run`, with that job's runner credentials. */
export function actAsJob(
  world: World,
  run: RunHandle,
  job: JobHandle,
  inputs: Record<string, string>,
  o: {
    workspace: string;
    entry?: 'main' | 'post';
    state?: Record<string, string>;
    timeoutMs?: number;
    /** More environment for the step (NODE_EXTRA_CA_CERTS, say). */
    env?: Record<string, string>;
  },
): Promise<ActionResult> {
  const runnerName = job.record.runnerName ?? `runner-${job.id}`;
  const env = { ...o.env, ...runnerCredentials(world, run, job.id) };
  return world.act(run, inputs, { ...o, jobId: job.id, runnerName, env });
}

/**
 * A matrix job of `run` named `name` stores `files` (workspace path → content) with `path: dist/*`.
 * The job stays in progress: the caller decides how it ends (see {@link finishJob}).
 */
export async function storeJob(
  world: World,
  run: RunHandle,
  o: {
    name: string;
    backend: Backend;
    files: Record<string, string | Buffer>;
    inputs?: Record<string, string>;
    timeoutMs?: number;
    env?: Record<string, string>;
  },
): Promise<JobRun> {
  const job = run.addJob({ name: o.name, status: 'in_progress' });
  job.update({ runnerName: `runner-${job.id}` });
  const workspace = await world.workspace(o.files);
  const startedAt = Date.now();
  const result = await actAsJob(
    world,
    run,
    job,
    { mode: 'store', path: 'dist/*', backend: o.backend, ...o.inputs },
    { workspace, ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}), ...(o.env ? { env: o.env } : {}) },
  );
  return { job, workspace, result, startedAt, endedAt: Date.now() };
}

/** Runs every job of the matrix at the same time, as separate processes. */
export function storeMatrix(
  world: World,
  run: RunHandle,
  backend: Backend,
  jobs: Record<string, Record<string, string | Buffer>>,
  o: { timeoutMs?: number } = {},
): Promise<JobRun[]> {
  return Promise.all(Object.entries(jobs).map(([name, files]) => storeJob(world, run, { name, backend, files, ...o })));
}

/**
 * The job's last step failed after `store`: the runner runs the post entry (action.yml's
 * `post-if: failure() || cancelled()`) with the main step's saved state, then concludes the job.
 */
export async function failAfterStore(
  world: World,
  run: RunHandle,
  stored: JobRun,
  inputs: Record<string, string>,
): Promise<ActionResult> {
  // What the jobs API shows while the post step runs: the store step succeeded, a later one failed.
  stored.job.setSteps([
    { name: 'Set up job', status: 'completed' },
    { name: 'Run ci-release-publisher (store)', status: 'completed' },
    { name: 'Run tests', status: 'completed', conclusion: 'failure' },
    { name: 'Post Run ci-release-publisher (store)', status: 'in_progress' },
  ]);
  const post = await actAsJob(
    world,
    run,
    stored.job,
    { mode: 'store', path: 'dist/*', ...inputs },
    { workspace: stored.workspace, entry: 'post', state: stored.result.state },
  );
  stored.job.update({ status: 'completed', conclusion: 'failure' });
  return post;
}

export function finishJob(
  stored: JobRun,
  conclusion: 'success' | 'failure' = stored.result.exitCode === 0 ? 'success' : 'failure',
): void {
  stored.job.update({ status: 'completed', conclusion });
}

export interface PublishingJob {
  readonly job: JobHandle;
  readonly workspace: string;
  readonly collect: ActionResult;
  /** Undefined when collect failed (a workflow stops at the failed step). */
  readonly publish: ActionResult | undefined;
}

/** The publishing job (`needs:` the matrix): collect into `collected/`, then publish it. */
export async function collectAndPublish(
  world: World,
  run: RunHandle,
  backend: Backend,
  publishInputs: Record<string, string> = {},
  o: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<PublishingJob> {
  const job = run.addJob({ name: 'publish', status: 'in_progress' });
  job.update({ runnerName: `runner-${job.id}` });
  const workspace = await world.workspace();
  const step = { ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}), ...(o.env ? { env: o.env } : {}) };
  const collect = await actAsJob(
    world,
    run,
    job,
    { mode: 'collect', path: 'collected', backend },
    { workspace, ...step },
  );
  const publish =
    collect.exitCode === 0
      ? await actAsJob(
          world,
          run,
          job,
          { mode: 'publish', path: 'collected', ...publishInputs },
          { workspace, ...step },
        )
      : undefined;
  job.update({ status: 'completed', conclusion: publish?.exitCode === 0 ? 'success' : 'failure' });
  return { job, workspace, collect, publish };
}
