/** P1 (many assets) and P2 (one big asset): the action against its raw-HTTP floor, interleaved. */
import { rm } from 'node:fs/promises';
import { createWorld } from '../../testkit/world.ts';
import { bigFile, manyFiles, tempWorkspace, type BenchFile } from './files.ts';
import { actionSample, floorSample, type Sample } from './sample.ts';

export interface PairResult {
  action: Sample[];
  floor: Sample[];
}

/** Inputs for a publish that makes only the Numbered release, without SHA256SUMS: uploads only. */
export function uploadOnlyInputs(concurrency: number): Record<string, string> {
  return { mode: 'publish', path: 'out', latest: 'false', numbered: 'true', checksums: 'false', concurrency: String(concurrency) };
}

/** `runs` samples of the action and of the floor on `files`, alternating, each in a fresh emulator. */
export async function pairSamples(workspace: string, files: readonly BenchFile[], concurrency: number, runs: number, log: (m: string) => void): Promise<PairResult> {
  const bytes = files.reduce((s, f) => s + f.size, 0);
  const result: PairResult = { action: [], floor: [] };
  for (let i = 0; i < runs; i++) {
    for (const who of i % 2 === 0 ? ['action', 'floor'] : ['floor', 'action']) {
      const world = await createWorld();
      try {
        const sample = who === 'action'
          ? await actionSample(world, bytes, { inputs: uploadOnlyInputs(concurrency), workspace })
          : await floorSample(world, files, concurrency, `floor-${i}`);
        (who === 'action' ? result.action : result.floor).push(sample);
        log(`  ${who} #${i + 1}: ${(sample.wallMs / 1000).toFixed(2)} s, RSS ${(sample.peakRssBytes / 1e6).toFixed(0)} MB, ${sample.totalRequests} requests, ≤${sample.maxParallelUploads} uploads at once`);
      } finally {
        await world.close();
      }
    }
  }
  return result;
}

export async function manyAssets(count: number, size: number, concurrency: number, runs: number, log: (m: string) => void): Promise<PairResult> {
  const workspace = await tempWorkspace('p1');
  try {
    const files = await manyFiles(workspace, count, size);
    return await pairSamples(workspace, files, concurrency, runs, log);
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

export async function oneBigAsset(size: number, concurrency: number, runs: number, log: (m: string) => void): Promise<PairResult> {
  const workspace = await tempWorkspace('p2');
  try {
    const file = await bigFile(workspace, size);
    return await pairSamples(workspace, [file], concurrency, runs, log);
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
