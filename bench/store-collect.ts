/**
 * How fast store → collect moves files through the emulator, per backend: N files of M MiB spread
 * over a matrix of J jobs that store at the same time (separate processes of the bundle, as the
 * runner starts them), then one collect. Prints files/s and MiB/s per phase and the peak RSS of the
 * action processes (streaming keeps it far below the bytes moved).
 *
 *   node bench/store-collect.ts [--files 40] [--mib 4] [--jobs 4] [--backend artifacts|releases|both]
 *
 * Run it on Node 24 (`node_modules/.bin/node` when the shell's node is older). Self-contained on
 * purpose: the main bench/ suite is someone else's.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { actAsJob, finishJob, storeMatrix, type Backend } from '../testkit/matrix.ts';
import { textTable } from '../testkit/report.ts';
import { createWorld } from '../testkit/world.ts';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '40' },
    mib: { type: 'string', default: '4' },
    jobs: { type: 'string', default: '4' },
    backend: { type: 'string', default: 'both' },
  },
});
const FILES = Number(values.files);
const MIB = Number(values.mib);
const JOBS = Math.min(Number(values.jobs), FILES);
const BACKENDS: Backend[] = values.backend === 'both' ? ['artifacts', 'releases'] : [values.backend as Backend];
const TIMEOUT_MS = 30 * 60_000;

interface Phase {
  backend: Backend;
  phase: string;
  ms: number;
  files: number;
  bytes: number;
  peakRss: number;
}

/** The matrix's files: FILES incompressible files of MIB MiB, dealt round-robin to JOBS jobs. */
function matrixFiles(): Record<string, Record<string, Buffer>> {
  const jobs: Record<string, Record<string, Buffer>> = {};
  for (let i = 0; i < FILES; i++) {
    const name = `build (${i % JOBS})`;
    (jobs[name] ??= {})[`dist/file-${String(i).padStart(3, '0')}.bin`] = randomBytes(MIB * 1024 * 1024);
  }
  return jobs;
}

async function measure(backend: Backend): Promise<Phase[]> {
  const world = await createWorld({ serverHost: 'github.localhost' });
  try {
    const run = world.startRun({ branch: 'main' });
    const storeStart = Date.now();
    const stored = await storeMatrix(world, run, backend, matrixFiles(), { timeoutMs: TIMEOUT_MS });
    const storeMs = Date.now() - storeStart;
    for (const s of stored) {
      if (s.result.exitCode !== 0)
        throw new Error(`store in ${s.job.record.name} failed: ${s.result.errors.join('; ')}\n${s.result.stderr}`);
      finishJob(s);
    }
    const bytes = stored.reduce((n, s) => n + Number(s.result.outputs.bytes), 0);

    const job = run.addJob({ name: 'publish' });
    const workspace = await world.workspace();
    const collectStart = Date.now();
    const collected = await actAsJob(
      world,
      run,
      job,
      { mode: 'collect', path: 'collected', backend },
      { workspace, timeoutMs: TIMEOUT_MS },
    );
    const collectMs = Date.now() - collectStart;
    if (collected.exitCode !== 0)
      throw new Error(`collect failed: ${collected.errors.join('; ')}\n${collected.stderr}`);
    if (Number(collected.outputs.files) !== FILES || Number(collected.outputs.bytes) !== bytes)
      throw new Error(`collect moved ${collected.outputs.files} files / ${collected.outputs.bytes} bytes`);

    const storeRss = Math.max(...stored.map((s) => s.result.peakRssBytes));
    return [
      {
        backend,
        phase: JOBS === 1 ? 'store (1 job)' : `store (${JOBS} jobs in parallel)`,
        ms: storeMs,
        files: FILES,
        bytes,
        peakRss: storeRss,
      },
      { backend, phase: 'collect (1 job)', ms: collectMs, files: FILES, bytes, peakRss: collected.peakRssBytes },
      {
        backend,
        phase: 'store → collect',
        ms: storeMs + collectMs,
        files: FILES,
        bytes,
        peakRss: Math.max(storeRss, collected.peakRssBytes),
      },
    ];
  } finally {
    await world.close();
  }
}

console.log(
  `store → collect through the emulator: ${FILES} files × ${MIB} MiB over ${JOBS} matrix jobs (Node ${process.versions.node})\n`,
);
const phases: Phase[] = [];
for (const backend of BACKENDS) phases.push(...(await measure(backend)));
const mib = (bytes: number) => bytes / 1024 / 1024;
console.log(
  textTable([
    ['backend', 'phase', 'seconds', 'files/s', 'MiB/s', 'peak RSS per process'],
    ...phases.map((p) => [
      p.backend,
      p.phase,
      (p.ms / 1000).toFixed(1),
      (p.files / (p.ms / 1000)).toFixed(1),
      (mib(p.bytes) / (p.ms / 1000)).toFixed(1),
      `${mib(p.peakRss).toFixed(0)} MiB`,
    ]),
  ]),
);
console.log('\nWall-clock times include starting each bundle process (~0.5 s) and the emulator on the same machine.');
