/**
 * The runner's `ACTIONS_RUNTIME_TOKEN`: a JWT whose `scp` claim holds
 * `Actions.Results:<runBackendId>:<jobBackendId>`. `@actions/artifact` only decodes it; the emulator
 * derives both backend ids from the REST run and job ids, so no registration is needed and a test can
 * mint a token for any job of any repository.
 */

/** Which run and job a runtime token speaks for. */
export interface JobIdentity {
  readonly owner: string;
  readonly repo: string;
  readonly runId: number;
  readonly jobId: number;
}

function base64url(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

/** Backend id of a run: base64url of `owner/repo#runId` (no ':' or ' ', which the client splits on). */
export function runBackendId(owner: string, repo: string, runId: number): string {
  return base64url(`${owner}/${repo}#${runId}`);
}

export function jobBackendId(jobId: number): string {
  return base64url(`job#${jobId}`);
}

/** The run a backend id names, or undefined when it is not one of ours. */
export function parseRunBackendId(id: string): { owner: string; repo: string; runId: number } | undefined {
  const match = /^([^/]+)\/([^#]+)#(\d+)$/.exec(Buffer.from(id, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { owner: match[1], repo: match[2], runId: Number(match[3]) };
}

export function parseJobBackendId(id: string): number | undefined {
  const match = /^job#(\d+)$/.exec(Buffer.from(id, 'base64url').toString('utf8'));
  return match?.[1] ? Number(match[1]) : undefined;
}

/** A JWT (unsigned, as the client never verifies it) the way the runner hands it to a job. */
export function runtimeTokenFor(job: JobIdentity): string {
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'none' }));
  const scp = `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${runBackendId(job.owner, job.repo, job.runId)}:${jobBackendId(job.jobId)}`;
  const payload = base64url(
    JSON.stringify({ scp, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 6 * 3600 }),
  );
  return `${header}.${payload}.`;
}

/** The backend ids a bearer token grants, or undefined for anything that is not such a JWT. */
export function scopeOfToken(
  authorization: string | undefined,
): { runBackendId: string; jobBackendId: string } | undefined {
  const token = /^bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const payload = token?.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { scp?: unknown };
    if (typeof claims.scp !== 'string') return undefined;
    for (const scope of claims.scp.split(' ')) {
      const [kind, run, job, ...rest] = scope.split(':');
      if (kind === 'Actions.Results' && run && job && rest.length === 0)
        return { runBackendId: run, jobBackendId: job };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
