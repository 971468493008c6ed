/** Spawning a measured child process (the floor client): wall time and peak RSS from /proc VmHWM. */
import { spawn } from 'node:child_process';
import { sampleRss } from '../../testkit/action-runner.ts';

export interface Measured {
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  peakRssBytes: number;
}

export async function runMeasured(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<Measured> {
  const started = Date.now();
  const child = spawn(command, args, {
    env: {
      PATH: process.env.PATH ?? '',
      ...(process.env.BENCH_CHILD_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_CHILD_NODE_OPTIONS } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let peakRssBytes = 0;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, sampleRss(child.pid))), 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c: number | null) => resolve(c)));
  clearInterval(sampler);
  return { code, stdout, stderr, durationMs: Date.now() - started, peakRssBytes };
}
