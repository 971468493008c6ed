/**
 * Where one P1 run of the bundle spends its wall time: process start, each request GitHub saw (ms
 * since start, duration), process exit. Uploads are folded into one line.
 * Runs on the bench's transport environment (a 100 ms minute, so pacing never binds), optionally
 * with every request delayed.
 * With --floor, the raw client's run instead, for comparison.
 *   node bench/timeline.ts [--count 200] [--concurrency 8] [--latency-ms 40] [--floor]
 */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runAction } from '../testkit/action-runner.ts';
import { manyFiles, tempWorkspace } from './lib/files.ts';
import { floorSample } from './lib/sample.ts';
import { benchWorld, TRANSPORT_ENV, uploadOnlyInputs } from './lib/workloads.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
    'latency-ms': { type: 'string', default: '0' },
    floor: { type: 'boolean', default: false },
  },
});
const workspace = await tempWorkspace('timeline');
const world = await benchWorld({ ...TRANSPORT_ENV, latencyMs: Number(values['latency-ms']) });
try {
  const files = await manyFiles(workspace, Number(values.count), 256 * 1024);
  const run = world.startRun({ branch: 'main' });
  const started = Date.now();
  let durationMs: number;
  if (values.floor) {
    durationMs = (await floorSample(world, files, Number(values.concurrency), 'floor')).wallMs;
  } else {
    const result = await runAction({
      inputs: uploadOnlyInputs(Number(values.concurrency)),
      facts: { ...world.facts(run, { workspace }), extraEnv: { CRP_PACING_MINUTE_MS: String(TRANSPORT_ENV.minuteMs) } },
    });
    if (result.exitCode !== 0) throw new Error(result.stderr);
    durationMs = result.durationMs;
  }
  const ended = started + durationMs;
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
