/** mode: cleanup with plain fakes: which drafts and artifacts go, which stay, and what is reported. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FinishedRun, RepoArtifact, RepoArtifactsApi } from '../../src/ports.ts';
import { ApiError } from '../../src/errors.ts';
import type { JobSummary, RunDetails } from '../../src/ports.ts';
import { cleanup } from '../../src/modes/cleanup.ts';
import type { ArtifactCleanupPorts } from '../../src/modes/cleanup-artifacts.ts';
import { withMarker } from '../../src/planning/marker.ts';
import type { Marker } from '../../src/planning/types.ts';
import type { ArtifactClientPort } from '../../src/ports.ts';
import { FakeReleases, FakeRuns, job, makeContext, makeDeps } from '../store/fakes.ts';
import { cleanupSettings } from '../store/settings.ts';

const WORKFLOW = 9;
const CURRENT = 500;

/** Runs by id; an id missing here answers 404 like a deleted run. */
class Runs extends FakeRuns {
  readonly byId = new Map<number, RunDetails>();
  add(id: number, runNumber: number, status: RunDetails['status'], o: Partial<RunDetails> = {}): void {
    this.byId.set(id, {
      id,
      workflowId: WORKFLOW,
      runNumber,
      runAttempt: 1,
      status,
      conclusion: status === 'completed' ? 'failure' : null,
      event: 'push',
      headBranch: 'main',
      headSha: 'a'.repeat(40),
      htmlUrl: '',
      ...o,
    });
  }
  override async getRun(runId: number): Promise<RunDetails> {
    const run = this.byId.get(runId);
    if (!run) throw new ApiError(`Get workflow run ${runId}`, 404, 'Not Found');
    return run;
  }
}

function marker(kind: Marker['kind'], runId: number, o: Partial<Marker> = {}): Marker {
  return {
    v: 1,
    kind,
    workflowId: WORKFLOW,
    branch: 'main',
    runId,
    runNumber: runId - 400,
    runAttempt: 1,
    sha: 'a'.repeat(40),
    ...o,
  };
}

const dirs: string[] = [];
afterEach(() => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'cleanup-unit-'));
  dirs.push(dir);
  const runs = new Runs();
  runs.add(CURRENT, 100, 'in_progress');
  const releases = new FakeReleases(join(dir, 'assets'));
  const deps = makeDeps(makeContext({ runId: CURRENT, workspace: dir, tempDir: dir }), { runs, releases });
  const draft = async (tagName: string, m: Marker | undefined, draftFlag = true) => {
    const release = await releases.createRelease({
      tagName,
      body: m ? withMarker('notes', m) : 'made by a person',
      draft: draftFlag,
    });
    return release.id;
  };
  const remaining = () => releases.releases.map((r) => r.tagName).sort();
  return { runs, releases, deps, draft, remaining };
}

test("removes incomplete and stored drafts of this run and of completed or deleted runs, keeps unfinished runs' and foreign ones", async () => {
  const { runs, deps, draft, remaining } = await setup();
  runs.add(401, 1, 'completed');
  runs.add(402, 2, 'in_progress');
  runs.add(403, 3, 'queued');
  await draft('_ci-main-latest', marker('latest', CURRENT));
  await draft('_ci-main-1', marker('numbered', 401));
  await draft('_ci-main-2', marker('numbered', 402));
  await draft('_ci-main-3', marker('numbered', 403));
  await draft('_ci-main-4', marker('numbered', 404)); // run 404 deleted
  await draft('_crp-401-3', marker('store', 401, { jobId: 3 }));
  await draft('_ci-other-wf', marker('numbered', 401, { workflowId: 10 }));
  await draft('_ci-main-unmarked', undefined);
  await draft('ci-main-1', marker('numbered', 401), false); // published: never
  const result = await cleanup(cleanupSettings(), deps);
  expect(remaining()).toEqual(['_ci-main-2', '_ci-main-3', '_ci-main-unmarked', '_ci-other-wf', 'ci-main-1']);
  expect(JSON.parse(result.outputs.deleted!).sort()).toEqual([
    '_ci-main-1',
    '_ci-main-4',
    '_ci-main-latest',
    '_crp-401-3',
  ]);
  expect(result.summary).toContain('which completed (failure)');
  expect(result.summary).toContain('which no longer exists');
  expect(result.summary).toContain('of this run');
});

test("previous-runs only leaves this run's drafts alone; current-run only leaves completed runs' alone", async () => {
  const a = await setup();
  a.runs.add(401, 1, 'completed');
  await a.draft('_ci-main-latest', marker('latest', CURRENT));
  await a.draft('_ci-main-1', marker('numbered', 401));
  await cleanup(cleanupSettings({ scopes: new Set(['previous-runs']) }), a.deps);
  expect(a.remaining()).toEqual(['_ci-main-latest']);

  const b = await setup();
  b.runs.add(401, 1, 'completed');
  await b.draft('_ci-main-latest', marker('latest', CURRENT));
  await b.draft('_ci-main-1', marker('numbered', 401));
  await cleanup(cleanupSettings({ scopes: new Set(['current-run']) }), b.deps);
  expect(b.remaining()).toEqual(['_ci-main-1']);
});

test("current-job reaches only this job's stored items, never the run's incomplete drafts (their marker has no job id)", async () => {
  const { deps, draft, remaining } = await setup();
  await draft('_crp-500-7', marker('store', CURRENT, { jobId: 7 }));
  await draft('_crp-500-8', marker('store', CURRENT, { jobId: 8 }));
  await draft('_ci-main-latest', marker('latest', CURRENT));
  const result = await cleanup(cleanupSettings({ scopes: new Set(['current-job']) }), deps);
  expect(remaining()).toEqual(['_ci-main-latest', '_crp-500-8']);
  expect(result.summary).toContain('of this job');
});

test('what selects stored items or incomplete drafts', async () => {
  const a = await setup();
  await a.draft('_crp-500-7', marker('store', CURRENT, { jobId: 7 }));
  await a.draft('_ci-main-latest', marker('latest', CURRENT));
  await cleanup(cleanupSettings({ what: new Set(['incomplete']) }), a.deps);
  expect(a.remaining()).toEqual(['_crp-500-7']);
  await cleanup(cleanupSettings({ what: new Set(['store']) }), a.deps);
  expect(a.remaining()).toEqual([]);
});

test('if-run-failing: nothing happens until a job of this run has failed', async () => {
  const { runs, deps, draft, remaining } = await setup();
  await draft('_ci-main-latest', marker('latest', CURRENT));
  runs.jobs = [
    job(7, 'build', { runId: CURRENT, status: 'completed', conclusion: 'success' }),
    job(8, 'publish', { runId: CURRENT }),
  ] as JobSummary[];
  const quiet = await cleanup(cleanupSettings({ ifRunFailing: true }), deps);
  expect(remaining()).toEqual(['_ci-main-latest']);
  expect(quiet.summary).toContain('No job of this run has failed');
  expect(quiet.outputs.deleted).toBe('[]');
  runs.jobs.push(job(9, 'test', { runId: CURRENT, status: 'completed', conclusion: 'cancelled' }));
  await cleanup(cleanupSettings({ ifRunFailing: true }), deps);
  expect(remaining()).toEqual([]);
});

test('a draft another cleanup already removed is not reported as removed', async () => {
  const { deps, releases, draft } = await setup();
  await draft('_ci-main-latest', marker('latest', CURRENT));
  releases.deleteRelease = async () => false;
  const result = await cleanup(cleanupSettings(), deps);
  expect(result.outputs.deleted).toBe('[]');
  expect(result.summary).toContain('Nothing to remove');
});

describe('artifacts backend', () => {
  /** `repo`: every artifact of the repository; `completed`: this workflow's completed runs, newest first. */
  function ports(current: string[], repo: RepoArtifact[], o: { forbidden?: boolean; completed?: FinishedRun[] } = {}) {
    const listedRuns: number[] = [];
    const deletedByClient: string[] = [];
    const deletedByRest: number[] = [];
    const client: ArtifactClientPort = {
      uploadArtifact: async () => ({}),
      downloadArtifact: async () => ({}),
      listArtifacts: async () => ({ artifacts: current.map((name, i) => ({ id: i + 1, name, size: 1 })) }),
      deleteArtifact: async (name) => {
        deletedByClient.push(name);
        return { id: 1 };
      },
    };
    const rest: RepoArtifactsApi = {
      recentCompletedRuns: async (_workflowId, limit) => (o.completed ?? []).slice(0, limit),
      listForRun: async (runId, prefix) => {
        listedRuns.push(runId);
        return repo.filter((a) => a.name.startsWith(prefix) && a.name.startsWith(`crp-${runId}-`));
      },
      remove: async (id) => {
        if (o.forbidden) throw new ApiError(`Delete artifact ${id}`, 403, 'Resource not accessible by integration');
        deletedByRest.push(id);
        return true;
      },
    };
    const p: ArtifactCleanupPorts = { client: () => client, rest: () => rest };
    return { p, deletedByClient, deletedByRest, listedRuns };
  }

  test("this run's items go through the runtime client; earlier runs' through REST, listed per completed run of this workflow", async () => {
    const { deps } = await setup();
    // 402 is still in progress and 403 is another workflow's: GitHub's completed-runs listing of
    // this workflow names neither; 500 is this run (attempt 2 of a re-run is completed too).
    const completed = [
      { id: 500, runNumber: 5, conclusion: 'failure' },
      { id: 401, runNumber: 1, conclusion: 'success' },
    ];
    const { p, deletedByClient, deletedByRest, listedRuns } = ports(
      ['crp-500-7', 'crp-500-8', 'somebody-else'],
      [
        { id: 11, name: 'crp-401-1', expired: false },
        { id: 12, name: 'crp-402-1', expired: false },
        { id: 13, name: 'crp-403-1', expired: false },
        { id: 14, name: 'crp-404-1', expired: false }, // deleted run: GitHub deleted its artifacts too
        { id: 15, name: 'crp-401-2', expired: true },
        { id: 16, name: 'crp-500-7', expired: false }, // this run: the client's job
        { id: 17, name: 'crp-release-notes', expired: false },
      ],
      { completed },
    );
    const result = await cleanup(cleanupSettings({ backend: 'artifacts', what: new Set(['store']) }), {
      ...deps,
      artifactClient: p.client,
      repoArtifacts: p.rest,
    });
    expect(deletedByClient).toEqual(['crp-500-7', 'crp-500-8']);
    expect(deletedByRest).toEqual([11]);
    expect(listedRuns).toEqual([401]);
    expect(JSON.parse(result.outputs.deleted!)).toEqual(['crp-500-7', 'crp-500-8', 'crp-401-1']);
    expect(result.summary).toContain('| artifact |');
  });

  test("current-job deletes only this job's artifact; a token without actions: write only warns", async () => {
    const { deps } = await setup();
    const { p, deletedByClient } = ports(['crp-500-7', 'crp-500-8'], [{ id: 11, name: 'crp-401-1', expired: false }], {
      forbidden: true,
      completed: [{ id: 401, runNumber: 1, conclusion: 'success' }],
    });
    const result = await cleanup(
      cleanupSettings({ backend: 'artifacts', scopes: new Set(['current-job', 'previous-runs']) }),
      { ...deps, artifactClient: p.client, repoArtifacts: p.rest },
    );
    expect(deletedByClient).toEqual(['crp-500-7']);
    expect(JSON.parse(result.outputs.deleted!)).toEqual(['crp-500-7']);
    expect(deps.log.lines.join('\n')).toMatch(/warning: .*actions: write/);
  });

  test('the releases backend never touches artifacts', async () => {
    const { deps } = await setup();
    const { p, deletedByClient } = ports(['crp-500-7'], []);
    await cleanup(cleanupSettings({ backend: 'releases' }), {
      ...deps,
      artifactClient: p.client,
      repoArtifacts: p.rest,
    });
    expect(deletedByClient).toEqual([]);
  });
});
