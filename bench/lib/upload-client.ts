/**
 * Micro-benchmark client (its own process, run by bench/upload-micro.ts): creates a draft through
 * OctokitReleasesApi and uploads every file with the action's own uploadAssets, then prints the
 * CPU it spent on the uploads alone (no bundle start-up). UPLOAD_CONFIG: JSON (see below).
 * UPLOAD_PATH: `direct` (default, as the action: first attempts over undici, paced), `unpaced` (the
 * same without asking the pacing), `octokit` (every attempt through Octokit and its plugins).
 */
import { performance } from 'node:perf_hooks';
import { defaults } from '@actions/github/lib/utils';
import {
  createOctokit,
  rateLimitHandlers,
  retryBaseFromEnv,
  secondaryFiguresFromEnv,
} from '../../src/github/octokit.ts';
import { DirectUploads } from '../../src/github/direct-upload.ts';
import { Pacing } from '../../src/github/pacing.ts';
import { OctokitReleasesApi } from '../../src/github/releases-api.ts';
import { describeFiles } from '../../src/shared/local-files.ts';
import { uploadAssets } from '../../src/publish/uploader.ts';

interface Config {
  apiUrl: string;
  token: string;
  repository: string;
  tag: string;
  concurrency: number;
  paths: string[];
  hash: boolean;
}
const config = JSON.parse(process.env.UPLOAD_CONFIG ?? '{}') as Config;
const [owner, repo] = config.repository.split('/') as [string, string];
// UPLOAD_FETCH=global: Node's own fetch instead of @actions/github's (bundled undici + proxy agent).
if (process.env.UPLOAD_FETCH === 'global') (defaults.request as { fetch?: unknown }).fetch = globalThis.fetch;
const pacing = new Pacing(secondaryFiguresFromEnv(), config.concurrency, 60_000);
const octokit = createOctokit(config.token, {
  baseUrl: config.apiUrl,
  concurrency: config.concurrency,
  pacing,
  warn: (m) => console.error(m),
});
const path = process.env.UPLOAD_PATH ?? 'direct';
const permit = path === 'unpaced' ? () => Promise.resolve() : () => pacing.permit();
const direct =
  path === 'octokit'
    ? undefined
    : new DirectUploads({
        token: config.token,
        connections: config.concurrency,
        permit,
        handlers: rateLimitHandlers(pacing, (m) => console.error(m)),
        secondMs: pacing.secondMs,
        retryBaseMs: retryBaseFromEnv(),
      });
const api = new OctokitReleasesApi(octokit, { owner, repo }, 'token', direct);
const log = {
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  notice: () => undefined,
} as never;
const files = await describeFiles(config.paths, { hash: config.hash });
const release = await api.createRelease({ tagName: `_${config.tag}`, name: config.tag, draft: true });
const cpu = process.cpuUsage();
const elu = performance.eventLoopUtilization();
const t0 = performance.now();
await uploadAssets(api, release, files, { concurrency: config.concurrency, log });
const wallMs = performance.now() - t0;
const used = process.cpuUsage(cpu);
const e = performance.eventLoopUtilization(elu);
process.stdout.write(`${JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000, elu: e.utilization })}\n`);
