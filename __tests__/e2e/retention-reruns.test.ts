/**
 * Retention and re-runs end to end (SPEC §3.4): a run only ever deletes Numbered releases with a lower
 * run number than its own, so re-running an old build never removes a newer nightly.
 */
import { createWorld, type World } from '../../testkit/world.ts';
import { published, releasesOf, sha256 } from '../../testkit/inspect.ts';
import type { RunHandle } from '../../emulator/index.ts';

let world: World;

beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

async function publishRun(run: RunHandle, note: string) {
  const workspace = await world.workspace({ 'out/app.tar.gz': `build of run ${run.runNumber}`, 'out/notes.txt': note });
  return world.act(run, { mode: 'publish', path: 'out', 'numbered-keep-count': '2' }, { workspace });
}

async function numberedTags(): Promise<string[]> {
  const releases = published(await releasesOf(world.emulator, world.repo));
  return [...releases.keys()]
    .filter((tag) => /^ci-main-\d+$/.test(tag))
    .sort((a, b) => Number(a.slice(8)) - Number(b.slice(8)));
}

/** Runs #1–#6 finished without publishing; #7, #8 and #9 publish one after the other. */
async function sevenEightNine(): Promise<RunHandle[]> {
  for (let i = 1; i <= 6; i++)
    world.startRun({ branch: 'main' }).update({ status: 'completed', conclusion: 'failure' });
  const runs: RunHandle[] = [];
  for (let i = 7; i <= 9; i++) {
    const run = world.startRun({ branch: 'main' });
    expect(run.runNumber).toBe(i);
    const result = await publishRun(run, `run ${i}`);
    expect(result.errors).toEqual([]);
    run.update({ status: 'completed', conclusion: 'success' });
    runs.push(run);
  }
  expect(await numberedTags()).toEqual(['ci-main-8', 'ci-main-9']);
  return runs;
}

test('re-running run #7 with numbered-keep-count 2 republishes ci-main-7 and deletes nothing newer; run #10 restores the count', async () => {
  const [seven] = await sevenEightNine();
  seven!.rerun();
  const rerun = await publishRun(seven!, 'run 7 again');
  expect(rerun.errors).toEqual([]);
  expect(rerun.exitCode).toBe(0);
  expect(JSON.parse(rerun.outputs.deleted!)).toEqual([]);
  expect(rerun.stdout).not.toContain('Retention removed');
  expect(await numberedTags()).toEqual(['ci-main-7', 'ci-main-8', 'ci-main-9']);
  const releases = published(await releasesOf(world.emulator, world.repo));
  expect(releases.get('ci-main-7')!.assets['notes.txt']).toBe(sha256('run 7 again'));
  expect(releases.get('ci-main-7')!.marker?.runAttempt).toBe(2);
  // Latest still holds the newest run.
  expect(releases.get('ci-main-latest')!.marker?.runNumber).toBe(9);
  seven!.update({ status: 'completed', conclusion: 'success' });

  const ten = world.startRun({ branch: 'main' });
  const next = await publishRun(ten, 'run 10');
  expect(next.errors).toEqual([]);
  expect(JSON.parse(next.outputs.deleted!)).toEqual(['ci-main-7', 'ci-main-8']);
  expect(await numberedTags()).toEqual(['ci-main-9', 'ci-main-10']);
});

test('a re-run of #7 publishing at the same time as a new run #10: neither deletes a release of its own number or newer', async () => {
  const [seven] = await sevenEightNine();
  const ten = world.startRun({ branch: 'main' });
  seven!.rerun();
  const [rerun, newest] = await Promise.all([publishRun(seven!, 'run 7 again'), publishRun(ten, 'run 10')]);
  for (const result of [rerun, newest]) {
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
  }
  expect(JSON.parse(rerun.outputs.deleted!)).toEqual([]);
  const deletedByTen = JSON.parse(newest.outputs.deleted!) as string[];
  expect(deletedByTen).toContain('ci-main-8');
  for (const tag of deletedByTen) expect(Number(tag.slice(8))).toBeLessThan(10);
  // Whichever came first, the two newest stand; #7's republished release stands only if #10's
  // retention listed the releases before it was published (the next new run trims it then).
  const left = await numberedTags();
  expect(left.slice(-2)).toEqual(['ci-main-9', 'ci-main-10']);
  expect(left.length === 2 || (left.length === 3 && left[0] === 'ci-main-7')).toBe(true);
  seven!.update({ status: 'completed', conclusion: 'success' });
  ten.update({ status: 'completed', conclusion: 'success' });

  const eleven = world.startRun({ branch: 'main' });
  expect((await publishRun(eleven, 'run 11')).errors).toEqual([]);
  expect(await numberedTags()).toEqual(['ci-main-10', 'ci-main-11']);
});
