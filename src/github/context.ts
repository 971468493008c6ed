/**
 * The run's facts as the runner gives them, read once from the environment into a plain object.
 * (Not `@actions/github`'s context: that one is read at import time and hides missing values.)
 */
import type { RepositoryRef } from '../settings.ts';

export interface RunContext {
  readonly serverUrl: string;
  readonly apiUrl: string;
  /** The repository the workflow runs in (the source). */
  readonly repository: RepositoryRef;
  readonly runId: number;
  readonly runNumber: number;
  readonly runAttempt: number;
  readonly sha: string;
  /** Full ref, e.g. refs/heads/main or refs/tags/v1.2.0. */
  readonly ref: string;
  /** Branch or tag name; for pull requests `<pr>/merge`. */
  readonly refName: string;
  readonly refType: 'branch' | 'tag';
  readonly eventName: string;
  readonly runnerName: string;
  readonly workspace: string;
  readonly job: string;
  readonly tempDir: string;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`Environment variable ${name} is not set: this action must run inside a GitHub Actions job.`);
  }
  return value;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string): number {
  const raw = required(env, name);
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new Error(`Environment variable ${name} has invalid value '${raw}': expected a positive integer.`);
  }
  return n;
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner, repo] = required(env, 'GITHUB_REPOSITORY').split('/');
  if (!owner || !repo)
    throw new Error(
      `Environment variable GITHUB_REPOSITORY has invalid value '${env.GITHUB_REPOSITORY}': expected OWNER/REPO.`,
    );
  const ref = env.GITHUB_REF ?? '';
  const refType = env.GITHUB_REF_TYPE === 'tag' || ref.startsWith('refs/tags/') ? 'tag' : 'branch';
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  return {
    serverUrl,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    repository: { owner, repo },
    runId: positiveInt(env, 'GITHUB_RUN_ID'),
    runNumber: positiveInt(env, 'GITHUB_RUN_NUMBER'),
    runAttempt: env.GITHUB_RUN_ATTEMPT ? positiveInt(env, 'GITHUB_RUN_ATTEMPT') : 1,
    sha: required(env, 'GITHUB_SHA'),
    ref,
    refName: env.GITHUB_REF_NAME || ref.replace(/^refs\/(heads|tags)\//, ''),
    refType,
    eventName: required(env, 'GITHUB_EVENT_NAME'),
    runnerName: env.RUNNER_NAME ?? '',
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    job: env.GITHUB_JOB ?? '',
    tempDir: env.RUNNER_TEMP || (env.TMPDIR ?? '/tmp'),
  };
}

/**
 * True on GitHub Enterprise Server, where Actions artifacts v4 are not available. Same rule as
 * `@actions/artifact`'s own check: github.com, *.ghe.com and *.localhost are not GHES.
 */
export function isEnterpriseServer(serverUrl: string): boolean {
  const host = new URL(serverUrl).hostname.toLowerCase();
  return host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost');
}
