/**
 * npm run bench [-- --only P1,P2,P3,P4,B1 --runs 5 --big-runs 3 --big-mib 1536 --concurrency 4 --sweep 2,4,8
 *                  --latency-ms 40 --floor-sockets 8 --p4-minute-ms 6000]
 *
 * Starts the GitHub emulator in this process and runs the bundled action (dist/index.js) and the
 * raw-HTTP floor client as separate processes against it. Prints a Markdown table and writes
 * bench/results/latest.json. Build first: npm run build.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { actionDefaults, ROOT } from '../testkit/action-runner.ts';
import { nightly } from './lib/nightly.ts';
import { ratio, requestTable, summarise, table, type Row } from './lib/report.ts';
import { measureStartup } from './lib/startup.ts';
import { manyAssets, oneBigAsset, TRANSPORT_ENV, type BenchEnv } from './lib/workloads.ts';
import { pacedPublish } from './lib/paced.ts';
import { budgetRefusal } from './lib/refusal.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'P1,P2,P3,P4,B1' },
    'latency-ms': { type: 'string', default: '40' },
    'floor-sockets': { type: 'string', default: '8' },
    'p4-minute-ms': { type: 'string', default: '6000' },
    runs: { type: 'string', default: '5' },
    'big-runs': { type: 'string', default: '3' },
    'big-mib': { type: 'string', default: '1536' },
    'small-big-mib': { type: 'string', default: '256' },
    concurrency: { type: 'string' },
    sweep: { type: 'string' },
    out: { type: 'string', default: 'bench/results/latest.json' },
  },
});
const only = new Set((values.only ?? '').split(',').map((s) => s.trim().toUpperCase()));
const runs = Number(values.runs);
const bigRuns = Number(values['big-runs']);
const concurrency = Number(values.concurrency ?? actionDefaults().concurrency ?? '4');
const MiB = 1024 * 1024;
const log = (m: string): void => console.error(m);

if (!existsSync(`${ROOT}/dist/index.js`)) throw new Error('dist/index.js is missing: run npm run build first.');

const rows: Row[] = [];
const extra: Record<string, unknown> = {};
const started = Date.now();

log(`Startup of the bundle (${runs} runs)…`);
const startup = await measureStartup(runs);
log(`  bare node ${startup.bareNodeMs} ms, bundle start-and-fail ${startup.bundleMs} ms`);

const latencyMs = Number(values['latency-ms']);
const floorSockets = Number(values['floor-sockets']);
const latent: BenchEnv = { ...TRANSPORT_ENV, latencyMs, floorSockets };
if (only.has('P1')) {
  log(`P1: 200 × 256 KiB, loopback, concurrency ${concurrency}, ${runs} runs each…`);
  const r = await manyAssets(200, 256 * 1024, concurrency, runs, log);
  rows.push({
    id: 'P1',
    label: `200 × 256 KiB, loopback, c=${concurrency}`,
    action: summarise(r.action),
    floor: summarise(r.floor),
  });
  if (latencyMs > 0) {
    log(
      `P1: 200 × 256 KiB, ${latencyMs} ms a request, concurrency ${concurrency} against a raw client with ${floorSockets} sockets, ${runs} runs each…`,
    );
    const l = await manyAssets(200, 256 * 1024, concurrency, runs, log, latent);
    rows.push({
      id: 'P1',
      label: `200 × 256 KiB, ${latencyMs} ms, c=${concurrency} (floor ${floorSockets} sockets)`,
      action: summarise(l.action),
      floor: summarise(l.floor),
    });
  }
}
if (values.sweep) {
  const sweep: Row[] = [];
  for (const c of values.sweep.split(',').map(Number)) {
    log(`P1 sweep at ${latencyMs} ms: concurrency ${c} (floor ${floorSockets} sockets), ${runs} runs each…`);
    const r = await manyAssets(200, 256 * 1024, c, runs, log, latent);
    sweep.push({
      id: 'P1',
      label: `200 × 256 KiB, ${latencyMs} ms, c=${c}`,
      action: summarise(r.action),
      floor: summarise(r.floor),
    });
  }
  extra.concurrencySweep = sweep;
  console.log(`\nConcurrency sweep (P1)\n\n${table(sweep)}\n`);
}
if (only.has('P2')) {
  for (const sizeMib of [Number(values['small-big-mib']), Number(values['big-mib'])]) {
    log(`P2: one file of ${sizeMib} MiB, ${bigRuns} runs each…`);
    const r = await oneBigAsset(sizeMib * MiB, concurrency, bigRuns, log);
    const action = summarise(r.action);
    rows.push({ id: 'P2', label: `1 × ${sizeMib} MiB`, action, floor: summarise(r.floor) });
    extra[`p2Progress${sizeMib}`] = r.action[0]?.progress ?? [];
  }
}
if (only.has('P4')) {
  log(`P4: 200 × 64 KiB paced under the secondary limits, a minute of ${values['p4-minute-ms']} ms, ${bigRuns} runs…`);
  const p4 = await pacedPublish(
    bigRuns,
    concurrency,
    { latencyMs: 0, minuteMs: Number(values['p4-minute-ms']), floorSockets: concurrency },
    log,
  );
  rows.push(p4.row);
  extra.p4 = { runs: p4.runs, floor: p4.floor };
}
if (only.has('B1')) {
  log(`B1: 1,000 assets, Latest + Numbered, fresh GITHUB_TOKEN budget (${bigRuns} runs)…`);
  extra.budgetRefusal = await budgetRefusal(bigRuns, log);
}
if (only.has('P3')) {
  log(`P3: nightly, ${bigRuns} runs…`);
  const { row, phases } = await nightly(bigRuns, log);
  const publishRequests =
    phases.map((p) => p.publishRequestCount).sort((a, b) => a - b)[Math.floor(phases.length / 2)] ?? 0;
  const uploads = phases[0]?.uploads ?? 0;
  rows.push({
    ...row,
    note: `publish step: ${publishRequests} API requests for ${uploads} asset uploads (budget ${uploads + 20})`,
  });
  extra.p3Phases = phases;
}

const startupShare = rows
  .filter((r) => r.floor)
  .map((r) => ({
    id: `${r.id} ${r.label}`,
    ratio: ratio(r),
    // What the ratio would be if the bundle started as fast as a bare Node process.
    ratioWithoutBundleStartup: Number(
      (
        (r.action.wallMs - (startup.bundleMs - startup.bareNodeMs)) /
        (r.floor as NonNullable<Row['floor']>).wallMs
      ).toFixed(2),
    ),
  }));
const output = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? '',
    node: process.version,
    loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
  },
  concurrency,
  startup,
  startupShare,
  rows,
  ...extra,
  benchSeconds: Math.round((Date.now() - started) / 1000),
};
await mkdir(`${ROOT}/bench/results`, { recursive: true });
await writeFile(`${ROOT}/${values.out}`, `${JSON.stringify(output, null, 2)}\n`);
console.log(`\n${table(rows)}\n\nRequests by kind (action):\n${requestTable(rows)}\n`);
console.log(
  `Bundle startup ${startup.bundleMs} ms (bare node ${startup.bareNodeMs} ms); ratio without it: ${startupShare.map((s) => `${s.id} ${s.ratio}× → ${s.ratioWithoutBundleStartup}×`).join('; ')}`,
);
console.log(`Wrote ${values.out} (${output.benchSeconds} s).`);
