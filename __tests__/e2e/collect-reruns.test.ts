/**
 * Collect after "Re-run failed jobs" (SPEC §1, §3.6): since July 2026 the runtime token's listing
 * also returns items of earlier attempts, and their signed URL can answer 404
 * (actions/download-artifact#486). Collect chooses the newest attempt of each job before
 * downloading and fetches a kept earlier-attempt item through the REST API (actions: read).
 */
import { afterEach, beforeEach, expect, jest, test } from '@jest/globals';
import { createWorld, GITHUB_TOKEN, type World } from '../../testkit/world.ts';
import { collectAndPublish, finishJob, storeJob, storeMatrix } from '../../testkit/matrix.ts';
import { published, releasesOf, sha256 } from '../../testkit/inspect.ts';

jest.setTimeout(240_000);

const OS = ['linux', 'windows', 'macos'] as const;
const output = (os: string, version = 'v1'): Record<string, string> => ({
  [`dist/app-${os}.bin`]: `${os} ${version} build`,
});

let world: World;
beforeEach(async () => {
  world = await createWorld({ serverHost: 'github.localhost' });
});
afterEach(async () => {
  await world.close();
});

async function rerunMacos() {
  const run = world.startRun({ branch: 'main' });
  const first = await storeMatrix(
    world,
    run,
    'artifacts',
    Object.fromEntries(OS.map((os) => [`build (${os})`, output(os)])),
  );
  first.forEach((s) => finishJob(s, s.job.record.name === 'build (macos)' ? 'failure' : 'success'));
  run.update({ status: 'completed', conclusion: 'failure' });
  // Every attempt-1 item is still listed, but its signed URL answers 404.
  for (const record of world.emulator.artifacts.list()) world.emulator.artifacts.withdrawSignedUrl(record.id);
  const attempt2 = run.rerun();
  for (const job of attempt2.jobs()) job.update({ status: 'completed', conclusion: 'success' });
  const again = await storeJob(world, attempt2, {
    name: 'build (macos)',
    backend: 'artifacts',
    files: output('macos', 'v2'),
  });
  finishJob(again);
  return attempt2;
}

test('earlier-attempt items: the newest attempt per job is chosen before downloading, a 404 signed URL is read through REST', async () => {
  const attempt2 = await rerunMacos();
  const publishing = await collectAndPublish(world, attempt2, 'artifacts', { latest: 'false' });
  expect(publishing.collect.errors).toEqual([]);
  expect(publishing.collect.outputs.files).toBe('3');
  expect(publishing.collect.stdout).toMatch(
    /Skipping crp-\d+-\d+: stored by attempt 1 of job 'build \(macos\)', superseded by attempt 2/,
  );
  expect(publishing.collect.stdout).toMatch(
    /signed download URL of artifact crp-\d+-\d+ answered 404; downloading it through the REST API/,
  );
  expect(publishing.publish?.errors).toEqual([]);
  const assets = published(await releasesOf(world.emulator, world.repo)).get('ci-main-1')!.assets;
  expect(assets['app-linux.bin']).toBe(sha256('linux v1 build'));
  expect(assets['app-windows.bin']).toBe(sha256('windows v1 build'));
  expect(assets['app-macos.bin']).toBe(sha256('macos v2 build'));
});

test('without actions: read the REST download is refused, and the message names the permission', async () => {
  const attempt2 = await rerunMacos();
  // Private: on a public repository anyone signed in may download artifacts.
  world.repo.record.private = true;
  world.emulator.addToken(GITHUB_TOKEN, { kind: 'installation', repos: { [world.repo.fullName]: {} } });
  const publishing = await collectAndPublish(world, attempt2, 'artifacts');
  expect(publishing.collect.exitCode).toBe(1);
  expect(publishing.collect.errors.join(' ')).toMatch(
    /signed URL answered 404\), and the 'token' input cannot: GitHub answered HTTP 403.*'actions: read' on octo\/nightly/,
  );
});
