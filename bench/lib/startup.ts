/** How long the bundle takes to start and stop with nothing to do, beside a bare Node process. */
import { node24, runAction } from '../../testkit/action-runner.ts';
import { createWorld } from '../../testkit/world.ts';
import { runMeasured } from './proc.ts';
import { median } from './stats.ts';

export interface Startup {
  /** `node -e ''` on Node 24. */
  bareNodeMs: number;
  /** The bundle run with an invalid mode: load ~5 MB of JS, read inputs, fail, exit. */
  bundleMs: number;
  bundleRssBytes: number;
}

export async function measureStartup(runs: number): Promise<Startup> {
  const bare: number[] = [];
  const bundle: number[] = [];
  const rss: number[] = [];
  const world = await createWorld();
  try {
    const workspace = await world.workspace();
    for (let i = 0; i < runs; i++) {
      bare.push((await runMeasured(node24(), ['-e', ''], {})).durationMs);
      const result = await runAction({
        inputs: { mode: 'no-such-mode' },
        facts: world.facts(world.startRun(), { workspace }),
      });
      if (result.exitCode === 0) throw new Error('the bundle accepted mode no-such-mode');
      bundle.push(result.durationMs);
      rss.push(result.peakRssBytes);
    }
  } finally {
    await world.close();
  }
  return { bareNodeMs: median(bare), bundleMs: median(bundle), bundleRssBytes: median(rss) };
}
