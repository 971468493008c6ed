/**
 * P3, the nightly end to end: a matrix of 4 `store` jobs (separate processes at the same time) ×
 * 10 files × 4 MiB → one `collect` → `publish` Latest + Numbered (action.yml's defaults: checksums
 * on), on the Actions-artifacts backend, each step the bundle as the runner starts it.
 */
import { randomBytes } from 'node:crypto';
import type { RequestLogEntry } from '../../emulator/index.ts';
import { actAsJob, finishJob, storeMatrix } from '../../testkit/matrix.ts';
import { createWorld } from '../../testkit/world.ts';
import { summarise, type Row } from './report.ts';
import { countByKind, maxParallelUploads } from './requests.ts';
import type { Sample } from './sample.ts';

const JOBS = 4;
const FILES_PER_JOB = 10;
const MIB = 4;

export interface NightlyPhases {
  storeMs: number;
  collectMs: number;
  publishMs: number;
  /** REST API requests of the publish step (the figure SPEC §8 bounds), by kind. */
  publishRequests: Record<string, number>;
  publishRequestCount: number;
  uploads: number;
}

function matrixFiles(): Record<string, Record<string, Buffer>> {
  const jobs: Record<string, Record<string, Buffer>> = {};
  for (let j = 0; j < JOBS; j++) {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < FILES_PER_JOB; i++) files[`dist/job${j}-file${i}.bin`] = randomBytes(MIB * 1024 * 1024);
    jobs[`build (${j})`] = files;
  }
  return jobs;
}

async function once(): Promise<{ sample: Sample; phases: NightlyPhases }> {
  const world = await createWorld({ serverHost: 'github.localhost' });
  try {
    const log = world.emulator.log;
    const run = world.startRun({ branch: 'main' });
    const jobs = matrixFiles();
    const bytes = JOBS * FILES_PER_JOB * MIB * 1024 * 1024;
    const cpu = process.cpuUsage();
    const t0 = Date.now();
    const stored = await storeMatrix(world, run, 'artifacts', jobs, { timeoutMs: 600_000 });
    for (const s of stored) {
      if (s.result.exitCode !== 0) throw new Error(`store failed: ${s.result.errors.join('; ')}\n${s.result.stdout}`);
      finishJob(s);
    }
    const t1 = Date.now();
    const job = run.addJob({ name: 'publish', status: 'in_progress' });
    job.update({ runnerName: `runner-${job.id}` });
    const workspace = await world.workspace();
    const collected = await actAsJob(
      world,
      run,
      job,
      { mode: 'collect', path: 'collected' },
      { workspace, timeoutMs: 600_000 },
    );
    if (collected.exitCode !== 0)
      throw new Error(`collect failed: ${collected.errors.join('; ')}\n${collected.stdout}`);
    const t2 = Date.now();
    const fromPublish = log.length;
    const published = await actAsJob(
      world,
      run,
      job,
      { mode: 'publish', path: 'collected' },
      { workspace, timeoutMs: 600_000 },
    );
    if (published.exitCode !== 0)
      throw new Error(`publish failed: ${published.errors.join('; ')}\n${published.stdout}`);
    const t3 = Date.now();
    const used = process.cpuUsage(cpu);
    const publishEntries: RequestLogEntry[] = log.slice(fromPublish);
    const publishRequests = countByKind(publishEntries);
    return {
      sample: {
        wallMs: t3 - t0,
        peakRssBytes: Math.max(
          collected.peakRssBytes,
          published.peakRssBytes,
          ...stored.map((s) => s.result.peakRssBytes),
        ),
        bytes,
        requests: countByKind(log),
        totalRequests: log.length,
        maxParallelUploads: maxParallelUploads(publishEntries),
        emulatorCpuMs: Math.round((used.user + used.system) / 1000),
      },
      phases: {
        storeMs: t1 - t0,
        collectMs: t2 - t1,
        publishMs: t3 - t2,
        publishRequests,
        publishRequestCount: publishEntries.length,
        uploads: publishRequests['POST upload asset'] ?? 0,
      },
    };
  } finally {
    await world.close();
  }
}

export async function nightly(runs: number, log: (m: string) => void): Promise<{ row: Row; phases: NightlyPhases[] }> {
  const samples: Sample[] = [];
  const phases: NightlyPhases[] = [];
  for (let i = 0; i < runs; i++) {
    const { sample, phases: p } = await once();
    samples.push(sample);
    phases.push(p);
    log(
      `  nightly #${i + 1}: ${(sample.wallMs / 1000).toFixed(2)} s (store ${(p.storeMs / 1000).toFixed(2)}, collect ${(p.collectMs / 1000).toFixed(2)}, publish ${(p.publishMs / 1000).toFixed(2)}), peak RSS ${(sample.peakRssBytes / 1e6).toFixed(0)} MB, publish: ${p.publishRequestCount} requests for ${p.uploads} uploads`,
    );
  }
  const label = `${JOBS} store × ${FILES_PER_JOB} × ${MIB} MiB → collect → publish Latest + Numbered`;
  return { row: { id: 'P3', label, action: summarise(samples) }, phases };
}
