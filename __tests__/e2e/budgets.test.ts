/**
 * GitHub's budgets end to end, through the bundle, against the emulator's default model (GITHUB_TOKEN
 * 1,000 requests an hour; 80 content-creating requests a minute, 500 an hour). Suites that pace
 * through more than a minute's allowance shorten the minute to 4 s on both sides (the emulator's
 * `secondaryLimits.minuteMs` and the action's test-only CRP_PACING_MINUTE_MS): the figures stay GitHub's.
 */
import { afterEach, expect, test } from '@jest/globals';
import { createWorld, GITHUB_TOKEN, type World } from '../../testkit/world.ts';
import { releasesOf } from '../../testkit/inspect.ts';
import { FAST, PATHS } from './faults-helpers.ts';

const MINUTE_MS = 4000;
const SCALED = { ...FAST, CRP_PACING_MINUTE_MS: String(MINUTE_MS) };

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function manyFiles(count: number, label = 'x'): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`out/file-${String(i).padStart(3, '0')}.bin`] = `${label} ${i}`;
  return files;
}

const uploadsOf = (w: World) => w.emulator.log.filter((e) => e.method === 'POST' && PATHS.upload.test(e.path));
const refusalsOf = (w: World) => w.emulator.log.filter((e) => e.secondaryLimited !== undefined);

test('a plan the GITHUB_TOKEN budget cannot cover fails before any write, naming need, budget, reset and remedy', async () => {
  world = await createWorld();
  world.emulator.setRateLimitUsed(GITHUB_TOKEN, 990);
  const run = world.startRun();
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out' },
    { workspace: await world.workspace(manyFiles(20)), env: FAST },
  );
  expect(result.exitCode).toBe(1);
  expect(result.errors.join('\n')).toMatch(
    /needs \d+ API requests \(\d+ content-creating\) but the token has \d+ of its 1000 an hour left, until \d\d:\d\d UTC .*GitHub App installation token/,
  );
  expect(world.emulator.writes()).toEqual([]);
});

test('a 150-asset publish is paced under the secondary limits: never refused', async () => {
  world = await createWorld({ budgets: { secondaryLimits: { minuteMs: MINUTE_MS } } });
  const run = world.startRun();
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out', latest: 'false', checksums: 'false' },
    { workspace: await world.workspace(manyFiles(150)), env: SCALED },
  );
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  expect(refusalsOf(world)).toEqual([]);
  const [release] = (await releasesOf(world.emulator, world.repo)).filter((r) => !r.draft);
  expect(Object.keys(release?.assets ?? {})).toHaveLength(150);
  expect(result.stdout).toMatch(
    /API cost of this publish: \d+ requests, \d+ of them content-creating; the token has \d+ of 1000 an hour left; GitHub's secondary limits .* make it take at least \d+ min/,
  );
});

test('a publish killed mid-upload is resumed by the next attempt: only the missing assets are uploaded', async () => {
  world = await createWorld();
  const run = world.startRun();
  const files = manyFiles(10, 'resume');
  // The sixth upload hangs until the runner kills the step.
  world.emulator.faults.add({ method: 'POST', path: PATHS.upload, nth: 6, times: 100, action: { latencyMs: 30_000 } });
  const killed = await world.act(
    run,
    { mode: 'publish', path: 'out', latest: 'false', concurrency: '1' },
    { workspace: await world.workspace(files), env: FAST, killAfterMs: 6000 },
  );
  expect(killed.signal).toBe('SIGKILL');
  world.emulator.faults.clear();
  const draft = world.repo.releases().find((r) => r.draft);
  const kept = draft?.assets.filter((a) => a.state === 'uploaded').length ?? 0;
  expect(kept).toBeGreaterThan(0);

  run.rerun();
  const before = uploadsOf(world).length;
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out', latest: 'false', concurrency: '1' },
    { workspace: await world.workspace(files), env: FAST },
  );
  expect(result.errors).toEqual([]);
  expect(result.stdout).toContain(`${kept} assets already uploaded and verified`);
  // 10 files and SHA256SUMS; the assets the first attempt completed are not sent again.
  expect(uploadsOf(world).length - before).toBe(11 - kept);
  const [release] = (await releasesOf(world.emulator, world.repo)).filter((r) => !r.draft);
  expect(release?.id).toBe(draft?.id);
  expect(Object.keys(release?.assets ?? {})).toHaveLength(11);
  expect(release?.states.every((s) => s === 'uploaded')).toBe(true);
});

test('a limit that outlasts max-wait fails clean, keeps the draft, and the next attempt completes it', async () => {
  // A stricter allowance than GitHub documents (5 a minute), so that refusals come despite pacing.
  world = await createWorld({ budgets: { secondaryLimits: { minuteMs: MINUTE_MS, contentPerMinute: 5 } } });
  const run = world.startRun();
  const files = manyFiles(12, 'wait');
  const cut = await world.act(
    run,
    { mode: 'publish', path: 'out', latest: 'false', 'max-wait': '1' },
    { workspace: await world.workspace(files), env: SCALED },
  );
  expect(cut.exitCode).toBe(1);
  expect(cut.errors.join('\n')).toMatch(
    /secondary rate limit outlasted max-wait \(1 s of waiting\).*incomplete draft \(release \d+\) is kept.*next attempt of this run resumes it/,
  );
  expect(world.repo.releases().filter((r) => r.draft)).toHaveLength(1);

  run.rerun();
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out', latest: 'false', 'max-wait': '5m' },
    { workspace: await world.workspace(files), env: SCALED },
  );
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  const releases = await releasesOf(world.emulator, world.repo);
  expect(releases.filter((r) => r.draft)).toEqual([]);
  expect(Object.keys(releases[0]?.assets ?? {})).toHaveLength(13);
});

test("dry-run prints the plan's API cost in the log and the summary, and writes nothing", async () => {
  world = await createWorld();
  const run = world.startRun();
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out', 'dry-run': 'true' },
    { workspace: await world.workspace(manyFiles(3)), env: FAST },
  );
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toMatch(
    /\[dry-run\] API cost of this publish: \d+ requests, \d+ of them content-creating; the token has \d+ of 1000 an hour left\./,
  );
  expect(result.summary).toMatch(/API cost of this publish: \d+ requests/);
  expect(world.emulator.writes()).toEqual([]);
});

// GHES with rate limiting off answers `GET /rate_limit` 404 "Rate limiting is not enabled." (as reported in
// actions/stale#1227, githubexporter/github-exporter#121).
test('GitHub Enterprise Server without rate limiting (GET /rate_limit answers 404): publishes, cost without a budget', async () => {
  world = await createWorld();
  const rule = world.emulator.faults.add({
    method: 'GET',
    path: /^\/rate_limit$/,
    action: { status: 404, body: { message: 'Rate limiting is not enabled.' } },
  });
  const run = world.startRun();
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out', latest: 'false' },
    { workspace: await world.workspace(manyFiles(2)), env: FAST },
  );
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  expect(rule.fired).toBe(1);
  expect(result.stdout).toMatch(/API cost of this publish: \d+ requests, \d+ of them content-creating\./);
  expect(world.repo.releases().filter((r) => !r.draft)).toHaveLength(1);
});
