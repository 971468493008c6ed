/**
 * A 1,000-asset Latest + Numbered plan on a fresh GITHUB_TOKEN budget (1,000 requests an hour): the
 * plan needs about 2,000, so the action must refuse it before any write. Wall time from process start
 * to exit, and the write requests GitHub saw (must be 0).
 */
import { rm } from 'node:fs/promises';
import { runAction } from '../../testkit/action-runner.ts';
import { manyFiles, tempWorkspace } from './files.ts';
import { benchWorld, TRANSPORT_ENV } from './workloads.ts';

export interface RefusalRun {
  wallMs: number;
  exitCode: number | null;
  writes: number;
  requests: number;
  error: string;
}

export async function budgetRefusal(runs: number, log: (m: string) => void): Promise<RefusalRun[]> {
  const workspace = await tempWorkspace('refusal');
  const results: RefusalRun[] = [];
  try {
    await manyFiles(workspace, 1000, 1024);
    for (let i = 0; i < runs; i++) {
      const world = await benchWorld(TRANSPORT_ENV);
      try {
        const run = world.startRun({ branch: 'main' });
        const result = await runAction({
          inputs: { mode: 'publish', path: 'out', checksums: 'false' },
          facts: world.facts(run, { workspace }),
          timeoutMs: 120_000,
        });
        const r = {
          wallMs: result.durationMs,
          exitCode: result.exitCode,
          writes: world.emulator.writes().length,
          requests: world.emulator.log.length,
          error: result.errors[0] ?? '',
        };
        results.push(r);
        log(
          `  refusal #${i + 1}: exit ${r.exitCode} in ${(r.wallMs / 1000).toFixed(2)} s, ${r.writes} writes, ${r.requests} requests: ${r.error}`,
        );
      } finally {
        await world.close();
      }
    }
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
  return results;
}
