/**
 * One measured sample: the bundled action (testkit's runner, a separate process as on a runner) or
 * the raw-HTTP floor client (also a separate process) against a fresh emulator world.
 */
import { fileURLToPath } from 'node:url';
import type { RequestLogEntry } from '../../emulator/index.ts';
import type { RunnerFacts } from '../../testkit/action-runner.ts';
import { node24, runAction } from '../../testkit/action-runner.ts';
import { GITHUB_TOKEN, type World } from '../../testkit/world.ts';
import type { BenchFile } from './files.ts';
import { runMeasured } from './proc.ts';
import { countByKind, maxParallelUploads } from './requests.ts';

export interface Sample {
  wallMs: number;
  peakRssBytes: number;
  /** Payload bytes the client sent (assets, stored files). */
  bytes: number;
  requests: Record<string, number>;
  totalRequests: number;
  maxParallelUploads: number;
  /** CPU the emulator (this process) spent during the sample, ms. */
  emulatorCpuMs: number;
  /** Lines of the action's log worth keeping (progress lines). */
  progress?: string[];
}

const FLOOR_CLIENT = fileURLToPath(new URL('./floor-client.ts', import.meta.url));

/** Runs `work` and describes what reached the emulator meanwhile. */
export async function observe(
  world: World,
  bytes: number,
  work: () => Promise<{ wallMs: number; peakRssBytes: number }>,
): Promise<Sample> {
  const from = world.emulator.log.length;
  const cpu = process.cpuUsage();
  const { wallMs, peakRssBytes } = await work();
  const used = process.cpuUsage(cpu);
  const entries: RequestLogEntry[] = world.emulator.log.slice(from);
  return {
    wallMs,
    peakRssBytes,
    bytes,
    requests: countByKind(entries),
    totalRequests: entries.length,
    maxParallelUploads: maxParallelUploads(entries),
    emulatorCpuMs: Math.round((used.user + used.system) / 1000),
  };
}

export interface ActionSpec {
  inputs: Record<string, string>;
  workspace: string;
  extraEnv?: Record<string, string>;
  jobId?: number;
  runnerName?: string;
}

/** Runs the bundle in a new branch run of `world`; throws with its log when it fails. */
export async function actionSample(
  world: World,
  bytes: number,
  spec: ActionSpec,
  run = world.startRun({ branch: 'main' }),
): Promise<Sample> {
  let progress: string[] = [];
  const sample = await observe(world, bytes, async () => {
    const facts: RunnerFacts = world.facts(run, {
      workspace: spec.workspace,
      ...(spec.jobId !== undefined ? { jobId: spec.jobId } : {}),
      ...(spec.runnerName ? { runnerName: spec.runnerName } : {}),
    });
    if (spec.extraEnv) facts.extraEnv = spec.extraEnv;
    const result = await runAction({ inputs: spec.inputs, facts, timeoutMs: 600_000 });
    if (result.exitCode !== 0)
      throw new Error(`action failed (${result.exitCode}):\n${result.stdout}\n${result.stderr}`);
    progress = result.stdout.split('\n').filter((l) => /\(\d+%\)/.test(l));
    return { wallMs: result.durationMs, peakRssBytes: result.peakRssBytes };
  });
  return { ...sample, progress };
}

/** The raw-HTTP floor publishing `files` as one release at `concurrency`. */
export async function floorSample(
  world: World,
  files: readonly BenchFile[],
  concurrency: number,
  tag: string,
): Promise<Sample> {
  const bytes = files.reduce((s, f) => s + f.size, 0);
  return observe(world, bytes, async () => {
    const config = {
      apiUrl: world.emulator.url,
      token: GITHUB_TOKEN,
      repository: world.repo.fullName,
      tag,
      concurrency,
      files,
    };
    const result = await runMeasured(node24(), [FLOOR_CLIENT], { FLOOR_CONFIG: JSON.stringify(config) });
    if (result.code !== 0) throw new Error(`floor client failed (${result.code}):\n${result.stderr}`);
    return { wallMs: result.durationMs, peakRssBytes: result.peakRssBytes };
  });
}
