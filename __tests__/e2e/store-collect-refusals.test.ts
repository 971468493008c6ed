/**
 * What collect refuses, end to end through the bundle (SPEC §6): a stored file that no longer matches
 * its manifest, two jobs storing the same asset name, and (artifacts) an archive entry escaping the
 * destination. Each fails the publishing job with a message naming the culprit, and nothing is
 * published and nothing written outside the destination.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createWorld, type World } from '../../testkit/world.ts';
import { published, releasesOf } from '../../testkit/inspect.ts';
import { collectAndPublish, finishJob, storeJob, storeMatrix, type Backend } from '../../testkit/matrix.ts';

jest.setTimeout(240_000);

let world: World;
beforeEach(async () => {
  world = await createWorld({ serverHost: 'github.localhost' });
});
afterEach(async () => {
  await world.close();
});

/** Flips a byte in the middle of stored file `name` of item `storeName`, wherever the backend keeps it. */
async function corruptStored(backend: Backend, storeName: string, name: string): Promise<void> {
  if (backend === 'artifacts') {
    const artifact = world.emulator.artifacts.list().find((a) => a.name === storeName);
    await world.emulator.artifacts.corruptEntry(artifact?.id ?? 0, name);
    return;
  }
  const asset = world.repo
    .releases()
    .find((r) => r.tagName === storeName)
    ?.assets.find((a) => a.name === name);
  const bytes = await readFile(asset?.filePath ?? '');
  const at = Math.floor(bytes.length / 2);
  bytes[at] = (bytes[at] ?? 0) ^ 0xff;
  await writeFile(asset?.filePath ?? '', bytes);
}

async function expectNothingPublished(collectWorkspace: string): Promise<void> {
  expect([...published(await releasesOf(world.emulator, world.repo)).keys()]).toEqual([]);
  // No incomplete publishing draft either: publish never started.
  expect(world.repo.releases().filter((r) => r.tagName.startsWith('_ci-main-'))).toEqual([]);
  // No file landed under its real name; partial files are removed.
  expect(await readdir(join(collectWorkspace, 'collected')).catch(() => [])).toEqual([]);
}

describe.each<Backend>(['artifacts', 'releases'])('%s backend', (backend) => {
  test('a corrupted stored file: collect fails naming the file and its job, nothing is published', async () => {
    const run = world.startRun({ branch: 'main' });
    const stored = await storeMatrix(world, run, backend, {
      'build (linux)': { 'dist/app-linux.bin': 'L'.repeat(50_000) },
      'build (windows)': { 'dist/app-windows.bin': 'W'.repeat(50_000), 'dist/readme.txt': 'read me' },
    });
    stored.forEach((s) => finishJob(s));
    const windows = stored.find((s) => s.job.record.name === 'build (windows)');
    await corruptStored(backend, windows?.result.outputs['store-name'] ?? '', 'app-windows.bin');

    const publishing = await collectAndPublish(world, run, backend);
    expect(publishing.collect.exitCode).toBe(1);
    expect(publishing.collect.errors.join('\n')).toMatch(
      /File 'app-windows\.bin' stored by job 'build \(windows\)' \(job \d+, attempt 1\) is corrupted: expected 50000 bytes with sha256 [0-9a-f]{64}/,
    );
    expect(publishing.publish).toBeUndefined();
    await expectNothingPublished(publishing.workspace);
  });

  test('two jobs storing the same asset name: collect fails naming both jobs and the name', async () => {
    const run = world.startRun({ branch: 'main' });
    const stored = await storeMatrix(world, run, backend, {
      'build (linux)': { 'dist/tool.zip': 'linux tool', 'dist/only-linux.txt': 'l' },
      'build (mac)': { 'dist/tool.zip': 'mac tool' },
    });
    stored.forEach((s) => finishJob(s));
    const publishing = await collectAndPublish(world, run, backend);
    expect(publishing.collect.exitCode).toBe(1);
    expect(publishing.collect.errors.join('\n')).toMatch(
      /Jobs 'build \(linux\)' \(job \d+, attempt 1\) and 'build \(mac\)' \(job \d+, attempt 1\) both stored 'tool\.zip'/,
    );
    await expectNothingPublished(publishing.workspace);
  });

  test('names that only clash after GitHub renames them are a clash too', async () => {
    const run = world.startRun({ branch: 'main' });
    const stored = await storeMatrix(world, run, backend, {
      'build (a)': { 'dist/my app.zip': 'a' },
      'build (b)': { 'dist/my~app.zip': 'b' },
    });
    stored.forEach((s) => finishJob(s));
    const publishing = await collectAndPublish(world, run, backend);
    expect(publishing.collect.exitCode).toBe(1);
    expect(publishing.collect.errors.join('\n')).toContain(
      "'my app.zip' and 'my~app.zip' (both the asset 'my.app.zip')",
    );
    await expectNothingPublished(publishing.workspace);
  });
});

test('artifacts backend: an archive entry that would escape the destination (zip slip) is refused before anything is written', async () => {
  const run = world.startRun({ branch: 'main' });
  const stored = await storeJob(world, run, { name: 'build', backend: 'artifacts', files: { 'dist/app.bin': 'app' } });
  finishJob(stored);
  const artifact = world.emulator.artifacts.list().find((a) => a.name === stored.result.outputs['store-name']);
  await world.emulator.artifacts.replaceArchive(artifact?.id ?? 0, [
    { name: 'app.bin', data: Buffer.from('app') },
    { name: '../../../escaped.txt', data: Buffer.from('evil') },
  ]);

  const publishing = await collectAndPublish(world, run, 'artifacts');
  expect(publishing.collect.exitCode).toBe(1);
  expect(publishing.collect.errors.join('\n')).toContain(
    "archive entry '../../../escaped.txt' contains a '..' component and would escape the destination (zip slip)",
  );
  await expectNothingPublished(publishing.workspace);
  // Nowhere near the workspace either.
  for (const dir of [publishing.workspace, join(publishing.workspace, '..'), join(publishing.workspace, '../..')]) {
    expect(await readdir(dir)).not.toContain('escaped.txt');
  }
});
