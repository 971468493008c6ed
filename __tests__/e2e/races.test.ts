/**
 * Race suite: seeded random histories of 2–4 runs publishing, failing, being killed, cleaning up and
 * re-running at the same time, each checked against SPEC §3's invariants. RACE_SEED=<n> replays a
 * history set; RACE_HISTORIES=<n> changes how many (default 50). Histories run a few at a time, each
 * in its own emulator.
 */
import { rm } from 'node:fs/promises';
import { createWorld } from '../../testkit/world.ts';
import { checkInvariants } from '../../testkit/race-invariants.ts';
import {
  cleanupIn,
  describeHistory,
  generateHistory,
  playHistory,
  type PublishRecord,
} from '../../testkit/race-history.ts';
import { filesOf, RACE_ENV } from '../../testkit/race-history.ts';

const BASE_SEED = Number(process.env.RACE_SEED ?? 20260105);
const HISTORIES = Number(process.env.RACE_HISTORIES ?? 50);
const PARALLEL = 5;

afterAll(() => rm(RACE_ENV.NODE_COMPILE_CACHE, { recursive: true, force: true }));

async function runOne(seed: number): Promise<string | undefined> {
  const history = generateHistory(seed);
  const world = await createWorld();
  try {
    const executed = await playHistory(world, history);
    // A closing run publishes alone once all others are finished, then cleans up: the state that
    // retention and cleanup promise is then exactly checkable.
    const run = world.startRun({ branch: 'main' });
    const result = await world.act(
      run,
      { mode: 'publish', path: 'out', 'numbered-keep-count': String(history.keepCount) },
      {
        workspace: await world.workspace(filesOf(run.runNumber, run.runAttempt)),
        env: RACE_ENV,
      },
    );
    const closing: PublishRecord = {
      runNumber: run.runNumber,
      attempt: run.runAttempt,
      killed: false,
      result,
      finishedAt: Date.now(),
      published: result.outputs.published ? JSON.parse(result.outputs.published) : [],
    };
    executed.cleanups.push(await cleanupIn(world, run));
    run.update({ status: 'completed', conclusion: 'success' });
    const problems = await checkInvariants(world, executed, history.keepCount, closing);
    return problems.length === 0
      ? undefined
      : `${describeHistory(history)}\n  violations:\n    ${problems.join('\n    ')}`;
  } finally {
    await world.close();
  }
}

test(`${HISTORIES} random histories keep every race invariant (RACE_SEED=${BASE_SEED})`, async () => {
  const started = Date.now();
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < HISTORIES) {
      const seed = BASE_SEED + next++;
      const failure = await runOne(seed).catch(
        (error: unknown) => `${describeHistory(generateHistory(seed))}\n  crashed: ${String(error)}`,
      );
      if (failure) failures.push(failure);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  console.log(
    `race suite: ${HISTORIES} histories from RACE_SEED=${BASE_SEED} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  if (failures.length > 0)
    throw new Error(
      `${failures.length} of ${HISTORIES} histories broke an invariant (replay with RACE_SEED=${BASE_SEED}):\n${failures.join('\n\n')}`,
    );
}, 400_000);

test('the generator is deterministic and covers every step kind', () => {
  const a = generateHistory(7);
  expect(generateHistory(7)).toEqual(a);
  const kinds = new Set<string>();
  let maxRuns = 0;
  for (let s = BASE_SEED; s < BASE_SEED + Math.max(HISTORIES, 50); s++) {
    const h = generateHistory(s);
    maxRuns = Math.max(maxRuns, h.runs);
    expect(h.runs).toBeGreaterThanOrEqual(2);
    expect(h.runs).toBeLessThanOrEqual(4);
    for (const step of h.phases.flat()) kinds.add(step.kind);
  }
  expect([...kinds].sort()).toEqual(['cleanup', 'fail', 'kill', 'publish', 'rerun']);
  expect(maxRuns).toBe(4);
});

test('the invariant checker does see broken states (retention, leftover draft, wrong files)', async () => {
  const world = await createWorld();
  try {
    const publishes: PublishRecord[] = [];
    for (let i = 0; i < 2; i++) {
      const run = world.startRun({ branch: 'main' });
      const result = await world.act(
        run,
        { mode: 'publish', path: 'out', 'numbered-keep-count': '2' },
        {
          workspace: await world.workspace(filesOf(run.runNumber, run.runAttempt)),
          env: RACE_ENV,
        },
      );
      publishes.push({
        runNumber: run.runNumber,
        attempt: 1,
        killed: false,
        result,
        finishedAt: Date.now(),
        published: JSON.parse(result.outputs.published ?? '[]'),
      });
      run.update({ status: 'completed', conclusion: 'success' });
    }
    const closing = publishes.pop()!;
    const executed = { publishes, cleanups: [], runs: [] };
    expect(await checkInvariants(world, executed, 2, closing)).toEqual([]);
    world.repo.addRelease({ tagName: '_ci-main-9', draft: true });
    const problems = await checkInvariants(world, executed, 1, closing);
    expect(problems).toEqual([
      expect.stringContaining('draft _ci-main-9'),
      'Numbered kept [1,2], expected the 1 newest [2]',
    ]);
    // Latest claims run 1's files while holding run 2's.
    const latest = world.repo.releases().find((r) => r.tagName === 'ci-main-latest')!;
    latest.body = (latest.body ?? '').replace('"runNumber":2', '"runNumber":1');
    expect((await checkInvariants(world, executed, 2, closing)).join('\n')).toMatch(
      /Latest \(marker r1a1\) does not hold exactly/,
    );
  } finally {
    await world.close();
  }
});
