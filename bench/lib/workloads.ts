/** P1 (many assets) and P2 (one big asset): the action against its raw-HTTP floor, interleaved. */
import { rm } from 'node:fs/promises';
import { createWorld, type World } from '../../testkit/world.ts';
import { bigFile, manyFiles, tempWorkspace, type BenchFile } from './files.ts';
import { actionSample, floorSample, type Sample } from './sample.ts';

export interface PairResult {
  action: Sample[];
  floor: Sample[];
}

/**
 * Where a workload runs. `latencyMs`: every request waits that long in the emulator before it is
 * handled (a runner is ~40 ms from api.github.com, loopback ~1 ms). `minuteMs`: GitHub's minute, in the
 * emulator's secondary limits and the action's pacing (CRP_PACING_MINUTE_MS) alike. `floorSockets`:
 * the raw client's parallelism.
 */
export interface BenchEnv {
  readonly latencyMs: number;
  readonly minuteMs: number;
  readonly floorSockets: number;
}

/**
 * P1 and P2 measure the transport: a 100 ms minute lets 800 writes a second through, which neither
 * client reaches, so pacing never binds (figures GitHub's, time scaled).
 */
export const TRANSPORT_ENV: BenchEnv = { latencyMs: 0, minuteMs: 100, floorSockets: 0 };

export async function benchWorld(env: BenchEnv): Promise<World> {
  const world = await createWorld({ budgets: { secondaryLimits: { minuteMs: env.minuteMs } } });
  if (env.latencyMs > 0)
    world.emulator.faults.add({ times: Number.MAX_SAFE_INTEGER, action: { latencyMs: env.latencyMs } });
  return world;
}

/** Inputs for a publish that makes only the Numbered release, without SHA256SUMS: uploads only. */
export function uploadOnlyInputs(concurrency: number): Record<string, string> {
  return {
    mode: 'publish',
    path: 'out',
    latest: 'false',
    numbered: 'true',
    checksums: 'false',
    concurrency: String(concurrency),
  };
}

/** `runs` samples of the action and of the floor on `files`, alternating, each in a fresh emulator. */
export async function pairSamples(
  workspace: string,
  files: readonly BenchFile[],
  concurrency: number,
  runs: number,
  log: (m: string) => void,
  env: BenchEnv = TRANSPORT_ENV,
): Promise<PairResult> {
  const bytes = files.reduce((s, f) => s + f.size, 0);
  const result: PairResult = { action: [], floor: [] };
  for (let i = 0; i < runs; i++) {
    for (const who of i % 2 === 0 ? ['action', 'floor'] : ['floor', 'action']) {
      const world = await benchWorld(env);
      try {
        const sample =
          who === 'action'
            ? await actionSample(world, bytes, {
                inputs: uploadOnlyInputs(concurrency),
                workspace,
                extraEnv: { CRP_PACING_MINUTE_MS: String(env.minuteMs) },
              })
            : await floorSample(world, files, env.floorSockets || concurrency, `floor-${i}`);
        (who === 'action' ? result.action : result.floor).push(sample);
        log(
          `  ${who} #${i + 1}: ${(sample.wallMs / 1000).toFixed(2)} s, RSS ${(sample.peakRssBytes / 1e6).toFixed(0)} MB, ${sample.totalRequests} requests, ≤${sample.maxParallelUploads} uploads at once`,
        );
      } finally {
        await world.close();
      }
    }
  }
  return result;
}

export async function manyAssets(
  count: number,
  size: number,
  concurrency: number,
  runs: number,
  log: (m: string) => void,
  env: BenchEnv = TRANSPORT_ENV,
): Promise<PairResult> {
  const workspace = await tempWorkspace('p1');
  try {
    const files = await manyFiles(workspace, count, size);
    return await pairSamples(workspace, files, concurrency, runs, log, env);
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

export async function oneBigAsset(
  size: number,
  concurrency: number,
  runs: number,
  log: (m: string) => void,
): Promise<PairResult> {
  const workspace = await tempWorkspace('p2');
  try {
    const file = await bigFile(workspace, size);
    return await pairSamples(workspace, [file], concurrency, runs, log);
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
