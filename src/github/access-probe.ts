/** {@link AccessProbe} over Octokit: each probe is one read. */
import type { Octokit } from './octokit.ts';
import { redact } from './api-errors.ts';
import type { AccessProbe, ProbeAnswer, RepositoryAnswer } from '../preflight/probe.ts';

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

function split(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}

/** Turns a thrown request error into an answer. */
function answerFrom(error: unknown): ProbeAnswer {
  const e = error as RequestErrorLike;
  if (typeof e?.status !== 'number')
    return { result: 'unknown', detail: redact(error instanceof Error ? error.message : String(error)) };
  const data = e.response?.data as { message?: unknown } | undefined;
  const message = redact(typeof data?.message === 'string' ? data.message : (e.message ?? ''));
  if (e.status === 401 || e.status === 403 || e.status === 404) {
    return {
      result: 'denied',
      status: e.status,
      message,
      accepted: e.response?.headers?.['x-accepted-github-permissions'],
    };
  }
  return { result: 'unknown', detail: `HTTP ${e.status}: ${message}` };
}

export class OctokitAccessProbe implements AccessProbe {
  private readonly octokit: Octokit;

  constructor(octokit: Octokit) {
    this.octokit = octokit;
  }

  async repository(repository: string): Promise<RepositoryAnswer> {
    try {
      const { data } = await this.octokit.request('GET /repos/{owner}/{repo}', split(repository));
      const push = (data as { permissions?: { push?: unknown } }).permissions?.push;
      return typeof push === 'boolean' ? { answer: { result: 'ok' }, push } : { answer: { result: 'ok' } };
    } catch (error) {
      return { answer: answerFrom(error) };
    }
  }

  async readActions(repository: string, runId: number): Promise<ProbeAnswer> {
    try {
      await this.octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
        ...split(repository),
        run_id: runId,
      });
      return { result: 'ok' };
    } catch (error) {
      return answerFrom(error);
    }
  }

  async readContents(repository: string): Promise<ProbeAnswer> {
    try {
      await this.octokit.request('GET /repos/{owner}/{repo}/releases', { ...split(repository), per_page: 1 });
      return { result: 'ok' };
    } catch (error) {
      return answerFrom(error);
    }
  }
}
