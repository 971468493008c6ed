/**
 * The Actions results service's ArtifactService as `@actions/artifact` 6 calls it: Twirp over JSON,
 * proto field names (snake_case), int64 as strings, errors as `{ code, msg }`. The bearer runtime token
 * must grant the run (and, to create or finalize, the job) a request names, as the real service checks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArtifactRecord, ArtifactRecords } from './records.ts';
import { parseJobBackendId, parseRunBackendId, scopeOfToken } from './tokens.ts';

export const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';

/** A Twirp error: HTTP status plus the code/msg body the client reads. */
export class TwirpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface TwirpContext {
  readonly records: ArtifactRecords;
  /** Signed URL of an artifact's blob, for upload or download. */
  readonly blobUrl: (record: ArtifactRecord) => string;
}

type Body = Record<string, unknown>;

function sendTwirp(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Body;
  } catch {
    /* fall through */
  }
  throw new TwirpError(400, 'malformed', 'the request body is not a JSON object');
}

function text(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new TwirpError(400, 'invalid_argument', `${field} is required`);
  return value;
}

/** Checks the token against the ids the request names; returns the run and job they decode to. */
function authorise(req: IncomingMessage, body: Body, needJob: boolean) {
  const scope = scopeOfToken(req.headers.authorization);
  if (!scope) throw new TwirpError(401, 'unauthenticated', 'missing or invalid runtime token');
  const runId = text(body, 'workflow_run_backend_id');
  const jobId = text(body, 'workflow_job_run_backend_id');
  if (runId !== scope.runBackendId || (needJob && jobId !== scope.jobBackendId)) {
    throw new TwirpError(403, 'permission_denied', 'the runtime token does not grant this workflow run or job');
  }
  const run = parseRunBackendId(runId);
  const job = parseJobBackendId(jobId);
  if (!run || job === undefined) throw new TwirpError(400, 'invalid_argument', 'unknown backend ids');
  return { run, job, runBackendId: runId, jobBackendId: jobId };
}

function artifactJson(a: ArtifactRecord): Body {
  return {
    workflow_run_backend_id: a.runBackendId,
    workflow_job_run_backend_id: a.jobBackendId,
    database_id: String(a.id),
    name: a.name,
    size: String(a.size),
    created_at: a.createdAt,
    ...(a.digest ? { digest: a.digest } : {}),
  };
}

const ONE_DAY_MS = 24 * 3600 * 1000;

async function createArtifact(ctx: TwirpContext, req: IncomingMessage, body: Body): Promise<Body> {
  const who = authorise(req, body, true);
  const name = text(body, 'name');
  if (body.version !== 4 && body.version !== 7)
    throw new TwirpError(400, 'invalid_argument', 'unsupported artifact version');
  if (ctx.records.named(who.runBackendId, name)) {
    // GitHub's message, word for word: upload-artifact users search for it.
    throw new TwirpError(409, 'already_exists', 'an artifact with this name already exists on the workflow run');
  }
  const expiresAt =
    typeof body.expires_at === 'string' ? body.expires_at : new Date(Date.now() + 90 * ONE_DAY_MS).toISOString();
  const record = ctx.records.create({
    name,
    owner: who.run.owner,
    repo: who.run.repo,
    runId: who.run.runId,
    jobId: who.job,
    runBackendId: who.runBackendId,
    jobBackendId: who.jobBackendId,
    expiresAt,
  });
  return { ok: true, signed_upload_url: ctx.blobUrl(record) };
}

async function finalizeArtifact(ctx: TwirpContext, req: IncomingMessage, body: Body): Promise<Body> {
  const who = authorise(req, body, true);
  const record = ctx.records.named(who.runBackendId, text(body, 'name'));
  if (!record || record.finalized) throw new TwirpError(404, 'not_found', 'artifact not found or already finalized');
  if (!record.committed) throw new TwirpError(400, 'failed_precondition', 'the artifact blob was never committed');
  record.finalized = true;
  record.digest = typeof body.hash === 'string' ? body.hash : null;
  return { ok: true, artifact_id: String(record.id) };
}

function listArtifacts(ctx: TwirpContext, req: IncomingMessage, body: Body): Body {
  const who = authorise(req, body, false);
  const nameFilter = typeof body.name_filter === 'string' ? body.name_filter : undefined;
  const idFilter =
    typeof body.id_filter === 'string' || typeof body.id_filter === 'number' ? Number(body.id_filter) : undefined;
  const artifacts = ctx.records
    .ofRun(who.runBackendId)
    .filter(
      (a) => (nameFilter === undefined || a.name === nameFilter) && (idFilter === undefined || a.id === idFilter),
    );
  return { artifacts: artifacts.map(artifactJson) };
}

function getSignedUrl(ctx: TwirpContext, req: IncomingMessage, body: Body): Body {
  const who = authorise(req, body, false);
  const record = ctx.records.ofRun(who.runBackendId).find((a) => a.name === text(body, 'name'));
  if (!record || record.signedUrlGone) throw new TwirpError(404, 'not_found', 'artifact not found');
  return { signed_url: ctx.blobUrl(record) };
}

async function deleteArtifact(ctx: TwirpContext, req: IncomingMessage, body: Body): Promise<Body> {
  const who = authorise(req, body, false);
  const record = ctx.records.ofRun(who.runBackendId).find((a) => a.name === text(body, 'name'));
  if (!record) throw new TwirpError(404, 'not_found', 'artifact not found');
  await ctx.records.remove(record);
  return { ok: true, artifact_id: String(record.id) };
}

const METHODS: Record<string, (ctx: TwirpContext, req: IncomingMessage, body: Body) => Body | Promise<Body>> = {
  CreateArtifact: createArtifact,
  FinalizeArtifact: finalizeArtifact,
  ListArtifacts: listArtifacts,
  GetSignedArtifactURL: getSignedUrl,
  DeleteArtifact: deleteArtifact,
};

/** Serves one Twirp call; `method` is the path after {@link TWIRP_PREFIX}. */
export async function handleTwirp(
  ctx: TwirpContext,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
): Promise<void> {
  try {
    const call = METHODS[method];
    if (req.method !== 'POST' || !call)
      throw new TwirpError(404, 'bad_route', `no handler for ${req.method} ${method}`);
    sendTwirp(res, 200, await call(ctx, req, await readBody(req)));
  } catch (error) {
    if (!(error instanceof TwirpError)) throw error;
    sendTwirp(res, error.status, { code: error.code, msg: error.message });
  }
}
