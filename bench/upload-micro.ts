/**
 * The upload path alone (no bundle start-up): `uploadAssets` over OctokitReleasesApi from src/, in a
 * child process against the emulator, N × 256 KiB. Prints median wall and client CPU per upload.
 *   node bench/upload-micro.ts --runs 5 [--count 200] [--no-hash] [--path direct|unpaced|octokit] [--node-options=…]
 */
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { node24 } from '../testkit/action-runner.ts';
import { GITHUB_TOKEN } from '../testkit/world.ts';
import { benchWorld, TRANSPORT_ENV } from './lib/workloads.ts';
import { manyFiles, tempWorkspace } from './lib/files.ts';
import { runMeasured } from './lib/proc.ts';
import { median } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    count: { type: 'string', default: '200' },
    'no-hash': { type: 'boolean', default: false },
    'node-options': { type: 'string', default: '' },
    concurrency: { type: 'string', default: '4' },
    fetch: { type: 'string', default: '' },
    path: { type: 'string', default: 'direct' },
  },
});
const CLIENT = fileURLToPath(new URL('./lib/upload-client.ts', import.meta.url));
const workspace = await tempWorkspace('micro');
try {
  const files = await manyFiles(workspace, Number(values.count), 256 * 1024);
  const rows: { wallMs: number; cpuMs: number; elu: number }[] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const world = await benchWorld(TRANSPORT_ENV);
    try {
      const config = {
        apiUrl: world.emulator.url,
        token: GITHUB_TOKEN,
        repository: world.repo.fullName,
        tag: `micro-${i}`,
        concurrency: Number(values.concurrency),
        paths: files.map((f) => f.path),
        hash: !values['no-hash'],
      };
      const env: Record<string, string> = {
        UPLOAD_CONFIG: JSON.stringify(config),
        UPLOAD_PATH: values.path,
        CRP_PACING_MINUTE_MS: String(TRANSPORT_ENV.minuteMs),
      };
      if (values.fetch) env.UPLOAD_FETCH = values.fetch;
      if (values['node-options']) env.NODE_OPTIONS = values['node-options'];
      const r = await runMeasured(node24(), [CLIENT], env);
      if (r.code !== 0) throw new Error(r.stderr);
      const row = JSON.parse(r.stdout.trim().split('\n').pop() as string) as {
        wallMs: number;
        cpuMs: number;
        elu: number;
      };
      rows.push(row);
      console.log(
        `#${i + 1}: uploads ${row.wallMs.toFixed(0)} ms wall, ${row.cpuMs.toFixed(0)} ms CPU, ELU ${row.elu.toFixed(2)}, RSS ${(r.peakRssBytes / 1e6).toFixed(0)} MB`,
      );
    } finally {
      await world.close();
    }
  }
  const n = Number(values.count);
  const w = median(rows.map((r) => r.wallMs));
  const c = median(rows.map((r) => r.cpuMs));
  console.log(
    `median: ${w.toFixed(0)} ms wall (${(w / n).toFixed(2)} ms/upload), ${c.toFixed(0)} ms CPU (${(c / n).toFixed(2)} ms/upload)`,
  );
} finally {
  await rm(workspace, { recursive: true, force: true });
}
