/**
 * Seeded random histories of 2–4 concurrent runs of one workflow on one branch (publish, publish
 * killed mid-way, a failed build, cleanup, re-run), driven through the bundle against the emulator.
 * A history is a list of phases; the steps of a phase run at the same time, phases one after the
 * other. The seed fixes the history; process timing inside a phase is the real, racy part.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunHandle } from '../emulator/index.ts';
import type { ActionResult } from './action-runner.ts';
import type { World } from './world.ts';

/** mulberry32: tiny, fast, good enough to spread histories; same seed, same sequence. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type StepKind = 'publish' | 'kill' | 'fail' | 'cleanup' | 'rerun';

export interface Step {
  /** Index of the run (0-based, in start order = run number order). */
  readonly run: number;
  readonly kind: StepKind;
  /** For kill: milliseconds after start. */
  readonly killAfterMs?: number;
  /** The run's last step: mark it completed afterwards. */
  readonly last: boolean;
}

export interface History {
  readonly seed: number;
  readonly runs: number;
  readonly keepCount: number;
  readonly phases: readonly (readonly Step[])[];
}

/** A run's script: its steps, one per phase from its start phase on. */
function script(random: () => number): { kind: StepKind; killAfterMs?: number }[] {
  const pick = random();
  const steps: { kind: StepKind; killAfterMs?: number }[] = [];
  if (pick < 0.6) steps.push({ kind: 'publish' });
  else if (pick < 0.8) steps.push({ kind: 'kill', killAfterMs: 200 + Math.floor(random() * 1000) });
  else steps.push({ kind: 'fail' });
  if (random() < 0.3) steps.push({ kind: 'cleanup' });
  // Re-runs happen to runs that did not publish cleanly, and sometimes to ones that did.
  if (steps[0]!.kind !== 'publish' ? random() < 0.5 : random() < 0.15) steps.push({ kind: 'rerun' });
  return steps;
}

export function generateHistory(seed: number): History {
  const random = rng(seed);
  // Mostly 2–3 runs, sometimes 4: keeps the suite within its time budget on two cores.
  const runs = 2 + Math.floor(random() ** 1.5 * 3);
  const keepCount = 1 + Math.floor(random() * 3);
  const phases: Step[][] = [];
  let start = 0;
  for (let run = 0; run < runs; run++) {
    // A later run starts in the same phase as the previous one or one or two phases later.
    start += Math.floor(random() * 3);
    const steps = script(random);
    steps.forEach((s, i) => {
      const at = start + i;
      while (phases.length <= at) phases.push([]);
      phases[at]!.push({
        run,
        kind: s.kind,
        ...(s.killAfterMs !== undefined ? { killAfterMs: s.killAfterMs } : {}),
        last: i === steps.length - 1,
      });
    });
  }
  return { seed, runs, keepCount, phases };
}

export function describeHistory(h: History): string {
  const phases = h.phases.map(
    (p, i) =>
      `  phase ${i}: ${p.map((s) => `run#${s.run + 1} ${s.kind}${s.killAfterMs ? `@${s.killAfterMs}ms` : ''}${s.last ? ' (ends)' : ''}`).join(', ') || '(idle)'}`,
  );
  return [`seed ${h.seed}: ${h.runs} runs, numbered-keep-count ${h.keepCount}`, ...phases].join('\n');
}

/** What one publish did, as the test saw it. */
export interface PublishRecord {
  readonly runNumber: number;
  readonly attempt: number;
  readonly killed: boolean;
  readonly result: ActionResult;
  readonly finishedAt: number;
  /** Kinds the action reports as published (empty when killed). */
  readonly published: { kind: string; tag: string }[];
}

export interface Executed {
  readonly publishes: PublishRecord[];
  readonly cleanups: ActionResult[];
  readonly runs: RunHandle[];
}

export function label(runNumber: number, attempt: number): string {
  return `r${runNumber}a${attempt}`;
}

export function filesOf(runNumber: number, attempt: number): Record<string, string> {
  const l = label(runNumber, attempt);
  return { 'out/app.bin': `app built by ${l}\n`.repeat(200), 'out/notes.txt': `notes of ${l}` };
}

/** Fast 5xx backoff, and Node's compile cache: hundreds of processes load the same 5 MB bundle. */
export const RACE_ENV = { CRP_RETRY_BASE_MS: '20', NODE_COMPILE_CACHE: join(tmpdir(), 'crp-race-compile-cache') };

async function publish(
  world: World,
  run: RunHandle,
  keepCount: number,
  killAfterMs: number | undefined,
): Promise<PublishRecord> {
  const workspace = await world.workspace(filesOf(run.runNumber, run.runAttempt));
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out', 'numbered-keep-count': String(keepCount) },
    {
      workspace,
      env: RACE_ENV,
      ...(killAfterMs !== undefined ? { killAfterMs } : {}),
    },
  );
  const killed = result.signal === 'SIGKILL';
  const published =
    !killed && result.outputs.published
      ? (JSON.parse(result.outputs.published) as { kind: string; tag: string }[])
      : [];
  return { runNumber: run.runNumber, attempt: run.runAttempt, killed, result, finishedAt: Date.now(), published };
}

export async function cleanupIn(world: World, run: RunHandle): Promise<ActionResult> {
  return world.act(
    run,
    { mode: 'cleanup', backend: 'releases' },
    { workspace: await world.workspace(), env: RACE_ENV },
  );
}

/** Plays the history; every run ends completed with the conclusion its steps earned. */
export async function playHistory(world: World, h: History): Promise<Executed> {
  const runs: (RunHandle | undefined)[] = Array.from({ length: h.runs }, () => undefined);
  const conclusion: string[] = Array.from({ length: h.runs }, () => 'success');
  const publishes: PublishRecord[] = [];
  const cleanups: ActionResult[] = [];
  for (const phase of h.phases) {
    // Runs starting in this phase are created first, in order, so run numbers follow run indexes.
    for (const step of phase) if (runs[step.run] === undefined) runs[step.run] = world.startRun({ branch: 'main' });
    await Promise.all(
      phase.map(async (step) => {
        let run = runs[step.run]!;
        switch (step.kind) {
          case 'publish':
          case 'kill': {
            const record = await publish(world, run, h.keepCount, step.killAfterMs);
            publishes.push(record);
            conclusion[step.run] = record.killed ? 'cancelled' : record.result.exitCode === 0 ? 'success' : 'failure';
            break;
          }
          case 'fail':
            conclusion[step.run] = 'failure';
            break;
          case 'cleanup':
            cleanups.push(await cleanupIn(world, run));
            break;
          case 'rerun': {
            run.update({ status: 'completed', conclusion: conclusion[step.run] ?? 'failure' });
            run = run.rerun();
            runs[step.run] = run;
            const record = await publish(world, run, h.keepCount, undefined);
            publishes.push(record);
            conclusion[step.run] = record.result.exitCode === 0 ? 'success' : 'failure';
            break;
          }
        }
        if (step.last) run.update({ status: 'completed', conclusion: conclusion[step.run] ?? 'success' });
      }),
    );
  }
  return { publishes, cleanups, runs: runs.filter((r): r is RunHandle => r !== undefined) };
}
