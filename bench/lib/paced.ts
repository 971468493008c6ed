/**
 * P4: 200 × 64 KiB, Numbered only, under GitHub's documented secondary limits (80 content-creating
 * requests a minute, 500 an hour) with time scaled: a minute lasts `minuteMs` in the emulator and in the
 * action's pacing alike, so the figures are GitHub's and the wall time is the scaled one. The ideal
 * paced time is (content-creating requests − 80) / 80 minutes. The raw client, unpaced, is shown
 * beside it: how far it gets before GitHub refuses it.
 */
import { rm } from 'node:fs/promises';
import type { RequestLogEntry } from '../../emulator/index.ts';
import { manyFiles, tempWorkspace } from './files.ts';
import { summarise, type Row } from './report.ts';
import { actionSample, floorSample, type Sample } from './sample.ts';
import { benchWorld, uploadOnlyInputs, type BenchEnv } from './workloads.ts';

export interface PacedRun {
  wallMs: number;
  contentCreating: number;
  refusals: number;
  idealMs: number;
}

const isUpload = (e: RequestLogEntry): boolean => e.method === 'POST' && e.path.startsWith('/api/uploads/');

export async function pacedPublish(
  runs: number,
  concurrency: number,
  env: BenchEnv,
  log: (m: string) => void,
): Promise<{ row: Row; runs: PacedRun[]; floor: { uploaded: number; refusals: number; failed: boolean } }> {
  const workspace = await tempWorkspace('p4');
  const samples: Sample[] = [];
  const paced: PacedRun[] = [];
  let floor = { uploaded: 0, refusals: 0, failed: false };
  try {
    const files = await manyFiles(workspace, 200, 64 * 1024);
    const bytes = files.reduce((s, f) => s + f.size, 0);
    for (let i = 0; i < runs; i++) {
      const world = await benchWorld(env);
      try {
        const sample = await actionSample(world, bytes, {
          inputs: uploadOnlyInputs(concurrency),
          workspace,
          extraEnv: { CRP_PACING_MINUTE_MS: String(env.minuteMs) },
        });
        const contentCreating = world.emulator.log.filter((e) => e.contentCreating).length;
        const refusals = world.emulator.log.filter((e) => e.secondaryLimited !== undefined).length;
        const idealMs = Math.max(0, ((contentCreating - 80) / 80) * env.minuteMs);
        samples.push(sample);
        paced.push({ wallMs: sample.wallMs, contentCreating, refusals, idealMs });
        log(
          `  action #${i + 1}: ${(sample.wallMs / 1000).toFixed(2)} s, ideal ${(idealMs / 1000).toFixed(2)} s, ${contentCreating} content-creating, ${refusals} refused, RSS ${(sample.peakRssBytes / 1e6).toFixed(0)} MB`,
        );
      } finally {
        await world.close();
      }
    }
    const world = await benchWorld(env);
    try {
      await floorSample(world, files, env.floorSockets || concurrency, 'floor-p4').catch(() => {
        floor = { ...floor, failed: true };
      });
      floor = {
        ...floor,
        uploaded: world.emulator.log.filter((e) => isUpload(e) && e.status === 201).length,
        refusals: world.emulator.log.filter((e) => e.secondaryLimited !== undefined).length,
      };
      log(
        `  raw client: ${floor.failed ? 'failed' : 'completed'}, ${floor.uploaded} of 200 uploaded, ${floor.refusals} refused`,
      );
    } finally {
      await world.close();
    }
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
  const action = summarise(samples);
  const mid = paced.find((p) => p.wallMs === action.wallMs) ?? paced[0];
  const note = mid
    ? `minute scaled to ${env.minuteMs / 1000} s; ${mid.contentCreating} content-creating requests, ideal paced time ${(mid.idealMs / 1000).toFixed(1)} s, wall ${(action.wallMs / mid.idealMs).toFixed(2)}× ideal, refusals ${paced.map((p) => p.refusals).join('/')}; the unpaced raw client ${floor.failed ? `was refused after ${floor.uploaded} of 200 uploads (${floor.refusals} refusals)` : 'completed'}`
    : '';
  return { row: { id: 'P4', label: `200 × 64 KiB paced, c=${concurrency}`, action, note }, runs: paced, floor };
}
