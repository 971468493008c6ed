/**
 * Transient faults on every kind of request a publish makes: the bundle against the emulator's fault
 * injection. Each case ends with complete releases (sha256 equal), every asset 'uploaded', no draft.
 */
import { createWorld, type World } from '../../testkit/world.ts';
import type { FaultRule } from '../../emulator/index.ts';
import { cleanupRun, expectOk, expectPublished, PATHS, publishRun } from './faults-helpers.ts';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

/** Run 1 publishes cleanly, so run 2's publish replaces Latest (delete release + tag) and retention acts. */
async function previousNightly() {
  const first = world.startRun({ branch: 'main' });
  expectOk(await publishRun(world, first, 'one'));
  first.update({ status: 'completed', conclusion: 'success' });
  return first;
}

const TRANSIENT: [string, Omit<FaultRule, 'action'>, number][] = [
  ['create release', { method: 'POST', path: PATHS.releases }, 502],
  ['upload asset', { method: 'POST', path: PATHS.upload, nth: 2 }, 500],
  ['update release (the swap)', { method: 'PATCH', path: PATHS.release }, 503],
  ['delete release (old Latest, retention)', { method: 'DELETE', path: PATHS.release }, 502],
  ['delete tag', { method: 'DELETE', path: PATHS.tagRef }, 500],
  ['list releases', { method: 'GET', path: PATHS.releases }, 502],
  ['runs API', { method: 'GET', path: PATHS.runs }, 504],
];

test.each(TRANSIENT)('5xx on %s is retried and the publish completes', async (_kind, match, status) => {
  await previousNightly();
  const run = world.startRun({ branch: 'main' });
  const rule = world.emulator.faults.add({ ...match, times: 2, action: { status } });
  const result = await publishRun(world, run, 'two', { 'numbered-keep-count': '1' });
  expectOk(result);
  expect(rule.fired).toBe(2);
  await expectPublished(world, { 'ci-main-latest': 'two', 'ci-main-2': 'two' });
  expect(
    world.repo
      .releases()
      .map((r) => r.tagName)
      .sort(),
  ).toEqual(['ci-main-2', 'ci-main-latest']);
});

test('a connection reset mid-upload: the half-uploaded asset is deleted and the file sent again', async () => {
  const run = world.startRun({ branch: 'main' });
  const rule = world.emulator.faults.add({ method: 'POST', path: PATHS.upload, times: 2, action: { reset: true } });
  const result = await publishRun(world, run, 'one');
  expectOk(result);
  expect(rule.fired).toBe(2);
  // The cuts happened on the large file and left 'starter' assets that had to go first.
  const deletes = world.emulator.log.filter(
    (e) => e.method === 'DELETE' && /\/releases\/assets\/\d+$/.test(e.path) && e.status === 204,
  );
  expect(deletes.length).toBeGreaterThanOrEqual(1);
  await expectPublished(world, { 'ci-main-latest': 'one', 'ci-main-1': 'one' });
});

test.each([403, 429])(
  'a primary rate limit (%i, x-ratelimit-remaining 0) waits for the reset, then completes',
  async (status) => {
    const run = world.startRun({ branch: 'main' });
    const reset = Math.floor(Date.now() / 1000) + 1;
    const rule = world.emulator.faults.add({
      method: 'POST',
      path: PATHS.releases,
      action: {
        status,
        body: {
          message: 'API rate limit exceeded for installation.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        },
        headers: {
          'x-ratelimit-limit': '1000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '1000',
          'x-ratelimit-reset': String(reset),
        },
      },
    });
    const result = await publishRun(world, run, 'one');
    expectOk(result);
    expect(rule.fired).toBe(1);
    expect(result.warnings.join('\n')).toContain('rate limit was reached');
    // Obeyed: the retry came after the reset time, not before.
    const creates = world.emulator.log.filter((e) => e.method === 'POST' && e.path === PATHS.releases);
    expect(creates[1]!.at).toBeGreaterThanOrEqual(reset * 1000);
    await expectPublished(world, { 'ci-main-latest': 'one', 'ci-main-1': 'one' });
  },
);

test('a secondary rate limit with retry-after: waits as told, lowers parallelism, completes', async () => {
  const run = world.startRun({ branch: 'main' });
  const rule = world.emulator.faults.add({
    method: 'POST',
    path: PATHS.upload,
    nth: 2,
    times: 2,
    action: { secondaryRateLimit: { retryAfter: 1 } },
  });
  const result = await publishRun(world, run, 'one');
  expectOk(result);
  expect(rule.fired).toBe(2);
  expect(result.warnings.join('\n')).toMatch(/secondary rate limit.*waiting 1s and lowering parallel uploads/);
  const uploads = world.emulator.log.filter((e) => e.method === 'POST' && PATHS.upload.test(e.path));
  const limited = uploads.find((e) => e.status === 403)!;
  // Nothing is sent again for that upload before retry-after has passed.
  expect(uploads.filter((e) => e.at > limited.at && e.status === 201).length).toBeGreaterThan(0);
  expect(result.durationMs).toBeGreaterThanOrEqual(1000);
  await expectPublished(world, { 'ci-main-latest': 'one', 'ci-main-1': 'one' });
});

test('a publish that still fails leaves at most its draft; cleanup removes it; a re-run publishes complete', async () => {
  const run = world.startRun({ branch: 'main' });
  // More 5xx than the retries allow, on uploads and on the draft's deletion.
  world.emulator.faults.add({ method: 'POST', path: PATHS.upload, times: 20, action: { status: 502 } });
  world.emulator.faults.add({ method: 'DELETE', path: PATHS.release, times: 20, action: { status: 502 } });
  const failed = await publishRun(world, run, 'one');
  expect(failed.exitCode).toBe(1);
  expect(failed.errors.join('\n')).toMatch(/Upload asset .* 502/);
  // Numbered goes first; its uploads failed and so did the draft's removal.
  expect(world.repo.releases().map((r) => [r.tagName, r.draft])).toEqual([['_ci-main-1', true]]);
  run.update({ status: 'completed', conclusion: 'failure' });
  world.emulator.faults.clear();

  const next = world.startRun({ branch: 'main' });
  const cleaned = await cleanupRun(world, next);
  expectOk(cleaned);
  expect(JSON.parse(cleaned.outputs.deleted!)).toEqual(['_ci-main-1']);
  expect(cleaned.summary).toContain('which completed (failure)');
  expect(world.repo.releases()).toEqual([]);
  // The next run finishes without publishing: it must not block the re-run's Latest (SPEC §3.2).
  next.update({ status: 'completed', conclusion: 'failure' });

  run.rerun();
  expectOk(await publishRun(world, run, 'one'));
  await expectPublished(world, { 'ci-main-latest': 'one', 'ci-main-1': 'one' });
});

test('a process killed mid-publish: cleanup of the cancelled run removes its draft; the re-run publishes complete', async () => {
  await previousNightly();
  const run = world.startRun({ branch: 'main' });
  // Uploads hang long enough that the kill surely lands after the draft exists, even on a loaded machine.
  world.emulator.faults.add({ method: 'POST', path: PATHS.upload, times: 100, action: { latencyMs: 8000 } });
  const killed = await publishRun(world, run, 'two', {}, { killAfterMs: 4000 });
  expect(killed.signal).toBe('SIGKILL');
  const drafts = world.repo.releases().filter((r) => r.draft);
  expect(drafts.map((r) => r.tagName)).toEqual(['_ci-main-2']);
  // Latest still holds run 1's files: nothing public was half-filled.
  await expectPublished(world, { 'ci-main-latest': 'one' }, { noDrafts: false });
  world.emulator.faults.clear();
  run.update({ status: 'completed', conclusion: 'cancelled' });

  // While the run is unfinished its draft is kept by other runs' cleanup.
  const other = world.startRun({ branch: 'feature' });
  run.update({ status: 'in_progress', conclusion: null });
  expect(JSON.parse((await cleanupRun(world, other)).outputs.deleted!)).toEqual([]);
  run.update({ status: 'completed', conclusion: 'cancelled' });
  expect(JSON.parse((await cleanupRun(world, other)).outputs.deleted!)).toEqual(['_ci-main-2']);

  run.rerun();
  expectOk(await publishRun(world, run, 'two'));
  await expectPublished(world, { 'ci-main-latest': 'two', 'ci-main-2': 'two', 'ci-main-1': 'one' });
});

test('5xx during cleanup itself (list, runs, delete) is retried', async () => {
  const run = world.startRun({ branch: 'main' });
  world.emulator.faults.add({ method: 'POST', path: PATHS.upload, times: 100, action: { latencyMs: 8000 } });
  await publishRun(world, run, 'one', {}, { killAfterMs: 4000 });
  expect(world.repo.releases().map((r) => r.tagName)).toEqual(['_ci-main-1']);
  world.emulator.faults.clear();
  run.update({ status: 'completed', conclusion: 'cancelled' });
  const rules = [
    world.emulator.faults.add({ method: 'GET', path: PATHS.releases, action: { status: 502 } }),
    world.emulator.faults.add({ method: 'GET', path: PATHS.runs, action: { status: 503 } }),
    world.emulator.faults.add({ method: 'DELETE', path: PATHS.release, action: { status: 500 } }),
  ];
  const cleaned = await cleanupRun(world, world.startRun({ branch: 'main' }));
  expectOk(cleaned);
  expect(rules.map((r) => r.fired)).toEqual([1, 1, 1]);
  expect(world.repo.releases()).toEqual([]);
});

/**
 * Writes GitHub carries out but whose answer is lost (a cut connection or a gateway error after the
 * fact). The retry meets the done write: an upload finds its own complete asset (422, same digest:
 * kept), a delete finds nothing left, a swap is repeated; a draft created twice is removed by the
 * publish itself once its releases are written.
 */
const LOST: [string, 'reset' | number, Omit<FaultRule, 'action'>][] = [
  ['upload asset', 502, { method: 'POST', path: PATHS.upload, nth: 2 }],
  ['upload asset', 'reset', { method: 'POST', path: PATHS.upload, nth: 4 }],
  ['create the draft', 504, { method: 'POST', path: PATHS.releases, nth: 1 }],
  ['move tag (the swap)', 502, { method: 'PATCH', path: PATHS.tagRef }],
  ['update release (the swap)', 502, { method: 'PATCH', path: PATHS.release }],
  ['delete release (old Latest)', 'reset', { method: 'DELETE', path: PATHS.release }],
  ['delete tag', 502, { method: 'DELETE', path: PATHS.tagRef }],
];

test.each(LOST)(
  'the answer to %s is lost after GitHub did it (%s): the publish completes and leaves nothing behind',
  async (kind, how, match) => {
    await previousNightly();
    const run = world.startRun({ branch: 'main' });
    const rule = world.emulator.faults.add({ ...match, action: { answerLost: how } });
    const result = await publishRun(world, run, 'two', { 'numbered-keep-count': '1' });
    expectOk(result);
    expect(rule.fired).toBe(1);
    if (kind === 'upload asset')
      expect(world.emulator.log.some((e) => PATHS.upload.test(e.path) && e.status === 422)).toBe(true);
    if (kind === 'create the draft')
      expect(result.stdout).toMatch(/Removed draft _ci-main-2 \(release \d+\), created twice/);
    await expectPublished(world, { 'ci-main-latest': 'two', 'ci-main-2': 'two' });
    expect(
      world.repo
        .releases()
        .map((r) => r.tagName)
        .sort(),
    ).toEqual(['ci-main-2', 'ci-main-latest']);
  },
);
