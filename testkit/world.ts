/**
 * A small GitHub world in the emulator for end-to-end tests, the demo and the benchmarks: a
 * repository with a commit, a workflow, a GITHUB_TOKEN-like token, and helpers that start runs and
 * run the bundled action in them.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator, type RepoHandle, type RunHandle, type StartOptions } from '../emulator/index.ts';
import { runAction, type ActionResult, type RunnerFacts, type RunOptions } from './action-runner.ts';

export const GITHUB_TOKEN = 'ghs_emulatedGithubTokenForTheCurrentRun0001';

export interface World {
  readonly emulator: Emulator;
  readonly repo: RepoHandle;
  readonly workflowId: number;
  readonly sha: string;
  /** A fresh workspace directory per call, with the given files (name → content); `close()` removes it. */
  workspace(files?: Record<string, string | Buffer>): Promise<string>;
  /**
   * A new run. Like nightlies on a busy branch, each run after the first builds a commit of its own
   * (a child of the one before); `sha` makes it build a given commit (an unchanged night).
   */
  startRun(o?: {
    branch?: string;
    tag?: string;
    event?: string;
    status?: 'queued' | 'in_progress';
    sha?: string;
  }): RunHandle;
  facts(
    run: RunHandle,
    o: { workspace: string; jobId?: number | ''; runnerName?: string; token?: string; ref?: string; event?: string },
  ): RunnerFacts;
  /** Runs the bundle in `run` with `inputs` (action.yml's defaults fill the rest). */
  act(
    run: RunHandle,
    inputs: Record<string, string>,
    o: {
      workspace: string;
      jobId?: number | '';
      token?: string;
      ref?: string;
      runnerName?: string;
    } & Partial<RunOptions>,
  ): Promise<ActionResult>;
  /** Stops the emulator and removes every workspace this world made. */
  close(): Promise<void>;
}

/** `budgets`: GitHub's rate limits other than its documented ones (a shorter minute, other figures). */
export async function createWorld(
  o: {
    owner?: string;
    repo?: string;
    immutableReleases?: boolean;
    serverHost?: string;
    budgets?: Pick<StartOptions, 'secondaryLimits' | 'primaryLimits' | 'rateLimit'>;
    /** Serve HTTPS with this key and certificate, as GitHub does (the action must be told to trust it). */
    tls?: StartOptions['tls'];
  } = {},
): Promise<World> {
  const emulator = await startEmulator({
    ...(o.serverHost ? { serverHost: o.serverHost } : {}),
    ...(o.tls ? { tls: o.tls } : {}),
    ...o.budgets,
  });
  const repo = emulator.createRepo({
    owner: o.owner ?? 'octo',
    repo: o.repo ?? 'nightly',
    ...(o.immutableReleases ? { immutableReleases: true } : {}),
  });
  const sha = repo.addCommit();
  const { id: workflowId } = repo.addWorkflow('.github/workflows/build.yml', 'build');
  emulator.addToken(GITHUB_TOKEN, {
    kind: 'github-token',
    repos: { [repo.fullName]: { contents: 'write', actions: 'read', statuses: 'write', metadata: 'read' } },
  });
  const runs = new Map<number, { branch?: string; tag?: string; event: string }>();
  const workspaces: string[] = [];
  const world: World = {
    emulator,
    repo,
    workflowId,
    sha,
    async workspace(files = {}) {
      const dir = await mkdtemp(join(tmpdir(), 'crp-ws-'));
      workspaces.push(dir);
      for (const [name, content] of Object.entries(files)) {
        await mkdir(join(dir, name, '..'), { recursive: true });
        await writeFile(join(dir, name), content);
      }
      return dir;
    },
    startRun(r = {}) {
      const event = r.event ?? 'push';
      const headBranch = r.tag ?? r.branch ?? 'main';
      const headSha = r.sha ?? (runs.size === 0 ? sha : repo.addCommit());
      const run = repo.addRun({ workflowId, headBranch, headSha, event, status: r.status ?? 'in_progress' });
      runs.set(run.id, { event, ...(r.tag ? { tag: r.tag } : { branch: r.branch ?? 'main' }) });
      return run;
    },
    facts(run, f) {
      const known = runs.get(run.id) ?? { branch: 'main', event: 'push' };
      return {
        apiUrl: emulator.url,
        serverUrl: emulator.serverUrl,
        repository: repo.fullName,
        runId: run.id,
        runNumber: run.runNumber,
        runAttempt: run.runAttempt,
        sha: run.record.headSha,
        ref: f.ref ?? (known.tag ? `refs/tags/${known.tag}` : `refs/heads/${known.branch}`),
        eventName: f.event ?? known.event,
        workspace: f.workspace,
        runnerName: f.runnerName ?? 'runner-1',
        githubToken: f.token ?? GITHUB_TOKEN,
        checkRunId: f.jobId ?? 1,
      };
    },
    act(run, inputs, a) {
      const { workspace, jobId, token, ref, runnerName, ...rest } = a;
      const facts = world.facts(run, {
        workspace,
        ...(jobId !== undefined ? { jobId } : {}),
        ...(token ? { token } : {}),
        ...(ref ? { ref } : {}),
        ...(runnerName ? { runnerName } : {}),
      });
      return runAction({ ...rest, inputs, facts });
    },
    async close() {
      // Every request the action sent must be one GitHub's API description calls valid.
      const invalid = emulator.invalidRequests();
      await emulator.close();
      await Promise.all(workspaces.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
      if (invalid.length > 0) {
        throw new Error(
          `The emulator received ${invalid.length} request(s) GitHub's API description calls invalid: ${invalid.map((r) => `${r.method} ${r.path}: ${r.reason}`).join('; ')}`,
        );
      }
    },
  };
  return world;
}
