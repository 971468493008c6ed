/**
 * P1 alone, for finding where the action's time goes (on the bench's transport environment, where
 * pacing never binds): `runs` samples of the bundle (and, with
 * --floor, the floor alternating), medians printed; with --cpu-prof DIR each action run writes a V8
 * CPU profile there (NODE_OPTIONS through the runner's env), summarised by bench/lib/cpuprofile.ts.
 *
 *   node bench/p1-profile.ts --runs 5 --floor
 *   node bench/p1-profile.ts --runs 1 --cpu-prof /tmp/prof && node bench/lib/cpuprofile.ts /tmp/prof/*.cpuprofile
 */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { manyFiles, tempWorkspace } from './lib/files.ts';
import { actionSample, floorSample } from './lib/sample.ts';
import { median } from './lib/stats.ts';
import { benchWorld, TRANSPORT_ENV, uploadOnlyInputs } from './lib/workloads.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    floor: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'node-options': { type: 'string', default: '' },
    concurrency: { type: 'string', default: '4' },
    count: { type: 'string', default: '200' },
  },
});
const runs = Number(values.runs);
const concurrency = Number(values.concurrency);
const nodeOptions = [
  values['node-options'],
  values['cpu-prof'] ? `--cpu-prof --cpu-prof-dir=${values['cpu-prof']}` : '',
]
  .filter(Boolean)
  .join(' ');
const workspace = await tempWorkspace('p1prof');
try {
  const files = await manyFiles(workspace, Number(values.count), 256 * 1024);
  const bytes = files.reduce((s, f) => s + f.size, 0);
  const action: number[] = [];
  const actionRss: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const who of values.floor ? (i % 2 === 0 ? ['action', 'floor'] : ['floor', 'action']) : ['action']) {
      const world = await benchWorld(TRANSPORT_ENV);
      try {
        if (who === 'action') {
          const s = await actionSample(world, bytes, {
            inputs: uploadOnlyInputs(concurrency),
            workspace,
            extraEnv: {
              CRP_PACING_MINUTE_MS: String(TRANSPORT_ENV.minuteMs),
              ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
            },
          });
          action.push(s.wallMs);
          actionRss.push(s.peakRssBytes);
          console.log(
            `action #${i + 1}: ${s.wallMs} ms, RSS ${(s.peakRssBytes / 1e6).toFixed(0)} MB, ${s.totalRequests} requests, emulator CPU ${s.emulatorCpuMs} ms`,
          );
        } else {
          const s = await floorSample(world, files, concurrency, `floor-${i}`);
          floor.push(s.wallMs);
          console.log(
            `floor  #${i + 1}: ${s.wallMs} ms, RSS ${(s.peakRssBytes / 1e6).toFixed(0)} MB, ${s.totalRequests} requests, emulator CPU ${s.emulatorCpuMs} ms`,
          );
        }
      } finally {
        await world.close();
      }
    }
  }
  const a = median(action);
  console.log(`action median ${a} ms [${action.join(', ')}], RSS median ${(median(actionRss) / 1e6).toFixed(0)} MB`);
  if (floor.length)
    console.log(`floor median ${median(floor)} ms [${floor.join(', ')}]; ratio ${(a / median(floor)).toFixed(2)}×`);
} finally {
  await rm(workspace, { recursive: true, force: true });
}
