/**
 * `npm run demo`: the whole nightly cycle against the local GitHub emulator, with the committed
 * bundle (dist/) run as separate processes the way the Actions runner runs them.
 *
 * Three runs of the nightly workflow on `main`. Each run: a matrix of three build jobs `store` their
 * files at the same time (Actions artifacts backend), then the publishing job `collect`s and
 * `publish`es Latest + Numbered with numbered-keep-count 2. Run 3 starts while run 2 is still
 * building, so run 2 must leave Latest alone (a newer run is in progress) and run 3 takes it.
 */
import { collectAndPublish, finishJob, storeMatrix, type PublishingJob } from '../testkit/matrix.ts';
import { releaseTable } from '../testkit/report.ts';
import { createWorld, type World } from '../testkit/world.ts';
import type { ActionResult } from '../testkit/action-runner.ts';
import type { RunHandle } from '../emulator/index.ts';

const MATRIX = ['linux', 'windows', 'macos'];
const PUBLISH = { latest: 'true', numbered: 'true', 'numbered-keep-count': '2' };

/** What one matrix job builds in run `n`: an archive and a checksum-able binary, different every night. */
function buildOutput(os: string, n: number): Record<string, string | Buffer> {
  return {
    [`dist/app-${os}.tar.gz`]: Buffer.alloc(64 * 1024 + n * 1000, `${os}-${n}`),
    [`dist/app-${os}.sig`]: `signature of app-${os} build ${n}\n`,
  };
}

function check(what: string, result: ActionResult | undefined): void {
  if (result?.exitCode === 0) return;
  console.error(
    `\n${what} failed (exit ${result?.exitCode ?? 'not run'}):\n${result?.errors.join('\n') ?? ''}\n${result?.stderr ?? ''}`,
  );
  process.exit(1);
}

async function buildMatrix(world: World, run: RunHandle): Promise<void> {
  const jobs = Object.fromEntries(MATRIX.map((os) => [`build (${os})`, buildOutput(os, run.runNumber)]));
  const stored = await storeMatrix(world, run, 'artifacts', jobs);
  for (const job of stored) {
    check(`run ${run.runNumber}: store in '${job.job.record.name}'`, job.result);
    finishJob(job);
  }
  const bytes = stored.reduce((n, s) => n + Number(s.result.outputs.bytes), 0);
  console.log(`run ${run.runNumber}: ${stored.length} matrix jobs stored ${bytes} bytes at the same time`);
}

async function publishRun(world: World, run: RunHandle): Promise<PublishingJob> {
  const publishing = await collectAndPublish(world, run, 'artifacts', PUBLISH);
  check(`run ${run.runNumber}: collect`, publishing.collect);
  check(`run ${run.runNumber}: publish`, publishing.publish);
  run.update({ status: 'completed', conclusion: 'success' });
  const outputs = publishing.publish?.outputs ?? {};
  const published = (JSON.parse(outputs.published ?? '[]') as { tag: string }[]).map((p) => p.tag);
  const deleted = JSON.parse(outputs.deleted ?? '[]') as string[];
  console.log(
    `run ${run.runNumber}: collected ${publishing.collect.outputs.files} files; published ${published.join(', ') || 'nothing'}` +
      (deleted.length > 0 ? `; retention deleted ${deleted.join(', ')}` : ''),
  );
  return publishing;
}

const started = Date.now();
const world = await createWorld({ serverHost: 'github.localhost' });
try {
  console.log(`GitHub emulator at ${world.emulator.url}, repository ${world.repo.fullName}\n`);

  const run1 = world.startRun({ branch: 'main' });
  await buildMatrix(world, run1);
  await publishRun(world, run1);

  // The next night's run is slow; the one after starts before it finishes.
  const run2 = world.startRun({ branch: 'main' });
  await buildMatrix(world, run2);
  const run3 = world.startRun({ branch: 'main' });
  const run2Published = await publishRun(world, run2);
  await buildMatrix(world, run3);
  await publishRun(world, run3);

  console.log(`\nReleases of ${world.repo.fullName} after three nightly runs:\n`);
  console.log(await releaseTable(world));
  const skipped = JSON.parse(run2Published.publish?.outputs.skipped ?? '[]') as { kind: string; reason: string }[];
  const latestSkip = skipped.find((s) => s.kind === 'latest');
  if (latestSkip)
    console.log(`\nLatest: run 2 left it alone (${latestSkip.reason}); run 3 then took it over from run 1.`);
  console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await world.close();
}
