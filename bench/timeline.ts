/**
 * Where one P1 run of the bundle spends its wall time: process start, each request GitHub saw (ms
 * since start, duration), process exit. Uploads are folded into one line.
 *   node bench/timeline.ts [--count 200]
 */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runAction } from '../testkit/action-runner.ts';
import { createWorld } from '../testkit/world.ts';
import { manyFiles, tempWorkspace } from './lib/files.ts';
import { uploadOnlyInputs } from './lib/workloads.ts';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '4' } },
});
const workspace = await tempWorkspace('timeline');
const world = await createWorld();
try {
  await manyFiles(workspace, Number(values.count), 256 * 1024);
  const run = world.startRun({ branch: 'main' });
  const started = Date.now();
  const result = await runAction({
    inputs: uploadOnlyInputs(Number(values.concurrency)),
    facts: world.facts(run, { workspace }),
  });
  const ended = started + result.durationMs;
  if (result.exitCode !== 0) throw new Error(result.stderr);
  const rows: string[] = [];
  let uploads: { first: number; last: number; n: number } | undefined;
  for (const e of world.emulator.log) {
    if (e.at < started) continue;
    const from = e.at - started;
    const to = (e.doneAt ?? e.at) - started;
    if (e.path.endsWith('/assets') && e.method === 'POST') {
      uploads = uploads ? { first: uploads.first, last: to, n: uploads.n + 1 } : { first: from, last: to, n: 1 };
      continue;
    }
    if (uploads) {
      rows.push(`${String(uploads.first).padStart(5)}–${String(uploads.last).padEnd(5)} ${uploads.n} uploads`);
      uploads = undefined;
    }
    rows.push(`${String(from).padStart(5)}–${String(to).padEnd(5)} ${e.method} ${e.path} ${e.status}`);
  }
  if (uploads) rows.push(`${String(uploads.first).padStart(5)}–${String(uploads.last).padEnd(5)} ${uploads.n} uploads`);
  console.log(
    `    0        process start\n${rows.join('\n')}\n${String(ended - started).padStart(5)}        process exit`,
  );
} finally {
  await world.close();
  await rm(workspace, { recursive: true, force: true });
}
