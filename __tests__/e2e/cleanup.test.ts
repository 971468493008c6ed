/**
 * cleanup end to end: the bundle against the emulator (SPEC §3.6, §4). Leftovers are made the way
 * the action makes them: `store` on the releases backend, and publishes killed mid-upload.
 */
import { createWorld, type World } from '../../testkit/world.ts';
import type { RunHandle } from '../../emulator/index.ts';
import { withMarker } from '../../src/planning/marker.ts';

const FAST = { CRP_RETRY_BASE_MS: '20' };
let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

async function storeIn(run: RunHandle, jobId: number) {
  const workspace = await world.workspace({ 'dist/app.bin': `built in job ${jobId}` });
  const result = await world.act(
    run,
    { mode: 'store', path: 'dist/*', backend: 'releases' },
    { workspace, jobId, env: FAST },
  );
  expect(result.errors).toEqual([]);
}

/** A publish killed while its uploads hang: leaves the incomplete Numbered draft. */
async function killedPublish(run: RunHandle) {
  world.emulator.faults.add({ method: 'POST', path: /\/assets$/, times: 100, action: { latencyMs: 8000 } });
  const workspace = await world.workspace({ 'out/app.bin': 'x' });
  const result = await world.act(run, { mode: 'publish', path: 'out' }, { workspace, killAfterMs: 4000, env: FAST });
  world.emulator.faults.clear();
  expect(result.signal).toBe('SIGKILL');
}

async function cleanupIn(run: RunHandle, inputs: Record<string, string> = {}, jobId = 99) {
  const result = await world.act(
    run,
    { mode: 'cleanup', backend: 'releases', ...inputs },
    { workspace: await world.workspace(), jobId, env: FAST },
  );
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  return result;
}

const tags = () =>
  world.repo
    .releases()
    .map((r) => r.tagName)
    .sort();

test("removes stored items and incomplete drafts of finished runs, keeps unfinished runs', a person's and another workflow's", async () => {
  const failed = world.startRun({ branch: 'main' });
  await storeIn(failed, 11);
  await storeIn(failed, 12);
  await killedPublish(failed);
  failed.update({ status: 'completed', conclusion: 'cancelled' });
  const running = world.startRun({ branch: 'main' });
  await storeIn(running, 21);
  world.repo.addRelease({ tagName: '_ci-main-7', draft: true, body: 'my own notes, a person made this' });
  const other = {
    v: 1 as const,
    kind: 'numbered' as const,
    workflowId: world.workflowId + 1000,
    branch: 'main',
    runId: failed.id,
    runNumber: 1,
    runAttempt: 1,
    sha: world.sha,
  };
  world.repo.addRelease({ tagName: '_ci-main-1', draft: true, body: withMarker('other workflow', other) });
  expect(tags().filter((t) => t.includes(String(failed.id)))).toHaveLength(2);

  const next = world.startRun({ branch: 'main' });
  const result = await cleanupIn(next);
  const deleted = JSON.parse(result.outputs.deleted!) as string[];
  expect(deleted).toHaveLength(3);
  expect(deleted).toContain('_ci-main-1');
  expect(deleted.filter((t) => t.includes(`${failed.id}-11`) || t.includes(`${failed.id}-12`))).toHaveLength(2);
  // Left: the running run's stored item, the person's draft, the other workflow's draft.
  // Both the killed publish's draft and the other workflow's are tagged _ci-main-1: only ours went.
  expect(tags()).toEqual(['_ci-main-1', '_ci-main-7', expect.stringContaining(`${running.id}-21`)]);
  expect(world.repo.releases().find((r) => r.tagName === '_ci-main-1')!.body).toContain('other workflow');
  expect(result.summary).toContain('Why it went');
  expect(result.summary).toContain(`run #${failed.runNumber} (id ${failed.id}), which completed (cancelled)`);
});

test("current-run removes this run's leftovers even while it runs; current-job only this job's stored item", async () => {
  const run = world.startRun({ branch: 'main' });
  await storeIn(run, 11);
  await storeIn(run, 12);
  await killedPublish(run);
  const onlyJob = await cleanupIn(run, { scope: 'current-job' }, 11);
  expect(JSON.parse(onlyJob.outputs.deleted!)).toEqual([expect.stringContaining(`${run.id}-11`)]);
  expect(tags()).toHaveLength(2);
  const all = await cleanupIn(run, { scope: 'current-run' });
  expect(JSON.parse(all.outputs.deleted!)).toHaveLength(2);
  expect(tags()).toEqual([]);
});

test('if-run-failing acts only once a job of this run has failed; what=incomplete keeps stored items', async () => {
  const run = world.startRun({ branch: 'main' });
  await storeIn(run, 11);
  await killedPublish(run);
  run.addJob({ name: 'build', status: 'completed', conclusion: 'success' });
  const quiet = await cleanupIn(run, { 'if-run-failing': 'true', scope: 'current-run' });
  expect(quiet.outputs.deleted).toBe('[]');
  expect(quiet.summary).toContain('No job of this run has failed');
  expect(tags()).toHaveLength(2);
  run.addJob({ name: 'test', status: 'completed', conclusion: 'failure' });
  const acted = await cleanupIn(run, { 'if-run-failing': 'true', scope: 'current-run', what: 'incomplete' });
  expect(JSON.parse(acted.outputs.deleted!)).toEqual(['_ci-main-1']);
  expect(tags()).toEqual([expect.stringContaining(`${run.id}-11`)]);
});

test('a bad scope is one line naming the input, and nothing is touched', async () => {
  const run = world.startRun({ branch: 'main' });
  const result = await world.act(run, { mode: 'cleanup', scope: 'everything' }, { workspace: await world.workspace() });
  expect(result.exitCode).toBe(1);
  expect(result.errors.join('\n')).toMatch(/scope.*everything/);
  expect(world.emulator.writes()).toEqual([]);
});
